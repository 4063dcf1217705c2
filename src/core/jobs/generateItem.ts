/**
 * Produces planned items: read the source and its key-region mask (once per source), the target
 * exemplar of each item, run the engine, encode. Every failure becomes an {@link ItemError} whose
 * message names the file and the cause, so the runner can record it and go on.
 */
import type { SourceFingerprint } from '../../shared/manifest';
import type { Recipe } from '../../shared/recipe';
import type { AugmentRequest, Engine, EngineProgress } from '../engines/engine';
import { ImageDecodeError, encodeImage, readImage } from '../image/io';
import { readMask } from '../image/maskIo';
import { emptyMask, fullMask, maskStats } from '../image/maskOps';
import { prepareKeyRegion } from '../image/prepareKeyRegion';
import type { AlphaMask, BinaryMask, RawImage } from '../image/rawImage';
import { fingerprintSource } from './sourceFingerprint';
import type { PlannedItem } from './types';

/** Why one item could not be generated (the batch continues). */
export class ItemError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ItemError';
  }
}

/**
 * The engine produced NaN or infinite values (a float16 overflow, reported by the diffusion
 * pipeline as a NonFiniteError, also across the worker boundary): the output check retries it.
 */
export class NonFiniteOutputError extends ItemError {
  constructor(message: string) {
    super(message);
    this.name = 'NonFiniteOutputError';
  }
}

/** A source decoded with its prepared key region, shared by the k items of that source. */
export interface PreparedSource {
  source: RawImage;
  keyMask: BinaryMask;
  keyAlpha: AlphaMask;
  /** The key region the recipe asks for (mask after marginPx), what "kept exactly" is measured on. */
  requested: BinaryMask;
  maskCoverage: number;
  /** Connected parts of the key region (more than one: "fragmented" in the gallery). */
  maskComponents: number;
  /** The source file as read (taken before decoding); undefined if it could not be fingerprinted. */
  sourceFingerprint: SourceFingerprint | undefined;
}

function describeFailure(error: unknown, role: string): ItemError {
  if (error instanceof ItemError) return error;
  if (error instanceof ImageDecodeError)
    return new ItemError(`${role} [${error.code}]: ${error.message}`);
  const message = error instanceof Error ? error.message : String(error);
  return new ItemError(`${role}: ${message}`);
}

/** Runs `work`, turning any failure into an ItemError labelled with `role`. */
export async function step<T>(role: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw describeFailure(error, role);
  }
}

async function loadKeyMask(
  item: PlannedItem,
  recipe: Recipe,
  width: number,
  height: number,
): Promise<BinaryMask> {
  if (item.keyRegion === 'empty') return emptyMask(width, height);
  if (item.keyRegion === 'whole') return fullMask(width, height);
  if (item.maskPath === null) {
    throw new ItemError(
      `mask: no key-region mask found for ${item.sourceKey} (give --masks, --mask-suffix or --mask-csv)`,
    );
  }
  const maskPath = item.maskPath;
  const mask = await step('mask', () =>
    readMask(maskPath, {
      threshold: recipe.mask.threshold,
      width,
      height,
      maxPixels: recipe.maxPixels,
    }),
  );
  const stats = maskStats(mask);
  if (stats.isEmpty) {
    throw new ItemError(
      `mask: ${maskPath} is empty (no key region to keep); use perClass "empty" to regenerate whole images`,
    );
  }
  if (stats.isFull)
    throw new ItemError(`mask: ${maskPath} covers the whole image (nothing to regenerate)`);
  return mask;
}

/** Decodes an item's source and prepares its key region. @throws ItemError */
export async function prepareSource(item: PlannedItem, recipe: Recipe): Promise<PreparedSource> {
  // Before decoding, so the recorded state is never newer than the pixels used (sourceFingerprint.ts).
  const sourceFingerprint = await fingerprintSource(item.sourcePath);
  const source = await step('source', () =>
    readImage(item.sourcePath, { maxPixels: recipe.maxPixels }),
  );
  const mask = await loadKeyMask(item, recipe, source.width, source.height);
  const { keyMask, keyAlpha, requested } = prepareKeyRegion(mask, recipe.mask);
  const stats = maskStats(keyMask);
  if (stats.isEmpty && item.keyRegion !== 'empty') {
    // A negative margin or a strong blur can erase a small key region; regenerating the whole
    // image would silently drop the label-carrying pixels, so the item fails instead.
    throw new ItemError(
      `mask: the key region of ${item.maskPath ?? item.sourceKey} is empty after the recipe's mask settings ` +
        `(marginPx ${recipe.mask.marginPx}, blurFactor ${recipe.mask.blurFactor} at 512 px); lower them`,
    );
  }
  return {
    source,
    keyMask,
    keyAlpha,
    requested,
    maskCoverage: stats.coverage,
    maskComponents: stats.components,
    sourceFingerprint,
  };
}

/** Loads an item's target exemplar (and its own key region) and builds the engine request. @throws ItemError */
export async function buildRequest(
  item: PlannedItem,
  prepared: PreparedSource,
  recipe: Recipe,
  context: { targetName: string; signal?: AbortSignal },
): Promise<AugmentRequest> {
  const targetPath = item.targetPath;
  const target = targetPath
    ? await step('target', () => readImage(targetPath, { maxPixels: recipe.maxPixels }))
    : undefined;
  let targetKeyMask: BinaryMask | undefined;
  if (target && item.targetMaskPath !== null && recipe.composite.fillTargetKeyRegion) {
    const targetMaskPath = item.targetMaskPath;
    targetKeyMask = await step('target mask', () =>
      readMask(targetMaskPath, {
        threshold: recipe.mask.threshold,
        width: target.width,
        height: target.height,
        maxPixels: recipe.maxPixels,
      }),
    );
  }
  return {
    source: prepared.source,
    keyMask: prepared.keyMask,
    keyAlpha: prepared.keyAlpha,
    ...(target ? { target } : {}),
    ...(targetKeyMask ? { targetKeyMask } : {}),
    label: item.label,
    seed: item.seed,
    recipe,
    targetName: context.targetName,
    ...(context.signal ? { signal: context.signal } : {}),
  };
}

/**
 * Runs the engine on one request, or on several requests of one source through `augmentBatch`.
 * @throws ItemError for engine failures; an abort is rethrown as is.
 */
export async function runEngine(
  engine: Engine,
  requests: AugmentRequest[],
  onProgress: (progress: EngineProgress) => void,
  signal?: AbortSignal,
): Promise<RawImage[]> {
  try {
    if (requests.length > 1 && engine.augmentBatch)
      return await engine.augmentBatch(requests, onProgress);
    const results: RawImage[] = [];
    for (const request of requests) results.push(await engine.augment(request, onProgress));
    return results;
  } catch (error) {
    if (signal?.aborted) throw error;
    const described = describeFailure(error, `engine ${engine.id}`);
    if (error instanceof Error && error.name === 'NonFiniteError')
      throw new NonFiniteOutputError(described.message);
    throw described;
  }
}

/** Encodes a generated image in the item's output format. @throws ItemError */
export function encodeOutput(item: PlannedItem, image: RawImage): Promise<Buffer> {
  return step('encode', () => encodeImage(image, item.outputFormat));
}
