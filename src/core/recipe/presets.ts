/**
 * The four presets of docs/method.md section 3: the authors' inference settings per dataset type.
 * Each is a partial recipe laid over {@link defaultRecipe}. Prompts come from the shared
 * templates (schema/prompt-templates.json) the fine-tuning captions use too.
 */
import { isOneOf } from '../../shared/oneOf';
import { PRESET_IDS, type PresetId } from '../../shared/recipeChoices';
import { AUTHORS_NEGATIVE_PROMPT } from './defaults';
import type { RecipeOverrides } from './merge';
import { inferencePrompt, PRESET_TEMPLATES } from './templates';

/** A preset: a short description for pickers plus the recipe values it sets. */
export interface PresetDefinition {
  id: PresetId;
  title: string;
  description: string;
  values: RecipeOverrides;
}

/**
 * Camera-trap masks are dilated with an 11x11 kernel three times (docs/method.md, 1.1);
 * each pass grows the region by 5 px, so the margin is 15 px.
 */
const CAMERA_TRAP_MARGIN_PX = 3 * 5;

export const PRESETS: Readonly<Record<PresetId, PresetDefinition>> = {
  natural: {
    id: 'natural',
    title: 'Natural background (Waterbirds)',
    description:
      'Background-removal mask inverted; strength 1.0, guidance 15, 5 images per source.',
    values: {
      preset: 'natural',
      perImage: 5,
      diffusion: {
        prompt: inferencePrompt(PRESET_TEMPLATES.natural),
        negativePrompt: AUTHORS_NEGATIVE_PROMPT,
        strength: 1.0,
        guidanceScale: 15,
        steps: 50,
        scheduler: 'pndm',
        initFromTargetComposite: false,
      },
    },
  },
  dermoscopy: {
    id: 'dermoscopy',
    title: 'Dermoscopy (ISIC)',
    description:
      'Lesion mask inverted and blurred (33), blended inside the mask edge as the authors did; ' +
      'target composite first; strength 0.5, guidance 7.5, 5 images per source, one per target background.',
    values: {
      preset: 'dermoscopy',
      perImage: 5,
      // The authors' blur of the inverted mask acts on both sides of the contour: kept as is.
      mask: { blurFactor: 33, blendSide: 'inside' },
      composite: { fillTargetKeyRegion: true },
      diffusion: {
        prompt: inferencePrompt(PRESET_TEMPLATES.dermoscopy),
        negativePrompt: AUTHORS_NEGATIVE_PROMPT,
        strength: 0.5,
        guidanceScale: 7.5,
        steps: 50,
        scheduler: 'pndm',
        initFromTargetComposite: true,
      },
    },
  },
  cameraTrap: {
    id: 'cameraTrap',
    title: 'Camera trap (iWildCam)',
    description:
      'Mask dilated 11x11 x3 then inverted; strength 0.9 (use 1.0 for night/day), guidance 20, 1 image per source.',
    values: {
      preset: 'cameraTrap',
      perImage: 1,
      mask: { marginPx: CAMERA_TRAP_MARGIN_PX },
      diffusion: {
        prompt: inferencePrompt(PRESET_TEMPLATES.cameraTrap),
        negativePrompt: '',
        strength: 0.9,
        guidanceScale: 20,
        steps: 50,
        scheduler: 'pndm',
        initFromTargetComposite: false,
      },
    },
  },
  chestXray: {
    id: 'chestXray',
    title: 'Chest X-ray',
    description: 'Lungs + heart mask inverted; strength 0.9, guidance 15, 1 image per source.',
    values: {
      preset: 'chestXray',
      perImage: 1,
      diffusion: {
        prompt: inferencePrompt(PRESET_TEMPLATES.chestXray),
        negativePrompt: '',
        strength: 0.9,
        guidanceScale: 15,
        steps: 50,
        scheduler: 'pndm',
        initFromTargetComposite: false,
      },
    },
  },
  custom: {
    id: 'custom',
    title: 'Custom',
    description: 'The defaults; every setting comes from the recipe file and flags.',
    values: { preset: 'custom' },
  },
};

/** Preset ids in display order (one list for every reader: src/shared/recipeChoices.ts). */
export { PRESET_IDS };

/** Narrows a string to a {@link PresetId}. */
export function isPresetId(value: string): value is PresetId {
  return isOneOf(PRESET_IDS, value);
}
