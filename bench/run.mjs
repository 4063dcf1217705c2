// `npm run bench`: runs every benchmark (bench/<name>/bench.ts) in order and leaves their
// results in bench/results/. Usage: node bench/run.mjs [name ...]
//
// Each benchmark is bundled with esbuild first, as the extension and the CLI are shipped (one
// scope, imports resolved at build time), and the bundle is run. Run through a per-module
// TypeScript loader instead, the same code measured about 15-20% slower: every call into another
// module goes through that module's export object, which keeps V8 from inlining it.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const wanted = process.argv.slice(2);
const names = readdirSync('bench', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join('bench', d.name, 'bench.ts')))
  .map((d) => d.name)
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();
let failed = 0;
for (const name of names) {
  console.log(`\n==== bench: ${name}`);
  const bundle = join('bench', '.work', 'bundles', `${name}.cjs`);
  await build({
    entryPoints: [join('bench', name, 'bench.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Packages (sharp, onnxruntime-node, ...) load from node_modules as at run time.
    packages: 'external',
    sourcemap: 'inline',
    outfile: bundle,
    logLevel: 'warning',
  });
  const run = spawnSync(process.execPath, ['--enable-source-maps', bundle], {
    stdio: 'inherit',
    env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' },
  });
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
