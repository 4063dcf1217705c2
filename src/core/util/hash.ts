/**
 * Content hashes and the per-item seed derivation.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 of a byte buffer, lower-case hex. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of a file's contents, streamed (outputs can be large 16-bit TIFFs). */
export async function sha256File(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Derives an unsigned 32-bit seed from labelled parts, e.g. the recipe seed, a source's relative
 * path and the augmentation index k.
 *
 * Definition (documented in docs/manifest.md so other tools can reproduce it): the first four
 * bytes, big-endian, of SHA-256 over the UTF-8 text `maskmedpaint-seed-v1` followed by each part
 * preceded by a newline. A cryptographic hash keeps seeds of neighbouring files uncorrelated and
 * needs no floating point, so every platform derives the same value.
 */
export function deriveSeed(...parts: ReadonlyArray<string | number>): number {
  const text = ['maskmedpaint-seed-v1', ...parts.map(String)].join('\n');
  return createHash('sha256').update(text, 'utf8').digest().readUInt32BE(0);
}
