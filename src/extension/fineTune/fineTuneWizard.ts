/** The questions "Fine-tune Model on Target Domain" asks before it starts (folders, base model, steps). */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isOneOf } from '../../shared/oneOf';
import { PRESET_IDS, type PresetId } from '../../shared/recipeChoices';
import { resolutionProblem, type FineTuneChoices } from './trainingPlan';

const DEFAULT_BASE_MODEL = 'stable-diffusion-v1-5/stable-diffusion-v1-5';
/** The presets, the toolkit's default (dermoscopy) first. */
const PRESETS: PresetId[] = ['dermoscopy', ...PRESET_IDS.filter((id) => id !== 'dermoscopy')];

async function pickFolder(title: string, defaultUri?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri,
  });
  return picked?.[0];
}

/** Asks for everything; undefined when the user cancels any question. */
export async function askFineTuneChoices(
  startFolder?: vscode.Uri,
): Promise<FineTuneChoices | undefined> {
  const target = await pickFolder('Target-domain images (unlabeled, about 100)', startFolder);
  if (!target) return undefined;
  const stage1 = await vscode.window.showQuickPick(
    [
      {
        label: 'Two stages',
        description: 'first fine-tune on labeled source images, then the target (the method)',
        two: true,
      },
      {
        label: 'Target only',
        description: 'learn the target domain directly from the base model',
        two: false,
      },
    ],
    { title: 'Fine-tuning stages' },
  );
  if (!stage1) return undefined;
  let source: vscode.Uri | undefined;
  if (stage1.two) {
    source = await pickFolder('Labeled source images (one subfolder per class)', target);
    if (!source) return undefined;
  }
  const baseModel = await vscode.window.showInputBox({
    title: 'Base Stable Diffusion model',
    prompt: 'A Hugging Face id, or a local diffusers folder (needed when the hub is unreachable)',
    value: DEFAULT_BASE_MODEL,
    validateInput: (value) =>
      value.trim() === '' ? 'A model id or folder is required' : undefined,
  });
  if (baseModel === undefined) return undefined;
  const preset = await vscode.window.showQuickPick([...PRESETS], {
    title: 'Captions and prompts like the preset',
  });
  if (!isOneOf(PRESET_IDS, preset)) return undefined;
  const steps = await vscode.window.showInputBox({
    title: 'Training steps per stage',
    prompt: 'Empty keeps the method defaults (2500 source, 2000 target; hours on a GPU)',
    validateInput: (value) =>
      value.trim() === '' || /^[1-9]\d*$/.test(value.trim())
        ? undefined
        : 'A positive whole number',
  });
  if (steps === undefined) return undefined;
  const resolution = await vscode.window.showInputBox({
    title: 'Training resolution (pixels)',
    prompt: "Empty keeps the method's 512; smaller (such as 256) trains far faster on a CPU",
    validateInput: resolutionProblem,
  });
  if (resolution === undefined) return undefined;
  const output = await pickFolder(
    'Folder for checkpoints and the exported model',
    vscode.Uri.file(path.dirname(target.fsPath)),
  );
  if (!output) return undefined;
  return {
    sourceFolder: source?.fsPath,
    targetFolder: target.fsPath,
    baseModel: baseModel.trim(),
    outputFolder: output.fsPath,
    preset,
    maxSteps: steps.trim() === '' ? undefined : Number(steps.trim()),
    resolution: resolution.trim() === '' ? undefined : Number(resolution.trim()),
    resume: false,
  };
}
