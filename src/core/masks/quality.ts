/**
 * Mask quality report: what `maskmedpaint inspect` and the gallery show per image so unusable
 * masks are caught before a run: area fraction and empty / full / fragmented / tiny flags.
 */
import { maskStats } from '../image/maskOps';
import type { BinaryMask } from '../image/rawImage';

export type MaskFlag = 'empty' | 'full' | 'fragmented' | 'tiny' | 'huge';

export interface MaskQuality {
  /** Fraction of the image in the key region, 0..1. */
  areaFraction: number;
  components: number;
  flags: MaskFlag[];
}

export interface QualityThresholds {
  /** Non-empty key regions below this fraction are flagged 'tiny' (default 0.005). */
  tinyBelow: number;
  /** Non-full key regions above this fraction are flagged 'huge' (default 0.95): little left to regenerate. */
  hugeAbove: number;
}

export const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = { tinyBelow: 0.005, hugeAbove: 0.95 };

/** Quality of one key-region mask. */
export function maskQuality(
  mask: BinaryMask,
  thresholds: QualityThresholds = DEFAULT_QUALITY_THRESHOLDS,
): MaskQuality {
  const stats = maskStats(mask);
  const flags: MaskFlag[] = [];
  if (stats.isEmpty) flags.push('empty');
  if (stats.isFull) flags.push('full');
  if (stats.fragmented) flags.push('fragmented');
  if (!stats.isEmpty && stats.coverage < thresholds.tinyBelow) flags.push('tiny');
  if (!stats.isFull && stats.coverage > thresholds.hugeAbove) flags.push('huge');
  return { areaFraction: stats.coverage, components: stats.components, flags };
}

export interface QualitySummary {
  count: number;
  flagged: Record<MaskFlag, number>;
  /** Area fraction quartiles over all masks: [min, 25%, median, 75%, max]. */
  areaQuartiles: [number, number, number, number, number] | undefined;
}

/** Aggregate per-image reports for a dataset summary line. */
export function summarizeQuality(reports: readonly MaskQuality[]): QualitySummary {
  const flagged: Record<MaskFlag, number> = { empty: 0, full: 0, fragmented: 0, tiny: 0, huge: 0 };
  for (const report of reports) for (const flag of report.flags) flagged[flag]++;
  const areas = reports.map((r) => r.areaFraction).sort((a, b) => a - b);
  const at = (q: number): number =>
    areas[Math.min(areas.length - 1, Math.floor(q * (areas.length - 1) + 0.5))];
  return {
    count: reports.length,
    flagged,
    areaQuartiles:
      areas.length === 0
        ? undefined
        : [areas[0], at(0.25), at(0.5), at(0.75), areas[areas.length - 1]],
  };
}

/** "23.4% key region, fragmented (3 parts)" for one-line displays. */
export function describeQuality(quality: MaskQuality): string {
  const parts = [`${(quality.areaFraction * 100).toFixed(1)}% key region`];
  for (const flag of quality.flags)
    parts.push(flag === 'fragmented' ? `fragmented (${quality.components} parts)` : flag);
  return parts.join(', ');
}
