/**
 * Target masks for a run started with an options object (other extensions, tests) that does not
 * name them while its preset needs them (dermoscopy): the folder the wizard would offer first,
 * logged; none found is an error that says how to give them, instead of a run that pastes each
 * source lesion beside the target's own.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PRESETS } from '../../core/recipe/presets';
import { presetNeedsTargetMasks } from '../../core/recipe/targetMasks';
import type { InpaintOptions } from './inpaintOptions';
import { bestTargetMaskCandidate, findTargetMaskCandidates } from './targetMaskCandidates';

/** `options` with `targetMasks` filled in where the preset needs them and none were given. */
export async function withDefaultTargetMasks(
  options: InpaintOptions,
  logger: Pick<vscode.LogOutputChannel, 'info'>,
): Promise<InpaintOptions> {
  if (options.targetMasks !== undefined || !presetNeedsTargetMasks(options.preset)) return options;
  const suffix = options.masks.kind === 'folder' ? options.masks.suffix : undefined;
  const workspaceFolders = (vscode.workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === 'file')
    .map((folder) => folder.uri.fsPath);
  const found = bestTargetMaskCandidate(
    await findTargetMaskCandidates({
      target: options.target,
      ...(options.masks.kind === 'folder' ? { sourceMasks: options.masks.folder } : {}),
      ...(suffix ? { suffix } : {}),
      roots: [...workspaceFolders, path.dirname(path.resolve(options.target))],
    }),
  );
  if (!found) {
    throw new Error(
      `The ${PRESETS[options.preset].title} preset fills each target image's own lesion first, and no ` +
        `target masks folder was found next to ${options.target}: pass targetMasks ` +
        '{kind:"folder", folder} (or {kind:"none"} to use the target images as they are).',
    );
  }
  logger.info(
    `target masks: ${found.folder} (${found.origin}; ${found.matched} of ${found.total} target images)`,
  );
  return { ...options, targetMasks: { kind: 'folder', folder: found.folder } };
}
