// One prompt template per preset, shared with the Python toolkit's fine-tuning captions
// (schema/prompt-templates.json): the presets' inference prompts derive from it, both languages
// render its examples alike, and the toolkit's packaged copy is the same file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import templateData from '../../../schema/prompt-templates.json';
import { PRESETS } from '../../../src/core/recipe/presets';
import {
  fillTemplate,
  inferencePrompt,
  joinLabels,
  PRESET_TEMPLATES,
  renderPrompt,
} from '../../../src/core/recipe/templates';
import type { PresetId } from '../../../src/shared/recipe';

const repo = path.join(__dirname, '..', '..', '..');

describe('shared prompt templates', () => {
  it("derive the presets' inference prompts, which stay the authors' wording", () => {
    const prompts = Object.fromEntries(
      (['natural', 'dermoscopy', 'cameraTrap', 'chestXray'] as const).map((id) => [
        id,
        PRESETS[id].values.diffusion?.prompt,
      ]),
    );
    assert.deepEqual(prompts, {
      natural: 'a photo of target background',
      dermoscopy: 'a dermoscopic image of {class}-target skin lesion',
      cameraTrap: 'a camera trap photo of {class} with target-domain',
      chestXray: 'a radiograph from dataset {target} with conditions {labels}',
    });
  });

  it('render every example of the shared file as the Python toolkit must (test_prompts.py)', () => {
    for (const example of templateData.examples) {
      const entry = PRESET_TEMPLATES[example.preset as PresetId];
      const rendered =
        example.use === 'inference'
          ? renderPrompt(inferencePrompt(entry, example.domain), {
              label: example.label,
              target: 'unused',
            })
          : fillTemplate(entry.template, {
              class: example.label,
              labels: joinLabels(example.label),
              domain: example.domain,
            });
      assert.equal(rendered, example.expected, `${example.preset} ${example.use}`);
    }
  });

  it("are the same file as the Python toolkit's packaged copy", () => {
    const shared = readFileSync(path.join(repo, 'schema', 'prompt-templates.json'), 'utf8');
    const packaged = readFileSync(
      path.join(repo, 'python', 'src', 'maskmedpaint', 'prompt_templates.json'),
      'utf8',
    );
    assert.equal(packaged, shared, 'copy schema/prompt-templates.json over the packaged one');
  });
});

describe('template segments', () => {
  it('keeps a [segment] only when its placeholders have values', () => {
    const template = 'a photo[ of {class}] with {domain}';
    assert.equal(fillTemplate(template, { class: 'deer', domain: 'x' }), 'a photo of deer with x');
    assert.equal(fillTemplate(template, { class: '', domain: 'x' }), 'a photo with x');
    assert.equal(renderPrompt('[{labels} ]lesion', { label: 'a|b', target: 't' }), 'a, b lesion');
  });

  it('uses the target folder for a null domain word at inference', () => {
    assert.equal(
      inferencePrompt(PRESET_TEMPLATES.chestXray, 'chexpert'),
      'a radiograph from dataset chexpert with conditions {labels}',
    );
  });
});
