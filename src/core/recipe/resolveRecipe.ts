/**
 * Builds the recipe of a run: defaults <- preset <- recipe file <- explicit overrides, then
 * validates the result against schema/recipe.schema.json and the rules a schema cannot say.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PresetId, Recipe } from '../../shared/recipe';
import { modelFromManifest } from '../jobs/manifestModelPath';
import { recipeSchemaProblems } from '../util/schemas';
import { defaultRecipe } from './defaults';
import { applyOverrides, type RecipeOverrides } from './merge';
import { PRESET_IDS, PRESETS, isPresetId } from './presets';
import { unknownPlaceholders } from './templates';

/** A recipe that cannot be used; `problems` lists each reason with its JSON path. */
export class RecipeError extends Error {
  constructor(
    readonly problems: readonly string[],
    readonly origin: string,
  ) {
    super(`invalid recipe (${origin}):\n  ${problems.join('\n  ')}`);
    this.name = 'RecipeError';
  }
}

/** Returns the problems of a complete recipe (empty when it is valid). */
export function recipeProblems(value: unknown): string[] {
  const problems = recipeSchemaProblems(value);
  if (problems.length > 0) return problems;
  const recipe = value as Recipe;
  for (const field of ['prompt', 'negativePrompt'] as const) {
    const unknown = unknownPlaceholders(recipe.diffusion[field]);
    if (unknown.length > 0) {
      problems.push(
        `/diffusion/${field}: unknown placeholder ${unknown.map((u) => `{${u}}`).join(', ')} ` +
          '(known: {class}, {target}, {labels})',
      );
    }
  }
  return problems;
}

/** Throws {@link RecipeError} unless `value` is a complete, valid recipe. */
export function validateRecipe(value: unknown, origin = 'recipe'): Recipe {
  const problems = recipeProblems(value);
  if (problems.length > 0) throw new RecipeError(problems, origin);
  return value as Recipe;
}

/**
 * Reads a recipe file: a partial recipe object, or a manifest (maskmedpaint.json) whose recipe is
 * reused, so any earlier run can be reproduced with `--recipe OUT/maskmedpaint.json`.
 */
export function readRecipeFile(filePath: string): RecipeOverrides {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(filePath, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RecipeError([`cannot read JSON: ${reason}`], filePath);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new RecipeError(['/: must be a JSON object'], filePath);
  }
  const object = parsed as Record<string, unknown>;
  const fromManifest = 'schemaVersion' in object && 'recipe' in object;
  const recipe: unknown = fromManifest ? object.recipe : object;
  if (recipe === null || typeof recipe !== 'object' || Array.isArray(recipe)) {
    throw new RecipeError(['/recipe: must be a JSON object'], filePath);
  }
  if (fromManifest) return withManifestModel(recipe, path.dirname(path.resolve(filePath)));
  // Only the shape is known here; resolveRecipe validates the merged result against the schema.
  return recipe;
}

/** A manifest's recipe with its model path (stored relative to the manifest) usable again. */
function withManifestModel(recipe: RecipeOverrides, manifestDir: string): RecipeOverrides {
  const model = recipe.diffusion?.model;
  if (typeof model !== 'string') return recipe;
  return {
    ...recipe,
    diffusion: { ...recipe.diffusion, model: modelFromManifest(model, manifestDir) },
  };
}

/**
 * Resolves the recipe of a run.
 * @param presetId preset to start from; undefined = the recipe file's preset, else 'custom'.
 * @param overrides explicit settings (command-line flags), applied last.
 * @param recipeFile optional JSON file with a partial recipe (or a manifest).
 * @throws RecipeError naming every problem and where it came from.
 */
export function resolveRecipe(
  presetId: string | undefined,
  overrides: RecipeOverrides = {},
  recipeFile?: string,
): Recipe {
  const fileLayer = recipeFile ? readRecipeFile(recipeFile) : {};
  const chosen = presetId ?? (typeof fileLayer.preset === 'string' ? fileLayer.preset : 'custom');
  if (!isPresetId(chosen)) {
    throw new RecipeError(
      [`/preset: unknown preset "${chosen}" (known: ${PRESET_IDS.join(', ')})`],
      presetId ? '--preset' : (recipeFile ?? 'recipe'),
    );
  }
  const preset: PresetId = chosen;
  let recipe = applyOverrides(defaultRecipe(), PRESETS[preset].values);
  recipe = applyOverrides(recipe, { ...fileLayer, preset });
  recipe = applyOverrides(recipe, overrides);
  // A `./` or `../` model path from a recipe file means the working folder, as `--model` does;
  // made absolute so the manifest can store it relative to itself (manifestModelPath.ts).
  recipe.diffusion.model = modelFromManifest(recipe.diffusion.model, process.cwd());
  const origin = recipeFile
    ? `preset ${preset} + ${recipeFile} + options`
    : `preset ${preset} + options`;
  return validateRecipe(recipe, origin);
}
