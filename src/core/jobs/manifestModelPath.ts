/**
 * `recipe.diffusion.model` on disk vs in memory. Every other path in a manifest is relative to
 * the manifest, so a run folder can be moved or shared together with its inputs; the model folder
 * or file is stored the same way, as a POSIX path that starts with `./` or `../`, which tells it
 * apart from a catalog id (ids never start with a dot). In memory (what readManifest returns and
 * what the engines get) it is absolute again. Catalog ids, and absolute paths a relative path
 * cannot express (another drive on Windows), are stored as they are.
 */
import * as path from 'node:path';
import type { Recipe } from '../../shared/recipe';
import { toPosix } from '../util/posixPath';

/** A stored model reference that is a path relative to the manifest (`./x`, `../x`, `.`, `..`). */
const RELATIVE_REFERENCE = /^\.\.?(\/|$)/;

/** The model reference to store in a manifest in `manifestDir`. */
export function modelForManifest(model: string, manifestDir: string): string {
  // `./x` in memory came from the command line or a recipe file: relative to the working folder.
  const absolute = path.isAbsolute(model)
    ? model
    : RELATIVE_REFERENCE.test(model)
      ? path.resolve(model)
      : null;
  if (absolute === null) return model;
  const relative = path.relative(path.resolve(manifestDir), absolute);
  if (path.isAbsolute(relative)) return absolute;
  const posix = toPosix(relative);
  if (posix === '') return '.';
  return posix === '..' || posix.startsWith('../') ? posix : `./${posix}`;
}

/** The model reference a manifest in `manifestDir` stores, as the engines need it. */
export function modelFromManifest(model: string, manifestDir: string): string {
  if (!RELATIVE_REFERENCE.test(model)) return model;
  return path.resolve(manifestDir, ...model.split('/'));
}

/** `recipe` with its model reference as stored in a manifest in `manifestDir`. */
export function recipeForManifest(recipe: Recipe, manifestDir: string): Recipe {
  const model = modelForManifest(recipe.diffusion.model, manifestDir);
  return model === recipe.diffusion.model
    ? recipe
    : { ...recipe, diffusion: { ...recipe.diffusion, model } };
}

/** `recipe` read from a manifest in `manifestDir`, with its model reference usable again. */
export function recipeFromManifest(recipe: Recipe, manifestDir: string): Recipe {
  const model = modelFromManifest(recipe.diffusion.model, manifestDir);
  return model === recipe.diffusion.model
    ? recipe
    : { ...recipe, diffusion: { ...recipe.diffusion, model } };
}
