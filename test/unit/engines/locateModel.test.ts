import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { locateModel } from '../../../src/core/engines/locateModel';
import { engineDescriptor } from '../../../src/core/engines/registry';
import { ModelRegistry } from '../../../src/core/models/registry';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'inpainters');

/** The .onnx file a run of `engine` uses for `reference` (located as runs locate it). */
async function findPlainInpainterModel(
  engine: 'migan' | 'lama',
  reference: string | undefined,
  searchPaths: readonly string[],
): Promise<string> {
  const requirement = engineDescriptor(engine).model;
  assert.ok(requirement);
  return (await locateModel(engine, requirement, reference ?? '', searchPaths)).path;
}

test('model lookup: explicit .onnx path, registered id, catalog default, and a helpful error', async () => {
  const dir = fs.mkdtempSync(join(os.tmpdir(), 'mmp-plain-'));
  const file = join(dir, 'lama.onnx');
  fs.copyFileSync(join(FIXTURES, 'tiny_lama.onnx'), file);
  assert.equal(await findPlainInpainterModel('lama', file, [dir]), file);
  await assert.rejects(
    findPlainInpainterModel('lama', join(dir, 'missing.onnx'), [dir]),
    /file not found/,
  );
  await assert.rejects(
    findPlainInpainterModel('lama', undefined, [dir]),
    /models download lama-512/,
  );
  const registry = new ModelRegistry(dir);
  const base = {
    kind: 'plain-inpainter' as const,
    source: 'local' as const,
    files: {},
    verified: false,
    addedAt: 'x',
  };
  await registry.put({ ...base, id: 'other-lama', engine: 'lama', path: '/elsewhere/other.onnx' });
  await registry.put({ ...base, id: 'lama-512', engine: 'lama', path: file });
  await registry.put({ ...base, id: 'a-migan', engine: 'migan', path: '/x/migan.onnx' });
  assert.equal(
    await findPlainInpainterModel('lama', undefined, [dir]),
    file,
    'catalog model preferred',
  );
  assert.equal(await findPlainInpainterModel('lama', 'other-lama', [dir]), '/elsewhere/other.onnx');
  assert.equal(
    await findPlainInpainterModel('lama', 'a-migan', [dir]),
    file,
    'a model of another engine is not used',
  );
});

test('model lookup: a registered folder that is gone is not used; a file is not a model folder', async () => {
  const dir = fs.mkdtempSync(join(os.tmpdir(), 'mmp-locate-'));
  const sd = engineDescriptor('diffusion').model!;
  await new ModelRegistry(dir).put({
    id: 'sd15',
    kind: 'sd-inpaint-9ch',
    path: join(dir, 'deleted-folder'),
    source: 'local',
    files: {},
    verified: false,
    addedAt: 'x',
  });
  await assert.rejects(locateModel('diffusion', sd, 'sd15', [dir]), /model folder not found: sd15/);
  fs.mkdirSync(join(dir, 'deleted-folder'));
  assert.deepEqual(await locateModel('diffusion', sd, 'sd15', [dir]), {
    path: join(dir, 'deleted-folder'),
    id: 'sd15',
  });
  await assert.rejects(
    locateModel('diffusion', sd, join(FIXTURES, 'tiny_lama.onnx'), [dir]),
    /tiny_lama\.onnx is a file; the diffusion engine needs a Stable Diffusion ONNX model folder/,
  );
});
