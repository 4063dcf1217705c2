/**
 * The prompt a fine-tuned model was trained with, as the Python toolkit's export records it in
 * `maskmedpaint_model.json` (`prompts.inference`: the preset's shared template with the target
 * domain word, `{class}`/`{labels}` left for each image). `augment` generates with it unless a
 * prompt is given (`--prompt` or a recipe file), so generation uses the tokens the model learned,
 * whatever the preset; the recipe (and so the manifest) records `promptSource: 'model'`.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Recipe } from '../../shared/recipe';
import { unknownPlaceholders } from './templates';

/** The metadata file an exported model folder carries. */
export const MODEL_METADATA_FILE = 'maskmedpaint_model.json';

/** What the model says about its training prompts (the fields augment uses). */
export interface TrainedPrompt {
  /** The prompt template to generate with ({class}, {labels}, {target} filled per image). */
  inference: string;
  /** The stage whose weights the model holds, e.g. 'target-dreambooth'. */
  stage: string | null;
  preset: string | null;
}

/** The trained prompt a model folder records, or undefined (no metadata, or none usable). */
export function readTrainedPrompt(modelFolder: string): TrainedPrompt | undefined {
  const file = path.join(modelFolder, MODEL_METADATA_FILE);
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // not the toolkit's metadata: the model is used like any other
  }
  const prompts = (parsed as { prompts?: Record<string, unknown> } | null)?.prompts;
  if (!prompts || typeof prompts.inference !== 'string') return undefined;
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  return { inference: prompts.inference, stage: text(prompts.stage), preset: text(prompts.preset) };
}

/** The recipe to run, and a line for the log saying what was decided. */
export interface PromptDecision {
  recipe: Recipe;
  note?: string;
}

/**
 * Uses the model's trained prompt unless `promptGiven` (the user's prompt wins, and the note says
 * what the model was trained with).
 */
export function adoptTrainedPrompt(
  recipe: Recipe,
  trained: TrainedPrompt | undefined,
  promptGiven: boolean,
): PromptDecision {
  if (!trained || trained.inference === recipe.diffusion.prompt) return { recipe };
  const origin = `${trained.stage ?? 'fine-tuning'}${trained.preset ? `, preset ${trained.preset}` : ''}`;
  if (promptGiven) {
    return {
      recipe,
      note: `the model was trained for the prompt "${trained.inference}" (${origin}); using the given prompt`,
    };
  }
  const unknown = unknownPlaceholders(trained.inference);
  if (unknown.length > 0) {
    return {
      recipe,
      note: `the model's trained prompt "${trained.inference}" has placeholders augment does not fill (${unknown.join(', ')}); using the ${recipe.preset} prompt`,
    };
  }
  return {
    recipe: {
      ...recipe,
      diffusion: { ...recipe.diffusion, prompt: trained.inference, promptSource: 'model' },
    },
    note: `prompt from the model's training (${origin}): "${trained.inference}" (--prompt overrides)`,
  };
}
