import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCatalogEntry, loadCatalog, parseCatalog } from '../../../src/core/models/catalog';
import { defaultModelCacheDir, modelSearchDirs } from '../../../src/core/models/cacheDir';

test('the bundled catalog validates and has the six required models', () => {
  const catalog = loadCatalog();
  const kinds = catalog.models.map((m) => m.kind);
  assert.ok(kinds.filter((k) => k === 'sd-inpaint-9ch').length >= 2);
  assert.ok(kinds.includes('sd-base-4ch'));
  assert.ok(kinds.includes('background-removal'));
  const engines = catalog.models.filter((m) => m.kind === 'plain-inpainter').map((m) => m.engine);
  assert.deepEqual([...engines].sort(), ['lama', 'migan']);
  for (const entry of catalog.models) {
    for (const file of entry.files) {
      if (entry.verified)
        assert.match(file.sha256 ?? '', /^[0-9a-f]{64}$/, `${entry.id} ${file.path}`);
    }
  }
  assert.equal(findCatalogEntry('rmbg-1.4').nonCommercial, true);
});

test('schema problems are all reported with their JSON path', () => {
  const bad = {
    version: 1,
    models: [
      { id: 'X Bad', title: '', kind: 'nope', homepage: 'ftp://x', files: [], license: 'MIT' },
    ],
  };
  assert.throws(
    () => parseCatalog(bad),
    (error: Error) =>
      error.message.includes('/models/0/id') &&
      error.message.includes('/models/0/kind') &&
      error.message.includes('/models/0/files'),
  );
});

test('a verified entry with a null hash and duplicate ids are refused', () => {
  const entry = {
    id: 'a',
    title: 'A',
    kind: 'background-removal',
    homepage: 'https://example.org',
    files: [{ path: 'a.onnx', url: 'https://example.org/a.onnx', size: null, sha256: null }],
    license: 'MIT',
    licenseNote: 'MIT',
    nonCommercial: false,
    recommendedPreset: 'natural',
    verified: true,
  };
  assert.throws(() => parseCatalog({ version: 1, models: [entry] }), /marked verified/);
  const ok = { ...entry, verified: false };
  assert.throws(() => parseCatalog({ version: 1, models: [ok, ok] }), /duplicate id "a"/);
  assert.throws(
    () =>
      parseCatalog({
        version: 1,
        models: [{ ...ok, files: [{ ...ok.files[0], path: '../a.onnx' }] }],
      }),
    /path/,
  );
});

test('unknown ids list the known ones', () => {
  assert.throws(() => findCatalogEntry('nope'), /Known models: .*lama-512/);
});

test('CLI cache folder per platform, never relative to the working folder', () => {
  assert.equal(
    defaultModelCacheDir({
      env: { XDG_CACHE_HOME: '/x/cache' },
      platform: 'linux',
      homedir: '/home/u',
    }),
    '/x/cache/maskmedpaint/models',
  );
  assert.equal(
    defaultModelCacheDir({ env: {}, platform: 'linux', homedir: '/home/u' }),
    '/home/u/.cache/maskmedpaint/models',
  );
  assert.equal(
    defaultModelCacheDir({
      env: { XDG_CACHE_HOME: 'relative' },
      platform: 'linux',
      homedir: '/home/u',
    }),
    '/home/u/.cache/maskmedpaint/models',
  );
  assert.equal(
    defaultModelCacheDir({
      env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' },
      platform: 'win32',
      homedir: 'C:\\Users\\u',
    }),
    'C:\\Users\\u\\AppData\\Local\\maskmedpaint\\models',
  );
  assert.equal(
    defaultModelCacheDir({ env: {}, platform: 'darwin', homedir: '/Users/u' }),
    '/Users/u/Library/Caches/maskmedpaint/models',
  );
  assert.equal(
    defaultModelCacheDir({
      env: { MASKMEDPAINT_MODELS_DIR: '/m' },
      platform: 'linux',
      homedir: '/h',
    }),
    '/m',
  );
});

test('model search folders: MASKMEDPAINT_MODEL_SEARCH_PATHS first, then the CLI cache, no duplicates', () => {
  assert.deepEqual(
    modelSearchDirs({
      env: { MASKMEDPAINT_MODEL_SEARCH_PATHS: '/ext/models:/more::/ext/models' },
      platform: 'linux',
      homedir: '/h',
    }),
    ['/ext/models', '/more', '/h/.cache/maskmedpaint/models'],
  );
  assert.deepEqual(modelSearchDirs({ env: {}, platform: 'linux', homedir: '/h' }), [
    '/h/.cache/maskmedpaint/models',
  ]);
});
