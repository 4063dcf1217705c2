/**
 * Regenerates one manifest item with an edited key-region mask (the review panel's brush tool):
 * same source, target, seed and recipe, new mask. The new image replaces the old one atomically
 * and the item goes back to "pending" review. A failed rerun leaves the old image and record alone.
 */
import * as path from 'node:path';
import type { JobEvent } from '../../shared/jobEvents';
import { MANIFEST_CSV_NAME, type ManifestItem } from '../../shared/manifest';
import { createEngine, type EngineContext } from '../engines/createEngine';
import { modelSearchDirs } from '../models/cacheDir';
import type { Engine } from '../engines/engine';
import { writeFileAtomic } from '../util/atomicWrite';
import { sha256Hex } from '../util/hash';
import { isSameOrInside, relativePosix } from '../util/posixPath';
import { generateGroup } from './generateGroup';
import { readManifest, writeCsv, writeManifest } from './manifestStore';
import { FORMAT_BY_EXTENSION } from './planJob';
import { JobConfigError, type JobPlan, type PlannedItem } from './types';

/** Options of {@link rerunItem}. */
export interface RerunItemOptions {
  /** Engine to use; default: created from the manifest's recipe (and disposed afterwards). */
  engine?: Engine;
  /**
   * How to create that default engine; default: models found by catalog id in the model cache
   * folders, like `augment` finds them.
   */
  engineContext?: EngineContext;
  signal?: AbortSignal;
  onEvent?: (event: JobEvent) => void;
}

/** The outcome: the updated item, or why regeneration failed (the old output is kept). */
export type RerunResult = { ok: true; item: ManifestItem } | { ok: false; error: string };

/**
 * Regenerates `itemId` of the manifest at `manifestPath` using the mask file `maskPath`.
 * @throws JobConfigError for an unknown item or an item that never produced an output.
 */
export async function rerunItem(
  manifestPath: string,
  itemId: string,
  maskPath: string,
  options: RerunItemOptions = {},
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
  const absolute = (rel: string): string => path.resolve(dir, ...rel.split('/'));
  const output = item.output;
  // A rerun replaces a file: only ever one of this run's outputs, whatever the manifest says.
  if (!isSameOrInside(dir, absolute(output)) || absolute(output) === dir) {
    throw new JobConfigError(
      `item "${itemId}" names the output ${output}, which lies outside the run folder ${dir}`,
    );
  }
  const planned: PlannedItem = {
    id: item.id,
    k: 0,
    seed: item.seed,
    label: item.label,
    sourcePath: absolute(item.source),
    sourceKey: item.source,
    maskPath: path.resolve(maskPath),
    keyRegion: 'mask',
    targetPath: item.target === null ? null : absolute(item.target),
    targetMaskPath: item.targetMask ? absolute(item.targetMask) : null,
    outputPath: absolute(output),
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
    options.engine ??
    (await createEngine(
      manifest.recipe,
      options.engineContext ?? { modelSearchPaths: modelSearchDirs() },
    ));
  emit({ type: 'planned', total: 1, alreadyDone: 0 });
  let result: RerunResult = { ok: false, error: 'cancelled' };
  try {
    const outcomes = generateGroup([planned], {
      plan,
      engine,
      ...(options.signal ? { signal: options.signal } : {}),
      onStarted: () => emit({ type: 'itemStarted', index: 0, total: 1, id: itemId }),
      onProgress: (_item, progress) =>
        emit({ type: 'itemProgress', id: itemId, phase: progress.kind }),
    });
    for await (const outcome of outcomes) {
      if (!outcome.ok) {
        result = { ok: false, error: outcome.error };
        emit({ type: 'itemFailed', index: 0, total: 1, id: itemId, error: outcome.error });
        continue;
      }
      await writeFileAtomic(planned.outputPath, outcome.bytes);
      // Re-read: reviews of other items may have been recorded meanwhile.
      const current = await readManifest(manifestPath);
      const updated = current.items.find((candidate) => candidate.id === itemId);
      if (!updated) throw new JobConfigError(`item "${itemId}" disappeared from ${manifestPath}`);
      updated.mask = relativePosix(dir, planned.maskPath ?? '');
      updated.sha256 = sha256Hex(outcome.bytes);
      updated.status = 'pending';
      updated.error = null;
      updated.maskCoverage = outcome.maskCoverage;
      updated.maskComponents = outcome.maskComponents;
      updated.quality = outcome.quality;
      // The new output was made from the source as it is now.
      if (outcome.sourceFingerprint) updated.sourceFingerprint = outcome.sourceFingerprint;
      else delete updated.sourceFingerprint;
      delete updated.review;
      await writeManifest(manifestPath, current);
      await writeCsv(path.join(dir, MANIFEST_CSV_NAME), current);
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
