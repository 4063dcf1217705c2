import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  JobLineSplitter,
  isJobEvent,
  parseJobLine,
  type ParsedLine,
} from '../../../src/extension/jobs/jobEventParser';

test('recognises every job event kind and rejects incomplete ones', () => {
  assert.equal(isJobEvent({ type: 'planned', total: 4, alreadyDone: 0 }), true);
  assert.equal(
    isJobEvent({ type: 'itemDone', index: 0, total: 4, id: 'a__0', output: 'a.png' }),
    true,
  );
  assert.equal(
    isJobEvent({
      type: 'finished',
      done: 1,
      failed: 0,
      skipped: 0,
      cancelled: false,
      manifest: 'm.json',
    }),
    true,
  );
  assert.equal(
    isJobEvent({ type: 'finished', done: 1, failed: 0, skipped: 0, manifest: 'm.json' }),
    false,
  );
  assert.equal(
    isJobEvent({ type: 'itemDone', index: '0', total: 4, id: 'a', output: 'a.png' }),
    false,
  );
  assert.equal(isJobEvent({ type: 'toString' }), false);
  assert.equal(isJobEvent(null), false);
});

test('non-event lines come back as text', () => {
  assert.deepEqual(parseJobLine('warning: slow disk'), {
    kind: 'text',
    text: 'warning: slow disk',
  });
  assert.deepEqual(parseJobLine('{"type":"nope"}'), { kind: 'text', text: '{"type":"nope"}' });
  assert.deepEqual(parseJobLine('{broken'), { kind: 'text', text: '{broken' });
});

test('reassembles lines split across chunks and flushes the last one', () => {
  const seen: ParsedLine[] = [];
  const splitter = new JobLineSplitter((line) => seen.push(line));
  splitter.push('{"type":"planned","to');
  assert.equal(seen.length, 0);
  splitter.push('tal":2,"alreadyDone":0}\r\n\nhello\n{"type":"itemStarted","index":0,');
  splitter.push('"total":2,"id":"x__0"}');
  assert.equal(seen.length, 2);
  splitter.end();
  assert.deepEqual(
    seen.map((line) => (line.kind === 'event' ? line.event.type : line.text)),
    ['planned', 'hello', 'itemStarted'],
  );
});
