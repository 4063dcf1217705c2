/**
 * What "Write Augmentation Config" puts beside a training script or notebook: a small JSON file
 * pointing at the manifest (relative path, so the project can move), the review policy its
 * loaders apply (shared/usable.ts), the counts that policy gives, and a recipe summary. The
 * Python snippet that loads it is loaderSnippet.ts.
 */
import * as path from 'node:path';
import { runsModel } from '../../core/engines/registry';
import { relativePosix } from '../../core/util/posixPath';
import type { Manifest } from '../../shared/manifest';
import { MANIFEST_CSV_NAME } from '../../shared/manifest';
import { countUsable, type UsableCounts } from '../../shared/usable';

/** File names written beside the training file. */
export const AUGMENT_CONFIG_FILE = 'maskmedpaint.augment.json';
export const AUGMENT_SNIPPET_FILE = 'maskmedpaint_augment_snippet.py';

/** The JSON written to {@link AUGMENT_CONFIG_FILE}. */
export interface AugmentConfig {
  schemaVersion: 1;
  tool: 'maskmedpaint';
  /** Manifest path relative to the config file's folder (POSIX separators). */
  manifest: string;
  /** augmented.csv relative to the config file's folder. */
  csv: string;
  /**
   * true: the loaders give only approved images; false: also those nobody has reviewed yet.
   * Rejected and failed images never. (Configs written before this field said `approvedOnly`.)
   */
  requireReview: boolean;
  /** The training file this config was written for, relative to the config's folder. */
  trainingFile: string;
  recipe: RecipeSummary;
  /** Items of each status when the config was written, and how many the loaders give. */
  counts: { items: number } & Omit<UsableCounts, 'total'>;
}

/** The recipe settings a reader of the training code wants to see at a glance. */
export interface RecipeSummary {
  engine: string;
  preset: string;
  perImage: number;
  seed: number;
  model: string | null;
  prompt: string | null;
  strength: number | null;
}

/**
 * Builds the config for `manifest` (at `manifestPath`, decisions folded in) written beside
 * `trainingFilePath`, whose loaders apply `requireReview`.
 */
export function buildAugmentConfig(
  manifest: Manifest,
  manifestPath: string,
  trainingFilePath: string,
  requireReview: boolean,
): AugmentConfig {
  const configFolder = path.dirname(trainingFilePath);
  const usesModel = runsModel(manifest.recipe.engine);
  const { total, ...counts } = countUsable(manifest.items, requireReview);
  return {
    schemaVersion: 1,
    tool: 'maskmedpaint',
    manifest: relativePosix(configFolder, manifestPath),
    csv: relativePosix(configFolder, path.join(path.dirname(manifestPath), MANIFEST_CSV_NAME)),
    requireReview,
    trainingFile: path.basename(trainingFilePath),
    recipe: {
      engine: manifest.recipe.engine,
      preset: manifest.recipe.preset,
      perImage: manifest.recipe.perImage,
      seed: manifest.recipe.seed,
      model: manifest.model?.id ?? (usesModel ? manifest.recipe.diffusion.model : null),
      prompt: usesModel ? manifest.recipe.diffusion.prompt : null,
      strength: usesModel ? manifest.recipe.diffusion.strength : null,
    },
    counts: { items: total, ...counts },
  };
}
