/**
 * What a dataset scan finds. Paths named `rel*` are POSIX and relative to their root; others are
 * absolute. Every list is sorted by code unit so the same folder always gives the same result.
 */

/** One labelled source image. */
export interface SourceImage {
  /** Absolute path. */
  path: string;
  /** POSIX path relative to the source root; the key for seeds and outputs. */
  relPath: string;
  label: string;
  /** Absolute path of its key-region mask; null when none was found. */
  mask: string | null;
}

/** One target-domain exemplar. */
export interface TargetImage {
  path: string;
  relPath: string;
  /** Absolute path of the target's own key-region mask; null when none. */
  mask: string | null;
}

/** The result of {@link scanSource}. */
export interface SourceScan {
  root: string;
  layout: 'imageFolder' | 'labelsCsv';
  images: SourceImage[];
  /** Distinct labels, sorted. */
  labels: string[];
  masksDir: string | null;
  maskCsv: string | null;
  labelsCsv: string | null;
  /** Number of mask files found in the masks folder or named by the mask CSV. */
  maskCount: number;
  /** Non-image files skipped (relative to the source root; masks-folder ones prefixed `masks:`). */
  skippedNonImages: string[];
  /** Images with no label: files at the root of an ImageFolder tree, or missing from the labels CSV. */
  unlabeled: string[];
  /** Source images (relative) with no mask. */
  imagesWithoutMask: string[];
  /** Mask files (relative to the masks folder) that match no source image. */
  unmatchedMasks: string[];
  /** When masks went unmatched: the name suffix they seem to use (a hint for `--mask-suffix`). */
  suggestedMaskSuffix: string | null;
  /** Problems with the CSV files (each names file and line). */
  problems: string[];
}

/** The result of {@link scanTargets}. */
export interface TargetScan {
  root: string;
  images: TargetImage[];
  masksDir: string | null;
  skippedNonImages: string[];
  unmatchedMasks: string[];
}
