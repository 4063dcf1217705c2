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
  png: Uint8Array;
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

/**
 * Encodes the overlays of one source's outputs. An output whose regions equal the previous one's
 * (the usual case with the CPU engines: every output of a source keeps the same pixels) gets the
 * previous PNG, the same bytes a fresh encode makes, without rendering and encoding it again
 * (about a tenth of an output's CPU time on the scale benchmark's images).
 */
export class RegionOverlayEncoder {
  private last: { regions: Uint8Array; png: Uint8Array } | undefined;

  async encode(
    outputRel: string,
    regions: Uint8Array,
    width: number,
    height: number,
  ): Promise<RegionOverlayFile> {
    const last = this.last;
    if (last && sameBytes(last.regions, regions))
      return { rel: regionsRelPath(outputRel), png: last.png };
    const file = await encodeRegionOverlay(outputRel, regions, width, height);
    // A copy: the caller's array may be reused for the next output.
    this.last = { regions: regions.slice(), png: file.png };
    return file;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

/** The absolute path of an overlay in the output folder `outDir`. */
export function regionOverlayPath(outDir: string, overlay: RegionOverlayFile): string {
  return path.join(outDir, ...overlay.rel.split('/'));
}
