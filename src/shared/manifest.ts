/**
 * The augmentation manifest (`maskmedpaint.json` in the output folder): the augmentation config
 * that the CLI writes, the extension shows and reviews, and the Python toolkit reads.
 * JSON Schema: schema/manifest.schema.json. Paths are POSIX-style and relative to the manifest.
 */
import type { Recipe } from './recipe';

export const MANIFEST_FILE_NAME = 'maskmedpaint.json';
export const MANIFEST_CSV_NAME = 'augmented.csv';
export const MANIFEST_SCHEMA_VERSION = 1;

/** Review state of one generated image; `failed` items carry an `error`. */
export type ItemStatus = 'pending' | 'approved' | 'rejected' | 'failed';

export interface ManifestItem {
  /** Stable id: `<source stem>__<k>` made unique within the manifest. */
  id: string;
  /** Source image, relative to the manifest. */
  source: string;
  /** Key-region mask used, relative to the manifest; null when none (whole-image/empty policy). */
  mask: string | null;
  label: string;
  /** Target-domain image used for the composite, relative to the manifest; null when none. */
  target: string | null;
  /** Seed of this item, derived from the recipe seed. */
  seed: number;
  /** Generated image, relative to the manifest; null when the item failed. */
  output: string | null;
  /** SHA-256 of the output file (hex); null when the item failed. */
  sha256: string | null;
  status: ItemStatus;
  /** Why the item failed (specific, human-readable); null otherwise. */
  error: string | null;
  /** Reviewer's note and the time of the last decision (ISO 8601), set by the review panel. */
  review?: { note?: string; decidedAt: string };
  /** Key-region area fraction of the mask (0..1), for quality reports. */
  maskCoverage?: number;
  /** Number of connected key-region components in the mask, for the gallery's "fragmented" flag. */
  maskComponents?: number;
  /** The target exemplar's own key-region mask (filled before compositing), relative to the manifest. */
  targetMask?: string | null;
  /**
   * The source file as it was when this output was made, so a resumed run can tell that a source
   * was edited in place (same name, new content) and regenerate instead of keeping a stale output.
   * Absent in manifests written before it existed (such items are trusted on resume).
   */
  sourceFingerprint?: SourceFingerprint;
  /** Automatic quality measurements of the output (docs/quality.md); absent in older manifests. */
  quality?: ItemQuality;
}

/**
 * What the automatic quality check measured on one generated image (docs/quality.md). Numbers
 * are rounded to 4 decimals.
 */
export interface ItemQuality {
  /** Share (0..1) of the key region the recipe asks for (mask after marginPx) kept bit for bit; null when it is empty. */
  keptExact: number | null;
  /** Seam-artifact score around the key region (lower is better, 0 = invisible); null when there is no contour. */
  seam: number | null;
  /** Its parts: overshoot beyond both sides' local range and contour step excess (8-bit levels), gradient-energy ratio. */
  seamOvershoot?: number;
  seamStepExcess?: number;
  seamGradientRatio?: number;
  /** SSIM of the regenerated background to the target exemplar (fitted to the source); null when there is none. */
  ssimTarget: number | null;
  /** SSIM of the regenerated background to the source's own background (near 1: the source was copied). */
  ssimSource: number | null;
  /** Attempts the output check rejected before this output, with their seeds and reasons. */
  rejected?: Array<{ seed: number; reason: string }>;
  /** Seed that made the output when it is a fallback (the item's seed + 100 per rejected attempt). */
  seedUsed?: number;
  /** Picture of the exactly kept region and the blend band for the review panel, relative to the manifest. */
  regions?: string;
}

/**
 * Cheap identity of a source file: size and modification time (compared first, no reading) and
 * the SHA-256 of its bytes (compared only when size or time differ, so a copy or `touch` that
 * keeps the bytes does not cause needless regeneration).
 */
export interface SourceFingerprint {
  /** File size in bytes. */
  size: number;
  /** Modification time in milliseconds since the epoch, as Node's `fs.Stats.mtimeMs` gives it. */
  mtimeMs: number;
  /** SHA-256 (hex) of the file's bytes. */
  sha256: string;
}

export interface ManifestInputs {
  /** Input roots relative to the manifest. */
  source: string;
  target: string;
  masks: string | null;
  labels: string | null;
  /**
   * Folder of the target images' own key-region masks (`--target-masks`), relative to the
   * manifest; null when none was given. Absent in manifests written before it was recorded.
   * (Each item's `targetMask` names the file actually used.)
   */
  targetMasks?: string | null;
  counts: {
    sources: number;
    targets: number;
    masks: number;
    skippedNonImages: number;
    sourcesWithoutMask: number;
    unmatchedMasks: number;
  };
}

export interface Manifest {
  schemaVersion: typeof MANIFEST_SCHEMA_VERSION;
  tool: { name: 'maskmedpaint'; version: string };
  createdAt: string;
  recipe: Recipe;
  /** Model identity when a model engine ran: catalog id or folder name, and a content hash. */
  model: { id: string; sha256: string } | null;
  inputs: ManifestInputs;
  items: ManifestItem[];
}
