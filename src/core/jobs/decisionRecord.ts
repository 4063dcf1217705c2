/**
 * One review decision as the decisions journal stores it, and the check of a parsed journal line.
 * No Node.js import: the JupyterLab renderer folds the journal into the manifest it shows in the
 * browser with the same rules as every other reader (decisionFold.ts).
 */
import type { ReviewStatus } from '../../shared/manifest';

/** One journal line: a decision about the output with SHA-256 `sha256` of item `id`. */
export interface ReviewDecision {
  id: string;
  status: ReviewStatus;
  /** The output's SHA-256 the reviewer saw; a decision never applies to another image. */
  sha256: string;
  /** ISO 8601. */
  decidedAt: string;
  /** `os:<user>` or `<provider>:<account>` (see shared/manifest.ts ItemReview). */
  decidedBy: string;
  note?: string;
}

const REVIEW_STATUSES: readonly string[] = ['pending', 'approved', 'rejected'];
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** Checks one parsed line; returns the decision or why it is not one. */
export function parseDecision(value: unknown): ReviewDecision | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'not a JSON object';
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || v.id === '') return 'id must be a non-empty string';
  if (typeof v.status !== 'string' || !REVIEW_STATUSES.includes(v.status))
    return `status must be one of ${REVIEW_STATUSES.join(', ')}`;
  if (typeof v.sha256 !== 'string' || !SHA256.test(v.sha256))
    return 'sha256 must be 64 lower-case hex digits';
  if (typeof v.decidedAt !== 'string' || !ISO_TIME.test(v.decidedAt))
    return 'decidedAt must be an ISO 8601 time';
  if (typeof v.decidedBy !== 'string' || v.decidedBy === '')
    return 'decidedBy must be a non-empty string';
  if (v.note !== undefined && typeof v.note !== 'string') return 'note must be a string';
  return {
    id: v.id,
    status: v.status as ReviewStatus,
    sha256: v.sha256,
    decidedAt: v.decidedAt,
    decidedBy: v.decidedBy,
    ...(typeof v.note === 'string' && v.note !== '' ? { note: v.note } : {}),
  };
}

/** Decisions and malformed lines of a journal's text (complete lines only, in journal order). */
export function parseDecisionLines(text: string): {
  decisions: ReviewDecision[];
  malformed: string[];
} {
  const decisions: ReviewDecision[] = [];
  const malformed: string[] = [];
  // A last line without its newline is being written (or was torn by a crash): not a decision yet.
  const lines = text.split('\n').slice(0, -1);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: ReviewDecision | string;
    try {
      parsed = parseDecision(JSON.parse(line));
    } catch {
      parsed = 'not valid JSON';
    }
    if (typeof parsed === 'string') malformed.push(`line ${index + 1}: ${parsed}`);
    else decisions.push(parsed);
  });
  return { decisions, malformed };
}
