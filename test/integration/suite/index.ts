/**
 * Entry of the integration suite, bundled by esbuild to dist/test/integration/index.js and loaded
 * by the real extension host (extensionTestsPath). VS Code calls `run()`; its promise decides the
 * exit code the runner receives through `codeAutomationExit`.
 *
 * MMP_IT_SUITE selects the tests: 'vsix' checks the extension installed from the VSIX;
 * 'untrusted' the restricted mode; anything else runs the full suite against the development
 * folder.
 */
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import { failureReport } from './failureReport';
import { defineSuites } from './suites';

export { defineSuites };

interface SuiteResults {
  passed: number;
  failed: number;
  failures: { title: string; error: string }[];
}

/** Runs the selected tests and writes a JSON summary to $MMP_IT_RESULTS for the runner. */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 120_000, color: false, reporter: 'spec' });
  // MMP_IT_GREP runs only the tests whose full title matches (a quicker loop while developing).
  if (process.env.MMP_IT_GREP) mocha.grep(process.env.MMP_IT_GREP);
  // The test files are bundled, not loaded from disk: expose the tdd globals, then define.
  mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
  const mode = process.env.MMP_IT_SUITE;
  defineSuites(mode === 'vsix' || mode === 'untrusted' ? mode : 'dev');
  // What the workbench looked like when a test failed (a flaky failure cannot be rerun at will).
  const reports = new Map<string, string>();
  mocha.suite.afterEach(async function () {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    // Bounded: a failing root hook would make mocha skip every test after it.
    const timeout = new Promise<string>((resolve) =>
      setTimeout(() => resolve('  (no report: collecting it took over 30 s)'), 30_000).unref(),
    );
    reports.set(test.fullTitle(), await Promise.race([failureReport(test.fullTitle()), timeout]));
  });

  const results: SuiteResults = { passed: 0, failed: 0, failures: [] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => {
      results.passed += 1;
      console.log(`  passed: ${test.fullTitle()}`);
    });
    runner.on('fail', (test, error: Error) => {
      results.failed += 1;
      results.failures.push({ title: test.fullTitle(), error: error.stack ?? String(error) });
      console.log(`  FAILED: ${test.fullTitle()}: ${error.message}`);
    });
  });
  for (const failure of results.failures) {
    const report = reports.get(failure.title);
    if (report) failure.error += `\n${report}`;
  }
  const resultsFile = process.env.MMP_IT_RESULTS;
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  if (results.failed > 0) throw new Error(`${results.failed} integration test(s) failed`);
}
