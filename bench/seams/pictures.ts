/**
 * Before/after pictures for the seam benchmark: for a few scenes, a strip of crops around the key
 * region (source, the engine before, the new default, OpenCV's seamlessClone), small palette PNGs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { nonZeroBox } from '../../src/core/image/distanceTransform';
import { matchFormat, toBitDepth, toChannels } from '../../src/core/image/pixelFormat';
import type { RawImage } from '../../src/core/image/rawImage';
import type { SeamScene } from './scenes';

/** Scenes shown, and the method columns after the source. */
const SHOWN = [
  'demo malignant 0',
  'demo benign 1',
  'cat-on-coffee',
  'retina-on-retina',
  'ihc-on-ihc',
];
export const PICTURE_COLUMNS = [
  'before-dermoscopy',
  'before-custom',
  'ramp',
  'opencv-normal',
] as const;
const CROP = 144;

/** Writes one PNG per shown scene into `folder`; returns their names relative to its parent, with captions. */
export async function writePictures(
  folder: string,
  scenes: readonly SeamScene[],
  outputs: ReadonlyMap<string, RawImage>,
): Promise<Array<{ file: string; caption: string }>> {
  mkdirSync(folder, { recursive: true });
  const written: Array<{ file: string; caption: string }> = [];
  for (const scene of scenes.filter((s) => SHOWN.includes(s.name))) {
    const { width, height } = scene.source;
    const box = nonZeroBox(scene.mask.data, width, height, 16);
    if (!box) continue;
    const side = Math.min(width, height, Math.max(box.x1 - box.x0 + 1, box.y1 - box.y0 + 1));
    const left = Math.max(0, Math.min(width - side, Math.round((box.x0 + box.x1 - side) / 2)));
    const top = Math.max(0, Math.min(height - side, Math.round((box.y0 + box.y1 - side) / 2)));
    const images = [scene.source, ...PICTURE_COLUMNS.map((m) => outputs.get(`${scene.name}/${m}`))];
    const tiles = await Promise.all(
      images.map(async (image) => {
        const rgb = toChannels(toBitDepth(matchFormat(image ?? scene.source, scene.source), 8), 3);
        return sharp(rgb.data, { raw: { width, height, channels: 3 } })
          .extract({ left, top, width: side, height: side })
          .resize(CROP, CROP, { kernel: side < CROP ? 'nearest' : 'lanczos3' })
          .png()
          .toBuffer();
      }),
    );
    const strip = await sharp({
      create: {
        width: CROP * tiles.length + 4 * (tiles.length - 1),
        height: CROP,
        channels: 3,
        background: '#ffffff',
      },
    })
      .composite(tiles.map((input, i) => ({ input, left: i * (CROP + 4), top: 0 })))
      .png({ compressionLevel: 9, palette: true, colours: 192 })
      .toBuffer();
    const file = `${scene.name.replace(/[^a-z0-9]+/gi, '-')}.png`;
    writeFileSync(join(folder, file), strip);
    written.push({
      file: `seams/${file}`,
      caption: `${scene.name}: source, before (dermoscopy preset), before (custom), after (ramp, default), OpenCV seamlessClone + exact key region`,
    });
  }
  return written;
}
