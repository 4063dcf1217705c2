/**
 * Classifier predictions files (model debugging): CSV with a header naming at least
 * `path,label,prediction` and optionally `score` and `domain`, in any column order. Pure parsing
 * and accuracy arithmetic, shared by the host (which reads the file) and the gallery (which
 * shows the summary and filters to misclassified rows).
 */

import { CsvParseError, parseCsv } from './csv';

/** One prediction: `path` is as written in the CSV (relative paths are relative to the CSV). */
export interface PredictionRow {
  path: string;
  label: string;
  prediction: string;
  score?: number;
  domain?: string;
}

/** Correct / total for one group. `accuracy` is NaN when total is 0. */
export interface AccuracyCell {
  key: string;
  correct: number;
  total: number;
  accuracy: number;
}

/** Overall, per-true-class and per-domain accuracy (groups sorted by key). */
export interface AccuracySummary {
  overall: AccuracyCell;
  perClass: AccuracyCell[];
  perDomain: AccuracyCell[];
}

const REQUIRED_COLUMNS = ['path', 'label', 'prediction'] as const;

/**
 * Splits CSV text into records of fields (RFC 4180, see ./csv); lines that hold only whitespace
 * are dropped. A syntax error is reported as a predictions CSV error.
 */
export function splitCsv(text: string): string[][] {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvParseError) throw new Error(`predictions CSV: ${error.message}`);
    throw error;
  }
  return records.filter((r) => !(r.length === 1 && r[0].trim() === ''));
}

/**
 * Parses a predictions CSV. Throws a specific error for a missing header column; rows with the
 * wrong number of fields or a non-numeric score are reported by line number.
 */
export function parsePredictionsCsv(text: string): PredictionRow[] {
  const records = splitCsv(text); // parseCsv drops a byte-order mark
  if (records.length === 0) throw new Error('predictions CSV is empty');
  const header = records[0].map((h) => h.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new Error(
      `predictions CSV: header lacks column(s) ${missing.join(', ')} (expected path,label,prediction[,score][,domain])`,
    );
  }
  const col = (name: string): number => header.indexOf(name);
  const [pathCol, labelCol, predCol, scoreCol, domainCol] = [
    'path',
    'label',
    'prediction',
    'score',
    'domain',
  ].map(col);
  return records.slice(1).map((fields, index) => {
    const line = index + 2;
    if (fields.length !== header.length) {
      throw new Error(
        `predictions CSV line ${line}: ${fields.length} fields, header has ${header.length}`,
      );
    }
    const row: PredictionRow = {
      path: fields[pathCol].trim(),
      label: fields[labelCol].trim(),
      prediction: fields[predCol].trim(),
    };
    if (row.path === '') throw new Error(`predictions CSV line ${line}: empty path`);
    if (scoreCol >= 0 && fields[scoreCol].trim() !== '') {
      const score = Number(fields[scoreCol]);
      if (!Number.isFinite(score))
        throw new Error(
          `predictions CSV line ${line}: score "${fields[scoreCol]}" is not a number`,
        );
      row.score = score;
    }
    if (domainCol >= 0 && fields[domainCol].trim() !== '') row.domain = fields[domainCol].trim();
    return row;
  });
}

/** True when the prediction equals the label (labels compared as trimmed strings). */
export function isCorrect(row: PredictionRow): boolean {
  return row.label === row.prediction;
}

function groupAccuracy(
  rows: readonly PredictionRow[],
  keyOf: (row: PredictionRow) => string | undefined,
): AccuracyCell[] {
  const groups = new Map<string, { correct: number; total: number }>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === undefined) continue;
    const cell = groups.get(key) ?? { correct: 0, total: 0 };
    cell.total++;
    if (isCorrect(row)) cell.correct++;
    groups.set(key, cell);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, { correct, total }]) => ({ key, correct, total, accuracy: correct / total }));
}

/** Overall, per true class, and per domain (rows without a domain are left out of perDomain). */
export function summarizeAccuracy(rows: readonly PredictionRow[]): AccuracySummary {
  const correct = rows.filter(isCorrect).length;
  return {
    overall: {
      key: 'all',
      correct,
      total: rows.length,
      accuracy: rows.length === 0 ? NaN : correct / rows.length,
    },
    perClass: groupAccuracy(rows, (r) => r.label),
    perDomain: groupAccuracy(rows, (r) => r.domain),
  };
}
