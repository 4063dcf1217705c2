/**
 * `npm run generate:schemas`: writes the schema enums and the Python package's copies from their
 * one source (scripts/schemaGeneration.ts). With `--check` (run by `npm run lint`) it writes
 * nothing and exits 1 naming each stale file and the command that fixes them.
 * Usage: tsx scripts/generate-schemas.ts [--check]
 */
import * as path from 'node:path';
import { writeFileAtomic } from '../src/core/util/atomicWrite';
import { GENERATE_COMMAND, REPO_ROOT, generatedFiles, staleFiles } from './schemaGeneration';

async function main(check: boolean): Promise<number> {
  const files = await generatedFiles();
  const stale = await staleFiles(files);
  if (check) {
    if (stale.length === 0) return 0;
    console.error(
      `generated from the engine registry and src/shared enumerations, but stale: ${stale.join(', ')}\nrun: ${GENERATE_COMMAND}`,
    );
    return 1;
  }
  for (const file of stale)
    await writeFileAtomic(path.join(REPO_ROOT, file), files.get(file) ?? '');
  console.log(stale.length === 0 ? 'generated files are current' : `wrote ${stale.join(', ')}`);
  return 0;
}

main(process.argv.includes('--check')).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
