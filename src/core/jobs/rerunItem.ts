/**
 * Regenerates one manifest item with an edited key-region mask (the review panel's brush tool):
 * same source, target, seed and recipe, new mask. The new image replaces the old one atomically
 * and the item goes back to "pending" review. A failed rerun leaves the old image and record alone.
 * Every path the manifest names is confined first (manifestPaths.ts): a hand-edited manifest or a
 * link in the run folder makes the rerun refuse, naming the item and the field, before anything
 * is read or written.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { itemProgressEvent, type JobEvent } from '../../shared/jobEvents';
import type { ManifestItem } from '../../shared/manifest';
import { createEngine, type EngineContext } from '../engines/createEngine';
import type { Engine } from '../engines/engine';
import { writeFileAtomic } from '../util/atomicWrite';
import { ConfinementError, isNotFound, readRegularFile } from '../util/confinedPath';
import { sha256Hex } from '../util/hash';
import { outputStatOf } from './itemRecord';
import { relativePosix } from '../util/posixPath';
import { editedMaskPath } from './editedMasks';
import { generateGroup } from './generateGroup';
import { ManifestPaths } from './manifestPaths';
import { readManifest, writeCsvs, writeManifest } from './manifestStore';
import { compactIfJournalGrew, journalSize } from './compactDecisions';
import { RunLock } from './runLock';
import { FORMAT_BY_EXTENSION } from './planJob';
import { JobConfigError, type JobPlan, type PlannedItem } from './types';
import { regionOverlayPath } from '../quality/regionFile';

/** Options of {@link rerunItem}. */
export interface RerunItemOptions {
  /** Engine to use; default: created from the manifest's recipe (and disposed afterwards). */
  engine?: Engine;
  /**
   * How to create that default engine (model search folders, and the host of engines that run in
   * the inference worker); default: the model cache folders and no host, which suits engines
   * that run in this process.
   */
  engineContext?: EngineContext;
  signal?: AbortSignal;
  onEvent?: (event: JobEvent) => void;
  /** How long to wait while another process holds the run folder (default 0: refuse). */
  waitForFolderMs?: number;
  /** Told once, with who holds the folder, when waiting for it begins. */
  onWaitForFolder?: (holder: string) => void;
}

/** The outcome: the updated item, or why regeneration failed (the old output is kept). */
export type RerunResult = { ok: true; item: ManifestItem } | { ok: false; error: string };

/** The edited mask a rerun uses, and where it is copied when it lies outside the manifest's folders. */
interface EditedMask {
  path: string;
  copy: { to: string; bytes: Buffer } | null;
}

/**
 * The edited mask to use: a regular file. One already in the run folder or the recorded masks
 * folder is recorded where it is; one from elsewhere is copied into `edited-masks/` once the
 * rerun succeeds, so the manifest never names a file outside its folders. Both checks run before
 * generating, so a refusal changes nothing.
 */
async function editedMaskSource(
  manifestPath: string,
  itemId: string,
  maskPath: string,
  paths: ManifestPaths,
): Promise<EditedMask> {
  const absolute = path.resolve(maskPath);
  try {
    const bytes = await readRegularFile(absolute);
    if (paths.isMaskLocation(await fs.realpath(absolute))) return { path: absolute, copy: null };
    const to = await paths.runFolderWriteTarget(
      editedMaskPath(manifestPath, itemId, path.extname(absolute)),
    );
    return { path: absolute, copy: { to, bytes } };
  } catch (error) {
    if (error instanceof ConfinementError || isNotFound(error)) {
      throw new JobConfigError(`--mask ${maskPath}: ${(error as Error).message}`);
    }
    throw error;
  }
}

/** Writes the copy of an outside mask (checked again first); returns the path to record. */
async function recordMask(mask: EditedMask, paths: ManifestPaths): Promise<string> {
  if (mask.copy === null) return mask.path;
  try {
    await writeFileAtomic(await paths.runFolderWriteTarget(mask.copy.to), mask.copy.bytes);
  } catch (error) {
    if (error instanceof ConfinementError) throw new JobConfigError(error.message);
    throw error;
  }
  return mask.copy.to;
}

/**
 * Regenerates `itemId` of the manifest at `manifestPath` using the mask file `maskPath`, holding
 * the run folder's lock (runLock.ts) throughout.
 * @throws JobConfigError for an unknown item, an item that never produced an output, or a path
 *   the manifest names that lies outside its folders or is not a regular file (ManifestPathError);
 *   RunFolderBusyError (a JobConfigError) while another process holds the run folder.
 */
export async function rerunItem(
  manifestPath: string,
  itemId: string,
  maskPath: string,
  options: RerunItemOptions = {},
): Promise<RerunResult> {
  const dir = path.dirname(path.resolve(manifestPath));
  const lock = await RunLock.acquire(dir, `maskmedpaint rerun ${itemId}`, {
    waitMs: options.waitForFolderMs ?? 0,
    ...(options.signal ? { signal: options.signal } : {}),
    onWait: (busy) => options.onWaitForFolder?.(busy.message),
  });
  // Whatever the journal holds now is folded into the manifest this rerun writes.
  const journalSizeAtStart = await journalSize(dir);
  let result: RerunResult;
  try {
    result = await rerunLocked(manifestPath, itemId, maskPath, options);
  } finally {
    await lock.release();
  }
  // Decisions made meanwhile by reviewers who found the folder busy.
  await compactIfJournalGrew(manifestPath, journalSizeAtStart);
  return result;
}

async function rerunLocked(
  manifestPath: string,
  itemId: string,
  maskPath: string,
  options: RerunItemOptions,
): Promise<RerunResult> {
  const emit = options.onEvent ?? ((): void => undefined);
  const manifest = await readManifest(manifestPath);
  const item = manifest.items.find((candidate) => candidate.id === itemId);
  if (!item) throw new JobConfigError(`no item "${itemId}" in ${manifestPath}`);
  if (item.output === null) {
    throw new JobConfigError(
      `item "${itemId}" failed to generate; rerun the augment command instead`,
    );
  }
  const dir = path.dirname(path.resolve(manifestPath));
  const output = item.output;
  // Inputs are read from their real locations, so a link swapped afterwards changes nothing.
  const paths = await ManifestPaths.open(manifestPath, manifest.inputs);
  const source = await paths.forReading(item, 'source');
  if (!source) throw new JobConfigError(`item "${itemId}" names no source`);
  const target = await paths.forReading(item, 'target');
  const targetMask = await paths.forReading(item, 'targetMask');
  const outputPath = await paths.outputForWriting(item);
  const mask = await editedMaskSource(manifestPath, itemId, maskPath, paths);
  const planned: PlannedItem = {
    id: item.id,
    k: 0,
    seed: item.seed,
    label: item.label,
    sourcePath: source.realPath,
    sourceKey: item.source,
    maskPath: mask.path,
    keyRegion: 'mask',
    targetPath: target?.realPath ?? null,
    targetMaskPath: targetMask?.realPath ?? null,
    outputPath,
    outputFormat: FORMAT_BY_EXTENSION[path.posix.extname(output).toLowerCase()] ?? 'png',
    outputRel: output,
  };
  const plan: JobPlan = {
    outDir: dir,
    manifestPath: path.resolve(manifestPath),
    recipe: manifest.recipe,
    targetName: path.posix.basename(manifest.inputs.target),
    inputs: manifest.inputs,
    items: [planned],
  };
  const engine =
    options.engine ?? (await createEngine(manifest.recipe, options.engineContext ?? {}));
  emit({ type: 'planned', total: 1, alreadyDone: 0 });
  let result: RerunResult = { ok: false, error: 'cancelled' };
  try {
    const outcomes = generateGroup([planned], {
      plan,
      engine,
      runKey: manifest.createdAt,
      ...(options.signal ? { signal: options.signal } : {}),
      onStarted: () => emit({ type: 'itemStarted', index: 0, total: 1, id: itemId }),
      onProgress: (_item, progress) => emit(itemProgressEvent(itemId, progress)),
    });
    for await (const outcome of outcomes) {
      if (!outcome.ok) {
        result = { ok: false, error: outcome.error };
        emit({ type: 'itemFailed', index: 0, total: 1, id: itemId, error: outcome.error });
        continue;
      }
      // Checked again right before writing: a link planted during generation is still refused.
      await writeFileAtomic(
        await paths.runFolderWriteTarget(regionOverlayPath(dir, outcome.regionOverlay)),
        outcome.regionOverlay.png,
      );
      const written = await paths.outputForWriting(item);
      await writeFileAtomic(written, outcome.bytes);
      const outputStat = await outputStatOf(written);
      const recordedMask = await recordMask(mask, paths);
      // Re-read: reviews of other items may have been recorded meanwhile.
      const current = await readManifest(manifestPath);
      const updated = current.items.find((candidate) => candidate.id === itemId);
      if (!updated) throw new JobConfigError(`item "${itemId}" disappeared from ${manifestPath}`);
      const before = { status: updated.status, sha256: updated.sha256 };
      updated.mask = relativePosix(dir, recordedMask);
      updated.sha256 = sha256Hex(outcome.bytes);
      updated.outputStat = outputStat;
      updated.status = 'pending';
      updated.error = null;
      updated.maskCoverage = outcome.maskCoverage;
      updated.maskComponents = outcome.maskComponents;
      if (outcome.maskAspectMismatch) updated.maskAspectMismatch = outcome.maskAspectMismatch;
      else delete updated.maskAspectMismatch;
      updated.quality = outcome.quality;
      // The new output was made from the source as it is now.
      if (outcome.sourceFingerprint) updated.sourceFingerprint = outcome.sourceFingerprint;
      else delete updated.sourceFingerprint;
      if (outcome.dicom) updated.dicom = outcome.dicom;
      // The decision was about the old image: it no longer applies, and the record says so (as
      // folding a journal decision about an earlier image does) instead of silently forgetting it.
      const decided = updated.review;
      const previousSha = before.sha256;
      if (decided && (before.status === 'approved' || before.status === 'rejected') && previousSha)
        updated.review = {
          ...decided,
          staleDecision: { status: before.status, sha256: previousSha },
        };
      else if (!decided?.staleDecision) delete updated.review;
      await writeManifest(manifestPath, current);
      await writeCsvs(dir, current);
      result = { ok: true, item: updated };
      emit({ type: 'itemDone', index: 0, total: 1, id: itemId, output });
    }
  } finally {
    if (!options.engine) await engine.dispose?.();
  }
  emit({
    type: 'finished',
    done: result.ok ? 1 : 0,
    failed: result.ok ? 0 : 1,
    skipped: 0,
    cancelled: options.signal?.aborted === true,
    manifest: path.resolve(manifestPath),
  });
  return result;
}
