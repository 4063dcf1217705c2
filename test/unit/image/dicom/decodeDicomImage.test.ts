import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readImage } from '../../../../src/core/image/io';
import { readDicomImage } from '../../../../src/core/image/dicom/readDicom';
import { ImageDecodeError } from '../../../../src/core/image/decodeError';
import { pydicomFile } from './fixtures';

// Reference samples below were read with pydicom 3.0.2 (ds.pixel_array, apply_modality_lut) from
// the same files; MR_small's transfer-syntax variants must all give the explicit-VR samples.

describe('DICOM decoding of real files', () => {
  it('keeps CT stored values and folds the signed shift into the rescale intercept', async () => {
    const { image, info } = await readDicomImage(pydicomFile('CT_small.dcm'));
    assert.deepEqual(
      [image.width, image.height, image.channels, image.bitDepth],
      [128, 128, 1, 16],
    );
    const at = (x: number, y: number): number => image.data[y * 128 + x] ?? NaN;
    const modality = (v: number): number => info.rescaleSlope * v + info.rescaleIntercept;
    // pydicom: stored 175 and 1928, Hounsfield units -849 and 904.
    assert.equal(modality(at(0, 0)), -849);
    assert.equal(modality(at(64, 64)), 904);
    assert.equal(at(0, 0) - 32768, 175);
    assert.equal(info.modality, 'CT');
    assert.equal(info.signed, true);
  });

  for (const variant of [
    'MR_small_RLE.dcm',
    'MR_small_jpeg_ls_lossless.dcm',
    'MR_small_jp2klossless.dcm',
    'MR_small_bigendian.dcm',
    'MR_small_implicit.dcm',
  ]) {
    it(`decodes ${variant} to the same samples as the uncompressed file`, async () => {
      const reference = await readDicomImage(pydicomFile('MR_small.dcm'));
      const decoded = await readDicomImage(pydicomFile(variant));
      assert.deepEqual(Array.from(decoded.image.data), Array.from(reference.image.data));
      assert.deepEqual(decoded.info.windows, [{ center: 600, width: 1600, function: 'LINEAR' }]);
    });
  }

  it('gives MR_small the stored values pydicom reads', async () => {
    const { image } = await readDicomImage(pydicomFile('MR_small.dcm'));
    const stored = Array.from(image.data.subarray(0, 4), (v) => v - 32768);
    assert.deepEqual(stored, [905, 1019, 1227, 1259]);
  });

  for (const [file, syntax, centre] of [
    [
      'SC_ybr_full_422_uncompressed.dcm',
      'Explicit VR Little Endian (YBR_FULL_422)',
      [125, 130, 255],
    ],
    ['SC_rgb_jpeg_dcmtk.dcm', 'JPEG baseline (YBR_FULL)', [125, 130, 255]],
    ['SC_rgb_dcmtk_+eb+cy+np.dcm', 'JPEG baseline (YBR_FULL_422)', [128, 124, 255]],
  ] as const) {
    it(`converts ${syntax} to the RGB pydicom gives`, async () => {
      const { image, info } = await readDicomImage(pydicomFile(file));
      const rgb = (x: number, y: number): number[] =>
        Array.from(image.data.subarray((y * 100 + x) * 3, (y * 100 + x) * 3 + 3));
      assert.equal(info.photometric, 'RGB');
      assert.deepEqual(rgb(0, 0), [254, 0, 0]);
      assert.deepEqual(rgb(50, 50), centre);
      assert.deepEqual(rgb(99, 99), [255, 255, 255]);
    });
  }

  it('keeps 16-bit RGB (RLE) at 16 bits', async () => {
    const { image } = await readDicomImage(pydicomFile('SC_rgb_rle_16bit.dcm'));
    assert.equal(image.bitDepth, 16);
    assert.deepEqual(
      Array.from(image.data.subarray((50 * 100 + 50) * 3, (50 * 100 + 50) * 3 + 3)),
      [32896, 32896, 65535],
    );
  });

  it('decodes JPEG lossless RGB like the RLE copy of the same picture', async () => {
    const lossless = await readDicomImage(pydicomFile('SC_rgb_jpeg_gdcm.dcm'));
    const rle = await readDicomImage(pydicomFile('SC_rgb_rle.dcm'));
    assert.deepEqual(Array.from(lossless.image.data), Array.from(rle.image.data));
  });

  it('reads a deflated file', async () => {
    const { image } = await readDicomImage(pydicomFile('image_dfl.dcm'));
    assert.deepEqual([image.width, image.height, image.bitDepth], [512, 512, 8]);
  });

  it('is reached through readImage by content', async () => {
    const image = await readImage(pydicomFile('MR_small.dcm'));
    assert.deepEqual([image.width, image.height, image.channels, image.bitDepth], [64, 64, 1, 16]);
  });
});

describe('DICOM files that are refused say why', () => {
  const refusal = async (file: string, pattern: RegExp, code: string): Promise<void> => {
    await assert.rejects(readDicomImage(pydicomFile(file)), (error: unknown) => {
      assert.ok(error instanceof ImageDecodeError);
      assert.equal(error.code, code);
      assert.match(error.message, pattern);
      assert.ok(error.message.includes(file), 'the message names the file');
      return true;
    });
  };
  it('12-bit JPEG names the transfer syntax', () =>
    refusal(
      'JPGExtended.dcm',
      /12-bit JPEG.*JPEG Extended \(Process 2 & 4\), 1\.2\.840\.10008\.1\.2\.4\.51/,
      'unsupported',
    ));
  it('a multi-frame image is refused with its frame count', () =>
    refusal('SC_rgb_rle_2frame.dcm', /multi-frame DICOM \(2 frames\)/, 'unsupported'));
  it('truncated pixel data', () =>
    refusal('MR_truncated.dcm', /truncated: 8130 bytes, 8192 needed/, 'truncated'));
  it('32-bit samples', () =>
    refusal('rtdose_1frame.dcm', /32-bit samples are not supported/, 'unsupported'));
  it('a segmentation is not an image', () =>
    refusal('liver_1frame.dcm', /1-bit samples/, 'unsupported'));
});
