/**
 * The running job's gallery opens at the first finished item (done or failed), once, and not for
 * scripted runs; failures are collected either way (the end-of-run notification names them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveGalleryHandler } from '../../../src/extension/inpaint/liveGallery';
import { RunFailures } from '../../../src/extension/views/runFailures';
import type { JobEvent } from '../../../src/shared/jobEvents';

const started: JobEvent = { type: 'itemStarted', index: 0, total: 3, id: 'a__0' };
const skipped: JobEvent = {
  type: 'itemSkipped',
  index: 0,
  total: 3,
  id: 'a__0',
  reason: 'alreadyDone',
};
const done: JobEvent = { type: 'itemDone', index: 1, total: 3, id: 'b__0', output: 'b.png' };
const failed: JobEvent = {
  type: 'itemFailed',
  index: 2,
  total: 3,
  id: 'c__0',
  error: 'unreadable',
};

test('the gallery opens at the first finished item, once, not before', () => {
  let opened = 0;
  const failures = new RunFailures();
  const onEvent = liveGalleryHandler(() => opened++, failures, true);
  onEvent(started);
  onEvent(skipped);
  assert.equal(opened, 0, 'nothing finished yet (a skipped item was done by an earlier run)');
  onEvent(done);
  assert.equal(opened, 1);
  onEvent(failed);
  onEvent({ ...done, id: 'd__0' });
  assert.equal(opened, 1, 'opened once');
  assert.deepEqual(
    failures.sources.map((source) => source.error),
    ['unreadable'],
  );
});

test('a failed first item opens it too; a scripted run never does, but still collects failures', () => {
  let opened = 0;
  liveGalleryHandler(() => opened++, new RunFailures(), true)(failed);
  assert.equal(opened, 1);
  const failures = new RunFailures();
  const scripted = liveGalleryHandler(() => opened++, failures, false);
  scripted(done);
  scripted(failed);
  assert.equal(opened, 1);
  assert.equal(failures.sources.length, 1);
});
