/**
 * The SHA-256 of every input file a plan reads, and one hash over all of them. A shard checks
 * its own inputs against these before it runs, so a file changed after planning can never slip
 * into a merged run made "from the plan".
 */
import { sha256File, sha256Hex } from '../util/hash';
import { compareCodeUnits } from '../util/posixPath';

/** Files hashed at once: enough to keep a network file system busy, few enough for 2 cores. */
const CONCURRENT_READS = 8;

/** SHA-256 of each file, keyed by the same string it was given as (`key(file)`). */
export async function hashFiles(
  files: readonly string[],
  key: (file: string) => string,
): Promise<Record<string, string>> {
  const unique = [...new Set(files)];
  const hashes: Record<string, string> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < unique.length) {
      const file = unique[next++];
      hashes[key(file)] = await sha256File(file);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, unique.length) }, worker));
  return Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => compareCodeUnits(a, b)));
}

/** One hash for a set of file hashes: SHA-256 of the sorted `"<path> <sha256>"` lines. */
export function combinedHash(files: Readonly<Record<string, string>>): string {
  const lines = Object.keys(files)
    .sort(compareCodeUnits)
    .map((file) => `${file} ${files[file] ?? ''}`);
  return sha256Hex(lines.join('\n') + '\n');
}
