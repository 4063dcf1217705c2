import assert from 'node:assert/strict';
import { test } from 'node:test';
import trainingEventsSchema from '../../../schema/training-events.schema.json';
import {
  describeStep,
  isTrainingEvent,
  stepIncrement,
  type TrainingEvent,
} from '../../../src/extension/fineTune/trainingEvents';
import { parseJsonLine } from '../../../src/shared/jsonLines';

const parseTrainingLine = (line: string) => parseJsonLine(line, isTrainingEvent);

test('parses the toolkit step line, including a null ETA on the first step', () => {
  const line = '{"type":"step","step":1,"total":2000,"loss":0.1234,"eta_s":null,"lr":1e-6}';
  const parsed = parseTrainingLine(line);
  assert.equal(parsed.kind, 'event');
  assert.deepEqual(parsed.kind === 'event' && parsed.event, {
    type: 'step',
    step: 1,
    total: 2000,
    loss: 0.1234,
    eta_s: null,
    lr: 1e-6,
  });
});

test('lines that are not known events stay text for the log', () => {
  for (const line of [
    'Loading pipeline components...',
    '{"type":"step","step":"1","total":2}',
    '{"type":"unknown","step":1}',
    '{not json',
    '[1, 2]',
  ]) {
    assert.deepEqual(parseTrainingLine(line), { kind: 'text', text: line });
  }
});

test('every event type needs its own fields', () => {
  assert.equal(isTrainingEvent({ type: 'error', message: 'Too few images' }), true);
  assert.equal(isTrainingEvent({ type: 'error' }), false);
  assert.equal(isTrainingEvent({ type: 'done', output: '/runs/final' }), true);
  const verified = {
    type: 'verified',
    component: 'unet',
    step: 6,
    total: 8,
    inputs: { sample: [1, 4, 8, 8] },
    outputShapes: [[1, 4, 8, 8]],
    maxAbsDiff: 1e-6,
    finite: true,
    tolerance: 1e-4,
    ok: true,
  };
  assert.equal(isTrainingEvent(verified), true);
  assert.equal(isTrainingEvent({ ...verified, maxAbsDiff: null }), true, 'non-finite: null');
  const { ok: _ok, ...withoutOk } = verified;
  assert.equal(isTrainingEvent(withoutOk), false);
  assert.equal(isTrainingEvent({ ...verified, extra: 1 }), false, 'undeclared fields are refused');
  assert.equal(isTrainingEvent({ type: 'step', step: 2, total: 4, loss: 'nan', eta_s: 3 }), false);
  assert.equal(isTrainingEvent(null), false);
});

test('the step message shows what is known', () => {
  assert.equal(
    describeStep({ type: 'step', step: 120, total: 2000, loss: 0.021345, eta_s: 2460 }),
    'step 120/2000 · loss 0.0213 · about 41 min 00 s left',
  );
  assert.equal(
    describeStep({ type: 'step', step: 1, total: 10, loss: null, eta_s: null }),
    'step 1/10',
  );
});

test('increments add up to 100 percent over a run and ignore repeats', () => {
  let sum = 0;
  let last = 0;
  for (const step of [1, 2, 2, 5, 10]) {
    sum += stepIncrement(last, step, 10);
    last = Math.max(last, step);
  }
  assert.ok(Math.abs(sum - 100) < 1e-9);
  assert.equal(stepIncrement(0, 1, 0), 0);
});

test('the schema declares exactly the event types the extension types and handles', () => {
  // A Record over the union: adding a type to TrainingEvent without listing it here fails to compile.
  const typed: Record<TrainingEvent['type'], true> = {
    start: true,
    step: true,
    checkpoint: true,
    validation: true,
    exported: true,
    verified: true,
    classifier: true,
    scored: true,
    done: true,
    error: true,
    cancelled: true,
  };
  const declared = trainingEventsSchema.oneOf.map((branch) => branch.properties.type.const);
  assert.deepEqual([...declared].sort(), Object.keys(typed).sort());
});
