/**
 * The wizard's target-masks question, asked after the preset when the preset fills each target
 * image's own lesion before compositing (dermoscopy). Offers the folders found next to the target
 * folder and the last one used, each with how many target images it covers; says plainly when
 * none was found; a folder that covers no target image is refused with the reason.
 */
import * as vscode from 'vscode';
import type { MaskSource, TargetMaskSource } from './inpaintOptions';
import { pickFolder } from './folderPick';
import {
  bestTargetMaskCandidate,
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

/** Asks for the target masks; undefined when the user presses Escape. */
export async function askTargetMasks(
  ctx: TargetMaskStepContext,
): Promise<TargetMaskSource | undefined> {
  const suffix = ctx.masks.kind === 'folder' ? ctx.masks.suffix : undefined;
  const candidates = await findTargetMaskCandidates({
    target: ctx.target,
    ...(ctx.masks.kind === 'folder' ? { sourceMasks: ctx.masks.folder } : {}),
    ...(suffix ? { suffix } : {}),
    ...(ctx.last?.kind === 'folder' ? { last: ctx.last.folder } : {}),
    roots: ctx.roots,
  });
  // Folders that cover some target image first (the first one is what Enter takes).
  candidates.sort((a, b) => Number(b.matched > 0) - Number(a.matched > 0));
  const target = vscode.workspace.asRelativePath(ctx.target);
  let problem: string | undefined;
  for (;;) {
    const items: AnswerItem[] = candidates.map((candidate) => candidateItem(candidate, suffix));
    items.push({
      label: 'Target masks folder…',
      detail: "The target images' own lesion masks, named like the target images",
      answer: 'choose',
    });
    items.push({
      label: 'Run without filling the target lesions',
      description: ctx.last?.kind === 'none' ? 'last used' : '',
      detail: 'Composites onto the target images as they are: their own lesions stay visible',
      answer: { kind: 'none' },
    });
    const found = bestTargetMaskCandidate(candidates) !== undefined;
    const why = `the ${ctx.presetTitle} preset fills each target image's own lesion first`;
    const chosen = await vscode.window.showQuickPick(items, {
      title: `${ctx.stepTitle}: target masks`,
      placeHolder:
        problem ??
        (found
          ? `Target masks (${why})`
          : `No target masks found next to ${target}: ${why}, so choose their folder`),
      ignoreFocusOut: true,
      matchOnDescription: true,
    });
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
          })
        : chosen.answer.folder;
    if (folder === undefined) return undefined;
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
