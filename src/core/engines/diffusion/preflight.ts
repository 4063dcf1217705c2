/**
 * Checks a diffusion run can work before the first item starts: that the strength leaves a
 * denoising step, and that every source's processing size fits the machine's memory. Without
 * them each item failed on its own (or the worker was killed by the kernel) after planning and
 * writing had begun. Sizes come from image headers and memory from the model's configs, so the
 * check loads no weights and decodes no pixels.
 */
import { sharp } from '../../image/sharpLibrary';
import type { Recipe } from '../../../shared/recipe';
import { readModelGeometry, type ModelGeometry } from './modelGeometry';
import {
  batchItemsWithinBudget,
  estimateRunMemory,
  formatBytes,
  MAX_BATCH_ITEMS,
  memoryBudgetBytes,
} from './memoryEstimate';
import { processingSize } from './processingSize';
import { checkDenoisingSteps, PreflightError } from './denoisingSteps';

export { PreflightError } from './denoisingSteps';

/** A source image's name and size, as its header says (EXIF rotation applied). */
export interface SourceSize {
  path: string;
  width: number;
  height: number;
}

/** Reads the sizes of `paths` from their headers (EXIF orientations 5 to 8 swap the sides). */
export async function readSourceSizes(paths: readonly string[]): Promise<SourceSize[]> {
  const sizes: SourceSize[] = [];
  for (const path of paths) {
    const meta = await sharp(path).metadata();
    const swap = (meta.orientation ?? 1) >= 5;
    const width = meta.width ?? 0;
    const height = meta.height ?? 0;
    sizes.push({ path, width: swap ? height : width, height: swap ? width : height });
  }
  return sizes;
}

/** What the checks found besides refusals: lines for the log. */
export interface PreflightReport {
  notes: string[];
}

/**
 * Checks a diffusion recipe against a model folder and the sources it will process.
 * @param budget bytes a run may plan to use (memoryBudgetBytes()).
 * @throws PreflightError naming the first problem and how to fix it.
 */
export function checkDiffusionRun(
  recipe: Recipe,
  modelFolder: string,
  sources: readonly SourceSize[],
  budget: number,
): PreflightReport {
  const settings = recipe.diffusion;
  checkDenoisingSteps(settings.steps, settings.strength);
  const geometry = readModelGeometry(modelFolder);
  const multiple = geometry.vaeScaleFactor * geometry.unetDownFactor;
  const guided = settings.guidanceScale > 1;
  const sizes =
    settings.resolution === 'model'
      ? [{ path: 'every source', width: geometry.nativeSize, height: geometry.nativeSize }]
      : sources.map((s) => ({
          ...s,
          ...processingSize('source', s, geometry.nativeSize, multiple),
        }));
  const notes: string[] = [];
  const largest = sizes.reduce<(SourceSize & { area: number }) | undefined>((best, size) => {
    const area = size.width * size.height;
    return best && best.area >= area ? best : { ...size, area };
  }, undefined);
  if (!largest) return { notes };
  const perItems = Math.min(recipe.perImage, MAX_BATCH_ITEMS);
  if (batchItemsWithinBudget(geometry, largest, guided, budget, 1) === 0) {
    throw new PreflightError(tooLarge(geometry, largest, guided, budget, settings.resolution));
  }
  const batch = batchItemsWithinBudget(geometry, largest, guided, budget, perItems);
  if (batch < perItems) {
    notes.push(
      `memory: ${largest.width}x${largest.height} px runs ${batch} augmentation(s) per UNet batch ` +
        `to stay within ${formatBytes(budget)}`,
    );
  }
  if (settings.resolution === 'source') {
    notes.push(
      `resolution source: each source is processed at its size floored to a multiple of ${multiple} ` +
        `(VAE factor ${geometry.vaeScaleFactor} x UNet down-sampling ${geometry.unetDownFactor}) ` +
        `and resized back; largest ${largest.width}x${largest.height} (${largest.path})`,
    );
  }
  return { notes };
}

function tooLarge(
  geometry: ModelGeometry,
  size: SourceSize,
  guided: boolean,
  budget: number,
  resolution: 'model' | 'source',
): string {
  const estimate = estimateRunMemory(geometry, size, guided ? 2 : 1);
  const advice =
    resolution === 'source'
      ? 'use --resolution model (the model size, resized back), or downscale the largest sources'
      : 'use a machine with more memory';
  return (
    `${size.path} would be processed at ${size.width}x${size.height} px, which needs about ` +
    `${formatBytes(estimate.total)} (attention ${formatBytes(estimate.attention)}, weights ` +
    `${formatBytes(estimate.weights)}; attention memory grows with the 4th power of the side) ` +
    `but the budget is ${formatBytes(budget)}: ${advice}, or set MASKMEDPAINT_MEMORY_LIMIT_MB ` +
    'if this machine has more to give'
  );
}

/**
 * The pre-run checks of a diffusion recipe over its sources (other engines pass): the model is
 * located like the engine locates it, sizes are read from the sources' headers when the recipe
 * processes at source size.
 * @throws PreflightError naming the problem and how to fix it.
 */
export async function preflightDiffusionRun(
  recipe: Recipe,
  sourcePaths: readonly string[],
  modelFolder: string,
): Promise<PreflightReport> {
  if (recipe.engine !== 'diffusion') return { notes: [] };
  checkDenoisingSteps(recipe.diffusion.steps, recipe.diffusion.strength);
  let budget: number;
  try {
    budget = memoryBudgetBytes();
  } catch (error) {
    throw new PreflightError((error as Error).message);
  }
  const sizes =
    recipe.diffusion.resolution === 'source'
      ? await readSourceSizes([...new Set(sourcePaths)])
      : [];
  return checkDiffusionRun(recipe, modelFolder, sizes, budget);
}
