import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { makeDataset } from '../../unit/jobs/helpers/makeDataset';
import { useTempDir } from '../../unit/helpers/tempDir';
import { buildCli, cliBundle, removeCli } from '../helpers/cliHarness';

const temp = useTempDir('lazy-native');
let hook: string;

before(async () => {
  await buildCli();
  // Preloaded into the CLI's process: reports every native library the CLI requires, by name.
  hook = temp('native-load-hook.cjs');
  writeFileSync(
    hook,
    [
      "const Module = require('node:module');",
      'const load = Module._load;',
      'Module._load = function (request, ...rest) {',
      "  if (request === 'sharp' || request === 'onnxruntime-node')",
      "    process.stderr.write('native library loaded: ' + request + '\\n');",
      '  return load.call(this, request, ...rest);',
      '};',
    ].join('\n'),
  );
});
after(removeCli);

/** Runs the bundled CLI with the hook; its stdout and the native libraries it loaded. */
function runWithHook(args: readonly string[]): {
  code: number | null;
  stdout: string;
  loaded: string[];
} {
  const run = spawnSync(process.execPath, ['--require', hook, cliBundle, ...args], {
    encoding: 'utf8',
  });
  const loaded = [...run.stderr.matchAll(/^native library loaded: (\S+)$/gm)].map(
    (m) => m[1] ?? '',
  );
  return { code: run.status, stdout: run.stdout, loaded: [...new Set(loaded)] };
}

test('--version, --help and a command help load neither sharp nor onnxruntime-node', () => {
  for (const args of [['--version'], ['--help'], ['augment', '--help'], ['inspect', '--help']]) {
    const run = runWithHook(args);
    assert.equal(run.code, 0, args.join(' '));
    assert.notEqual(run.stdout, '', args.join(' '));
    assert.deepEqual(run.loaded, [], `${args.join(' ')} loaded ${run.loaded.join(', ')}`);
  }
});

test('a command that reads images loads sharp on first use (the hook sees it)', async () => {
  const dataset = await makeDataset(temp('data'), { perClass: 1 });
  const run = runWithHook(['inspect', dataset.source, '--masks', dataset.masks]);
  assert.equal(run.code, 0);
  assert.deepEqual(run.loaded, ['sharp']);
  assert.match(run.stdout, /Key-region coverage over 2 masks/);
});
