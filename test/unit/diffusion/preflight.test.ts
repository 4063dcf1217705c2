// Pre-run checks of a diffusion run: processing sizes the exported UNet can take, the memory
// estimate (4th power of the side) and its budget, and a strength that leaves no step.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recipe } from '../../../src/shared/recipe';
import { checkDenoisingSteps } from '../../../src/core/engines/diffusion/denoisingSteps';
import {
  batchItemsWithinBudget,
  estimateRunMemory,
  MEMORY_LIMIT_ENV,
  memoryBudgetBytes,
} from '../../../src/core/engines/diffusion/memoryEstimate';
import { readModelGeometry } from '../../../src/core/engines/diffusion/modelGeometry';
import { checkDiffusionRun, PreflightError } from '../../../src/core/engines/diffusion/preflight';
import { processingSize } from '../../../src/core/engines/diffusion/processingSize';
import { defaultRecipe } from '../../../src/core/recipe/defaults';
import { modelDir } from './sdFixtures';

const GIB = 1024 ** 3;

function recipe(diffusion: Partial<Recipe['diffusion']>, perImage = 1): Recipe {
  const base = defaultRecipe();
  return { ...base, engine: 'diffusion', perImage, diffusion: { ...base.diffusion, ...diffusion } };
}

describe('model geometry from the configs', () => {
  it('reads the VAE factor, the UNet down-sampling factor and the first attention', () => {
    const tiny = readModelGeometry(modelDir('optimum-4ch'));
    assert.deepEqual(
      { vae: tiny.vaeScaleFactor, unet: tiny.unetDownFactor, native: tiny.nativeSize },
      { vae: 8, unet: 2, native: 64 },
    );
    assert.deepEqual(tiny.attention, { downscale: 1, heads: 4 });
    const other = readModelGeometry(modelDir('optimum-geometry'));
    assert.deepEqual(
      { vae: other.vaeScaleFactor, unet: other.unetDownFactor, native: other.nativeSize },
      { vae: 4, unet: 4, native: 64 },
    );
    assert.ok(tiny.weightBytes > 100_000, 'the graphs are counted');
  });

  it("falls back to SD 1.x's values for a folder without configs (the older exporter)", () => {
    const legacy = readModelGeometry(modelDir('legacy-4ch'));
    assert.equal(legacy.vaeScaleFactor, 8);
    assert.equal(legacy.unetDownFactor, 8);
    assert.deepEqual(legacy.attention, { downscale: 1, heads: 8 });
  });
});

describe('processing size at resolution source', () => {
  it('floors each side to the VAE factor x the UNet factor (64 for SD 1.5), never below it', () => {
    assert.deepEqual(processingSize('source', { width: 600, height: 450 }, 512, 64), {
      width: 576,
      height: 448,
    });
    assert.deepEqual(processingSize('source', { width: 40, height: 90 }, 512, 64), {
      width: 64,
      height: 64,
    });
  });
});

describe('memory estimate', () => {
  const sd15 = {
    vaeScaleFactor: 8,
    unetDownFactor: 8,
    nativeSize: 512,
    attention: { downscale: 1, heads: 8 },
    weightBytes: 0,
  };

  it('grows with the 4th power of the side (attention scores of every head)', () => {
    const at512 = estimateRunMemory(sd15, { width: 512, height: 512 }, 2);
    const at1024 = estimateRunMemory(sd15, { width: 1024, height: 1024 }, 2);
    assert.equal(at1024.attention, at512.attention * 16);
    // 4096 tokens: 2 rows x 8 heads x 4096^2 x 4 bytes x 2 live tensors = 2 GiB at 512 px.
    assert.equal(at512.attention, 2 * GIB);
  });

  it('lowers the batch before refusing, and refuses only when one item does not fit', () => {
    const size = { width: 512, height: 512 };
    assert.equal(batchItemsWithinBudget(sd15, size, true, 9 * GIB, 4), 4);
    assert.equal(batchItemsWithinBudget(sd15, size, true, 5 * GIB, 4), 2);
    assert.equal(batchItemsWithinBudget(sd15, size, true, 1 * GIB, 4), 0);
    assert.equal(batchItemsWithinBudget(sd15, size, false, 1 * GIB, 4), 1, 'no guidance: 1 row');
  });

  it('takes its budget from MASKMEDPAINT_MEMORY_LIMIT_MB, else 3/4 of the machine', () => {
    assert.equal(memoryBudgetBytes({}, 16 * GIB), 12 * GIB);
    assert.equal(memoryBudgetBytes({ [MEMORY_LIMIT_ENV]: '2048' }, 16 * GIB), 2 * GIB);
    assert.throws(() => memoryBudgetBytes({ [MEMORY_LIMIT_ENV]: 'lots' }), /positive number/);
  });
});

describe('checkDiffusionRun', () => {
  const folder = modelDir('optimum-4ch');

  it('refuses a strength that leaves no denoising step, saying what would', () => {
    assert.throws(
      () => checkDiffusionRun(recipe({ steps: 3, strength: 0.2 }), folder, [], 8 * GIB),
      (error: Error) =>
        error instanceof PreflightError &&
        /leaves no denoising step/.test(error.message) &&
        /--strength to at least 0\.333334/.test(error.message),
    );
    assert.doesNotThrow(() => checkDenoisingSteps(3, 0.34));
  });

  it('refuses a source too large for the budget, naming it and the fix', () => {
    const sources = [
      { path: 'small.png', width: 64, height: 64 },
      { path: 'huge.png', width: 1024, height: 1024 },
    ];
    // 1024 px on the tiny model: 128^2 tokens, 2 rows x 4 heads x 16384^2 x 4 B x 2 = 16 GiB.
    assert.throws(
      () => checkDiffusionRun(recipe({ resolution: 'source' }), folder, sources, 4 * GIB),
      (error: Error) =>
        error instanceof PreflightError &&
        error.message.startsWith('huge.png would be processed at 1024x1024 px') &&
        /--resolution model/.test(error.message),
    );
  });

  it('notes the floored size at resolution source and a smaller batch when memory asks for it', () => {
    const sources = [{ path: 'a.png', width: 300, height: 200 }];
    // 288x192 px: 864 tokens, 2 rows x 4 heads x 864^2 x 4 B x 2 = 48 MiB per item with guidance.
    const budget = 64 * 1024 ** 2;
    const report = checkDiffusionRun(recipe({ resolution: 'source' }, 5), folder, sources, budget);
    assert.ok(report.notes.some((n) => /multiple of 16/.test(n) && /288x192/.test(n)));
    assert.ok(report.notes.some((n) => /runs 1 augmentation\(s\) per UNet batch/.test(n)));
  });
});
