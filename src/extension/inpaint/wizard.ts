/**
 * The "Inpaint to Target Domain" wizard: a short series of quick picks and input boxes. Each
 * step offers the last answer first. Returns undefined when the user presses Escape.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ENGINES, type EngineId, engineDescriptor, runsModel } from '../../core/engines/registry';
import type { PresetId } from '../../shared/recipe';
import { PRESETS, PRESET_IDS } from '../../core/recipe/presets';
import { presetNeedsTargetMasks } from '../../core/recipe/targetMasks';
import {
  PREVIEW_IMAGE_COUNT,
  type InpaintOptions,
  type MaskSource,
  type TargetMaskSource,
} from './inpaintOptions';
import type { RegisteredModel } from '../../core/models/registry';
import { browseForFolder, pickFolder } from './folderPick';
import { modelOptions } from './modelOptions';
import { runSummary } from './runSummary';
import { askTargetMasks } from './targetMaskStep';
import { CLUSTER_MODE_ITEM } from '../cluster/clusterModeItem';
import type { RememberedAnswers } from './wizardMemory';

/** What the wizard needs besides the user. */
export interface WizardContext {
  source: vscode.Uri;
  last: RememberedAnswers | undefined;
  defaultPreset: PresetId;
  modelFolders: string[];
  /** Models installed through the model commands (the extension's registry). */
  registeredModels: RegisteredModel[];
  /** Model engines are offered only in a trusted workspace. */
  trusted: boolean;
}

const TOTAL_STEPS = 7;

interface Choice<T> extends vscode.QuickPickItem {
  value: T;
}

async function pick<T>(
  step: number,
  placeholder: string,
  items: Choice<T>[],
): Promise<T | undefined> {
  const chosen = await vscode.window.showQuickPick(items, {
    title: `Inpaint to Target Domain (${step}/${TOTAL_STEPS})`,
    placeHolder: placeholder,
    ignoreFocusOut: true,
    matchOnDescription: true,
  });
  return chosen?.value;
}

async function askFolder(
  step: number,
  what: string,
  ctx: WizardContext,
  last: string | undefined,
): Promise<string | undefined> {
  return pickFolder({
    title: `Inpaint to Target Domain (${step}/${TOTAL_STEPS}): ${what.toLowerCase()} folder`,
    placeholder: `${what} folder`,
    suggestions: last ? [{ folder: last, description: 'last used' }] : [],
    base: workspaceBase(ctx.source),
    near: ctx.source,
  });
}

/** The folder typed paths are relative to: the source's workspace folder (or its parent). */
function workspaceBase(source: vscode.Uri): string {
  return (
    vscode.workspace.getWorkspaceFolder(source)?.uri.fsPath ??
    vscode.Uri.joinPath(source, '..').fsPath
  );
}

async function askMasks(ctx: WizardContext): Promise<MaskSource | undefined> {
  type MaskChoice = 'last' | 'folder' | 'suffix' | 'none';
  const items: Choice<MaskChoice>[] = [];
  const last = ctx.last?.masks;
  if (last?.kind === 'folder') {
    const suffix = last.suffix ? ` (suffix ${last.suffix})` : '';
    items.push({
      label: `${vscode.workspace.asRelativePath(last.folder)}${suffix}`,
      description: 'last used',
      value: 'last',
    });
  }
  items.push(
    {
      label: 'Masks folder…',
      detail: 'Key-region masks (white = keep) with the same relative paths as the sources',
      value: 'folder',
    },
    {
      label: 'Masks folder with a name suffix…',
      detail: 'e.g. ISIC_0000000_segmentation.png for ISIC_0000000.jpg',
      value: 'suffix',
    },
    {
      label: 'No masks',
      detail: "Use the recipe's per-class policy (whole image kept or regenerated)",
      value: 'none',
    },
  );
  const chosen = await pick(2, 'Where are the key-region masks?', items);
  if (chosen === undefined) return undefined;
  if (chosen === 'last' && last) return last;
  if (chosen === 'none') return { kind: 'none' };
  const folder = await askFolder(
    2,
    'Masks',
    ctx,
    last?.kind === 'folder' ? last.folder : undefined,
  );
  if (!folder) return undefined;
  if (chosen === 'folder') return { kind: 'folder', folder };
  const suffix = await vscode.window.showInputBox({
    title: 'Mask file name suffix',
    value: last?.kind === 'folder' && last.suffix ? last.suffix : '_segmentation',
    prompt: "Text after the source image's stem in each mask's file name",
    ignoreFocusOut: true,
  });
  return suffix === undefined ? undefined : { kind: 'folder', folder, suffix };
}

/** Browses for what `engine` reads: a model folder, or an .onnx file. */
async function browseForModel(engine: EngineId, near: vscode.Uri): Promise<string | undefined> {
  const requirement = engineDescriptor(engine).model;
  if (requirement?.layout !== 'onnxFile') return browseForFolder('ONNX model folder', near);
  const picked = await vscode.window.showOpenDialog({
    title: requirement.noun,
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    filters: { 'ONNX model': ['onnx'] },
    defaultUri: vscode.Uri.joinPath(near, '..'),
  });
  return picked?.[0]?.fsPath;
}

/** The engine step: every engine of the registry; those that run a model only when trusted. */
async function askEngine(
  ctx: WizardContext,
): Promise<{ engine: EngineId; model?: string } | undefined> {
  const items: Choice<EngineId>[] = ENGINES.filter(
    (engine) => ctx.trusted || !runsModel(engine.id),
  ).map((engine) => ({
    label: engine.label,
    description: engine.summary,
    detail: engine.detail,
    value: engine.id,
  }));
  const last = ctx.last?.engine;
  items.sort((a, b) => Number(b.value === last) - Number(a.value === last));
  const engine = await pick(
    4,
    ctx.trusted ? 'Engine' : 'Engine (models do not run in an untrusted workspace)',
    items,
  );
  if (engine === undefined || !runsModel(engine)) return engine && { engine };
  const browse = '\u0000browse';
  const models: Choice<string>[] = modelOptions(
    engine,
    ctx.registeredModels,
    ctx.modelFolders,
    ctx.last?.model,
  ).map((option) => ({
    label: option.label,
    description: option.description,
    detail: option.path,
    value: option.path,
  }));
  const noun = engineDescriptor(engine).model?.noun ?? 'model';
  models.push({ label: `$(folder-opened) Browse for the ${noun}…`, value: browse });
  const chosen = await pick(4, 'Model', models);
  const model = chosen === browse ? await browseForModel(engine, ctx.source) : chosen;
  return model === undefined ? undefined : { engine, model };
}

async function askInteger(
  step: number,
  title: string,
  value: number,
  min: number,
): Promise<number | undefined> {
  const answer = await vscode.window.showInputBox({
    title: `Inpaint to Target Domain (${step}/${TOTAL_STEPS}): ${title}`,
    value: String(value),
    ignoreFocusOut: true,
    validateInput: (text) =>
      /^\d+$/.test(text.trim()) && Number(text) >= min ? undefined : `A whole number >= ${min}`,
  });
  return answer === undefined ? undefined : Number(answer.trim());
}

/**
 * Step 3's follow-up for presets that fill each target image's own lesion (dermoscopy): their
 * masks folder. Remembered and guessed folders must lie in the workspace or beside the target.
 */
function askTargetMasksFor(
  ctx: WizardContext,
  target: string,
  masks: MaskSource,
  preset: PresetId,
): Promise<TargetMaskSource | undefined> {
  const workspaceFolders = (vscode.workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === 'file')
    .map((folder) => folder.uri.fsPath);
  return askTargetMasks({
    stepTitle: `Inpaint to Target Domain (3/${TOTAL_STEPS})`,
    presetTitle: PRESETS[preset].title,
    target,
    masks,
    last: ctx.last?.targetMasks,
    base: workspaceBase(ctx.source),
    near: vscode.Uri.file(target),
    roots: [...workspaceFolders, path.dirname(target)],
  });
}

/** Runs the wizard for `ctx.source`; undefined when cancelled at any step. */
export async function runInpaintWizard(ctx: WizardContext): Promise<InpaintOptions | undefined> {
  const target = await askFolder(1, 'Target-domain images', ctx, ctx.last?.target);
  if (!target) return undefined;
  const masks = await askMasks(ctx);
  if (!masks) return undefined;
  const lastPreset = ctx.last?.preset ?? ctx.defaultPreset;
  const presetItems = PRESET_IDS.map((id) => ({
    label: PRESETS[id].title,
    description: id === lastPreset ? 'last used' : '',
    detail: PRESETS[id].description,
    value: id,
  })).sort((a, b) => Number(b.value === lastPreset) - Number(a.value === lastPreset));
  const preset = await pick(3, "Preset (the authors' settings per dataset type)", presetItems);
  if (!preset) return undefined;
  let targetMasks: TargetMaskSource | undefined;
  if (presetNeedsTargetMasks(preset)) {
    targetMasks = await askTargetMasksFor(ctx, target, masks, preset);
    if (!targetMasks) return undefined;
  }
  const engine = await askEngine(ctx);
  if (!engine) return undefined;
  const perImage = await askInteger(
    5,
    'images per source',
    ctx.last?.perImage ?? PRESETS[preset].values.perImage ?? 1,
    1,
  );
  if (perImage === undefined) return undefined;
  const seed = await askInteger(6, 'seed', ctx.last?.seed ?? 0, 0);
  if (seed === undefined) return undefined;
  const answers = { target, masks, ...(targetMasks ? { targetMasks } : {}), preset, ...engine };
  const summary = runSummary({ ...answers, perImage, seed }, (p) =>
    vscode.workspace.asRelativePath(p),
  );
  const mode = await pick<InpaintOptions['mode']>(7, `Preview first? ${summary}`, [
    {
      label: `Try on ${PREVIEW_IMAGE_COUNT} images`,
      detail: 'Writes a separate preview folder to check masks and settings',
      value: 'preview',
    },
    { label: 'Run on the whole folder', value: 'full' },
    CLUSTER_MODE_ITEM,
  ]);
  if (!mode) return undefined;
  return { ...answers, perImage, seed, mode };
}
