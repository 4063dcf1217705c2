// Which recipes need the target images' own key-region masks (src/core/recipe/targetMasks.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRESET_IDS } from '../../../src/core/recipe/presets';
import { resolveRecipe } from '../../../src/core/recipe/resolveRecipe';
import {
  presetNeedsTargetMasks,
  recipeNeedsTargetMasks,
} from '../../../src/core/recipe/targetMasks';

test('of the presets only dermoscopy needs target masks; turning the fill off needs none', () => {
  assert.deepEqual(
    PRESET_IDS.filter((id) => presetNeedsTargetMasks(id)),
    ['dermoscopy'],
  );
  const unfilled = resolveRecipe('dermoscopy', { composite: { fillTargetKeyRegion: false } });
  assert.equal(recipeNeedsTargetMasks(unfilled), false);
  // The fill is on by default ("when a mask is known"): alone it does not require masks.
  assert.equal(recipeNeedsTargetMasks(resolveRecipe('custom', { engine: 'composite' })), false);
});
