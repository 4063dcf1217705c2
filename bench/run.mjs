// `npm run bench`: runs every benchmark (bench/<name>/bench.ts) in order and leaves their
// results in bench/results/. Usage: node bench/run.mjs [name ...]
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const wanted = process.argv.slice(2);
const names = readdirSync('bench', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join('bench', d.name, 'bench.ts')))
  .map((d) => d.name)
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();
let failed = 0;
for (const name of names) {
  console.log(`\n==== bench: ${name}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join('bench', name, 'bench.ts')], {
    stdio: 'inherit',
    env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' },
  });
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
