import { test } from 'node:test';
import assert from 'node:assert/strict';
import { osReviewer } from '../../../src/core/jobs/reviewDecisions';
import { resolveReviewer } from '../../../src/extension/views/reviewerIdentity';

const session = (label: string) => ({
  account: { id: label, label },
});

test('the VS Code account found silently names the reviewer, GitHub before Microsoft', async () => {
  const asked: string[] = [];
  const reviewer = await resolveReviewer((providerId) => {
    asked.push(providerId);
    return Promise.resolve(providerId === 'microsoft' ? session('jane@clinic.example') : undefined);
  });
  assert.equal(reviewer, 'microsoft:jane@clinic.example');
  assert.deepEqual(asked, ['github', 'microsoft']);
  assert.equal(await resolveReviewer(() => Promise.resolve(session('octocat'))), 'github:octocat');
});

test('without an account (none, a failing or a silent provider) the OS user decides', async () => {
  assert.equal(await resolveReviewer(() => Promise.resolve(undefined)), osReviewer());
  assert.equal(
    await resolveReviewer(() => Promise.reject(new Error('no provider github'))),
    osReviewer(),
  );
  // A provider that never answers does not hold the decision up.
  assert.equal(await resolveReviewer(() => new Promise(() => undefined), 5), osReviewer());
  assert.match(osReviewer(), /^os:.+/);
});
