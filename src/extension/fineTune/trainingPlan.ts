/**
 * The `maskmedpaint-train` invocations one "Fine-tune Model on Target Domain" run makes: stage 1
 * (optional), stage 2, export, as typed requests (their command lines: shared/trainingRequest.ts).
 * Pure so the plan is unit-tested.
 */
import * as path from 'node:path';
import type { PresetId } from '../../shared/recipeChoices';
import type { TrainingRequest } from '../../shared/trainingRequest';

/** What the user chose in the wizard. */
export interface FineTuneChoices {
  /** Labeled source images (class subfolders); undefined skips stage 1. */
  sourceFolder: string | undefined;
  targetFolder: string;
  /** Hub id or local diffusers folder. */
  baseModel: string;
  /** Run folder: stage1/, stage2/ and onnx/ are created inside. */
  outputFolder: string;
  preset: PresetId;
  /** Optimizer steps per stage; undefined keeps the toolkit's defaults (docs/method.md, 4). */
  maxSteps: number | undefined;
  /**
   * Training resolution in pixels for both stages; undefined keeps the method's 512. Smaller
   * trains much faster on a CPU or for small source images.
   */
  resolution: number | undefined;
  /** Continue runs already in the output folder from their last checkpoint. */
  resume: boolean;
}

/** One toolkit invocation with a human title for the progress notification. */
export interface PlannedStage {
  title: string;
  request: TrainingRequest;
}

/** Folder the export writes (registered as a model folder afterwards). */
export function exportedModelFolder(choices: FineTuneChoices): string {
  return path.join(choices.outputFolder, 'onnx');
}

/** The stages in order; stage 2 starts from stage 1's final pipeline when stage 1 runs. */
export function planFineTune(choices: FineTuneChoices): PlannedStage[] {
  const stages: PlannedStage[] = [];
  const common = {
    preset: choices.preset,
    ...(choices.maxSteps !== undefined ? { maxSteps: choices.maxSteps } : {}),
    ...(choices.resolution !== undefined ? { resolution: choices.resolution } : {}),
    ...(choices.resume ? { resume: true } : {}),
  };
  let stage2Base = choices.baseModel;
  if (choices.sourceFolder !== undefined) {
    const stage1 = path.join(choices.outputFolder, 'stage1');
    stages.push({
      title: 'Stage 1: fine-tune on source images',
      request: {
        command: 'source-finetune',
        baseModel: choices.baseModel,
        images: choices.sourceFolder,
        output: stage1,
        ...common,
      },
    });
    stage2Base = path.join(stage1, 'final');
  }
  const stage2 = path.join(choices.outputFolder, 'stage2');
  stages.push({
    title: 'Stage 2: learn the target domain',
    request: {
      command: 'target-dreambooth',
      baseModel: stage2Base,
      images: choices.targetFolder,
      output: stage2,
      ...common,
    },
  });
  // As the authors did, stage 2's weights are swapped into the base pipeline: its UNet and (the
  // toolkit's default --text-encoder checkpoint) its trained text encoder, what select scores;
  // VAE and tokenizer come from the base model.
  stages.push({
    title: 'Export to ONNX',
    request: {
      command: 'export',
      model: choices.baseModel,
      unet: path.join(stage2, 'final'),
      output: exportedModelFolder(choices),
      overwrite: true,
    },
  });
  return stages;
}

/**
 * Checks the wizard's resolution answer: empty (the method's 512) or a positive multiple of 8,
 * since the VAE downsamples by 8. Returns the problem to show, or undefined when acceptable.
 */
export function resolutionProblem(answer: string): string | undefined {
  const text = answer.trim();
  if (text === '') return undefined;
  if (!/^[1-9]\d*$/.test(text)) return 'A whole number of pixels, such as 256 or 512';
  if (Number(text) % 8 !== 0)
    return `${text} is not a multiple of 8 (the VAE downsamples by 8): try ${String(Math.max(8, Math.round(Number(text) / 8) * 8))}`;
  return undefined;
}
