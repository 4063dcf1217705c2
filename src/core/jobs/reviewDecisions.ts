/**
 * Recording a reviewer's decision: one line appended to the run folder's decisions journal
 * (decisionJournal.ts), never a manifest rewrite, so a decision costs the same in a run of ten
 * images or a hundred thousand and cannot collide with a job writing the manifest. The manifest
 * catches up when the folder's lock holder compacts (compactDecisions.ts).
 */
import * as path from 'node:path';
import type { ManifestItem, ReviewStatus } from '../../shared/manifest';
import { appendDecision, type ReviewDecision } from './decisionJournal';
import { osUserName } from './lockRecord';
import { readManifest } from './manifestStore';

/** A review decision that cannot be recorded (unknown item, failed item). */
export class ReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewError';
  }
}

/** Who decides when no VS Code account is known: `os:<user name>`. */
export function osReviewer(): string {
  return `os:${osUserName()}`;
}

/** Options of a decision. */
export interface DecisionOptions {
  note?: string;
  /** Default: {@link osReviewer}. */
  decidedBy?: string;
  now?: Date;
}

/**
 * Records a decision about `item` as the reviewer saw it (its id, status and output hash), in
 * O(1): the caller already holds the item, so nothing else is read. A decision about an image
 * that was regenerated since it was shown is kept but never applied to the new image.
 * @throws ReviewError for a failed item, which has no image to decide about.
 */
export async function recordDecision(
  runDir: string,
  item: Pick<ManifestItem, 'id' | 'status' | 'sha256'>,
  status: ReviewStatus,
  options: DecisionOptions = {},
): Promise<ReviewDecision> {
  if (item.status === 'failed' || item.sha256 === null)
    throw new ReviewError(`item "${item.id}" failed to generate and cannot be reviewed`);
  const decision: ReviewDecision = {
    id: item.id,
    status,
    sha256: item.sha256,
    decidedAt: (options.now ?? new Date()).toISOString(),
    decidedBy: options.decidedBy ?? osReviewer(),
    ...(options.note !== undefined && options.note !== '' ? { note: options.note } : {}),
  };
  await appendDecision(runDir, decision);
  return decision;
}

/**
 * Looks `itemId` up in the manifest (decisions folded in) and records a decision about its
 * current output: for the CLI and scripts, which hold no item yet.
 * @throws ReviewError for an unknown or failed item.
 */
export async function decideItem(
  manifestPath: string,
  itemId: string,
  status: ReviewStatus,
  options: DecisionOptions = {},
): Promise<ReviewDecision> {
  const manifest = await readManifest(manifestPath);
  const item = manifest.items.find((candidate) => candidate.id === itemId);
  if (!item) throw new ReviewError(`no item "${itemId}" in ${manifestPath}`);
  return recordDecision(path.dirname(path.resolve(manifestPath)), item, status, options);
}
