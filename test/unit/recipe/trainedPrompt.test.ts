// augment generates with the prompt a fine-tuned model records it was trained with, unless told
// otherwise, and records that in the recipe (so in the manifest).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  adoptTrainedPrompt,
  MODEL_METADATA_FILE,
  readTrainedPrompt,
} from '../../../src/core/recipe/trainedPrompt';
import { resolveRecipe } from '../../../src/core/recipe/resolveRecipe';

const folder = mkdtempSync(path.join(tmpdir(), 'mmp-trained-prompt-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function modelWith(metadata: unknown): string {
  const dir = mkdtempSync(path.join(folder, 'model-'));
  writeFileSync(path.join(dir, MODEL_METADATA_FILE), JSON.stringify(metadata));
  return dir;
}

const TRAINED = {
  prompts: {
    preset: 'custom',
    stage: 'target-dreambooth',
    template: 'a photo of [{class} from ]{domain}',
    domain: 'hospital-b',
    inference: 'a photo of {class} from hospital-b',
  },
};

describe('the trained prompt of an exported model', () => {
  it('is read from maskmedpaint_model.json, and absent for models without one', () => {
    assert.deepEqual(readTrainedPrompt(modelWith(TRAINED)), {
      inference: 'a photo of {class} from hospital-b',
      stage: 'target-dreambooth',
      preset: 'custom',
    });
    assert.equal(readTrainedPrompt(modelWith({ format: 1 })), undefined);
    assert.equal(readTrainedPrompt(folder), undefined);
  });

  it('replaces the custom preset prompt and is recorded as promptSource model', () => {
    const recipe = resolveRecipe('custom', { engine: 'diffusion' });
    const trained = readTrainedPrompt(modelWith(TRAINED));
    const { recipe: adopted, note } = adoptTrainedPrompt(recipe, trained, false);
    assert.equal(adopted.diffusion.prompt, 'a photo of {class} from hospital-b');
    assert.equal(adopted.diffusion.promptSource, 'model');
    assert.match(
      note ?? '',
      /prompt from the model's training \(target-dreambooth, preset custom\)/,
    );
    assert.equal(recipe.diffusion.promptSource, undefined, 'the input recipe is not changed');
  });

  it('gives way to a prompt the user gave, saying what the model was trained with', () => {
    const recipe = resolveRecipe('dermoscopy', {
      engine: 'diffusion',
      diffusion: { prompt: 'x {class}' },
    });
    const { recipe: kept, note } = adoptTrainedPrompt(
      recipe,
      readTrainedPrompt(modelWith(TRAINED)),
      true,
    );
    assert.equal(kept.diffusion.prompt, 'x {class}');
    assert.equal(kept.diffusion.promptSource, undefined);
    assert.match(note ?? '', /trained for the prompt "a photo of \{class\} from hospital-b"/);
  });

  it('is not used when it has placeholders augment cannot fill', () => {
    const odd = { prompts: { ...TRAINED.prompts, inference: 'a {style} photo' } };
    const recipe = resolveRecipe('natural', { engine: 'diffusion' });
    const { recipe: kept, note } = adoptTrainedPrompt(
      recipe,
      readTrainedPrompt(modelWith(odd)),
      false,
    );
    assert.equal(kept.diffusion.prompt, 'a photo of target background');
    assert.match(note ?? '', /does not fill \(style\)/);
  });
});
