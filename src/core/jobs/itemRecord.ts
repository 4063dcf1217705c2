/**
 * From a generated (or failed) item to its manifest record: the region overlay and then the output
 * written atomically inside the run folder (by the runner, also for items a pool thread
 * generated), hashed, and its file state taken right after the rename (what a resumed run
 * compares instead of reading the file again: resumeState.ts).
 */
import { promises as fs } from 'node:fs';
import type { ManifestItem, OutputStat } from '../../shared/manifest';
import { ConfinementError, writeFileConfined } from '../util/confinedPath';
import { regionOverlayPath } from '../quality/regionFile';
import { sha256Hex } from '../util/hash';
import type { ItemOutcome } from './generateGroup';
import { toManifestItem } from './resumeState';
import type { JobPlan } from './types';

/** The size, modification and change time of a file as `fs.stat` gives them. */
export async function outputStatOf(filePath: string): Promise<OutputStat> {
  const { size, mtimeMs, ctimeMs } = await fs.stat(filePath);
  return { size, mtimeMs, ctimeMs };
}

/**
 * Writes a successful item's output and returns its record; a failed item's record carries its
 * error. A link made into the output folder during the run fails the item, not the run.
 * @throws for file-system failures other than confinement (a full disk stops the run).
 */
export async function recordOf(plan: JobPlan, outcome: ItemOutcome): Promise<ManifestItem> {
  const { item } = outcome;
  if (!outcome.ok) {
    return toManifestItem(plan, item, {
      output: null,
      sha256: null,
      status: 'failed',
      error: outcome.error,
    });
  }
  let written: string;
  try {
    // The planner refused links in the output folder; one made during the run fails this item.
    // The overlay first: a record never names an image whose overlay is missing.
    await writeFileConfined(
      plan.outDir,
      regionOverlayPath(plan.outDir, outcome.regionOverlay),
      outcome.regionOverlay.png,
    );
    written = await writeFileConfined(plan.outDir, item.outputPath, outcome.bytes);
  } catch (error) {
    if (!(error instanceof ConfinementError)) throw error;
    return toManifestItem(plan, item, {
      output: null,
      sha256: null,
      status: 'failed',
      error: `output: ${error.message}`,
    });
  }
  return toManifestItem(plan, item, {
    output: item.outputRel,
    sha256: sha256Hex(outcome.bytes),
    status: 'pending',
    outputStat: await outputStatOf(written),
    maskCoverage: outcome.maskCoverage,
    maskComponents: outcome.maskComponents,
    ...(outcome.maskAspectMismatch ? { maskAspectMismatch: outcome.maskAspectMismatch } : {}),
    quality: outcome.quality,
    ...(outcome.sourceFingerprint ? { sourceFingerprint: outcome.sourceFingerprint } : {}),
    ...(outcome.dicom ? { dicom: outcome.dicom } : {}),
  });
}

/**
 * The records of a task's outcomes (plan order, as a pool thread hands them back), every item's
 * files written at once. A write that fails (a full disk) fails the task: once every write has
 * settled (none is left running behind the caller's back), with the first failure in plan order.
 */
export async function recordsOfOutcomes(
  plan: JobPlan,
  outcomes: readonly ItemOutcome[],
): Promise<ManifestItem[]> {
  const writes = outcomes.map((outcome) => recordOf(plan, outcome));
  // Read by allSettled below; this only keeps an early failure from counting as unhandled.
  for (const write of writes) write.catch(() => undefined);
  const records: ManifestItem[] = [];
  for (const result of await Promise.allSettled(writes)) {
    if (result.status === 'rejected') throw result.reason;
    records.push(result.value);
  }
  return records;
}
