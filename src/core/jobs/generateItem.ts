/**
 * Produces one planned item: read the source, its key-region mask and the target exemplar, run
 * the engine, encode. Every failure becomes an {@link ItemError} with a message naming the file
 * and the cause, so the runner can record it and go on.
 */
import type { Recipe } from '../../shared/recipe';
import type { Engine, EngineProgress } from '../engines/engine';
import { ImageDecodeError, encodeImage, readImage } from '../image/io';
import { readMask } from '../image/maskIo';
import { emptyMask, fullMask, maskStats } from '../image/maskOps';
import { prepareKeyRegion } from '../image/prepareKeyRegion';
import type { BinaryMask } from '../image/rawImage';
import type { PlannedItem } from './types';

/** Why one item could not be generated (the batch continues). */
export class ItemError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ItemError';
  }
}

/** The encoded output of one item. */
export interface GeneratedItem {
  bytes: Buffer;
  maskCoverage: number;
}

function describeFailure(error: unknown, role: string): ItemError {
  if (error instanceof ItemError) return error;
  if (error instanceof ImageDecodeError)
    return new ItemError(`${role} [${error.code}]: ${error.message}`);
  const message = error instanceof Error ? error.message : String(error);
  return new ItemError(`${role}: ${message}`);
}

async function step<T>(role: string, work: () => Promise<T>): Promise<T> {
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
  if (stats.isFull) {
    throw new ItemError(`mask: ${maskPath} covers the whole image (nothing to regenerate)`);
  }
  return mask;
}

/**
 * Generates one item in memory (nothing is written here).
 * @throws ItemError describing what failed; an abort is rethrown as is.
 */
export async function generateItem(
  item: PlannedItem,
  recipe: Recipe,
  engine: Engine,
  onProgress: (progress: EngineProgress) => void,
  signal?: AbortSignal,
): Promise<GeneratedItem> {
  const source = await step('source', () =>
    readImage(item.sourcePath, { maxPixels: recipe.maxPixels }),
  );
  const mask = await loadKeyMask(item, recipe, source.width, source.height);
  const { keyMask, keyAlpha } = prepareKeyRegion(mask, recipe.mask);
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
  let result;
  try {
    result = await engine.augment(
      {
        source,
        keyMask,
        keyAlpha,
        ...(target ? { target } : {}),
        ...(targetKeyMask ? { targetKeyMask } : {}),
        label: item.label,
        seed: item.seed,
        recipe,
        ...(signal ? { signal } : {}),
      },
      onProgress,
    );
  } catch (error) {
    if (signal?.aborted) throw error;
    throw describeFailure(error, `engine ${engine.id}`);
  }
  const bytes = await step('encode', () => encodeImage(result, item.outputFormat));
  return { bytes, maskCoverage: maskStats(keyMask).coverage };
}
