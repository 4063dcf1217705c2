/**
 * Generates the pending items of one source. With an engine that batches (`augmentBatch`), the
 * source's items go through in one call; otherwise one by one, each yielded as soon as it is
 * ready so a crash loses at most the item in flight. The source and its mask are decoded once.
 */
import type {
  ManifestDicomInfo,
  MaskAspectMismatch,
  SourceFingerprint,
} from '../../shared/manifest';
import type { AugmentRequest, Engine, EngineProgress } from '../engines/engine';
import type { RawImage } from '../image/rawImage';
import {
  ItemError,
  buildRequest,
  encodeOutput,
  prepareSource,
  runEngine,
  type PreparedSource,
} from './generateItem';
import { manifestDicomInfo, storedResult } from './dicomDomain';
import type { JobPlan, PlannedItem } from './types';

/** What happened to one item. */
export type ItemOutcome =
  | {
      item: PlannedItem;
      ok: true;
      bytes: Buffer;
      maskCoverage: number;
      maskComponents: number;
      maskAspectMismatch: MaskAspectMismatch | null;
      sourceFingerprint: SourceFingerprint | undefined;
      /** Pixel facts for the manifest when the source or the output is DICOM. */
      dicom: ManifestDicomInfo | undefined;
    }
  | { item: PlannedItem; ok: false; error: string };

/** Callbacks and cancellation for {@link generateGroup}. */
export interface GroupContext {
  plan: JobPlan;
  engine: Engine;
  signal?: AbortSignal;
  onStarted: (item: PlannedItem) => void;
  onProgress: (item: PlannedItem, progress: EngineProgress) => void;
  /** Identity of the run (its manifest's createdAt): the key of derived DICOM UIDs. */
  runKey?: string;
}

const failure = (item: PlannedItem, error: unknown): ItemOutcome => ({
  item,
  ok: false,
  error:
    error instanceof ItemError
      ? error.message
      : `unexpected: ${error instanceof Error ? error.message : String(error)}`,
});

/** The outcome of an item the engine produced `image` for: the encoded output and mask facts. */
async function success(
  item: PlannedItem,
  generated: RawImage,
  prepared: PreparedSource,
  context: GroupContext,
): Promise<ItemOutcome> {
  const { recipe } = context.plan;
  const engineId = context.engine.id;
  const dicom = prepared.dicom;
  const pasteBack = engineId === 'diffusion' ? recipe.diffusion.pasteBack : true;
  const image = dicom
    ? storedResult(generated, prepared.source, prepared.keyAlpha, dicom, engineId, pasteBack)
    : generated;
  const describesDicom = dicom !== null || item.outputFormat === 'dicom';
  return {
    item,
    ok: true,
    bytes: await encodeOutput(item, image, prepared, context.runKey ?? ''),
    maskCoverage: prepared.maskCoverage,
    maskComponents: prepared.maskComponents,
    maskAspectMismatch: prepared.maskAspectMismatch,
    sourceFingerprint: prepared.sourceFingerprint,
    dicom: describesDicom ? manifestDicomInfo(dicom?.info ?? null, image) : undefined,
  };
}

/**
 * Yields one outcome per item of `items` (all of one source, in plan order). Stops without an
 * outcome for the remaining items when the signal aborts (they stay pending for the next run).
 */
export async function* generateGroup(
  items: readonly PlannedItem[],
  context: GroupContext,
): AsyncGenerator<ItemOutcome> {
  const { plan, engine, signal } = context;
  const first = items[0];
  if (!first) return;
  let prepared: PreparedSource;
  try {
    prepared = await prepareSource(first, plan.recipe);
  } catch (error) {
    for (const item of items) {
      context.onStarted(item);
      yield failure(item, error);
    }
    return;
  }
  const requestContext = {
    targetName: plan.targetName,
    engineId: engine.id,
    ...(signal ? { signal } : {}),
  };
  const batched = items.length > 1 && engine.augmentBatch !== undefined;
  if (!batched) {
    for (const item of items) {
      if (signal?.aborted) return;
      context.onStarted(item);
      try {
        const request = await buildRequest(item, prepared, plan.recipe, requestContext);
        const [image] = await runEngine(
          engine,
          [request],
          (p) => context.onProgress(item, p),
          signal,
        );
        if (!image) throw new ItemError(`engine ${engine.id}: returned no image`);
        yield await success(item, image, prepared, context);
      } catch (error) {
        if (signal?.aborted) return;
        yield failure(item, error);
      }
    }
    return;
  }
  // Batched: items whose target cannot be read fail alone; the rest run together.
  const ready: Array<{ item: PlannedItem; request: AugmentRequest }> = [];
  for (const item of items) {
    context.onStarted(item);
    try {
      ready.push({
        item,
        request: await buildRequest(item, prepared, plan.recipe, requestContext),
      });
    } catch (error) {
      yield failure(item, error);
    }
  }
  if (ready.length === 0 || signal?.aborted) return;
  let images;
  try {
    images = await runEngine(
      engine,
      ready.map((r) => r.request),
      (p) => context.onProgress(first, p),
      signal,
    );
  } catch (error) {
    if (signal?.aborted) return;
    for (const { item } of ready) yield failure(item, error);
    return;
  }
  for (const [index, { item }] of ready.entries()) {
    const image = images[index];
    try {
      if (!image)
        throw new ItemError(
          `engine ${engine.id}: returned ${images.length} images for ${ready.length} requests`,
        );
      yield await success(item, image, prepared, context);
    } catch (error) {
      yield failure(item, error);
    }
  }
}
