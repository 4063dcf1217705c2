// "Check Model on GPU Provider": which provider is proposed first, the provider rows, and the
// model rows. The default must be the GPU provider the engine's own `auto` would use.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { providerOrder } from '../../../src/core/backend/ort';
import type { RegisteredModel } from '../../../src/core/models/registry';
import { CHECK_PROVIDERS } from '../../../src/extension/models/checkModelReport';
import {
  defaultCheckProvider,
  providerPickRows,
} from '../../../src/extension/models/checkProviderChoice';
import { checkModelPickRows } from '../../../src/extension/models/modelChoices';

function model(
  id: string,
  kind: RegisteredModel['kind'],
  source: 'download' | 'local',
): RegisteredModel {
  return {
    id,
    kind,
    path: `/cache/${id}`,
    source,
    files: {},
    verified: true,
    addedAt: '2026-01-01T00:00:00Z',
  };
}

describe('check model choices', () => {
  it('proposes the execution provider setting when it names a GPU provider', () => {
    for (const provider of CHECK_PROVIDERS)
      assert.equal(defaultCheckProvider(provider, 'linux'), provider);
  });

  it('otherwise proposes the GPU provider the engine tries first on the platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const engineFirstGpu = providerOrder('auto', platform).find((p) => p !== 'cpu');
      assert.equal(defaultCheckProvider('auto', platform), engineFirstGpu, platform);
      assert.equal(defaultCheckProvider('cpu', platform), engineFirstGpu, platform);
    }
    assert.deepEqual(providerOrder('auto', 'freebsd'), ['cpu']);
    assert.equal(defaultCheckProvider('auto', 'freebsd'), 'webgpu');
  });

  it('lists every provider once, the default first', () => {
    const rows = providerPickRows('webgpu');
    assert.deepEqual(
      rows.map((r) => r.provider),
      ['webgpu', 'cuda', 'dml', 'coreml'],
    );
    assert.match(rows[0].description, /default/);
    assert.ok(rows.slice(1).every((r) => !r.description.includes('default')));
  });

  it('offers every registered model and the model folders setting, each path once', () => {
    const rows = checkModelPickRows(
      [
        model('sd15-inpaint', 'sd-inpaint-9ch', 'download'),
        model('rmbg', 'background-removal', 'local'),
      ],
      ['/work/models/finetuned/', '/cache/sd15-inpaint'],
    );
    assert.deepEqual(
      rows.map((r) => [r.id, r.label]),
      [
        ['/cache/sd15-inpaint', 'sd15-inpaint'],
        ['/cache/rmbg', 'rmbg'],
        ['/work/models/finetuned/', 'finetuned'],
      ],
    );
    assert.match(rows[0].description, /sd-inpaint-9ch · downloaded/);
    assert.match(rows[1].description, /local/);
  });
});
