/**
 * A dataset health report: images per class, key-region coverage statistics, masks that are
 * empty, full, fragmented or of another aspect ratio than their image, and every file that could
 * not be used. Shown by `maskmedpaint inspect` and usable by the extension before a run.
 *
 * Images are read by their headers (imageSize.ts), not decoded, unless `decodeImages` asks for a
 * full check; masks are decoded (their coverage needs the pixels). Files are read several at a
 * time, and the report lists them in scan order whatever order they finished in.
 */
import pLimit from 'p-limit';
import type { MaskAspectMismatch } from '../../shared/manifest';
import { readImageSize } from '../image/imageSize';
import { readImage } from '../image/io';
import { readMaskFile } from '../image/maskIo';
import { maskStats } from '../image/maskOps';
import { compareCodeUnits } from '../util/posixPath';
import { scanSource, type ScanSourceOptions } from './scanSource';
import type { SourceScan } from './types';

/** Coverage summary over the masks that could be read (fractions 0..1). */
export interface CoverageSummary {
  count: number;
  min: number | null;
  median: number | null;
  max: number | null;
}

/** The report of {@link inspectDataset}. */
export interface DatasetReport {
  scan: SourceScan;
  perClass: Record<string, { images: number; withMask: number }>;
  coverage: CoverageSummary;
  /** Relative image paths whose mask is empty / covers everything / has several parts. */
  emptyMasks: string[];
  fullMasks: string[];
  fragmentedMasks: string[];
  /** Images whose mask has another aspect ratio (a run stretches it to fit, and flags the items). */
  stretchedMasks: Array<{ path: string; mismatch: MaskAspectMismatch }>;
  /** Files that failed to decode, with the reason. */
  unreadable: Array<{ path: string; error: string }>;
}

/** Options: the scan options plus the mask threshold (as in the recipe). */
export interface InspectOptions extends ScanSourceOptions {
  threshold?: number | 'nonzero';
  maxPixels?: number;
  /** Decode every image fully (finds truncated pixel data) instead of reading its header. */
  decodeImages?: boolean;
  /** Files read at once (default 8). */
  concurrency?: number;
}

/** What was found about one image and its mask. */
type ImageFinding =
  | { kind: 'unreadable'; path: string; error: string }
  | { kind: 'noMask' }
  | {
      kind: 'mask';
      stats: ReturnType<typeof maskStats>;
      aspectMismatch: MaskAspectMismatch | null;
    }
  | { kind: 'unreadableMask'; path: string; error: string };

function summarise(values: number[]): CoverageSummary {
  if (values.length === 0) return { count: 0, min: null, median: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return {
    count: sorted.length,
    min: sorted[0] ?? null,
    median,
    max: sorted[sorted.length - 1] ?? null,
  };
}

/** Scans `root` and decodes every image and mask to report what a run would meet. */
export async function inspectDataset(
  root: string,
  options: InspectOptions = {},
): Promise<DatasetReport> {
  const scan = await scanSource(root, options);
  const report: DatasetReport = {
    scan,
    perClass: {},
    coverage: { count: 0, min: null, median: null, max: null },
    emptyMasks: [],
    fullMasks: [],
    fragmentedMasks: [],
    stretchedMasks: [],
    unreadable: [],
  };
  const limit = pLimit(options.concurrency ?? 8);
  const findings = await Promise.all(
    scan.images.map((image) => limit(() => inspectImage(image, options))),
  );
  const coverages: number[] = [];
  scan.images.forEach((image, index) => {
    const counts = (report.perClass[image.label] ??= { images: 0, withMask: 0 });
    counts.images += 1;
    const finding = findings[index];
    if (!finding || finding.kind === 'noMask') return;
    if (finding.kind === 'unreadable') {
      report.unreadable.push({ path: finding.path, error: finding.error });
      return;
    }
    counts.withMask += 1;
    if (finding.kind === 'unreadableMask') {
      report.unreadable.push({ path: finding.path, error: finding.error });
      return;
    }
    const { stats, aspectMismatch } = finding;
    coverages.push(stats.coverage);
    if (stats.isEmpty) report.emptyMasks.push(image.relPath);
    if (stats.isFull) report.fullMasks.push(image.relPath);
    if (stats.fragmented) report.fragmentedMasks.push(image.relPath);
    if (aspectMismatch)
      report.stretchedMasks.push({ path: image.relPath, mismatch: aspectMismatch });
  });
  report.coverage = summarise(coverages);
  report.unreadable.sort((a, b) => compareCodeUnits(a.path, b.path));
  return report;
}

/** Reads one image's size (header, or pixels with `decodeImages`) and decodes its mask. */
async function inspectImage(
  image: SourceScan['images'][number],
  options: InspectOptions,
): Promise<ImageFinding> {
  const limits = options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels };
  let size: { width: number; height: number };
  try {
    const read = options.decodeImages
      ? await readImage(image.path, limits)
      : await readImageSize(image.path, limits);
    size = { width: read.width, height: read.height };
  } catch (error) {
    return { kind: 'unreadable', path: image.relPath, error: (error as Error).message };
  }
  if (image.mask === null) return { kind: 'noMask' };
  try {
    const { mask, aspectMismatch } = await readMaskFile(image.mask, {
      threshold: options.threshold ?? 128,
      ...size,
      ...limits,
    });
    return { kind: 'mask', stats: maskStats(mask), aspectMismatch };
  } catch (error) {
    return {
      kind: 'unreadableMask',
      path: `mask of ${image.relPath}`,
      error: (error as Error).message,
    };
  }
}
