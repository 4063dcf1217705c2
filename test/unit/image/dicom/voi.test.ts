import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  unitToModality,
  voiToUnit,
  windowFunctionOf,
  type VoiTransform,
} from '../../../../src/core/image/dicom/voi';

const window = (
  center: number,
  width: number,
  fn: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID',
): VoiTransform => ({
  kind: 'window',
  window: { center, width, function: fn },
});

describe('VOI window functions (PS3.3 C.11.2.1.2)', () => {
  it('LINEAR: clipped below c - 0.5 - (w-1)/2, above c - 0.5 + (w-1)/2, linear between', () => {
    const voi = window(40, 400, 'LINEAR');
    assert.equal(voiToUnit(-160, voi), 0); // c - 0.5 - 199.5 = -160
    assert.equal(voiToUnit(239.5, voi), 1); // > c - 0.5 + 199.5 = 239 is the top
    assert.equal(voiToUnit(39.5, voi), 0.5); // the centre of the ramp is c - 0.5
    assert.equal(voiToUnit(239, voi), 1);
  });
  it('LINEAR with width 1 is a threshold', () => {
    const voi = window(100, 1, 'LINEAR');
    assert.equal(voiToUnit(99.5, voi), 0);
    assert.equal(voiToUnit(99.6, voi), 1);
  });
  it('LINEAR_EXACT ramps over exactly [c - w/2, c + w/2]', () => {
    const voi = window(0, 100, 'LINEAR_EXACT');
    assert.equal(voiToUnit(-50, voi), 0);
    assert.equal(voiToUnit(0, voi), 0.5);
    assert.equal(voiToUnit(25, voi), 0.75);
    assert.equal(voiToUnit(50, voi), 1);
  });
  it('SIGMOID is 1 / (1 + exp(-4 (x - c) / w))', () => {
    const voi = window(10, 20, 'SIGMOID');
    assert.equal(voiToUnit(10, voi), 0.5);
    assert.ok(Math.abs(voiToUnit(20, voi) - 1 / (1 + Math.exp(-2))) < 1e-12);
  });
  it('a VOI LUT maps by entry, clamped at both ends, scaled by its bit depth', () => {
    const voi: VoiTransform = {
      kind: 'lut',
      lut: { firstMapped: 100, bits: 8, entries: Uint16Array.from([0, 51, 255]) },
    };
    assert.equal(voiToUnit(50, voi), 0);
    assert.equal(voiToUnit(101, voi), 0.2);
    assert.equal(voiToUnit(1000, voi), 1);
    assert.equal(unitToModality(0.2, voi), 101);
  });
  for (const fn of ['LINEAR', 'LINEAR_EXACT', 'SIGMOID'] as const) {
    it(`${fn}: the inverse returns the modality value inside the window`, () => {
      const voi = window(-600, 1500, fn);
      for (const value of [-1200, -900, -600, -100, 100]) {
        const back = unitToModality(voiToUnit(value, voi), voi);
        assert.ok(Math.abs(back - value) < 1e-6, `${value} came back as ${back}`);
      }
    });
  }
  it('reads the VOI LUT Function, defaulting to LINEAR', () => {
    assert.equal(windowFunctionOf('SIGMOID'), 'SIGMOID');
    assert.equal(windowFunctionOf(undefined), 'LINEAR');
    assert.equal(windowFunctionOf('SOMETHING'), 'LINEAR');
  });
});
