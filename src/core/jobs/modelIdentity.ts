/**
 * The identity of the model a run used, recorded in the manifest (`model: { id, sha256 }`) so a
 * result can be traced to the exact weights. A model file hashes to its SHA-256; a model folder to
 * the SHA-256 of its listing "<relative path> <file SHA-256>" (one line per file, sorted), which
 * changes when any file changes, is added or is removed. File hashes come from a
 * {@link ModelHashCache} when one is given, so gigabytes are read once, not every run.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { LocatedModel } from '../engines/engineDescriptor';
import { sha256File, sha256Hex } from '../util/hash';
import { compareCodeUnits, toPosix } from '../util/posixPath';
import type { ModelHashCache } from './modelHashCache';

/** What the manifest records about a model. */
export interface ModelIdentity {
  id: string;
  sha256: string;
}

async function listFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.isFile()) files.push(toPosix(path.relative(root, full)));
    }
  };
  await visit(root);
  return files.sort(compareCodeUnits);
}

/** Hashes a model file or folder (see the module comment). */
export async function hashModel(modelPath: string, cache?: ModelHashCache): Promise<string> {
  const hashFile = (file: string): Promise<string> =>
    cache ? cache.sha256(file) : sha256File(file);
  const stat = await fs.stat(modelPath);
  if (stat.isFile()) return hashFile(modelPath);
  const lines: string[] = [];
  for (const rel of await listFiles(modelPath)) {
    lines.push(`${rel} ${await hashFile(path.join(modelPath, ...rel.split('/')))}`);
  }
  return sha256Hex(lines.join('\n') + '\n');
}

/**
 * The identity of a located model: its recorded id (the catalog id, or the file or folder name)
 * and its content hash; null for engines that run no model.
 */
export async function identifyModel(
  model: LocatedModel | undefined,
  cache?: ModelHashCache,
): Promise<ModelIdentity | null> {
  if (!model) return null;
  const sha256 = await hashModel(model.path, cache);
  await cache?.save();
  return { id: model.id, sha256 };
}
