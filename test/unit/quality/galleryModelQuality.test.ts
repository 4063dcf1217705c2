import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toItemView } from '../../../src/extension/views/galleryModel';
import type { ManifestItem } from '../../../src/shared/manifest';

const base: ManifestItem = {
  id: 'x__0',
  source: '../src/x.png',
  mask: '../masks/x.png',
  label: 'benign',
  target: '../t/t.png',
  seed: 1,
  output: 'images/benign/x__k0.png',
  sha256: 'a'.repeat(64),
  status: 'pending',
  error: null,
};

test('the gallery view carries the quality numbers and the region overlay URI (when allowed)', () => {
  const view = toItemView(
    {
      ...base,
      quality: {
        keptExact: 1,
        seam: 3.25,
        ssimTarget: 0.8,
        ssimSource: 0.1,
        rejected: [{ seed: 1, reason: 'black image' }],
        seedUsed: 101,
        regions: 'regions/benign/x__k0.png',
      },
    },
    { source: '/src/x.png', mask: null, output: null, regions: '/out/regions/benign/x__k0.png' },
    (p) => `webview:${p}`,
  );
  assert.deepEqual(view.quality, {
    seam: 3.25,
    keptExact: 1,
    ssimTarget: 0.8,
    ssimSource: 0.1,
    rejected: 1,
  });
  // Measured on the output, so versioned by the item's hash like the output.
  assert.equal(view.regionsUri, `webview:/out/regions/benign/x__k0.png?v=${'a'.repeat(16)}`);
  const refused = toItemView(
    {
      ...base,
      quality: {
        keptExact: 1,
        seam: 1,
        ssimTarget: null,
        ssimSource: null,
        regions: 'regions/r.png',
      },
    },
    { source: '/src/x.png', mask: null, output: null, regions: '/out/regions/r.png' },
    () => null,
  );
  assert.equal(refused.regionsUri, null);
  const none = { source: '/src/x.png', mask: null, output: null, regions: null };
  assert.equal(toItemView(base, none, (p) => p).quality, undefined);
  // A region overlay refused by confinement (null path) is not drawn.
  const refusedPath = toItemView(
    {
      ...base,
      quality: { keptExact: 1, seam: 1, ssimTarget: null, ssimSource: null, regions: 'r.png' },
    },
    none,
    (p) => p,
  );
  assert.equal(refusedPath.regionsUri, null);
});
