/**
 * When a recipe depends on the target images' own key-region masks (docs/method.md, 1.3):
 * the dermoscopy preset pastes the source lesion onto a target image whose own lesion must be filled
 * first, and only the target's mask says where that lesion is. Without it the result shows two
 * lesions, so the CLI and the extension ask for the masks instead of running without them.
 */
import type { PresetId, Recipe } from '../../shared/recipe';
import { defaultRecipe } from './defaults';
import { applyOverrides } from './merge';
import { PRESETS } from './presets';

/**
 * True when the recipe composites onto target images (`diffusion.initFromTargetComposite`) and
 * asks for their own key region to be filled first (`composite.fillTargetKeyRegion`). The fill
 * setting alone is on by default ("when a mask is known"), so it does not make masks required.
 */
export function recipeNeedsTargetMasks(recipe: Recipe): boolean {
  return recipe.composite.fillTargetKeyRegion && recipe.diffusion.initFromTargetComposite;
}

/** {@link recipeNeedsTargetMasks} for a preset's own settings (the extension's wizard). */
export function presetNeedsTargetMasks(preset: PresetId): boolean {
  return recipeNeedsTargetMasks(applyOverrides(defaultRecipe(), PRESETS[preset].values));
}
