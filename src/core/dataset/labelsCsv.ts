/**
 * The labels CSV of a flat source folder: `path,label` rows (header optional), paths relative to
 * the source folder.
 */
import { readFile } from 'node:fs/promises';
import { parseCsv } from '../util/csv';
import { toPosix } from '../util/posixPath';

/** Labels per relative path, plus problems naming file and line. */
export interface LabelsTable {
  labels: Map<string, string>;
  problems: string[];
}

/** Reads a `path,label` CSV; a first row `path,label` (any case) is taken as a header. */
export async function readLabelsCsv(csvPath: string): Promise<LabelsTable> {
  const rows = parseCsv(await readFile(csvPath, 'utf8'));
  const header = rows[0]?.map((cell) => cell.trim().toLowerCase());
  const start = header && header[0] === 'path' && header[1] === 'label' ? 1 : 0;
  const table: LabelsTable = { labels: new Map(), problems: [] };
  for (const [index, row] of rows.slice(start).entries()) {
    const line = index + start + 1;
    const rel = toPosix((row[0] ?? '').trim()).replace(/^\.\//, '');
    const label = (row[1] ?? '').trim();
    if (rel === '' || label === '') {
      table.problems.push(`${csvPath}:${line}: expected "path,label" with both filled`);
      continue;
    }
    const earlier = table.labels.get(rel);
    if (earlier !== undefined && earlier !== label) {
      table.problems.push(`${csvPath}:${line}: "${rel}" already labelled "${earlier}"`);
      continue;
    }
    table.labels.set(rel, label);
  }
  return table;
}
