// One source for every enumeration: the constant arrays of src/shared/recipeChoices.ts and
// src/shared/manifest.ts (and the engine registry) against every copy another reader needs: the
// JSON Schemas, package.json's settings (enum and enumDescriptions), the Python toolkit's prompt
// templates and the diffusion engine's scheduler classes. The schema enums and package.json's enum
// values are generated (`npm run generate:schemas`, checked by `npm run lint` and
// generatedSchemas.test.ts); enumDescriptions and the rest are written by hand. A copy that drifts
// fails here; the Python toolkit's own lists are checked against the same constants by
// python/tests/test_cross_language.py.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import manifestSchema from '../../../schema/manifest.schema.json';
import recipeSchema from '../../../schema/recipe.schema.json';
import packageJson from '../../../package.json';
import { GENERATE_COMMAND } from '../../../scripts/schemaGeneration';
import { WEBGPU_LAYOUTS } from '../../../src/core/backend/webgpuLayout';
import { ENGINE_IDS } from '../../../src/core/engines/registry';
import { SCHEDULER_CLASS_NAMES } from '../../../src/core/engines/diffusion/schedulers/scheduler';
import {
  DICOM_PHOTOMETRICS,
  ITEM_STATUSES,
  REVIEW_STATUSES,
  VOI_FUNCTIONS,
} from '../../../src/shared/manifest';
import {
  BLEND_MODES,
  DIFFUSION_RESOLUTIONS,
  EXECUTION_PROVIDERS,
  OUTPUT_FORMATS,
  PER_CLASS_POLICIES,
  PRESET_IDS,
  SCHEDULER_IDS,
} from '../../../src/shared/recipeChoices';

const repo = path.resolve(__dirname, '..', '..', '..');

/** The value at `pointer` (`a/b/c`) of a JSON document. */
function at(document: unknown, pointer: string): unknown {
  let node = document;
  for (const key of pointer.split('/')) {
    assert.ok(node !== null && typeof node === 'object', `${pointer}: no object at ${key}`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

describe('schema/recipe.schema.json lists exactly the constants', () => {
  const cases: Array<[string, readonly string[]]> = [
    ['properties/engine/enum', ENGINE_IDS],
    ['properties/preset/enum', PRESET_IDS],
    ['properties/diffusion/properties/scheduler/enum', SCHEDULER_IDS],
    ['properties/diffusion/properties/executionProvider/enum', EXECUTION_PROVIDERS],
    ['properties/diffusion/properties/resolution/enum', DIFFUSION_RESOLUTIONS],
    ['properties/outputFormat/enum', OUTPUT_FORMATS],
    ['properties/composite/properties/blend/enum', BLEND_MODES],
    ['properties/mask/properties/perClass/additionalProperties/enum', PER_CLASS_POLICIES],
  ];
  for (const [pointer, constants] of cases) {
    it(pointer, () =>
      assert.deepEqual(at(recipeSchema, pointer), [...constants], `run ${GENERATE_COMMAND}`),
    );
  }
});

describe('schema/manifest.schema.json lists exactly the constants', () => {
  const cases: Array<[string, readonly string[]]> = [
    ['definitions/item/properties/status/enum', ITEM_STATUSES],
    [
      'definitions/item/properties/review/properties/staleDecision/properties/status/enum',
      REVIEW_STATUSES,
    ],
    ['definitions/dicomInfo/properties/photometric/enum', DICOM_PHOTOMETRICS],
  ];
  for (const [pointer, constants] of cases) {
    it(pointer, () =>
      assert.deepEqual(at(manifestSchema, pointer), [...constants], `run ${GENERATE_COMMAND}`),
    );
  }
  it('definitions/dicomInfo window function', () => {
    const window = at(manifestSchema, 'definitions/dicomInfo/properties/window/anyOf') as unknown[];
    assert.deepEqual(at(window[0], 'properties/function/enum'), [...VOI_FUNCTIONS]);
  });
});

describe("package.json's settings", () => {
  type Setting = { enum?: string[]; enumDescriptions?: string[] };
  const settings = packageJson.contributes.configuration.properties as Record<string, Setting>;
  const expected: Record<string, readonly string[]> = {
    'maskmedpaint.defaultPreset': PRESET_IDS,
    'maskmedpaint.executionProvider': EXECUTION_PROVIDERS,
    'maskmedpaint.webgpuLayout': WEBGPU_LAYOUTS,
  };

  it('every enum setting is one of the constants, in the same order', () => {
    const enumSettings = Object.keys(settings).filter((key) => settings[key]?.enum);
    assert.deepEqual(
      enumSettings.sort(),
      Object.keys(expected).sort(),
      'a new enum setting needs its constant here',
    );
    for (const [key, constants] of Object.entries(expected)) {
      assert.deepEqual(settings[key]?.enum, [...constants], key);
    }
  });

  it('every enum setting describes each of its values', () => {
    for (const key of Object.keys(expected)) {
      const setting = settings[key];
      assert.equal(setting?.enumDescriptions?.length, setting?.enum?.length, key);
      for (const description of setting?.enumDescriptions ?? [])
        assert.notEqual(description.trim(), '', key);
    }
  });
});

describe('other readers of the lists', () => {
  it('the prompt templates (shared with the Python toolkit) have one entry per preset', () => {
    for (const file of [
      'schema/prompt-templates.json',
      'python/src/maskmedpaint/prompt_templates.json',
    ]) {
      const data = JSON.parse(readFileSync(path.join(repo, file), 'utf8')) as { presets: object };
      assert.deepEqual(Object.keys(data.presets).sort(), [...PRESET_IDS].sort(), file);
    }
  });

  it('the diffusion engine has a diffusers scheduler class for every scheduler id', () => {
    assert.deepEqual(Object.keys(SCHEDULER_CLASS_NAMES).sort(), [...SCHEDULER_IDS].sort());
  });
});
