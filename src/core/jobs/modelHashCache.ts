/**
 * A per-user cache of model file hashes, so a run identifies a multi-gigabyte model without
 * reading it again: a file's SHA-256 is remembered with its path, size, modification and change
 * times and inode, and reused while all of them are the same. Like git's index, it does not trust
 * a file changed moments before it was hashed: a second write within the file system's timestamp
 * granularity could leave size and times unchanged, so such a file is hashed and not remembered.
 * The cache only saves time; one that cannot be read or written is ignored.
 */
import { promises as fs, type BigIntStats } from 'node:fs';
import * as path from 'node:path';
import { defaultModelCacheDir } from '../models/cacheDir';
import { writeFileAtomic } from '../util/atomicWrite';
import { sha256File } from '../util/hash';
import { stableStringify } from '../util/stableJson';

/** The cache file's name, beside the model registry in the per-user model cache. */
export const MODEL_HASH_CACHE_FILE = 'model-hashes.json';

/** Files changed less than this long ago are not remembered (see the module comment). */
export const RECENT_CHANGE_MS = 5000;

/** What must be unchanged for a remembered hash to be reused (nanoseconds and inode as text). */
interface FileFingerprint {
  size: number;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
}

interface CacheEntry extends FileFingerprint {
  sha256: string;
}

function fingerprint(stat: BigIntStats): FileFingerprint {
  return {
    size: Number(stat.size),
    mtimeNs: String(stat.mtimeNs),
    ctimeNs: String(stat.ctimeNs),
    ino: String(stat.ino),
  };
}

function sameFile(entry: CacheEntry, current: FileFingerprint): boolean {
  return (
    /^[0-9a-f]{64}$/.test(String(entry.sha256)) &&
    entry.size === current.size &&
    entry.mtimeNs === current.mtimeNs &&
    entry.ctimeNs === current.ctimeNs &&
    entry.ino === current.ino
  );
}

/** File hashes remembered in one JSON file. */
export class ModelHashCache {
  private entries: Record<string, CacheEntry> | undefined;
  private changed = false;

  /** `now` is the clock the recent-change rule reads (tests pass their own). */
  constructor(
    readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The SHA-256 of `file`: remembered when the file is unchanged, else computed. */
  async sha256(file: string): Promise<string> {
    const absolute = path.resolve(file);
    const stat = await fs.stat(absolute, { bigint: true });
    const current = fingerprint(stat);
    const entries = await this.load();
    const known = entries[absolute];
    if (known !== undefined && sameFile(known, current)) return known.sha256;
    const sha256 = await sha256File(absolute);
    const lastChangeMs = Number(
      (stat.ctimeNs > stat.mtimeNs ? stat.ctimeNs : stat.mtimeNs) / 1_000_000n,
    );
    if (this.now() - lastChangeMs >= RECENT_CHANGE_MS) {
      entries[absolute] = { ...current, sha256 };
      this.changed = true;
    }
    return sha256;
  }

  /** Writes newly remembered hashes, dropping files that no longer exist. Never throws. */
  async save(): Promise<void> {
    if (!this.changed || this.entries === undefined) return;
    const kept: Record<string, CacheEntry> = {};
    for (const [file, entry] of Object.entries(this.entries)) {
      if (
        await fs.stat(file).then(
          () => true,
          () => false,
        )
      )
        kept[file] = entry;
    }
    try {
      await writeFileAtomic(this.file, stableStringify({ version: 1, files: kept }));
      this.changed = false;
    } catch {
      // A read-only or full cache folder only costs the next run the hashing.
    }
  }

  private async load(): Promise<Record<string, CacheEntry>> {
    if (this.entries !== undefined) return this.entries;
    this.entries = {};
    try {
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as {
        version?: unknown;
        files?: Record<string, CacheEntry>;
      };
      if (parsed.version === 1 && typeof parsed.files === 'object' && parsed.files !== null)
        this.entries = parsed.files;
    } catch {
      // Absent or unreadable: start empty; the next save writes a good one.
    }
    return this.entries;
  }
}

/** The per-user cache beside the CLI's model registry. */
export function defaultModelHashCache(): ModelHashCache {
  return new ModelHashCache(path.join(defaultModelCacheDir(), MODEL_HASH_CACHE_FILE));
}
