/**
 * The "Inpaint to Target Domain" wizard: seven steps of quick picks and input boxes, each with a
 * Back button after the first. Each step offers the last answer first ("last used"); the first run
 * instead suggests the obvious folders beside the source (`target`, `masks`). Explanations sit in
 * item details and separator lines, never in a placeholder that gets cut off, and the last step
 * lists every answer before anything runs. Returns undefined when the user presses Escape.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PresetId } from '../../shared/recipe';
import { PRESETS } from '../../core/recipe/presets';
import { presetNeedsTargetMasks } from '../../core/recipe/targetMasks';
import {
  PREVIEW_IMAGE_COUNT,
  type InpaintOptions,
  type MaskSource,
  type TargetMaskSource,
} from './inpaintOptions';
import { summaryLines } from './runSummary';
import { askTargetMasks } from './targetMaskStep';
import {
  askEngine,
  askMasks,
  askPreset,
  askTarget,
  at,
  workspaceBase,
  type WizardContext,
} from './wizardQuestions';
import { answerLine, BACK, integerStep, note, pickStep, type StepAnswer } from './wizardSteps';
import { CLUSTER_MODE_ITEM } from '../cluster/clusterModeItem';

/** Step 3's follow-up for presets that fill each target image's own lesion (dermoscopy). */
function askTargetMasksFor(
  ctx: WizardContext,
  target: string,
  masks: MaskSource,
  preset: PresetId,
): Promise<StepAnswer<TargetMaskSource>> {
  const workspaceFolders = (vscode.workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === 'file')
    .map((folder) => folder.uri.fsPath);
  return askTargetMasks({
    stepTitle: at(3).title,
    presetTitle: PRESETS[preset].title,
    target,
    masks,
    last: ctx.last?.targetMasks,
    base: workspaceBase(ctx.source),
    near: vscode.Uri.file(target),
    // Remembered and guessed folders must lie in the workspace or beside the target.
    roots: [...workspaceFolders, path.dirname(target)],
  });
}

/** The answers so far (filled in step by step; Back keeps them as defaults). */
type Answers = Partial<Omit<InpaintOptions, 'output'>>;

/** Runs the wizard for `ctx.source`; undefined when cancelled at any step. */
export async function runInpaintWizard(ctx: WizardContext): Promise<InpaintOptions | undefined> {
  const a: Answers = {};
  const relative = (p: string): string => vscode.workspace.asRelativePath(p);
  const steps: Array<() => Promise<StepAnswer<true>>> = [
    async () => set(await askTarget(ctx), (target) => (a.target = target)),
    async () => set(await askMasks(ctx), (masks) => (a.masks = masks)),
    async () => {
      for (;;) {
        const preset = await askPreset(ctx);
        if (preset === undefined || preset === BACK) return preset;
        a.preset = preset;
        delete a.targetMasks;
        if (!presetNeedsTargetMasks(preset) || !a.target || !a.masks) return true;
        const targetMasks = await askTargetMasksFor(ctx, a.target, a.masks, preset);
        if (targetMasks === BACK) continue;
        return set(targetMasks, (value) => (a.targetMasks = value));
      }
    },
    async () =>
      set(await askEngine(ctx), (engine) => {
        a.engine = engine.engine;
        if (engine.model !== undefined) a.model = engine.model;
        else delete a.model;
      }),
    async () =>
      set(
        await integerStep(
          at(5, 'images per source'),
          'How many generated images to make from each source image (each with its own seed and target image; the authors made 5 for dermoscopy and natural images, 1 for camera traps and X-rays)',
          a.perImage ??
            ctx.last?.perImage ??
            PRESETS[a.preset ?? ctx.defaultPreset].values.perImage ??
            1,
          1,
        ),
        (perImage) => (a.perImage = perImage),
      ),
    async () =>
      set(
        await integerStep(
          at(6, 'seed'),
          "The run's random seed: every image's seed is derived from it and the source's path, so the same seed gives the same images again",
          a.seed ?? ctx.last?.seed ?? 0,
          0,
        ),
        (seed) => (a.seed = seed),
      ),
    async () => {
      const answers = complete(a);
      if (!answers) return BACK;
      // The answers follow the two actions as plain lines: VS Code draws a separator only above
      // the item after it, so a run of separators would show just the last one.
      const mode = await pickStep<InpaintOptions['mode']>(at(7), 'Start', [
        {
          label: `Try on ${PREVIEW_IMAGE_COUNT} images`,
          detail: `Writes a separate preview folder from ${PREVIEW_IMAGE_COUNT} source images taken across the classes, to check masks and settings`,
          value: 'preview',
        },
        { label: 'Run on the whole folder', value: 'full' },
        CLUSTER_MODE_ITEM,
        note('Your answers (Back changes them)'),
        ...summaryLines(answers, relative).map((line) => answerLine<InpaintOptions['mode']>(line)),
      ]);
      return set(mode, (value) => (a.mode = value));
    },
  ];
  for (let index = 0; index < steps.length;) {
    const answer = await steps[index]?.();
    if (answer === undefined) return undefined;
    index = answer === BACK ? Math.max(0, index - 1) : index + 1;
  }
  const answers = complete(a);
  return answers && a.mode ? { ...answers, mode: a.mode } : undefined;
}

/** Stores a step's value; passes BACK and undefined through. */
function set<T>(answer: StepAnswer<T>, store: (value: T) => void): StepAnswer<true> {
  if (answer === undefined) return undefined;
  if (answer === BACK) return BACK;
  store(answer);
  return true;
}

/** The answers once every step before the last has one. */
function complete(a: Answers): Omit<InpaintOptions, 'mode' | 'output'> | undefined {
  if (!a.target || !a.masks || !a.preset || !a.engine || a.perImage === undefined) return undefined;
  if (a.seed === undefined) return undefined;
  return {
    target: a.target,
    masks: a.masks,
    ...(a.targetMasks ? { targetMasks: a.targetMasks } : {}),
    preset: a.preset,
    engine: a.engine,
    ...(a.model !== undefined ? { model: a.model } : {}),
    perImage: a.perImage,
    seed: a.seed,
  };
}
