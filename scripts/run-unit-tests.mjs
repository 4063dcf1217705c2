// Runs the tests of one tier with node's built-in test runner and tsx: the unit tier
// (test/unit/**/*.test.ts, the default) or another tier's folder with --root (test/e2e, test/faults).
// Node 20's --test does not expand globs, so the files are collected here. Test files run in
// parallel, one worker per core (MMP_TEST_CONCURRENCY overrides). When the selected files run the
// real CLI (they use test/e2e/helpers/cliHarness.ts), the CLI and worker are bundled ONCE here
// (scripts/build-test-cli.mjs) and shared through MMP_TEST_CLI_DIR. The last line printed is
// "N passed, N failed" (cancelled tests count as failed), from the runner's own totals, for
// scripts/test-all.sh's summary.
// Usage: node scripts/run-unit-tests.mjs [--root DIR] [substring-filter ...]
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildTestCli } from './build-test-cli.mjs';

function collect(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...collect(full));
    else if (name.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

/** True when a test file runs the CLI bundle (directly or through the fault tier's helper). */
function runsTheCli(file) {
  return /cliHarness|faultCli/.test(readFileSync(file, 'utf8'));
}

const repo = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? args[rootAt + 1] : 'test/unit';
const filters = rootAt >= 0 ? args.filter((_, i) => i !== rootAt && i !== rootAt + 1) : args;
const files = collect(root)
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error('run-unit-tests: no test files matched');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const concurrency = Number(process.env.MMP_TEST_CONCURRENCY ?? availableParallelism());
const env = { ...process.env, ORT_DISABLE_TELEMETRY: '1' };
// Inside the repository so the bundle resolves sharp from node_modules like dist/cli.js does.
const cliDir = files.some(runsTheCli)
  ? join(repo, 'test-artifacts', `cli-shared-${process.pid}`)
  : undefined;
if (cliDir) {
  await buildTestCli(cliDir, repo);
  env.MMP_TEST_CLI_DIR = cliDir;
}
const countsDir = mkdtempSync(join(tmpdir(), 'mmp-test-counts-'));
const countsFile = join(countsDir, 'counts.json');
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/test-counts-reporter.mjs',
    `--test-reporter-destination=${countsFile}`,
    ...files,
  ],
  { stdio: 'inherit', env },
);
let counts = {};
try {
  counts = JSON.parse(readFileSync(countsFile, 'utf8'));
} catch {
  // The runner died before its totals: counted below as one failure.
}
rmSync(countsDir, { recursive: true, force: true });
if (cliDir) rmSync(cliDir, { recursive: true, force: true });
const passed = counts.pass ?? 0;
let failed = (counts.fail ?? 0) + (counts.cancelled ?? 0);
const status = result.status ?? 1;
if (status !== 0 && failed === 0) failed = 1; // a crash that reported no failing test still fails
console.log(`${passed} passed, ${failed} failed`);
process.exit(status);
