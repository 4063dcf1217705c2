/**
 * Deterministic JSON: object keys sorted by code unit, 2-space indent, trailing newline. Two
 * equal values always give the same bytes, so manifests diff cleanly and hash reproducibly.
 */
import { compareCodeUnits } from './posixPath';

/** Returns a copy of `value` with every object's keys in sorted order (undefined members dropped). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compareCodeUnits)) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) sorted[key] = sortKeysDeep(member);
    }
    return sorted;
  }
  return value;
}

/** Serialises `value` deterministically (see module comment). */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value), null, 2) + '\n';
}
