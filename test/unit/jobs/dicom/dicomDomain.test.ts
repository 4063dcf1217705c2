import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readDicomImage } from '../../../../src/core/image/dicom/readDicom';
import { renderDisplay8, resolveVoi } from '../../../../src/core/image/dicom/display';
import {
  engineSource,
  engineTarget,
  seesDisplayImage,
  storedResult,
  type SourceDicom,
} from '../../../../src/core/jobs/dicomDomain';
import { ENGINES } from '../../../../src/core/engines/registry';
import { outputFormatFor } from '../../../../src/core/jobs/planJob';
import { pydicomFile } from '../../image/dicom/fixtures';

async function mr(): Promise<{
  image: Awaited<ReturnType<typeof readDicomImage>>['image'];
  dicom: SourceDicom;
}> {
  const decoded = await readDicomImage(pydicomFile('MR_small.dcm'));
  return {
    image: decoded.image,
    dicom: { info: decoded.info, voi: resolveVoi(decoded.image, decoded.info), uids: decoded.uids },
  };
}

describe('DICOM pixel domain at the engine boundary', () => {
  it('the composite engine gets stored samples; the 8-bit engines get the windowed image', async () => {
    const { image, dicom } = await mr();
    assert.equal(engineSource(image, dicom, 'composite'), image);
    const shown = engineSource(image, dicom, 'diffusion');
    assert.equal(shown.bitDepth, 8);
    assert.deepEqual(shown.data, renderDisplay8(image, dicom.info, dicom.voi).data);
  });

  it("each engine's registry descriptor decides its domain; copyBackground keeps full depth", async () => {
    const { image, dicom } = await mr();
    for (const engine of ENGINES)
      assert.equal(seesDisplayImage(engine.id, dicom), !engine.fullDepth, engine.id);
    assert.equal(engineSource(image, dicom, 'copyBackground'), image);
    assert.equal(seesDisplayImage('unknownEngine', dicom), true, 'an unknown engine sees 8 bits');
    const rgb = { ...dicom, info: { ...dicom.info, photometric: 'RGB' as const } };
    assert.equal(
      seesDisplayImage('diffusion', rgb),
      false,
      'colour DICOM is already a display image',
    );
  });

  it('a DICOM target of the same kind keeps its modality values in the source domain', async () => {
    const { image, dicom } = await mr();
    const target = await readDicomImage(pydicomFile('MR_small_bigendian.dcm'));
    const converted = engineTarget(target.image, target.info, image, dicom, 'composite');
    assert.deepEqual(converted.data, image.data);
  });

  it('a MONOCHROME1 target is inverted into a MONOCHROME2 source', async () => {
    const { image, dicom } = await mr();
    const target = await readDicomImage(pydicomFile('MR_small.dcm'));
    const mono1 = { ...target.info, photometric: 'MONOCHROME1' as const };
    const converted = engineTarget(target.image, mono1, image, dicom, 'composite');
    // Full 16-bit range of the target, flipped: sample v becomes 65535 - v.
    for (let i = 0; i < 64; i++) assert.equal(converted.data[i], 65535 - (image.data[i] ?? 0));
  });

  it('a PNG target is read as a display image and taken back through the source window', async () => {
    const { image, dicom } = await mr();
    const grey = {
      width: 2,
      height: 1,
      channels: 1 as const,
      bitDepth: 8 as const,
      data: Uint8Array.from([0, 255]),
    };
    const converted = engineTarget(grey, null, image, dicom, 'composite');
    // Window 600/1600 (LINEAR) ramps from c - 0.5 - (w-1)/2 = -200 to c - 0.5 + (w-1)/2 = 1399;
    // samples are modality values + 32768.
    assert.deepEqual(Array.from(converted.data), [-200 + 32768, 1399 + 32768]);
  });

  it('an 8-bit result is mapped back to stored samples and the key region pasted back exactly', async () => {
    const { image, dicom } = await mr();
    const flat = { ...image, bitDepth: 8 as const, data: new Uint8Array(64 * 64).fill(128) };
    const alpha = { width: 64, height: 64, data: new Float32Array(64 * 64) };
    alpha.data[0] = 1;
    const back = storedResult(flat, image, alpha, dicom, 'diffusion', true);
    assert.equal(back.bitDepth, 16);
    assert.equal(back.data[0], image.data[0], 'key region: the source sample');
    const expected = Math.round((128 / 255 - 0.5) * 1599 + 600 - 0.5 + 32768);
    assert.equal(back.data[1], expected, 'elsewhere: the inverse window of display 128');
  });

  it('output formats: png by default, DICOM on request or for .dcm sources under "source"', () => {
    assert.equal(outputFormatFor('png', '.dcm'), 'png');
    assert.equal(outputFormatFor('dicom', '.png'), 'dicom');
    assert.equal(outputFormatFor('source', '.DCM'), 'dicom');
    assert.equal(outputFormatFor('source', '.tif'), 'tiff');
  });
});
