/**
 * Where an item's region overlay (kept exactly / blend band) is written: beside the images, under
 * `regions/` with the output's relative path (`images/benign/x__k0.png` ->
 * `regions/benign/x__k0.png`), so training loaders pointed at `images/` never see it.
 */
import * as path from 'node:path';
import { encodeImage } from '../image/io';
import { renderRegionOverlay } from '../image/overlay';

/** Folder of the region overlays inside the output folder. */
export const REGIONS_DIR = 'regions';

/** The overlay's path relative to the output folder (POSIX), from the output's. */
export function regionsRelPath(outputRel: string): string {
  const withoutImages = outputRel.replace(/^images\//, '');
  const extension = path.posix.extname(withoutImages);
  return `${REGIONS_DIR}/${withoutImages.slice(0, withoutImages.length - extension.length)}.png`;
}

/** An item's region overlay, encoded, and where in the output folder it goes. */
export interface RegionOverlayFile {
  /** Relative to the output folder (POSIX), as the manifest's `quality.regions` records it. */
  rel: string;
  png: Buffer;
}

/**
 * Encodes the overlay PNG. Writing it is the writer stage's job (beside the image, confined to
 * the run folder, with the same handling of a full disk or a vanished temporary file).
 */
export async function encodeRegionOverlay(
  outputRel: string,
  regions: Uint8Array,
  width: number,
  height: number,
): Promise<RegionOverlayFile> {
  const png = await encodeImage(renderRegionOverlay(regions, width, height), 'png');
  return { rel: regionsRelPath(outputRel), png };
}

/** The absolute path of an overlay in the output folder `outDir`. */
export function regionOverlayPath(outDir: string, overlay: RegionOverlayFile): string {
  return path.join(outDir, ...overlay.rel.split('/'));
}
