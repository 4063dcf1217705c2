/**
 * Generates the pending items of one source. With an engine that batches (`augmentBatch`), the
 * source's items go through in one call; otherwise one by one, each yielded as soon as it is
 * ready so a crash loses at most the item in flight. The source and its mask are decoded once.
 * Every output passes the output check (black, nearly constant or non-finite outputs are
 * regenerated with a fallback seed, src/core/quality/outputCheck.ts) and is measured (kept-exact
 * share, seam, SSIM) before it is encoded; its region overlay is written under `regions/`.
 */
import type {
  ItemQuality,
  ManifestDicomInfo,
  MaskAspectMismatch,
  SourceFingerprint,
} from '../../shared/manifest';
import { seamBandPx } from '../engines/composite/compositeOntoTarget';
import type { AugmentRequest, Engine, EngineProgress } from '../engines/engine';
import { matchFormat } from '../image/pixelFormat';
import type { RawImage } from '../image/rawImage';
import {
  measureItemQuality,
  sourceQualityReference,
  type SourceQualityReference,
} from '../quality/itemQuality';
import { MAX_ATTEMPTS, fallbackSeed, outputProblem } from '../quality/outputCheck';
import { type RegionOverlayFile, RegionOverlayEncoder } from '../quality/regionFile';
import {
  ItemError,
  NonFiniteOutputError,
  buildRequest,
  encodeOutput,
  prepareSource,
  runEngine,
  type DecodedInputs,
  type PreparedSource,
} from './generateItem';
import { manifestDicomInfo, storedResult } from './dicomDomain';
import type { JobPlan, PlannedItem } from './types';

/** What happened to one item. */
export type ItemOutcome =
  | {
      item: PlannedItem;
      ok: true;
      bytes: Uint8Array;
      maskCoverage: number;
      maskComponents: number;
      maskAspectMismatch: MaskAspectMismatch | null;
      sourceFingerprint: SourceFingerprint | undefined;
      /** Pixel facts for the manifest when the source or the output is DICOM. */
      dicom: ManifestDicomInfo | undefined;
      quality: ItemQuality;
      /** The region overlay the writer stage stores beside the image (quality.regions). */
      regionOverlay: RegionOverlayFile;
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
  /** The run's decoded targets, kept between items; without it each item decodes its own. */
  decoded?: DecodedInputs;
}

const failure = (item: PlannedItem, error: unknown): ItemOutcome => ({
  item,
  ok: false,
  error:
    error instanceof ItemError
      ? error.message
      : `unexpected: ${error instanceof Error ? error.message : String(error)}`,
});

/** One attempt's result: an image, the reason it must be retried (non-finite output), or a failure. */
type Attempt = { image: RawImage } | { retry: string } | { error: unknown };

async function attemptOnce(
  request: AugmentRequest,
  context: GroupContext,
  item: PlannedItem,
): Promise<Attempt> {
  try {
    const [image] = await runEngine(
      context.engine,
      [request],
      (p) => context.onProgress(item, p),
      context.signal,
    );
    if (!image) throw new ItemError(`engine ${context.engine.id}: returned no image`);
    return { image };
  } catch (error) {
    if (error instanceof NonFiniteOutputError)
      return { retry: `NaN or infinite values (${error.message})` };
    throw error;
  }
}

/** An image that passed the output check, with the seeds rejected before it. */
interface CheckedImage {
  image: RawImage;
  seed: number;
  rejected: Array<{ seed: number; reason: string }>;
}

/**
 * Applies the output check to the first attempt and regenerates with fallback seeds while it
 * fails, at most MAX_ATTEMPTS in all. @throws ItemError naming every rejected seed and reason.
 */
async function qualityChecked(
  first: Attempt,
  request: AugmentRequest,
  prepared: PreparedSource,
  context: GroupContext,
  item: PlannedItem,
): Promise<CheckedImage> {
  const rejected: CheckedImage['rejected'] = [];
  let attempt = first;
  for (let index = 0; ; index++) {
    if ('error' in attempt) throw attempt.error;
    const seed = fallbackSeed(request.seed, index);
    // Checked in the pixel domain the engine worked in (a DICOM source's window for 8-bit engines).
    const image = 'image' in attempt ? matchFormat(attempt.image, request.source) : null;
    const reason =
      image === null
        ? 'retry' in attempt
          ? attempt.retry
          : ''
        : outputProblem(image, request.source, prepared.keyAlpha);
    if (image !== null && reason === null) return { image, seed, rejected };
    rejected.push({ seed, reason: reason ?? 'unusable output' });
    if (index + 1 >= MAX_ATTEMPTS || context.signal?.aborted) break;
    attempt = await attemptOnce(
      { ...request, seed: fallbackSeed(request.seed, index + 1) },
      context,
      item,
    );
  }
  const tried = rejected.map((r) => `seed ${r.seed}: ${r.reason}`).join('; ');
  throw new ItemError(`output check: ${rejected.length} attempt(s) rejected (${tried})`);
}

/** The source's side of the quality measures, made at its first measured output, kept with it. */
const qualityReferences = new WeakMap<PreparedSource, SourceQualityReference>();

/** Each source's overlay encoder: its outputs usually share one overlay. */
const overlayEncoders = new WeakMap<PreparedSource, RegionOverlayEncoder>();

function overlayEncoderOf(prepared: PreparedSource): RegionOverlayEncoder {
  let encoder = overlayEncoders.get(prepared);
  if (encoder === undefined) {
    encoder = new RegionOverlayEncoder();
    overlayEncoders.set(prepared, encoder);
  }
  return encoder;
}

function qualityReferenceOf(prepared: PreparedSource): SourceQualityReference {
  let reference = qualityReferences.get(prepared);
  if (reference === undefined) {
    reference = sourceQualityReference(prepared.source, prepared.requested);
    qualityReferences.set(prepared, reference);
  }
  return reference;
}

/** The outcome of an item whose output passed the check: measured, overlay written, encoded. */
async function success(
  item: PlannedItem,
  checked: CheckedImage,
  request: AugmentRequest,
  prepared: PreparedSource,
  context: GroupContext,
): Promise<ItemOutcome> {
  const { plan } = context;
  const recipe = plan.recipe;
  const engineId = context.engine.id;
  const { source, keyMask, keyAlpha, requested, dicom } = prepared;
  // An 8-bit engine saw a DICOM source's windowed image: its result goes back to stored values
  // (dicomDomain.ts) before it is measured and written.
  const pasteBack = engineId === 'diffusion' ? recipe.diffusion.pasteBack : true;
  const image = dicom
    ? storedResult(checked.image, source, keyAlpha, dicom, engineId, pasteBack)
    : checked.image;
  const describesDicom = dicom !== null || item.outputFormat === 'dicom';
  const seamBand =
    recipe.engine === 'composite' && recipe.composite.blend !== 'alpha'
      ? seamBandPx(source.width, source.height, recipe.mask.featherPx)
      : 0;
  const measured = await measureItemQuality({
    source,
    output: image,
    requested,
    keyMask,
    keyAlpha,
    seamBandPx: seamBand,
    ...(request.target && !dicom ? { target: request.target } : {}),
    ...(request.targetKeyMask ? { targetKeyMask: request.targetKeyMask } : {}),
    reference: qualityReferenceOf(prepared),
  });
  const regionOverlay = await overlayEncoderOf(prepared).encode(
    item.outputRel,
    measured.regions,
    source.width,
    source.height,
  );
  const quality: ItemQuality = {
    ...measured.quality,
    ...(checked.rejected.length > 0 ? { rejected: checked.rejected, seedUsed: checked.seed } : {}),
    regions: regionOverlay.rel,
  };
  return {
    item,
    ok: true,
    bytes: await encodeOutput(item, image, prepared, context.runKey ?? ''),
    maskCoverage: prepared.maskCoverage,
    maskComponents: prepared.maskComponents,
    maskAspectMismatch: prepared.maskAspectMismatch,
    sourceFingerprint: prepared.sourceFingerprint,
    dicom: describesDicom ? manifestDicomInfo(dicom?.info ?? null, image) : undefined,
    quality,
    regionOverlay,
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
    ...(context.decoded ? { decoded: context.decoded } : {}),
  };
  const finish = async (
    item: PlannedItem,
    request: AugmentRequest,
    attempt: Attempt,
  ): Promise<ItemOutcome> =>
    success(
      item,
      await qualityChecked(attempt, request, prepared, context, item),
      request,
      prepared,
      context,
    );
  const batched = items.length > 1 && engine.augmentBatch !== undefined;
  if (!batched) {
    for (const item of items) {
      if (signal?.aborted) return;
      context.onStarted(item);
      try {
        const request = await buildRequest(item, prepared, plan.recipe, requestContext);
        yield await finish(item, request, await attemptOnce(request, context, item));
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
  let attempts: Attempt[];
  try {
    const images = await runEngine(
      engine,
      ready.map((r) => r.request),
      (p) => context.onProgress(first, p),
      signal,
    );
    attempts = ready.map((_, index) => {
      const image = images[index];
      if (!image)
        throw new ItemError(
          `engine ${engine.id}: returned ${images.length} images for ${ready.length} requests`,
        );
      return { image };
    });
  } catch (error) {
    if (signal?.aborted) return;
    if (!(error instanceof NonFiniteOutputError)) {
      for (const { item } of ready) yield failure(item, error);
      return;
    }
    // One item of the batch overflowed; its seed gives the same result alone, so each item
    // runs alone and only the bad ones go through the retries.
    attempts = [];
    for (const { item, request } of ready) {
      try {
        attempts.push(await attemptOnce(request, context, item));
      } catch (failed) {
        attempts.push({ error: failed });
      }
    }
  }
  for (const [index, { item, request }] of ready.entries()) {
    try {
      yield await finish(item, request, attempts[index]);
    } catch (error) {
      if (signal?.aborted) return;
      yield failure(item, error);
    }
  }
}
