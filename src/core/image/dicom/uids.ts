/**
 * UIDs for generated objects, derived instead of drawn at random so that resuming a run (or
 * rerunning an item) writes byte-identical files: "2.25." followed by a 128-bit number taken from
 * a SHA-256 of the run's identity and what the UID names (the 2.25 arc of PS3.5 B.2 accepts a
 * UUID-sized decimal integer without a registered root). The original UIDs only enter the hash,
 * so they cannot be read back out of the new ones.
 */
import { createHash } from 'node:crypto';

/** What a derived UID stands for; each role gets its own name space. */
export type UidRole = 'study' | 'series' | 'instance' | 'source';

/** A 2.25 UID for `role` and `key` within the run identified by `runKey`. */
export function derivedUid(runKey: string, role: UidRole, key: string): string {
  const digest = createHash('sha256')
    .update(`maskmedpaint-uid-v1\n${runKey}\n${role}\n${key}`, 'utf8')
    .digest('hex');
  return `2.25.${BigInt(`0x${digest.slice(0, 32)}`).toString(10)}`;
}

/** The UID that names this product's implementation in the file meta (fixed, derived once). */
export const IMPLEMENTATION_CLASS_UID = derivedUid('maskmedpaint', 'instance', 'implementation');
