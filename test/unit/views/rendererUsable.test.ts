/**
 * The notebook renderer's `usable` filter on the shared review fixture: the host shows exactly
 * the images training may use under the manifest's own review policy, decisions journal included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGalleryPayload } from '../../../src/shared/rendererProtocol';
import { resolvePayload } from '../../../src/extension/views/rendererResolve';
import { buildReviewCaseRun, expectedUsable } from '../helpers/reviewCases';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('renderer-usable');

for (const requireReview of [true, false]) {
  test(`filter.usable shows the usable images (requireReview: ${String(requireReview)})`, async () => {
    const root = fresh();
    const manifestPath = await buildReviewCaseRun(root, requireReview);
    const parsed = parseGalleryPayload({ manifest: manifestPath, filter: { usable: true } });
    assert.ok(parsed.ok);
    const resolved = await resolvePayload(parsed.payload, {
      baseDir: root,
      trusted: false,
      isAllowed: () => Promise.resolve(true),
      thumbnail: () => Promise.resolve(null),
      warn: (message) => assert.fail(`unexpected refusal: ${message}`),
    });
    assert.equal(resolved.error, null);
    assert.deepEqual(
      resolved.items.map((item) => item.id),
      expectedUsable(requireReview),
    );
    assert.ok(resolved.items.every((item) => item.status === 'approved' || !requireReview));
  });
}

test('filter.usable must be a boolean', () => {
  const parsed = parseGalleryPayload({ manifest: '/m.json', filter: { usable: 'yes' } });
  assert.deepEqual(parsed, { ok: false, reason: 'payload.filter.usable must be a boolean' });
});
