/**
 * Write CheXmask masks as PNG files beside a dataset: `<out>/<relative folder>/<stem>.png`, so the
 * masks folder matches the images by relative path and stem. With a source folder each mask is
 * resized (nearest neighbour) to its image's size; rows whose image is not in the folder are
 * reported, not written.
 */
import * as path from 'node:path';
import { sharp } from '../image/sharpLibrary';
import { listFolder } from '../dataset/walk';
import { resizeNearest } from '../image/maskIo';
import { readChexmaskCsv, type ChexmaskReadOptions } from './chexmask';
import { assertOutputApart } from '../jobs/outputOverlap';
import { writeMaskPng } from './maskFiles';

export interface ExportChexmaskOptions extends ChexmaskReadOptions {
  csvPath: string;
  outDir: string;
  /** Source images: masks take each image's size and relative folder. */
  sourceDir?: string;
  /** Fixed output size when no source folder is given (default: the table's Height x Width). */
  size?: { width: number; height: number };
  onMask?: (id: string, file: string) => void;
}

export interface ExportChexmaskResult {
  written: number;
  /** Rows whose image id matched no source image. */
  unmatched: string[];
  /** Ids matching several source images (the first in sorted order is used). */
  ambiguous: string[];
}

/** The image id's file stem: CheXmask ids may be bare ids or relative paths with an extension. */
export function idStem(id: string): string {
  const base = id.replace(/\\/g, '/').split('/').pop() ?? id;
  const ext = path.posix.extname(base);
  return /^\.(png|jpe?g|tiff?|webp|dcm)$/i.test(ext) ? base.slice(0, -ext.length) : base;
}

async function displaySize(file: string): Promise<{ width: number; height: number }> {
  const meta = await sharp(file).metadata();
  if (meta.width === undefined || meta.height === undefined)
    throw new Error(`${file}: cannot read image size`);
  // EXIF orientations 5..8 rotate by 90 degrees; the reader applies them, so masks must too.
  const rotated = (meta.orientation ?? 1) >= 5;
  return rotated
    ? { width: meta.height, height: meta.width }
    : { width: meta.width, height: meta.height };
}

/** Decode a CheXmask CSV and write one PNG mask per matched row. */
export async function exportChexmask(
  options: ExportChexmaskOptions,
): Promise<ExportChexmaskResult> {
  const result: ExportChexmaskResult = { written: 0, unmatched: [], ambiguous: [] };
  // Masks are named like the source images: the folders must be apart by real location.
  await assertOutputApart(options.outDir, {
    folders: { source: options.sourceDir ?? null },
    files: { 'CheXmask CSV': options.csvPath },
  });
  const byStem = new Map<string, string[]>();
  if (options.sourceDir !== undefined) {
    for (const rel of (await listFolder(options.sourceDir)).images) {
      const stem = idStem(rel);
      byStem.set(stem, [...(byStem.get(stem) ?? []), rel]);
    }
  }
  for await (const row of readChexmaskCsv(options.csvPath, options)) {
    const stem = idStem(row.id);
    let mask = row.mask;
    let relDir = '.';
    if (options.sourceDir !== undefined) {
      const matches = byStem.get(stem);
      if (matches === undefined) {
        result.unmatched.push(row.id);
        continue;
      }
      if (matches.length > 1) result.ambiguous.push(row.id);
      const rel = matches[0];
      relDir = path.posix.dirname(rel);
      const size = await displaySize(path.join(options.sourceDir, ...rel.split('/')));
      mask = resizeNearest(mask, size.width, size.height);
    } else if (options.size !== undefined) {
      mask = resizeNearest(mask, options.size.width, options.size.height);
    }
    const file = path.join(
      options.outDir,
      ...relDir.split('/').filter((p) => p !== '.'),
      `${stem}.png`,
    );
    await writeMaskPng(mask, file);
    result.written++;
    options.onMask?.(row.id, file);
  }
  return result;
}
