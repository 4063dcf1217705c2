import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../../src/core/models/catalog';
import {
  confirmationsFor,
  downloadPickRows,
  LOCAL_KIND_CHOICES,
  proxyFromVsCode,
} from '../../../src/extension/models/modelChoices';

test('download rows mark installed models, sizes, and licence flags', () => {
  const catalog = loadCatalog().models;
  const rows = downloadPickRows(catalog, [
    {
      id: 'mine',
      catalogId: 'lama-512',
      kind: 'plain-inpainter',
      path: '/x',
      source: 'local',
      files: {},
      verified: true,
      addedAt: 'x',
    },
  ]);
  const lama = rows.find((r) => r.id === 'lama-512')!;
  assert.match(lama.label, /^\$\(check\) /);
  assert.match(lama.description, /207\.5 MB · Apache-2\.0/);
  const rmbg = rows.find((r) => r.id === 'rmbg-1.4')!;
  assert.doesNotMatch(rmbg.label, /check/);
  assert.match(rmbg.description, /176\.2 MB · bria-rmbg-1\.4 · non-commercial$/);
  assert.match(rmbg.detail, /non-commercial use only/);
  const sd2 = rows.find((r) => r.id === 'sd2-inpainting-onnx-fp16')!;
  assert.match(sd2.description, /size unknown · openrail\+\+ · unverified hashes$/);
});

test('each restriction asks once: licence, missing hashes, both; a verified MIT model none', () => {
  const rmbg = loadCatalog().models.find((m) => m.id === 'rmbg-1.4')!;
  assert.deepEqual(
    confirmationsFor(rmbg).map((c) => c.accept),
    ['Accept Licence and Download'],
  );
  const sd2 = loadCatalog().models.find((m) => m.id === 'sd2-inpainting-onnx-fp16')!;
  assert.deepEqual(
    confirmationsFor(sd2).map((c) => c.accept),
    ['Download Unverified'],
  );
  assert.deepEqual(
    confirmationsFor({ ...rmbg, verified: false }).map((c) => c.accept),
    ['Accept Licence and Download', 'Download Unverified'],
  );
  const migan = loadCatalog().models.find((m) => m.id === 'migan-512')!;
  assert.deepEqual(confirmationsFor(migan), []);
});

test("VS Code's http.proxy and http.noProxy become downloader proxy settings", () => {
  assert.deepEqual(proxyFromVsCode('http://corp:3128', ['localhost', 'internal.org'], {}), {
    env: {},
    proxy: 'http://corp:3128',
    noProxy: 'localhost,internal.org',
  });
  assert.deepEqual(proxyFromVsCode('', undefined, { HTTPS_PROXY: 'http://p:1' }), {
    env: { HTTPS_PROXY: 'http://p:1' },
  });
});

test('"what is this file?" offers each plain inpainter engine of the registry, then background removal', () => {
  assert.deepEqual(
    LOCAL_KIND_CHOICES.map((c) => [c.label, c.modelKind, c.engine]),
    [
      ['MI-GAN inpainter', 'plain-inpainter', 'migan'],
      ['LaMa inpainter', 'plain-inpainter', 'lama'],
      ['Background removal (key-region proposals)', 'background-removal', undefined],
    ],
  );
});
