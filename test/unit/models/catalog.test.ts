import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCatalogEntry, loadCatalog, parseCatalog } from '../../../src/core/models/catalog';
import { defaultModelCacheDir, modelSearchDirs } from '../../../src/core/models/cacheDir';
import { REQUIRED_FILES } from '../../../src/core/engines/diffusion/modelLayout';

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

test('every verified entry says where its hashes came from and has every size and hash', () => {
  const verified = loadCatalog().models.filter((m) => m.verified);
  assert.ok(verified.length >= 5, 'at least the two SD 1.5 exports, MI-GAN, LaMa and RMBG-1.4');
  for (const entry of verified) {
    assert.ok((entry.verifiedFrom ?? '').length > 20, `${entry.id} names no source`);
    for (const file of entry.files) {
      assert.ok(Number.isInteger(file.size) && (file.size ?? 0) > 0, `${entry.id} ${file.path}`);
      assert.match(file.url, /^https:\/\/huggingface\.co\//, `${entry.id} ${file.path}`);
    }
  }
  const kinds = verified.map((m) => m.kind);
  for (const kind of ['sd-inpaint-9ch', 'sd-base-4ch', 'background-removal'] as const)
    assert.ok(kinds.includes(kind), `no verified ${kind} model`);
});

test('every Stable Diffusion entry lists the files the engine needs, external UNet weights included', () => {
  for (const entry of loadCatalog().models) {
    const paths = entry.files.map((f) => f.path);
    assert.equal(new Set(paths).size, paths.length, `${entry.id} lists a path twice`);
    if (entry.kind !== 'sd-inpaint-9ch' && entry.kind !== 'sd-base-4ch') continue;
    for (const required of REQUIRED_FILES)
      assert.ok(paths.includes(required), `${entry.id} lacks ${required}`);
    const unet = entry.files.find((f) => f.path === 'unet/model.onnx');
    // A UNet graph of a few MB holds no weights: they sit in an external data file beside it.
    if (unet?.size != null && unet.size < 100_000_000)
      assert.ok(
        paths.includes('unet/weights.pb') || paths.includes('unet/model.onnx_data'),
        `${entry.id}: unet/model.onnx is ${unet.size} bytes but no external weights are listed`,
      );
  }
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
    () => parseCatalog({ version: 1, models: [{ ...ok, verifiedFrom: '' }] }),
    /verifiedFrom/,
  );
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
