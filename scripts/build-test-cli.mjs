// Bundles the CLI, the inference worker and augment's pool thread for the tests that run the real
// CLI (the e2e and faults tiers): like `npm run build`, but only those entries and into a folder of
// the caller's, so parallel builds of other bundles never interfere. scripts/run-unit-tests.mjs
// builds it once for a whole tier; test/e2e/helpers/cliHarness.ts builds a private one for a file
// run on its own.
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { NODE_EXTERNALS } from './bundleExternals.mjs';

/** Writes OUT_DIR/cli.js, OUT_DIR/worker.js and OUT_DIR/augmentThread.js from the sources under REPO. */
export async function buildTestCli(outDir, repo) {
  const entries = [
    { from: join(repo, 'src', 'cli', 'main.ts'), to: join(outDir, 'cli.js') },
    { from: join(repo, 'src', 'worker', 'main.ts'), to: join(outDir, 'worker.js') },
    // augment runs the CPU engines on threads that start this script beside the CLI.
    {
      from: join(repo, 'src', 'core', 'jobs', 'pool', 'augmentThread.ts'),
      to: join(outDir, 'augmentThread.js'),
    },
  ];
  await Promise.all(
    entries.map((entry) =>
      esbuild.build({
        entryPoints: [entry.from],
        outfile: entry.to,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: NODE_EXTERNALS,
        logLevel: 'error',
      }),
    ),
  );
}
