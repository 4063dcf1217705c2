/**
 * The questions of the "Inpaint to Target Domain" wizard (wizard.ts runs them in order): target
 * folder, masks, preset, engine and model. Each offers the last answer first ("last used"); the
 * first run instead suggests the obvious folders beside the source (`target`, `masks`).
 */
import * as vscode from 'vscode';
import { ENGINES, type EngineId, engineDescriptor, runsModel } from '../../core/engines/registry';
import type { PresetId } from '../../shared/recipe';
import { PRESETS, PRESET_IDS } from '../../core/recipe/presets';
import type { MaskSource } from './inpaintOptions';
import { browseForFolder, pickFolder, type FolderSuggestion } from './folderPick';
import { modelOptions } from './modelOptions';
import type { RegisteredModel } from '../../core/models/registry';
import type { RememberedAnswers } from './wizardMemory';
import { BACK, note, pickStep, textStep, type Choice, type StepAnswer } from './wizardSteps';
import { siblingMaskFolders, siblingTargetFolders } from './wizardSuggestions';

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

/** Steps of the wizard. */
export const TOTAL_STEPS = 7;

/** The title and Back button of step `step`. */
export function at(step: number, what?: string): { title: string; back: boolean } {
  const title = `Inpaint to Target Domain (${step}/${TOTAL_STEPS})${what ? `: ${what}` : ''}`;
  return { title, back: step > 1 };
}

/** The folder typed paths are relative to: the source's workspace folder (or its parent). */
export function workspaceBase(source: vscode.Uri): string {
  return (
    vscode.workspace.getWorkspaceFolder(source)?.uri.fsPath ??
    vscode.Uri.joinPath(source, '..').fsPath
  );
}

/** The last answer, else the obvious folders beside the source. */
async function folderSuggestions(
  last: string | undefined,
  siblings: Promise<string[]>,
): Promise<FolderSuggestion[]> {
  if (last) return [{ folder: last, description: 'last used' }];
  return (await siblings).map((folder) => ({ folder, description: 'next to the source folder' }));
}

export async function askTarget(ctx: WizardContext): Promise<StepAnswer<string>> {
  return pickFolder({
    title: `${at(1).title}: target-domain images folder`,
    placeholder: 'Unlabeled images of the target hospital',
    suggestions: await folderSuggestions(ctx.last?.target, siblingTargetFolders(ctx.source.fsPath)),
    base: workspaceBase(ctx.source),
    near: ctx.source,
  });
}

export async function askMasks(ctx: WizardContext): Promise<StepAnswer<MaskSource>> {
  type MaskChoice = 'last' | 'folder' | 'suffix' | 'none' | `folder:${string}`;
  const last = ctx.last?.masks;
  for (;;) {
    const items: Choice<MaskChoice>[] = [];
    if (last?.kind === 'folder') {
      const suffix = last.suffix ? ` (suffix ${last.suffix})` : '';
      items.push({
        label: `${vscode.workspace.asRelativePath(last.folder)}${suffix}`,
        description: 'last used',
        value: 'last',
      });
    } else if (last === undefined) {
      for (const folder of await siblingMaskFolders(ctx.source.fsPath))
        items.push({
          label: vscode.workspace.asRelativePath(folder),
          description: 'next to the source folder',
          detail: 'Masks with the same relative paths as the sources',
          value: `folder:${folder}`,
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
        description: last?.kind === 'none' ? 'last used' : '',
        detail: "Use the recipe's per-class policy (whole image kept or regenerated)",
        value: 'none',
      },
    );
    if (last?.kind === 'none') items.unshift(...items.splice(items.length - 1, 1));
    const chosen = await pickStep(at(2), 'Where are the key-region masks?', items);
    if (chosen === undefined || chosen === BACK) return chosen;
    if (chosen === 'last' && last) return last;
    if (chosen === 'none') return { kind: 'none' };
    if (chosen.startsWith('folder:'))
      return { kind: 'folder', folder: chosen.slice('folder:'.length) };
    const folder = await pickFolder({
      title: `${at(2).title}: masks folder`,
      placeholder: 'Key-region masks',
      suggestions: await folderSuggestions(
        last?.kind === 'folder' ? last.folder : undefined,
        siblingMaskFolders(ctx.source.fsPath),
      ),
      base: workspaceBase(ctx.source),
      near: ctx.source,
      back: true,
    });
    if (folder === undefined) return undefined;
    if (folder === BACK) continue;
    if (chosen === 'folder') return { kind: 'folder', folder };
    const suffix = await textStep(
      at(2, 'mask file name suffix'),
      "Text after the source image's stem in each mask's file name",
      last?.kind === 'folder' && last.suffix ? last.suffix : '_segmentation',
    );
    if (suffix === undefined) return undefined;
    if (suffix === BACK) continue;
    return { kind: 'folder', folder, suffix };
  }
}

export async function askPreset(ctx: WizardContext): Promise<StepAnswer<PresetId>> {
  const first = ctx.last?.preset ?? ctx.defaultPreset;
  const items: Choice<PresetId>[] = PRESET_IDS.map((id) => ({
    label: PRESETS[id].title,
    // Only a real earlier answer is "last used"; the first run starts at the setting's default.
    description:
      id === ctx.last?.preset
        ? 'last used'
        : id === ctx.defaultPreset && !ctx.last
          ? 'default'
          : '',
    detail: PRESETS[id].description,
    value: id,
  })).sort((a, b) => Number(b.value === first) - Number(a.value === first));
  return pickStep(at(3), "Preset (the authors' settings per dataset type)", items);
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
export async function askEngine(
  ctx: WizardContext,
): Promise<StepAnswer<{ engine: EngineId; model?: string }>> {
  for (;;) {
    const items: Choice<EngineId>[] = ENGINES.filter(
      (engine) => ctx.trusted || !runsModel(engine.id),
    ).map((engine) => ({
      label: engine.label,
      description:
        engine.id === ctx.last?.engine ? `last used · ${engine.summary}` : engine.summary,
      detail: engine.detail,
      value: engine.id,
    }));
    const last = ctx.last?.engine;
    items.sort((a, b) => Number(b.value === last) - Number(a.value === last));
    if (!ctx.trusted) items.unshift(note('Models do not run in an untrusted workspace'));
    const engine = await pickStep(at(4), 'Engine', items);
    if (engine === undefined || engine === BACK) return engine;
    if (!runsModel(engine)) return { engine };
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
    const chosen = await pickStep(at(4, 'model'), 'Model', models);
    if (chosen === BACK) continue;
    const model = chosen === browse ? await browseForModel(engine, ctx.source) : chosen;
    return model === undefined ? undefined : { engine, model };
  }
}
