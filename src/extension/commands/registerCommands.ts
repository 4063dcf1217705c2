/**
 * Registers the host's commands. Each handler catches its own errors and shows them (a command
 * that throws would only say "command failed" in a corner), and also returns or rethrows for
 * callers using `executeCommand` (tests, other extensions).
 */
import * as vscode from 'vscode';
import type { HostServices } from '../hostServices';
import { writeAugmentationConfig } from '../config/writeAugmentationConfig';
import { inpaintToTargetDomain } from '../inpaint/inpaintCommand';
import { resolveManifest } from './manifestPicker';

/** Command ids contributed in package.json. */
export const COMMANDS = {
  inpaint: 'maskmedpaint.inpaintToTargetDomain',
  openGallery: 'maskmedpaint.openGallery',
  review: 'maskmedpaint.reviewAugmentations',
  writeConfig: 'maskmedpaint.writeAugmentationConfig',
  showLogs: 'maskmedpaint.showLogs',
} as const;

function guarded<A extends unknown[], R>(
  services: HostServices,
  name: string,
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      services.logger.error(`${name}: ${message}`);
      void vscode.window.showErrorMessage(`MaskMedPaint: ${message}`);
      throw error;
    }
  };
}

function requireViews(services: HostServices) {
  const views = services.views();
  if (!views) {
    throw new Error(`the gallery and review views are unavailable: ${services.viewsProblem()}`);
  }
  return views;
}

/** Registers every host command; the returned disposable owns them all. */
export function registerCommands(services: HostServices): vscode.Disposable {
  const register = vscode.commands.registerCommand;
  return vscode.Disposable.from(
    register(
      COMMANDS.inpaint,
      guarded(services, 'Inpaint to Target Domain', (source?: unknown, options?: unknown) =>
        inpaintToTargetDomain(services, source, options),
      ),
    ),
    register(
      COMMANDS.openGallery,
      guarded(services, 'Open Gallery', async (manifest?: unknown) => {
        const uri = await resolveManifest(manifest, 'Open Gallery');
        if (uri) await requireViews(services).showGallery(uri);
        return uri;
      }),
    ),
    register(
      COMMANDS.review,
      guarded(services, 'Review Augmentations', async (manifest?: unknown, itemId?: unknown) => {
        const uri = await resolveManifest(manifest, 'Review Augmentations');
        if (uri)
          await requireViews(services).openReview(
            uri,
            typeof itemId === 'string' ? itemId : undefined,
          );
        return uri;
      }),
    ),
    register(
      COMMANDS.writeConfig,
      guarded(services, 'Write Augmentation Config', (training?: unknown, options?: unknown) =>
        writeAugmentationConfig(services, training, options),
      ),
    ),
    register(COMMANDS.showLogs, () => services.logger.show()),
  );
}
