// The job event stream's one validator (src/shared/jobEvents.ts) and the JSON-lines reading every
// child-process stream shares (src/shared/jsonLines.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJobEvent, itemProgressEvent, type JobEvent } from '../../../src/shared/jobEvents';
import { LineSplitter, parseJsonLine } from '../../../src/shared/jsonLines';

test('recognises every job event kind and rejects incomplete ones', () => {
  const valid: JobEvent[] = [
    { type: 'planned', total: 4, alreadyDone: 0 },
    {
      type: 'planned',
      total: 4,
      alreadyDone: 2,
      changedSources: [{ source: 'a/b.png', reason: 'content changed', items: 2 }],
    },
    { type: 'itemStarted', index: 0, total: 4, id: 'a__0' },
    itemProgressEvent('a__0', { kind: 'denoising', step: 3, total: 50 }),
    itemProgressEvent('a__0', { kind: 'loading', detail: 'unet' }),
    { type: 'itemDone', index: 0, total: 4, id: 'a__0', output: 'a.png' },
    { type: 'itemSkipped', index: 1, total: 4, id: 'a__1', reason: 'alreadyDone' },
    { type: 'itemFailed', index: 2, total: 4, id: 'a__2', error: 'boom' },
    { type: 'finished', done: 1, failed: 0, skipped: 0, cancelled: false, manifest: 'm.json' },
  ];
  for (const event of valid) assert.equal(isJobEvent(event), true, JSON.stringify(event));
  const invalid: unknown[] = [
    { type: 'finished', done: 1, failed: 0, skipped: 0, manifest: 'm.json' },
    { type: 'itemDone', index: '0', total: 4, id: 'a', output: 'a.png' },
    { type: 'itemProgress', id: 'a__0', phase: 'denoising', step: 1, steps: 2 },
    { type: 'itemProgress', id: 'a__0', progress: { kind: 'denoising', step: 1 } },
    { type: 'itemSkipped', index: 1, total: 4, id: 'a__1', reason: 'whim' },
    { type: 'planned', total: 1, alreadyDone: 0, changedSources: [{ source: 'x' }] },
    { type: 'toString' },
    null,
    'planned',
  ];
  for (const value of invalid) assert.equal(isJobEvent(value), false, JSON.stringify(value));
});

test('item progress carries the engine progress unchanged', () => {
  const progress = { kind: 'denoising', step: 12, total: 50 } as const;
  assert.deepEqual(itemProgressEvent('x__0', progress), {
    type: 'itemProgress',
    id: 'x__0',
    progress,
  });
});

test('non-event lines come back as text', () => {
  assert.deepEqual(parseJsonLine('warning: slow disk', isJobEvent), {
    kind: 'text',
    text: 'warning: slow disk',
  });
  assert.deepEqual(parseJsonLine('{"type":"nope"}', isJobEvent), {
    kind: 'text',
    text: '{"type":"nope"}',
  });
  assert.deepEqual(parseJsonLine('{broken', isJobEvent), { kind: 'text', text: '{broken' });
  assert.deepEqual(parseJsonLine(' {"type":"planned","total":1,"alreadyDone":0} ', isJobEvent), {
    kind: 'event',
    event: { type: 'planned', total: 1, alreadyDone: 0 },
  });
});

test('reassembles lines split across chunks, skips blank ones and flushes the last one', () => {
  const splitter = new LineSplitter();
  assert.deepEqual(splitter.push('{"type":"planned","to'), []);
  assert.deepEqual(splitter.push('tal":2,"alreadyDone":0}\r\n\n  \nhello\n{"type":"item'), [
    '{"type":"planned","total":2,"alreadyDone":0}',
    'hello',
  ]);
  assert.deepEqual(splitter.push('Started"}'), []);
  assert.deepEqual(splitter.flush(), ['{"type":"itemStarted"}']);
  assert.deepEqual(splitter.flush(), []);
});
