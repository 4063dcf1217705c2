/**
 * Re-runs one manifest item with an edited key-region mask (the review panel's brush tool).
 *
 * The work runs in the CLI child process as `maskmedpaint rerun MANIFEST ITEM --mask FILE --json`:
 * core's rerunItem takes everything else from the manifest's record of that item (source, target,
 * the target's own mask under the dermoscopy preset, seed, recipe), replaces the output
 * atomically and records the edited mask, the new hash, the source fingerprint and "pending"
 * (it needs a fresh review). So the panel, the CLI and a plain rerun all produce the same image.
 */
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { readManifest } from '../../core/jobs/manifestStore';
import type { HostServices } from '../hostServices';
import { runAugmentJob } from '../jobs/runAugmentJob';
import { readSettings } from '../settings';

/** How long a re-run waits for a run folder another process holds before giving up. */
export const RERUN_FOLDER_WAIT_S = 120;

/** Re-runs `itemId` of the manifest with the mask at `editedMaskPath`. */
export async function rerunItemWithMask(
  services: HostServices,
  manifestUri: vscode.Uri,
  itemId: string,
  editedMaskPath: string,
): Promise<void> {
  if (!services.isTrusted()) throw new Error('re-running an item needs a trusted workspace');
  const manifestPath = manifestUri.fsPath;
  const manifest = await readManifest(manifestPath);
  const settings = readSettings(true, manifestUri);
  let failure: string | undefined;
  const result = await runAugmentJob({
    title: `MaskMedPaint: re-running ${itemId}`,
    cliPath: services.context.asAbsolutePath(path.join('dist', 'cli.js')),
    // A review compaction or another re-run may hold the run folder for a moment; a job for longer.
    cliRequest: {
      command: 'rerun',
      manifest: manifestPath,
      itemId,
      mask: editedMaskPath,
      waitSeconds: RERUN_FOLDER_WAIT_S,
    },
    engine: manifest.recipe.engine,
    executionProvider: settings.executionProvider,
    logger: services.logger,
    statusBar: services.statusBar,
    onEvent: (event) => {
      if (event.type === 'itemFailed') failure = event.error;
    },
  });
  if (!result.finished || result.finished.cancelled || result.finished.done !== 1) {
    const reason = failure ?? result.stderr.trim().split('\n').pop() ?? '';
    throw new Error(`the re-run of ${itemId} did not finish: ${reason}`);
  }
  services.logger.info(`re-run: ${itemId} regenerated with ${editedMaskPath}`);
}
