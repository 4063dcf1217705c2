/**
 * What the CLI says about a run's usability for training: the counts of each status, and, when
 * the review policy leaves training with nothing or leaves out unreviewed images, how to review
 * them or opt out (shared/usable.ts has the rule and the sentence).
 */
import * as path from 'node:path';
import type { Manifest } from '../shared/manifest';
import { countUsable, runRequiresReview, usableShortfall } from '../shared/usable';
import { readManifest } from '../core/jobs/manifestStore';

/** How a terminal user reviews or opts out, for the run folder `runDir`. */
export function cliReviewHowTo(runDir: string): string {
  return (
    'Review them in VS Code (MaskMedPaint: Review Augmentations) or with ' +
    `"maskmedpaint review ${runDir} --approve ID ... --reject ID ..."; ` +
    'or resume the run with --no-require-review to let training use unreviewed images.'
  );
}

/** `12 approved, 3 pending, 1 rejected, 0 failed; 12 usable for training (review required)` */
export function usableSummaryLine(manifest: Manifest): string {
  const requireReview = runRequiresReview(manifest);
  const c = countUsable(manifest.items, requireReview);
  return (
    `${c.approved} approved, ${c.pending} pending, ${c.rejected} rejected, ${c.failed} failed; ` +
    `${c.usable} usable for training (review ${requireReview ? 'required' : 'not required'})`
  );
}

/** The shortfall note for `manifest`, or null when training gets everything the rule allows. */
export function unusableNote(manifest: Manifest, runDir: string): string | null {
  const requireReview = runRequiresReview(manifest);
  return usableShortfall(
    countUsable(manifest.items, requireReview),
    requireReview,
    cliReviewHowTo(runDir),
  );
}

/** Writes the shortfall note of the run at `manifestPath` to `stderr`, if there is one. */
export async function noteUnusable(
  manifestPath: string,
  stderr: NodeJS.WritableStream,
): Promise<void> {
  const manifest = await readManifest(manifestPath);
  const note = unusableNote(manifest, path.dirname(path.resolve(manifestPath)));
  if (note) stderr.write(`note: ${note}\n`);
}
