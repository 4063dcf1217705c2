// `npm test`'s tier runner (scripts/tiers.sh, used by scripts/test-all.sh) and the unit runner's
// counts (scripts/run-unit-tests.mjs), driven with small stand-in tiers and test files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { freshTempDirs } from '../helpers/tempDir';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const tempDir = freshTempDirs('tiers');

test('every tier runs even after failures; one summary line per tier and a total', () => {
  const script = `
set -uo pipefail
source scripts/tiers.sh
run_tier build check true
run_tier lint check bash -c 'echo lint ran; exit 1'
run_tier unit tests bash -c 'echo "12 passed, 1 failed"; exit 1'
run_tier python tests bash -c 'echo "1 failed, 5 passed, 2 errors in 3.1s"; exit 1'
run_tier crashed tests bash -c 'echo boom; exit 3'
run_tier empty tests true
run_tier integration tests bash -c 'echo "4 passed, 0 failed"'
print_summary
`;
  const result = spawnSync('bash', ['-c', script], { cwd: repoRoot, encoding: 'utf8' });
  assert.notEqual(result.status, 0, 'a failed tier fails the run');
  assert.match(result.stdout, /lint ran/);
  const summary = result.stdout.slice(result.stdout.indexOf('==== summary')).trim().split('\n');
  assert.deepEqual(summary, [
    '==== summary',
    'build:       1 passed, 0 failed',
    'lint:        0 passed, 1 failed (exit status 1)',
    'unit:        12 passed, 1 failed (exit status 1)',
    'python:      5 passed, 3 failed (exit status 1)',
    'crashed:     0 passed, 1 failed (exit status 3)',
    'empty:       0 passed, 1 failed',
    'integration: 4 passed, 0 failed',
    'total: 22 passed, 7 failed',
  ]);
});

test('a run where every tier passes exits 0', () => {
  const script = `source scripts/tiers.sh
run_tier build check true
run_tier unit tests bash -c 'echo "3 passed, 0 failed"'
print_summary`;
  const result = spawnSync('bash', ['-c', script], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout);
  assert.match(result.stdout, /\ntotal: 4 passed, 0 failed\n$/);
});

test("the unit runner ends with the node runner's own counts, failures and crashed files included", () => {
  const dir = tempDir();
  writeFileSync(
    path.join(dir, 'mixed.test.ts'),
    "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n" +
      "test('passes', () => assert.equal(1, 1));\ntest('fails', () => assert.equal(1, 2));\n",
  );
  writeFileSync(path.join(dir, 'crashes.test.ts'), "throw new Error('cannot load');\n");
  // Without the outer runner's context the inner runner reports on its own, as under npm test.
  const { NODE_TEST_CONTEXT: _outer, ...env } = process.env;
  const result = spawnSync(process.execPath, ['scripts/run-unit-tests.mjs', '--root', dir], {
    cwd: repoRoot,
    encoding: 'utf8',
    env,
  });
  assert.equal(result.status, 1);
  assert.equal(result.stdout.trim().split('\n').at(-1), '1 passed, 2 failed');
});

test('the runner runs test files in parallel and builds the CLI once for all files that run it', () => {
  const dir = tempDir();
  const seen = tempDir();
  // Each file records the CLI folder it was given, then waits until the other file has started:
  // with one file at a time the first would never see the second and fail.
  const file = (name: string, other: string): string =>
    [
      "import { test } from 'node:test';",
      "import assert from 'node:assert/strict';",
      "import { existsSync, readdirSync, writeFileSync } from 'node:fs';",
      "import * as path from 'node:path';",
      '// Runs the real CLI (cliHarness), so the runner provides the shared build.',
      `test('${name}', async () => {`,
      '  const cli = process.env.MMP_TEST_CLI_DIR ?? "";',
      "  assert.ok(existsSync(path.join(cli, 'cli.js')) && existsSync(path.join(cli, 'worker.js')));",
      `  writeFileSync(path.join(${JSON.stringify(seen)}, '${name}'), cli);`,
      `  while (!readdirSync(${JSON.stringify(seen)}).includes('${other}'))`,
      '    await new Promise((resolve) => setTimeout(resolve, 20));',
      '});',
    ].join('\n');
  writeFileSync(path.join(dir, 'first.test.ts'), file('first', 'second'));
  writeFileSync(path.join(dir, 'second.test.ts'), file('second', 'first'));
  const { NODE_TEST_CONTEXT: _outer, ...env } = process.env;
  const result = spawnSync(process.execPath, ['scripts/run-unit-tests.mjs', '--root', dir], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...env, MMP_TEST_CONCURRENCY: '2' },
    timeout: 120_000,
  });
  assert.equal(result.stdout.trim().split('\n').at(-1), '2 passed, 0 failed', result.stdout);
  const folders = ['first', 'second'].map((name) => readFileSync(path.join(seen, name), 'utf8'));
  assert.equal(folders[0], folders[1], 'one shared build');
  assert.equal(existsSync(folders[0] ?? ''), false, 'removed after the run');
});
