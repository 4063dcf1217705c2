/**
 * "MaskMedPaint: Write Augmentation Config": writes `maskmedpaint.augment.json` and a Python
 * loader snippet beside the chosen training script, notebook or pyproject.toml. Also callable as
 * `executeCommand(id, trainingFileUri, { manifest, approvedOnly, overwrite })` without prompts.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readManifest } from '../../core/jobs/manifestStore';
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
  buildLoaderSnippet,
} from './augmentConfigContent';
import { pickTrainingFile } from './trainingFiles';

/** Options for scripted use; every field falls back to asking the user. */
export interface WriteConfigOptions {
  manifest?: vscode.Uri;
  approvedOnly?: boolean;
  overwrite?: OverwritePolicy;
}

/** What was written. */
export interface WriteConfigResult {
  config: { uri: vscode.Uri; outcome: WriteOutcome };
  snippet: { uri: vscode.Uri; outcome: WriteOutcome };
}

function parseOptions(value: unknown): WriteConfigOptions {
  if (value === undefined || value === null || typeof value !== 'object') return {};
  const v = value as Record<string, unknown>;
  const options: WriteConfigOptions = {};
  if (v.manifest instanceof vscode.Uri) options.manifest = v.manifest;
  if (typeof v.approvedOnly === 'boolean') options.approvedOnly = v.approvedOnly;
  if (v.overwrite === 'ask' || v.overwrite === 'never' || v.overwrite === 'always')
    options.overwrite = v.overwrite;
  return options;
}

async function askApprovedOnly(): Promise<boolean | undefined> {
  const chosen = await vscode.window.showQuickPick(
    [
      { label: 'Approved images only', description: 'recommended after review', value: true },
      {
        label: 'Every generated image',
        description: 'pending and approved; rejected ones are always left out',
        value: false,
      },
    ],
    {
      title: 'Write Augmentation Config',
      placeHolder: 'Which generated images should training use?',
    },
  );
  return chosen?.value;
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
  const approvedOnly = options.approvedOnly ?? (await askApprovedOnly());
  if (approvedOnly === undefined) return undefined;

  const manifest = await readManifest(manifestUri.fsPath);
  const config = buildAugmentConfig(manifest, manifestUri.fsPath, training.fsPath, approvedOnly);
  const folder = vscode.Uri.file(path.dirname(training.fsPath));
  const configUri = vscode.Uri.joinPath(folder, AUGMENT_CONFIG_FILE);
  const snippetUri = vscode.Uri.joinPath(folder, AUGMENT_SNIPPET_FILE);
  const policy = options.overwrite ?? 'ask';
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
  if (trainingArg === undefined) {
    const document = await vscode.workspace.openTextDocument(configUri);
    await vscode.window.showTextDocument(document, { preview: true });
  }
  return result;
}
