/**
 * Writes the scale benchmark's dataset alone, for side-by-side runs on more images than the
 * benchmark itself uses (bench/scale/sideBySide.sh with MMP_SCALE_DATA).
 * Usage: npx tsx bench/scale/writeDataset.ts SOURCES FOLDER   (16 targets, as the benchmark)
 */
import { writeScaleDataset } from './dataset';

async function main(): Promise<void> {
  const [count, folder] = process.argv.slice(2);
  const sources = Number(count);
  if (!Number.isInteger(sources) || sources < 1 || folder === undefined)
    throw new Error('usage: npx tsx bench/scale/writeDataset.ts SOURCES FOLDER');
  await writeScaleDataset(folder, sources, 16);
  console.log(`wrote ${sources} sources and 16 targets under ${folder}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
