/**
 * What `augment` settles for a diffusion run before planning and before the first item: the
 * prompt the model was trained with, and the pre-run checks (strength, processing sizes, memory).
 */
import type { Recipe } from '../shared/recipe';
import { readRecipeFile } from '../core/recipe/resolveRecipe';
import { UsageError } from './exitCodes';
import { tty } from './terminalText';

/** The inputs these checks read (a subset of runAugment's AugmentInputs). */
interface PromptInputs {
  recipeFile?: string;
  overrides: { diffusion?: { prompt?: string } };
}

/**
 * A diffusion recipe with the prompt the model records it was trained with, unless a prompt was
 * given by `--prompt` or the recipe file (recipe/trainedPrompt.ts); the decision is printed.
 */
export async function withTrainedPrompt(
  recipe: Recipe,
  inputs: PromptInputs,
  modelFolder: string | undefined,
  stderr: NodeJS.WritableStream,
): Promise<Recipe> {
  if (recipe.engine !== 'diffusion' || modelFolder === undefined) return recipe;
  const { adoptTrainedPrompt, readTrainedPrompt } = await import('../core/recipe/trainedPrompt.js');
  const folder = modelFolder;
  const fromFile = inputs.recipeFile
    ? readRecipeFile(inputs.recipeFile).diffusion?.prompt
    : undefined;
  const given = inputs.overrides.diffusion?.prompt !== undefined || fromFile !== undefined;
  const decision = adoptTrainedPrompt(recipe, readTrainedPrompt(folder), given);
  if (decision.note) stderr.write(tty`note: ${decision.note}\n`);
  return decision.recipe;
}

/**
 * Checks a diffusion run before its first item (strength, processing sizes, memory) and prints
 * what the checks decided; a run that cannot work is a usage error (exit 2).
 */
export async function preflight(
  recipe: Recipe,
  items: readonly { sourcePath: string }[],
  modelFolder: string | undefined,
  stderr: NodeJS.WritableStream,
): Promise<void> {
  if (recipe.engine !== 'diffusion' || modelFolder === undefined) return;
  const checks = await import('../core/engines/diffusion/preflight.js');
  try {
    const report = await checks.preflightDiffusionRun(
      recipe,
      items.map((item) => item.sourcePath),
      modelFolder,
    );
    for (const note of report.notes) stderr.write(tty`note: ${note}\n`);
  } catch (error) {
    if (error instanceof checks.PreflightError) throw new UsageError(error.message);
    throw error;
  }
}
