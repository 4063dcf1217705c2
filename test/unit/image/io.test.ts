import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import {
  IMAGE_EXTENSIONS,
  ImageDecodeError,
  encodeImage,
  extensionForFormat,
  readImage,
} from '../../../src/core/image/io';
import type { RawImage } from '../../../src/core/image/rawImage';
import { useTempDir } from '../helpers/tempDir';

const tmp = useTempDir('io');

/** Samples that differ everywhere, so a transposition or channel swap cannot pass unnoticed. */
function ramp(width: number, height: number, channels: 1 | 2 | 3 | 4, bits: 8 | 16): RawImage {
  const n = width * height * channels;
  const data = bits === 16 ? new Uint16Array(n) : new Uint8Array(n);
  const max = bits === 16 ? 65535 : 255;
  for (let i = 0; i < n; i++) data[i] = (i * 7919 + 13) % (max + 1);
  return { width, height, channels, bitDepth: bits, data };
}

async function writePng(name: string, image: RawImage): Promise<string> {
  const path = tmp(name);
  writeFileSync(path, await encodeImage(image, 'png'));
  return path;
}

async function expectDecodeError(path: string, code: string, options = {}): Promise<void> {
  await assert.rejects(readImage(path, options), (error: unknown) => {
    assert.ok(error instanceof ImageDecodeError, `expected ImageDecodeError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.path, path);
    assert.ok(error.message.includes(path), 'message names the file');
    return true;
  });
}

describe('readImage / encodeImage', () => {
  for (const channels of [1, 2, 3, 4] as const) {
    for (const bits of [8, 16] as const) {
      it(`PNG round trip keeps ${channels} channel(s) at ${bits}-bit exactly`, async () => {
        const image = ramp(9, 5, channels, bits);
        const decoded = await readImage(await writePng(`r${channels}-${bits}.png`, image));
        assert.equal(decoded.channels, channels);
        assert.equal(decoded.bitDepth, bits);
        assert.equal(decoded.width, 9);
        assert.equal(decoded.height, 5);
        assert.ok(decoded.data instanceof (bits === 16 ? Uint16Array : Uint8Array));
        assert.deepEqual(Array.from(decoded.data), Array.from(image.data));
      });
    }
  }

  for (const channels of [1, 2, 3, 4] as const) {
    it(`16-bit TIFF round trip keeps ${channels} channel(s) exactly`, async () => {
      const image = ramp(7, 5, channels, 16);
      const path = tmp(`t${channels}.tiff`);
      writeFileSync(path, await encodeImage(image, 'tiff'));
      const decoded = await readImage(path);
      assert.deepEqual([decoded.channels, decoded.bitDepth], [channels, 16]);
      assert.deepEqual(Array.from(decoded.data), Array.from(image.data));
    });
  }

  it('reads 8-bit TIFF and lossless WebP', async () => {
    const image = ramp(6, 4, 3, 8);
    for (const format of ['tiff', 'webp'] as const) {
      const path = tmp(`x${extensionForFormat(format)}`);
      writeFileSync(path, await encodeImage(image, format));
      const decoded = await readImage(path);
      assert.deepEqual(Array.from(decoded.data), Array.from(image.data), format);
    }
  });

  it('decodes a CMYK JPEG to RGB and a palette PNG with transparency to RGBA', async () => {
    const rgb = ramp(8, 8, 3, 8);
    const cmykPath = tmp('cmyk.jpg');
    writeFileSync(
      cmykPath,
      await sharp(rgb.data, { raw: { width: 8, height: 8, channels: 3 } })
        .toColourspace('cmyk')
        .jpeg()
        .toBuffer(),
    );
    const cmyk = await readImage(cmykPath);
    assert.deepEqual([cmyk.channels, cmyk.bitDepth], [3, 8]);
    const rgba = ramp(8, 8, 4, 8);
    for (let i = 3; i < rgba.data.length; i += 4) rgba.data[i] = i % 8 === 3 ? 0 : 255;
    const palettePath = tmp('palette.png');
    writeFileSync(
      palettePath,
      await sharp(rgba.data, { raw: { width: 8, height: 8, channels: 4 } })
        .png({ palette: true })
        .toBuffer(),
    );
    const palette = await readImage(palettePath);
    assert.deepEqual([palette.channels, palette.bitDepth], [4, 8]);
    assert.equal(palette.data[3], 0, 'transparent pixel stays transparent');
  });

  it('applies EXIF orientation 6 (rotate 90 degrees clockwise)', async () => {
    // 4x2 black image with a white top-left pixel; after rotating 90 CW it is 2x4, white top-right.
    const pixels = Buffer.alloc(4 * 2 * 3);
    pixels.fill(255, 0, 3);
    const path = tmp('rotated.jpg');
    const jpeg = await sharp(pixels, { raw: { width: 4, height: 2, channels: 3 } })
      .jpeg({ quality: 100 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    writeFileSync(path, jpeg);
    const decoded = await readImage(path);
    assert.equal(decoded.width, 2);
    assert.equal(decoded.height, 4);
    assert.ok(decoded.data[1 * 3] > 200, 'top-right pixel is white');
    assert.ok(decoded.data[0] < 60, 'top-left pixel is black');
  });

  it('refuses a zero-byte file as empty', async () => {
    const path = tmp('empty.png');
    writeFileSync(path, Buffer.alloc(0));
    await expectDecodeError(path, 'empty');
  });

  it('refuses text saved as .png as notAnImage', async () => {
    const path = tmp('text.png');
    writeFileSync(path, 'this is a text file, not a picture\n');
    await expectDecodeError(path, 'notAnImage');
  });

  it('refuses a truncated JPEG and a truncated PNG instead of padding them', async () => {
    const image = ramp(64, 64, 3, 8);
    const jpeg = await encodeImage(image, 'jpeg');
    const png = await encodeImage(image, 'png');
    const jpegPath = tmp('cut.jpg');
    const pngPath = tmp('cut.png');
    writeFileSync(jpegPath, jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
    writeFileSync(pngPath, png.subarray(0, Math.floor(png.length * 0.6)));
    await expectDecodeError(jpegPath, 'truncated');
    await expectDecodeError(pngPath, 'truncated');
  });

  it('refuses images over maxPixels as tooManyPixels', async () => {
    const path = await writePng('big.png', ramp(20, 10, 1, 8));
    await expectDecodeError(path, 'tooManyPixels', { maxPixels: 199 });
    const ok = await readImage(path, { maxPixels: 200 });
    assert.equal(ok.width * ok.height, 200);
  });

  it('refuses a supported-by-sharp but unsupported-by-us format (GIF)', async () => {
    const path = tmp('a.gif');
    writeFileSync(
      path,
      await sharp(Buffer.alloc(12, 9), { raw: { width: 2, height: 2, channels: 3 } })
        .gif()
        .toBuffer(),
    );
    await expectDecodeError(path, 'unsupported');
  });

  it('JPEG of a 16-bit image is 8-bit with the values scaled down', async () => {
    const image: RawImage = {
      width: 4,
      height: 4,
      channels: 1,
      bitDepth: 16,
      data: new Uint16Array(16).fill(40000),
    };
    const path = tmp('g16.jpg');
    writeFileSync(path, await encodeImage(image, 'jpeg'));
    const decoded = await readImage(path);
    assert.equal(decoded.bitDepth, 8);
    assert.equal(decoded.channels, 1);
    assert.ok(Math.abs(decoded.data[5] - 40000 / 257) <= 1);
  });

  it('lists the accepted extensions in lower case', () => {
    for (const ext of ['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.webp'])
      assert.ok(IMAGE_EXTENSIONS.has(ext));
    assert.equal(extensionForFormat('jpeg'), '.jpg');
  });
});
