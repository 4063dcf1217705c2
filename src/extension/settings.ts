/**
 * The extension's settings (package.json contributes.configuration), read with workspace trust
 * in mind: in an untrusted workspace, paths that would make the extension load or run code
 * (model folders, the Python interpreter) are taken from the user's own settings only, never
 * from the workspace's `.vscode/settings.json`.
 */
import * as vscode from 'vscode';
import {
  EXECUTION_PROVIDERS,
  PRESET_IDS,
  type ExecutionProviderPreference,
  type PresetId,
} from '../shared/recipeChoices';
import { isOneOf } from '../shared/oneOf';
import { trustedValue } from './trustedSetting';

/** Section of every setting. */
export const SETTINGS_SECTION = 'maskmedpaint';

/** Settings as the rest of the extension uses them. */
export interface Settings {
  outputLocation: string;
  defaultPreset: PresetId;
  executionProvider: ExecutionProviderPreference;
  modelFolders: string[];
  pythonPath: string | undefined;
  /** Whether runs started here require review before training (`--[no-]require-review`). */
  requireReview: boolean;
}

/** Reads the settings for `scope` (a folder or file the command runs on), honouring trust. */
export function readSettings(trusted: boolean, scope?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const preset = config.get<string>('defaultPreset', 'custom');
  const provider = config.get<string>('executionProvider', 'auto');
  const folders = trustedValue(config.inspect<unknown>('modelFolders'), trusted);
  const python = trustedValue(config.inspect<unknown>('pythonPath'), trusted);
  // A workspace nobody trusts may not let unreviewed images into training.
  const requireReview = trustedValue(config.inspect<unknown>('requireReview'), trusted);
  return {
    outputLocation: config.get<string>('outputLocation', '${sourceFolder}-maskmedpaint'),
    defaultPreset: isOneOf(PRESET_IDS, preset) ? preset : 'custom',
    executionProvider: isOneOf(EXECUTION_PROVIDERS, provider) ? provider : 'auto',
    modelFolders: Array.isArray(folders)
      ? folders.filter((f): f is string => typeof f === 'string' && f !== '')
      : [],
    pythonPath: typeof python === 'string' && python !== '' ? python : undefined,
    requireReview: typeof requireReview === 'boolean' ? requireReview : true,
  };
}
