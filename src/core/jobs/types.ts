/**
 * The plan of an augmentation job: one work item per source image and augmentation index k.
 */
import type { ManifestInputs } from '../../shared/manifest';
import type { Recipe } from '../../shared/recipe';
import type { ImageFormat } from '../image/io';

/** How an output is encoded: an image format, or a DICOM Secondary Capture. */
export type OutputFormat = ImageFormat | 'dicom';

/** How an item's key region is obtained: its mask file, or a per-class policy. */
export type KeyRegionPolicy = 'mask' | 'empty' | 'whole';

/** One image to generate. Absolute paths unless named `*Rel` (POSIX, relative to the output folder). */
export interface PlannedItem {
  /** Stable id `<source stem>__<k>`, made unique within the plan. */
  id: string;
  k: number;
  /** Per-item seed: {@link deriveSeed}(recipe seed, source relative path, k). */
  seed: number;
  label: string;
  sourcePath: string;
  /** Source path relative to the source root (the seed key). */
  sourceKey: string;
  maskPath: string | null;
  keyRegion: KeyRegionPolicy;
  targetPath: string | null;
  targetMaskPath: string | null;
  outputPath: string;
  outputFormat: OutputFormat;
  /** Output relative to the output folder, e.g. `images/benign/ISIC_1__k0.png`. */
  outputRel: string;
}

/** Everything a runner needs, decided up front so two runs do exactly the same work. */
export interface JobPlan {
  outDir: string;
  manifestPath: string;
  recipe: Recipe;
  /** Name of the target domain (the target folder's name), for `{target}` in prompts. */
  targetName: string;
  inputs: ManifestInputs;
  items: PlannedItem[];
}

/** A configuration that cannot run (overlapping folders, no targets, a changed recipe). */
export class JobConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'JobConfigError';
  }
}
