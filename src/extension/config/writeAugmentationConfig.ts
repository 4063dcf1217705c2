/**
 * "MaskMedPaint: Write Augmentation Config": writes `maskmedpaint.augment.json` and a Python
 * loader snippet beside the chosen training script, notebook or pyproject.toml. Also callable as
 * `executeCommand(id, trainingFileUri, { manifest, requireReview, overwrite })` without prompts
 * (`approvedOnly` is still accepted for `requireReview`). When the loaders would give nothing,
 * or leave out images nobody has reviewed, it says so and offers the review panel. Run by a person
 * (no options object: the palette, or the explorer's context menu, which passes the selected files)
 * it asks one question when either file exists, opens the written config and says what was written
 * and how many images training gets, as a warning when that is few.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readManifest } from '../../core/jobs/manifestStore';
import type { Manifest } from '../../shared/manifest';
import { countUsable, runRequiresReview, usableShortfall } from '../../shared/usable';
import type { HostServices } from '../hostServices';
import { resolveManifest } from '../commands/manifestPicker';
import {
  writeWorkspaceJson,
  writeWorkspaceText,
  type OverwritePolicy,
  type WriteOutcome,
} from '../workspace/workspaceWriter';
import {
  AUGMENT_CONFIG_FILE,
  AUGMENT_SNIPPET_FILE,
  buildAugmentConfig,
} from './augmentConfigContent';
import { configFeedback } from './configFeedback';
import { buildLoaderSnippet } from './loaderSnippet';
import { pickTrainingFile } from './trainingFiles';

/** Options for scripted use; every field falls back to asking the user. */
export interface WriteConfigOptions {
  manifest?: vscode.Uri;
  requireReview?: boolean;
  overwrite?: OverwritePolicy;
}

/** What was written. */
export interface WriteConfigResult {
  config: { uri: vscode.Uri; outcome: WriteOutcome };
  snippet: { uri: vscode.Uri; outcome: WriteOutcome };
}

/** True for a scripted call's options object (not the explorer's array of selected files). */
function isOptionsObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseOptions(value: unknown): WriteConfigOptions {
  if (!isOptionsObject(value)) return {};
  const v = value as Record<string, unknown>;
  const options: WriteConfigOptions = {};
  if (v.manifest instanceof vscode.Uri) options.manifest = v.manifest;
  if (typeof v.requireReview === 'boolean') options.requireReview = v.requireReview;
  else if (typeof v.approvedOnly === 'boolean') options.requireReview = v.approvedOnly;
  if (v.overwrite === 'ask' || v.overwrite === 'never' || v.overwrite === 'always')
    options.overwrite = v.overwrite;
  return options;
}

async function askRequireReview(runSetting: boolean): Promise<boolean | undefined> {
  const approved = {
    label: 'Approved images only',
    description: 'training uses what a reviewer approved',
    value: true,
  };
  const unreviewed = {
    label: 'Approved and not yet reviewed images',
    description: 'rejected and failed ones are always left out',
    value: false,
  };
  // The run's own setting comes first.
  const [first, second] = runSetting ? [approved, unreviewed] : [unreviewed, approved];
  const chosen = await vscode.window.showQuickPick(
    [{ ...first, description: `${first.description} (this run's setting)` }, second],
    {
      title: 'Write Augmentation Config',
      placeHolder: 'Which generated images should training use?',
    },
  );
  return chosen?.value;
}

/** Says when the loaders would give nothing or leave out unreviewed images (never silently). */
async function warnIfShort(
  services: HostServices,
  manifestUri: vscode.Uri,
  manifest: Manifest,
  requireReview: boolean,
): Promise<void> {
  const shortfall = usableShortfall(
    countUsable(manifest.items, requireReview),
    requireReview,
    'Review them with MaskMedPaint: Review Augmentations, or write the config again choosing "Approved and not yet reviewed images".',
  );
  if (!shortfall) return;
  services.logger.warn(`config: ${manifestUri.fsPath}: ${shortfall}`);
  const review = 'Review Augmentations';
  const chosen = await vscode.window.showWarningMessage(`MaskMedPaint: ${shortfall}`, review);
  if (chosen === review)
    await vscode.commands.executeCommand('maskmedpaint.reviewAugmentations', manifestUri);
}

/** True when `uri` exists (a file, a folder or a link). */
async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * One question for both files: replace them (`always`), keep them (`never`), or undefined when
 * the user dismissed it. Neither file exists: `always` (nothing to ask). A quick pick like the
 * command's other questions (keyboard-first, and VS Code refuses modal dialogs under test).
 */
async function askOverwrite(
  existing: vscode.Uri[],
  training: vscode.Uri,
): Promise<'always' | 'never' | undefined> {
  if (existing.length === 0) return 'always';
  const names = existing.map((uri) => uri.path.split('/').pop() ?? '').join(' and ');
  const answer = await vscode.window.showQuickPick(
    [
      {
        label: 'Replace',
        description: `write ${existing.length === 1 ? 'it' : 'both'} for this run`,
        value: 'always' as const,
      },
      {
        label: 'Keep Existing',
        description: 'leave the files as they are',
        value: 'never' as const,
      },
    ],
    {
      title: 'Write Augmentation Config',
      placeHolder: `${names} already ${existing.length === 1 ? 'exists' : 'exist'} beside ${vscode.workspace.asRelativePath(training)}`,
    },
  );
  return answer?.value;
}

/** The command handler; undefined when the user dismissed a prompt. */
export async function writeAugmentationConfig(
  services: HostServices,
  trainingArg?: unknown,
  optionsArg?: unknown,
): Promise<WriteConfigResult | undefined> {
  const options = parseOptions(optionsArg);
  const training = trainingArg instanceof vscode.Uri ? trainingArg : await pickTrainingFile();
  if (!training) return undefined;
  const manifestUri =
    options.manifest ?? (await resolveManifest(undefined, 'Write Augmentation Config'));
  if (!manifestUri) return undefined;
  const manifest = await readManifest(manifestUri.fsPath);
  const requireReview =
    options.requireReview ?? (await askRequireReview(runRequiresReview(manifest)));
  if (requireReview === undefined) return undefined;
  const config = buildAugmentConfig(manifest, manifestUri.fsPath, training.fsPath, requireReview);
  const folder = vscode.Uri.file(path.dirname(training.fsPath));
  const configUri = vscode.Uri.joinPath(folder, AUGMENT_CONFIG_FILE);
  const snippetUri = vscode.Uri.joinPath(folder, AUGMENT_SNIPPET_FILE);
  // Run by a person: from the palette (no arguments) or the explorer's context menu, which passes
  // the clicked file and an array of the selected ones. Scripted calls pass an options object.
  const interactive = !isOptionsObject(optionsArg);
  let policy = options.overwrite ?? 'ask';
  if (policy === 'ask') {
    const existing: vscode.Uri[] = [];
    for (const uri of [configUri, snippetUri]) if (await exists(uri)) existing.push(uri);
    const answer = await askOverwrite(existing, training);
    if (answer === undefined) return undefined;
    policy = answer;
  }
  const result: WriteConfigResult = {
    config: { uri: configUri, outcome: await writeWorkspaceJson(configUri, config, policy) },
    snippet: {
      uri: snippetUri,
      outcome: await writeWorkspaceText(snippetUri, buildLoaderSnippet(), policy),
    },
  };
  services.logger.info(
    `config: ${configUri.fsPath} ${result.config.outcome}; snippet ${snippetUri.fsPath} ${result.snippet.outcome}`,
  );
  if (interactive) {
    const document = await vscode.workspace.openTextDocument(configUri);
    await vscode.window.showTextDocument(document, { preview: true });
    const feedback = configFeedback({
      configName: AUGMENT_CONFIG_FILE,
      snippetName: AUGMENT_SNIPPET_FILE,
      trainingName: vscode.workspace.asRelativePath(training),
      config: result.config.outcome,
      snippet: result.snippet.outcome,
      counts: countUsable(manifest.items, requireReview),
      requireReview,
    });
    services.logger.info(`config: ${feedback.message}`);
    const review = 'Review Augmentations';
    // Not awaited: the command returns while the notification waits for the user.
    void (
      feedback.warn
        ? vscode.window.showWarningMessage(feedback.message, review)
        : vscode.window.showInformationMessage(feedback.message)
    ).then((choice) =>
      choice === review
        ? vscode.commands.executeCommand('maskmedpaint.reviewAugmentations', manifestUri)
        : undefined,
    );
    return result;
  }
  // Not awaited: a scripted call must not wait for someone to dismiss the notification.
  warnIfShort(services, manifestUri, manifest, requireReview).catch((error: unknown) =>
    services.logger.error(`config: ${error instanceof Error ? error.message : String(error)}`),
  );
  return result;
}
