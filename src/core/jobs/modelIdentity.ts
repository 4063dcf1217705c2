/**
 * The identity of the model a run used, recorded in the manifest (`model: { id, sha256 }`) so a
 * result can be traced to the exact weights. A model file hashes to its SHA-256; a model folder to
 * the SHA-256 of its listing "<relative path> <file SHA-256>" (one line per file, sorted), which
 * changes when any file changes, is added or is removed.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Recipe } from '../../shared/recipe';
import { sha256File, sha256Hex } from '../util/hash';
import { compareCodeUnits, toPosix } from '../util/posixPath';

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
export async function hashModel(modelPath: string): Promise<string> {
  const stat = await fs.stat(modelPath);
  if (stat.isFile()) return sha256File(modelPath);
  const lines: string[] = [];
  for (const rel of await listFiles(modelPath)) {
    lines.push(`${rel} ${await sha256File(path.join(modelPath, ...rel.split('/')))}`);
  }
  return sha256Hex(lines.join('\n') + '\n');
}

/**
 * The model identity of a recipe: null for the composite engine (no weights) and for a model named
 * by a catalog id rather than a path (the model registry knows its hash); else the file or
 * folder's name and hash.
 */
export async function modelIdentity(
  recipe: Recipe,
): Promise<{ id: string; sha256: string } | null> {
  if (recipe.engine === 'composite' || recipe.diffusion.model === '') return null;
  const modelPath = recipe.diffusion.model;
  const exists = await fs.stat(modelPath).then(
    () => true,
    () => false,
  );
  if (!exists) return null;
  return { id: path.basename(path.resolve(modelPath)), sha256: await hashModel(modelPath) };
}
