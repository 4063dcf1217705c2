/** Recipes: defaults, the authors' presets, layering and validation. */
export { defaultRecipe, AUTHORS_NEGATIVE_PROMPT, DEFAULT_MAX_PIXELS } from './defaults';
export { PRESETS, PRESET_IDS, isPresetId, presetValues, type PresetDefinition } from './presets';
export { applyOverrides, type RecipeOverrides } from './merge';
export {
  resolveRecipe,
  validateRecipe,
  recipeProblems,
  readRecipeFile,
  RecipeError,
} from './resolveRecipe';
export {
  renderPrompt,
  unknownPlaceholders,
  PROMPT_PLACEHOLDERS,
  type PromptValues,
} from './templates';
