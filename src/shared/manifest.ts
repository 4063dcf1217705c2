/**
 * The augmentation manifest (`maskmedpaint.json` in the output folder): the augmentation config
 * that the CLI writes, the extension shows and reviews, and the Python toolkit reads.
 * JSON Schema: schema/manifest.schema.json. Paths are POSIX-style and relative to the manifest.
 */
import type { Recipe } from './recipe';

export const MANIFEST_FILE_NAME = 'maskmedpaint.json';
export const MANIFEST_CSV_NAME = 'augmented.csv';
/** Companion of {@link MANIFEST_CSV_NAME} listing only the images usable for training (shared/usable.ts). */
export const TRAINING_CSV_NAME = 'augmented-for-training.csv';
/** Append-only review decisions journal beside the manifest (core/jobs/decisionJournal.ts). */
export const DECISIONS_FILE_NAME = '.maskmedpaint-decisions.jsonl';
export const MANIFEST_SCHEMA_VERSION = 1;

/** Review states of a generated image; `failed` items carry an `error`. */
export const ITEM_STATUSES = ['pending', 'approved', 'rejected', 'failed'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** The statuses a reviewer can set (failed items cannot be reviewed). */
export const REVIEW_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** Photometric interpretations of DICOM outputs the manifest records. */
export const DICOM_PHOTOMETRICS = ['MONOCHROME1', 'MONOCHROME2', 'RGB'] as const;

/** DICOM VOI LUT functions of a recorded window. */
export const VOI_FUNCTIONS = ['LINEAR', 'LINEAR_EXACT', 'SIGMOID'] as const;

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
  /** The last review decision about this output (absent until someone decided). */
  review?: ItemReview;
  /** Key-region area fraction of the mask (0..1), for quality reports. */
  maskCoverage?: number;
  /** Number of connected key-region components in the mask, for the gallery's "fragmented" flag. */
  maskComponents?: number;
  /**
   * Set when the mask file's aspect ratio differs from the source image's (beyond 1%, plus a pixel
   * of rounding): the mask was stretched to the image, so its key region may not lie over the
   * label-carrying pixels. The gallery flags such items "mask stretched". Absent when they agree.
   */
  maskAspectMismatch?: MaskAspectMismatch;
  /** The target exemplar's own key-region mask (filled before compositing), relative to the manifest. */
  targetMask?: string | null;
  /**
   * The source file as it was when this output was made, so a resumed run can tell that a source
   * was edited in place (same name, new content) and regenerate instead of keeping a stale output.
   * Absent in manifests written before it existed (such items are trusted on resume).
   */
  sourceFingerprint?: SourceFingerprint;
  /**
   * The output file as written (size, modification and change time): a resumed run trusts an
   * output whose file still matches this without reading it, and hashes only the others (or every
   * one with `--verify`). Absent in manifests written before it existed and for failed items.
   */
  outputStat?: OutputStat;
  /**
   * Pixel facts of an item whose source or output is DICOM (no identifiers): how output samples
   * map to modality values and display, and whether the source said its pixels carry text.
   */
  dicom?: ManifestDicomInfo;
  /** Automatic quality measurements of the output (docs/quality.md); absent in older manifests. */
  quality?: ItemQuality;
}

/** See {@link ManifestItem.dicom}. */
export interface ManifestDicomInfo {
  /** Modality of the source, e.g. "CT", "DX"; "OT" for non-DICOM sources. */
  modality: string;
  /** Photometric interpretation of the output samples. */
  photometric: (typeof DICOM_PHOTOMETRICS)[number];
  /** Significant bits of each output sample (the source's Bits Stored). */
  bitsStored: number;
  /** Modality value = rescaleSlope * output sample + rescaleIntercept (grey images). */
  rescaleSlope: number;
  rescaleIntercept: number;
  /** The source's default window in modality units; null when it has none (or colour). */
  window: { center: number; width: number; function: (typeof VOI_FUNCTIONS)[number] } | null;
  /** The source says Burned In Annotation = YES: its pixels (kept in the key region) may show text. */
  burnedInAnnotation: boolean;
  /** The confidentiality profile the output's header data follows. */
  deidentification: string;
}

/** A reviewer's decision as the manifest records it. */
export interface ItemReview {
  /** When the decision was made (ISO 8601). */
  decidedAt: string;
  /**
   * Who decided: `os:<user name>` or `<provider>:<account>` for a VS Code account
   * (e.g. `github:octocat`). Absent in manifests written before it was recorded.
   */
  decidedBy?: string;
  note?: string;
  /**
   * Present when this record is a decision made on an earlier version of the output (another
   * SHA-256): it was not applied to the current image, which is pending again, and this says what
   * was decided then, so the reviewer knows to look again.
   */
  staleDecision?: { status: ReviewStatus; sha256: string };
}

/** Pixel sizes of a key-region mask file and of the image it was stretched to. */
export interface MaskAspectMismatch {
  maskWidth: number;
  maskHeight: number;
  imageWidth: number;
  imageHeight: number;
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

/**
 * What `stat` said about an output file right after it was written. Any later write to the file
 * changes its change time (which, unlike the modification time, no tool can set back), and
 * replacing it changes both.
 */
export interface OutputStat {
  /** File size in bytes. */
  size: number;
  /** `fs.Stats.mtimeMs`. */
  mtimeMs: number;
  /** `fs.Stats.ctimeMs`. */
  ctimeMs: number;
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
  /**
   * Whether generated images need a reviewer's approval before training may use them (see
   * shared/usable.ts). Absent in manifests written before it was recorded: read as true.
   */
  requireReview?: boolean;
  recipe: Recipe;
  /** Model identity when a model engine ran: catalog id or folder name, and a content hash. */
  model: { id: string; sha256: string } | null;
  inputs: ManifestInputs;
  items: ManifestItem[];
}
