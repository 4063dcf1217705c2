// Copies the first N files (sorted by name) of a folder into a new folder: the target pool of
// size N that one arm of the evidence experiment may use. Usage: node subset.mjs FROM TO N
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [from, to, count] = process.argv.slice(2);
const n = Number(count);
if (!from || !to || !Number.isInteger(n) || n <= 0) {
  console.error('usage: node evidence/subset.mjs FROM TO N');
  process.exit(2);
}
const files = readdirSync(from)
  .filter((name) => !name.startsWith('.'))
  .sort();
if (files.length < n) {
  console.error(`subset: ${from} has ${files.length} files, fewer than ${n}`);
  process.exit(1);
}
mkdirSync(to, { recursive: true });
for (const name of files.slice(0, n)) copyFileSync(join(from, name), join(to, name));
