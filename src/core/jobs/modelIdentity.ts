/**
 * The identity of the model a run used, recorded in the manifest (`model: { id, sha256 }`) so a
 * result can be traced to the exact weights. A model file hashes to its SHA-256; a model folder to
 * the SHA-256 of its listing "<relative path> <file SHA-256>" (one line per file, sorted), which
 * changes when any file changes, is added or is removed.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Recipe } from '../../shared/recipe';
import { modelSearchDirs } from '../models/cacheDir';
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
 * The model identity of a recipe: null for the composite engine (no weights); else the model the
 * engine runs, resolved the way the engine resolves it (a path, or a catalog/registered id looked
 * up in `searchPaths`' registries), recorded as the catalog id (or the file/folder name) and the
 * content hash.
 */
export async function modelIdentity(
  recipe: Recipe,
  searchPaths: readonly string[] = modelSearchDirs(),
): Promise<{ id: string; sha256: string } | null> {
  if (recipe.engine === 'composite') return null;
  const located =
    recipe.engine === 'diffusion'
      ? await (
          await import('../engines/diffusion/diffusionEngine.js')
        ).locateDiffusionModel(recipe.diffusion.model, searchPaths)
      : await (
          await import('../engines/plainInpainter/loadPlainInpainter.js')
        ).locatePlainInpainterModel(recipe.engine, recipe.diffusion.model, searchPaths);
  return { id: located.id, sha256: await hashModel(located.path) };
}
