/**
 * Prints, as one JSON object on stdout, what the Python tests check the toolkit against: the
 * TypeScript constants every enumeration comes from, and the command lines the extension builds for
 * the toolkit from sample training requests (python/tests/test_cross_language.py runs it with
 * `node --import tsx`).
 */
import { SCHEDULER_CLASS_NAMES } from '../../src/core/engines/diffusion/schedulers/scheduler';
import { PRESET_IDS } from '../../src/shared/recipeChoices';
import { trainingArguments, type TrainingRequest } from '../../src/shared/trainingRequest';

/** One request of each kind, with every optional field in some of them. */
const SAMPLE_REQUESTS: TrainingRequest[] = [
  {
    command: 'source-finetune',
    baseModel: 'stable-diffusion-v1-5/stable-diffusion-v1-5',
    images: '/data/isic train',
    output: '/runs/-ft/stage1',
    preset: 'dermoscopy',
    maxSteps: 300,
    resolution: 256,
    resume: true,
  },
  {
    command: 'target-dreambooth',
    baseModel: '/runs/-ft/stage1/final',
    images: '/data/target=domain',
    output: '/runs/-ft/stage2',
    preset: 'cameraTrap',
  },
  {
    command: 'export',
    model: 'stable-diffusion-v1-5/stable-diffusion-v1-5',
    unet: '/runs/-ft/stage2/final',
    output: '/runs/-ft/onnx',
    overwrite: true,
  },
  { command: 'export', model: '/base', unet: '/run/final', output: '/out', overwrite: false },
];

process.stdout.write(
  `${JSON.stringify({
    presets: PRESET_IDS,
    schedulerClasses: Object.values(SCHEDULER_CLASS_NAMES),
    trainingRequests: SAMPLE_REQUESTS.map((request) => ({
      request,
      args: trainingArguments(request),
    })),
  })}\n`,
);
