import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  displayToStored,
  renderDisplay8,
  resolveVoi,
  windowPresetsFor,
} from '../../../../src/core/image/dicom/display';
import { readDicomImage } from '../../../../src/core/image/dicom/readDicom';
import { pydicomFile } from './fixtures';

describe('display pipeline: rescale, VOI, MONOCHROME1 last', () => {
  it('MONOCHROME1 renders as the inverse of the same samples read as MONOCHROME2', async () => {
    const { image, info } = await readDicomImage(pydicomFile('MR_small.dcm'));
    const voi = resolveVoi(image, info, 'default');
    const mono2 = renderDisplay8(image, info, voi);
    const mono1 = renderDisplay8(image, { ...info, photometric: 'MONOCHROME1' }, voi);
    for (let i = 0; i < mono2.data.length; i++)
      assert.equal(mono1.data[i], 255 - (mono2.data[i] ?? 0));
  });

  it('applies the rescale before the window (CT lung window in Hounsfield units)', async () => {
    const { image, info } = await readDicomImage(pydicomFile('CT_small.dcm'));
    const lung = renderDisplay8(image, info, resolveVoi(image, info, 'lung'));
    // Pixel (0,0) is -849 HU: LINEAR window -600/1500 gives ((-849 + 600.5) / 1499 + 0.5) * 255.
    const expected = Math.round(((-849 - (-600 - 0.5)) / 1499 + 0.5) * 255);
    assert.equal(lung.data[0], expected);
  });

  it('default falls back to the full range when the file has no window, which spans 0..255', async () => {
    const { image, info } = await readDicomImage(pydicomFile('CT_small.dcm'));
    const shown = renderDisplay8(image, info, resolveVoi(image, info, 'default'));
    assert.equal(Math.min(...shown.data), 0);
    assert.equal(Math.max(...shown.data), 255);
  });

  it('offers lung, bone and soft tissue for CT only, nothing for colour', async () => {
    const ct = await readDicomImage(pydicomFile('CT_small.dcm'));
    const mr = await readDicomImage(pydicomFile('MR_small.dcm'));
    const rgb = await readDicomImage(pydicomFile('SC_rgb_rle.dcm'));
    assert.deepEqual(windowPresetsFor(ct.info), [
      'default',
      'fullRange',
      'lung',
      'bone',
      'softTissue',
    ]);
    assert.deepEqual(windowPresetsFor(mr.info), ['default', 'fullRange']);
    assert.deepEqual(windowPresetsFor(rgb.info), []);
  });

  it('displayToStored inverts renderDisplay8 to within one display step inside the window', async () => {
    const { image, info } = await readDicomImage(pydicomFile('MR_small.dcm'));
    for (const photometric of ['MONOCHROME2', 'MONOCHROME1'] as const) {
      const meta = { ...info, photometric };
      const voi = resolveVoi(image, meta, 'fullRange');
      const shown = renderDisplay8(image, meta, voi);
      const back = displayToStored(shown, image, meta, voi);
      const again = renderDisplay8(back, meta, voi);
      for (let i = 0; i < shown.data.length; i++)
        assert.ok(Math.abs((again.data[i] ?? 0) - (shown.data[i] ?? 0)) <= 1);
    }
  });
});
