import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { TrainingEvent } from '../../../src/extension/fineTune/trainingEvents';
import { startStage } from '../../../src/extension/fineTune/trainingProcess';
import type { TrainingRequest } from '../../../src/shared/trainingRequest';

// A stand-in for `python -m maskmedpaint.cli`: a Node script with a shebang that behaves like the
// toolkit (JSON lines on stdout, log on stderr, `cancelled` + exit 130 on SIGTERM).
const folder = mkdtempSync(path.join(tmpdir(), 'mmp-fake-python-'));
const fakePython = path.join(folder, 'python');
writeFileSync(
  fakePython,
  `#!${process.execPath}
const args = process.argv.slice(2);
const mode = (args.find((arg) => arg.startsWith('--output=')) || '').slice('--output='.length);
const out = (event) => process.stdout.write(JSON.stringify(event) + '\\n');
console.error('loading components from ' + args.slice(0, 2).join(' '));
if (mode === 'wait') {
  // Installed before any output, so a cancel that follows the step line always finds it.
  process.on('SIGTERM', () => { out({ type: 'cancelled', message: 'cancelled' }); process.exit(130); });
}
if (mode === 'fail') {
  out({ type: 'error', message: 'Too few images in /t: found 1, need at least 5' });
  process.exit(1);
}
out({ type: 'start', stage: 'target-dreambooth', step: 0, total: 2, device: 'cpu', images: 6, processes: 1, mixedPrecision: 'no', gradientCheckpointing: false, resumedFrom: null });
// A line split across two writes, as a pipe may deliver it.
process.stdout.write('{"type":"step","step":1,"total":2,');
setTimeout(() => {
  process.stdout.write('"loss":0.5,"eta_s":null}\\nnot json\\n');
  if (mode === 'wait') {
    setInterval(() => {}, 1000);
    return;
  }
  out({ type: 'done', step: 2, total: 2, output: '/runs/final' });
}, 20);
`,
);
chmodSync(fakePython, 0o755);
after(() => rmSync(folder, { recursive: true, force: true }));

/** An export request whose output folder names what the stand-in does: ok, fail or wait. */
function exportTo(mode: string): TrainingRequest {
  return { command: 'export', model: '/base', unet: '/run/final', output: mode, overwrite: false };
}

function collect(mode: string) {
  const events: TrainingEvent[] = [];
  const logs: string[] = [];
  const running = startStage(fakePython, exportTo(mode), {
    onEvent: (event) => events.push(event),
    onLog: (line) => logs.push(line),
  });
  return { running, events, logs };
}

test('events are parsed across chunk boundaries; other lines go to the log', async () => {
  const { running, events, logs } = collect('ok');
  const result = await running.done;
  assert.deepEqual(result, {
    exitCode: 0,
    cancelled: false,
    error: undefined,
    output: '/runs/final',
  });
  assert.deepEqual(
    events.map((e) => e.type),
    ['start', 'step', 'done'],
  );
  assert.ok(logs.includes('not json'));
  assert.ok(logs.includes('loading components from -m maskmedpaint.cli'));
});

test('the error event becomes the stage error', async () => {
  const { running } = collect('fail');
  const result = await running.done;
  assert.equal(result.exitCode, 1);
  assert.match(result.error ?? '', /Too few images/);
});

test('cancel sends SIGTERM and the stage ends as cancelled', async () => {
  const events: TrainingEvent[] = [];
  let markRunning: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (markRunning = resolve));
  const stage = startStage(fakePython, exportTo('wait'), {
    onEvent: (event) => {
      events.push(event);
      if (event.type === 'step') markRunning();
    },
    onLog: () => undefined,
  });
  // Cancel once the stage is demonstrably running (its step event arrived).
  await running;
  stage.cancel();
  const result = await stage.done;
  assert.equal(result.cancelled, true);
  assert.equal(result.exitCode, 130);
  assert.equal(events[events.length - 1].type, 'cancelled');
});

test('a missing interpreter is reported, not thrown', async () => {
  const running = startStage(path.join(folder, 'no-such-python'), exportTo('ok'), {
    onEvent: () => undefined,
    onLog: () => undefined,
  });
  const result = await running.done;
  assert.equal(result.exitCode, null);
  assert.match(result.error ?? '', /could not start/);
});
