/**
 * Command-line flags for recipe settings that otherwise need a `--recipe` file (prompts, diffusion
 * strength/guidance/steps/scheduler, execution provider, paste-back, mask threshold/blur, per-class
 * policies, harmonization), and their mapping onto a partial recipe. They form the last layer of
 * resolveRecipe (defaults < preset < recipe file < flags), so only flags actually given appear.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Recipe } from '../shared/recipe';
import {
  EXECUTION_PROVIDERS,
  OUTPUT_FORMATS,
  PER_CLASS_POLICIES,
  SCHEDULER_IDS,
  type ExecutionProviderPreference,
  type PerClassPolicy,
  type SchedulerId,
} from '../shared/recipeChoices';
import type { RecipeOverrides } from '../core/recipe/merge';
import { choiceOption, integerOption, numberOption } from './parse';

/** The values of the flags below as commander hands them over (undefined = not given). */
export interface RecipeFlagValues {
  prompt?: string;
  negativePrompt?: string;
  strength?: number;
  guidance?: number;
  steps?: number;
  scheduler?: SchedulerId;
  provider?: ExecutionProviderPreference;
  pasteBack?: boolean;
  maskThreshold?: number | 'nonzero';
  blur?: number;
  perClass?: Record<string, PerClassPolicy>;
  harmonize?: boolean;
  outputFormat?: Recipe['outputFormat'];
  segSegment?: Array<number | string>;
}

/** `nonzero`, or a whole number 1..255 (8-bit scale, as in the recipe). */
function parseThreshold(value: string): number | 'nonzero' {
  return value === 'nonzero' ? value : integerOption(1, 255)(value);
}

/** `CLASS=empty|whole`, collected over repeated flags; a class given twice must agree. */
function parsePerClass(
  value: string,
  previous: Record<string, PerClassPolicy> | undefined,
): Record<string, PerClassPolicy> {
  const match = new RegExp(`^(.+)=(${PER_CLASS_POLICIES.join('|')})$`).exec(value);
  if (!match?.[1] || !match[2] || match[1].trim() !== match[1]) {
    throw new InvalidArgumentError(`expected CLASS=empty or CLASS=whole, got "${value}"`);
  }
  const [, label, policy] = match as unknown as [string, string, PerClassPolicy];
  const existing = previous?.[label];
  if (existing !== undefined && existing !== policy) {
    throw new InvalidArgumentError(`class "${label}" given both ${existing} and ${policy}`);
  }
  return { ...previous, [label]: policy };
}

/** A DICOM SEG segment: a positive whole number is a segment number, anything else a label. */
function parseSegment(
  value: string,
  previous: Array<number | string> | undefined,
): Array<number | string> {
  const trimmed = value.trim();
  if (trimmed === '') throw new InvalidArgumentError('expected a segment number or label');
  return [...(previous ?? []), /^[1-9]\d*$/.test(trimmed) ? Number(trimmed) : trimmed];
}

/** Adds the recipe flags to `command`. */
export function addRecipeFlags(command: Command): Command {
  return command
    .option('--prompt <text>', 'diffusion prompt; {class}, {target}, {labels} are filled in')
    .option('--negative-prompt <text>', 'diffusion negative prompt')
    .option(
      '--strength <x>',
      'diffusion denoising strength, >0..1',
      numberOption(0, 1, { exclusiveMin: true }),
    )
    .option('--guidance <x>', 'classifier-free guidance scale, 0..100', numberOption(0, 100))
    .option('--steps <n>', 'diffusion denoising steps', integerOption(1, 1000))
    .option(
      '--scheduler <id>',
      `scheduler: ${SCHEDULER_IDS.join(', ')} (default: the model's)`,
      choiceOption(SCHEDULER_IDS),
    )
    .option(
      '--provider <ep>',
      `execution provider preference: ${EXECUTION_PROVIDERS.join(', ')}`,
      choiceOption(EXECUTION_PROVIDERS),
    )
    .option('--paste-back', 'paste the source key region back exactly after decoding (default)')
    .option('--no-paste-back', 'keep the decoded key region as the model produced it')
    .option('--mask-threshold <n>', 'mask values >= n (1..255) are key region, or "nonzero"', (v) =>
      parseThreshold(v),
    )
    .option(
      '--blur <px>',
      'blur the mask edge before use (0 = off, up to 256)',
      numberOption(0, 256),
    )
    .addOption(
      new Option(
        '--per-class <class=policy>',
        'images of CLASS have no key region: empty = regenerate all, whole = keep all (repeatable)',
      ).argParser(parsePerClass),
    )
    .option('--harmonize', "match the key region's colours to the target (composite)")
    .option('--no-harmonize', "keep the key region's colours as they are (composite)")
    .option(
      '--output-format <format>',
      'png (16-bit kept; default), source (the source format family: .dcm gives DICOM), dicom (de-identified DICOM Secondary Capture)',
      choiceOption(OUTPUT_FORMATS),
    )
    .addOption(
      new Option(
        '--seg-segment <number|label>',
        'DICOM SEG masks: segment forming the key region, by number or label (repeatable; default all)',
      ).argParser(parseSegment),
    );
}

/** The partial recipe the given flags describe (flags not given contribute nothing). */
export function recipeFlagOverrides(flags: RecipeFlagValues): RecipeOverrides {
  return {
    ...(flags.outputFormat ? { outputFormat: flags.outputFormat } : {}),
    mask: {
      ...(flags.segSegment ? { dicomSegments: flags.segSegment } : {}),
      ...(flags.maskThreshold !== undefined ? { threshold: flags.maskThreshold } : {}),
      ...(flags.blur !== undefined ? { blurFactor: flags.blur } : {}),
      ...(flags.perClass ? { perClass: flags.perClass } : {}),
    },
    composite: { ...(flags.harmonize !== undefined ? { harmonize: flags.harmonize } : {}) },
    diffusion: {
      ...(flags.prompt !== undefined ? { prompt: flags.prompt } : {}),
      ...(flags.negativePrompt !== undefined ? { negativePrompt: flags.negativePrompt } : {}),
      ...(flags.strength !== undefined ? { strength: flags.strength } : {}),
      ...(flags.guidance !== undefined ? { guidanceScale: flags.guidance } : {}),
      ...(flags.steps !== undefined ? { steps: flags.steps } : {}),
      ...(flags.scheduler !== undefined ? { scheduler: flags.scheduler } : {}),
      ...(flags.provider !== undefined ? { executionProvider: flags.provider } : {}),
      ...(flags.pasteBack !== undefined ? { pasteBack: flags.pasteBack } : {}),
    },
  };
}
