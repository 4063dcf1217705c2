/**
 * Where an item's region overlay (kept exactly / blend band) is written: beside the images, under
 * `regions/` with the output's relative path (`images/benign/x__k0.png` ->
 * `regions/benign/x__k0.png`), so training loaders pointed at `images/` never see it.
 */
import * as path from 'node:path';
import { encodeImage } from '../image/io';
import { renderRegionOverlay } from '../image/overlay';
import { writeFileAtomic } from '../util/atomicWrite';

/** Folder of the region overlays inside the output folder. */
export const REGIONS_DIR = 'regions';

/** The overlay's path relative to the output folder (POSIX), from the output's. */
export function regionsRelPath(outputRel: string): string {
  const withoutImages = outputRel.replace(/^images\//, '');
  const extension = path.posix.extname(withoutImages);
  return `${REGIONS_DIR}/${withoutImages.slice(0, withoutImages.length - extension.length)}.png`;
}

/** Writes the overlay PNG atomically; returns its relative path. */
export async function writeRegionOverlay(
  outDir: string,
  outputRel: string,
  regions: Uint8Array,
  width: number,
  height: number,
): Promise<string> {
  const rel = regionsRelPath(outputRel);
  const png = await encodeImage(renderRegionOverlay(regions, width, height), 'png');
  await writeFileAtomic(path.join(outDir, ...rel.split('/')), png);
  return rel;
}
