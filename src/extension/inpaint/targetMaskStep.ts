/**
 * The wizard's target-masks question, asked after the preset when the preset fills each target
 * image's own lesion before compositing (dermoscopy). Offers the folders found next to the target
 * folder and the last one used, each with how many target images it covers; says plainly when
 * none was found; a folder that covers no target image is refused with the reason.
 */
import * as vscode from 'vscode';
import type { MaskSource, TargetMaskSource } from './inpaintOptions';
import { pickFolder } from './folderPick';
import { BACK, type StepAnswer } from './wizardSteps';
import {
  countTargetMasks,
  describeCoverage,
  findTargetMaskCandidates,
  type TargetMaskCandidate,
} from './targetMaskCandidates';

/** What the step needs. */
export interface TargetMaskStepContext {
  /** The wizard's step title, e.g. "Inpaint to Target Domain (3/7)". */
  stepTitle: string;
  presetTitle: string;
  target: string;
  masks: MaskSource;
  last: TargetMaskSource | undefined;
  /** Folder typed paths are relative to. */
  base: string;
  near: vscode.Uri;
  /** Folders a remembered or guessed folder must lie inside. */
  roots: string[];
}

type Answer = TargetMaskSource | 'choose';

interface AnswerItem extends vscode.QuickPickItem {
  answer: Answer;
}

function candidateItem(candidate: TargetMaskCandidate, suffix?: string): AnswerItem {
  const coverage = describeCoverage(candidate, suffix);
  return {
    label: vscode.workspace.asRelativePath(candidate.folder),
    description: candidate.origin,
    detail: candidate.matched > 0 ? coverage : `$(warning) ${coverage}`,
    answer: { kind: 'folder', folder: candidate.folder },
  };
}

/**
 * Asks for the target masks; undefined when the user presses Escape, BACK for the Back button.
 * The preselected (first) item is always one that works: a folder that covers target images, the
 * last answer when it was "without", or "Target masks folder…" when no folder was found. Folders
 * that cover no target image are listed last, marked, and refused with the reason if chosen.
 */
export async function askTargetMasks(
  ctx: TargetMaskStepContext,
): Promise<StepAnswer<TargetMaskSource>> {
  const suffix = ctx.masks.kind === 'folder' ? ctx.masks.suffix : undefined;
  const candidates = await findTargetMaskCandidates({
    target: ctx.target,
    ...(ctx.masks.kind === 'folder' ? { sourceMasks: ctx.masks.folder } : {}),
    ...(suffix ? { suffix } : {}),
    ...(ctx.last?.kind === 'folder' ? { last: ctx.last.folder } : {}),
    roots: ctx.roots,
  });
  const usable = candidates.filter((candidate) => candidate.matched > 0);
  const unusable = candidates.filter((candidate) => candidate.matched === 0);
  const target = vscode.workspace.asRelativePath(ctx.target);
  const why = `the ${ctx.presetTitle} preset fills each target image's own lesion first`;
  let problem: string | undefined;
  for (;;) {
    const choose: AnswerItem = {
      label: 'Target masks folder…',
      detail: `The target images' own lesion masks, named like the target images (${why})`,
      answer: 'choose',
    };
    const without: AnswerItem = {
      label: 'Run without filling the target lesions',
      description: ctx.last?.kind === 'none' ? 'last used' : '',
      detail: 'Composites onto the target images as they are: their own lesions stay visible',
      answer: { kind: 'none' },
    };
    const found = usable.length > 0;
    // One separator: VS Code draws only the last of consecutive separators.
    const notes = [
      ...(problem ? [problem] : []),
      ...(found ? [] : [`No target masks found next to ${target}`]),
    ];
    const items: AnswerItem[] = [
      ...(notes.length > 0
        ? [
            {
              label: notes.join('. '),
              kind: vscode.QuickPickItemKind.Separator,
              answer: 'choose' as const,
            },
          ]
        : []),
      ...(ctx.last?.kind === 'none' ? [without] : []),
      ...usable.map((candidate) => candidateItem(candidate, suffix)),
      choose,
      ...(ctx.last?.kind === 'none' ? [] : [without]),
      ...unusable.map((candidate) => candidateItem(candidate, suffix)),
    ];
    const quickPick = vscode.window.createQuickPick<AnswerItem>();
    quickPick.title = `${ctx.stepTitle}: target masks`;
    quickPick.placeholder = 'Target masks';
    quickPick.ignoreFocusOut = true;
    quickPick.matchOnDescription = true;
    quickPick.items = items;
    quickPick.buttons = [vscode.QuickInputButtons.Back];
    const chosen = await new Promise<AnswerItem | typeof BACK | undefined>((resolve) => {
      let settled = false;
      const finish = (answer: AnswerItem | typeof BACK | undefined): void => {
        if (settled) return;
        settled = true;
        quickPick.dispose();
        resolve(answer);
      };
      quickPick.onDidTriggerButton(() => finish(BACK));
      quickPick.onDidAccept(() => finish(quickPick.selectedItems[0]));
      quickPick.onDidHide(() => finish(undefined));
      quickPick.show();
    });
    if (chosen === BACK) return BACK;
    if (chosen === undefined) return undefined;
    if (chosen.answer !== 'choose' && chosen.answer.kind === 'none') return chosen.answer;
    const folder =
      chosen.answer === 'choose'
        ? await pickFolder({
            title: `${ctx.stepTitle}: target masks folder`,
            placeholder: 'Target masks',
            suggestions: [],
            base: ctx.base,
            near: ctx.near,
            back: true,
          })
        : chosen.answer.folder;
    if (folder === undefined) return undefined;
    if (folder === BACK) continue;
    const coverage = await countTargetMasks(ctx.target, folder, suffix).catch((error: unknown) => ({
      error: error instanceof Error ? error.message : String(error),
    }));
    if ('error' in coverage) {
      problem = coverage.error;
    } else if (coverage.matched === 0) {
      problem = `${vscode.workspace.asRelativePath(folder)}: ${describeCoverage(coverage, suffix)}`;
    } else {
      return { kind: 'folder', folder };
    }
  }
}
