/**
 * The extension -> Python toolkit boundary: one typed request per `maskmedpaint-train` invocation
 * the fine-tune command makes, and {@link trainingArguments}, the one function that turns it into
 * a command line. The toolkit's own parser reads those arguments back in
 * python/tests/test_cross_language.py, so the two sides cannot drift apart unnoticed.
 */
import type { PresetId } from './recipeChoices';

/** A training stage: `source-finetune` (stage 1) or `target-dreambooth` (stage 2). */
export interface TrainingStageRequest {
  command: 'source-finetune' | 'target-dreambooth';
  /** Hub id or local diffusers folder the stage starts from. */
  baseModel: string;
  images: string;
  /** The stage's run folder (checkpoints/, final/). */
  output: string;
  /** The prompt template (captions) of this preset; absent = the toolkit's default. */
  preset?: PresetId;
  /** Optimizer steps; absent = the stage's default (docs/method.md section 4). */
  maxSteps?: number;
  /** Training resolution in pixels; absent = 512. */
  resolution?: number;
  /** Continue the run in `output` from its latest checkpoint. */
  resume?: boolean;
}

/** `export`: the base pipeline with a trained UNet swapped in, written as ONNX. */
export interface ExportRequest {
  command: 'export';
  /** The base model (text encoder, VAE, tokenizer come from it unless trained). */
  model: string;
  /** The trained run's final pipeline whose UNet (and trained text encoder) is swapped in. */
  unet: string;
  output: string;
  /** Replace an existing export in `output`. */
  overwrite: boolean;
}

/** Everything the extension asks the toolkit to do. */
export type TrainingRequest = TrainingStageRequest | ExportRequest;

/** `--name=value`, or nothing when the value is absent. */
function option(name: string, value: string | number | undefined): string[] {
  return value === undefined ? [] : [`--${name}=${value}`];
}

/** The command line after `python -m maskmedpaint.cli` for `request`. */
export function trainingArguments(request: TrainingRequest): string[] {
  if (request.command === 'export') {
    return [
      'export',
      ...option('model', request.model),
      ...option('unet', request.unet),
      ...option('output', request.output),
      ...(request.overwrite ? ['--overwrite'] : []),
    ];
  }
  return [
    request.command,
    ...option('base-model', request.baseModel),
    ...option('images', request.images),
    ...option('output', request.output),
    ...option('preset', request.preset),
    ...option('max-steps', request.maxSteps),
    ...option('resolution', request.resolution),
    ...(request.resume ? ['--resume=latest'] : []),
  ];
}
