import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ModelRegistry, RegistryError } from '../../../src/core/models/registry';
import { freshTempDirs } from '../helpers/tempDir';

const cache = freshTempDirs('registry');

const model = {
  id: 'my-sd',
  kind: 'sd-base-4ch',
  path: '/models/my-sd',
  source: 'local',
  files: { 'unet/model.onnx': 'a'.repeat(64) },
  verified: false,
  addedAt: '2025-01-01T00:00:00.000Z',
};

async function problemsOf(content: string): Promise<readonly string[]> {
  const registry = new ModelRegistry(cache());
  fs.writeFileSync(join(registry.cacheDir, 'registry.json'), content);
  const error = await registry.list().then(
    () => assert.fail('a broken registry was accepted'),
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof RegistryError, String(error));
  assert.match(error.message, /registry\.json cannot be used \(fix it, or delete it/);
  return error.problems;
}

test('a registry that is not JSON, or not the registry format, is a RegistryError naming why', async () => {
  assert.match((await problemsOf('garbage'))[0] ?? '', /^not valid JSON/);
  assert.deepEqual(await problemsOf('[1]'), ['/: must be object']);
  assert.deepEqual(await problemsOf('{"version":2,"models":{}}'), ['/version: must be 1']);
  assert.deepEqual(await problemsOf('{"version":1,"models":{"x":5}}'), [
    '/models/x: must be object',
  ]);
  const noPath = { ...model, path: undefined };
  assert.deepEqual(await problemsOf(JSON.stringify({ version: 1, models: { 'my-sd': noPath } })), [
    "/models/my-sd: must have required property 'path'",
  ]);
  assert.deepEqual(await problemsOf(JSON.stringify({ version: 1, models: { other: model } })), [
    '/models/other: filed under "other" but its id is "my-sd"',
  ]);
});

test('a registry file that cannot be read (a folder in its place) is a RegistryError too', async () => {
  const registry = new ModelRegistry(cache());
  fs.mkdirSync(join(registry.cacheDir, 'registry.json'));
  await assert.rejects(registry.list(), (error: unknown) => {
    assert.ok(error instanceof RegistryError);
    assert.deepEqual(error.problems, ['cannot be read (EISDIR)']);
    return true;
  });
});

test('a valid registry is read as it was written', async () => {
  const registry = new ModelRegistry(cache());
  await registry.put(model as Parameters<ModelRegistry['put']>[0]);
  assert.deepEqual(await registry.list(), [model]);
});
