import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../../src/core/models/catalog';
import {
  confirmationsFor,
  downloadPickRows,
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
  assert.match(rmbg.description, /non-commercial · unverified hashes/);
  assert.match(rmbg.detail, /non-commercial use only/);
});

test('a non-commercial, unverified model needs two confirmations; a verified MIT one none', () => {
  const rmbg = loadCatalog().models.find((m) => m.id === 'rmbg-1.4')!;
  assert.deepEqual(
    confirmationsFor(rmbg).map((c) => c.accept),
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
