/**
 * The environment the extension gives every CLI run that may load a model: settings of the
 * inference runtime that change how a model is computed, not what (so they are no recipe field
 * and no CLI flag), passed on as the environment variables the CLI and its worker read.
 */
import * as vscode from 'vscode';
import { webgpuLayoutEnvironment } from '../core/backend/webgpuLayout';
import { SETTINGS_SECTION } from './settings';

/** `maskmedpaint.webgpuLayout` as MASKMEDPAINT_WEBGPU_LAYOUT. */
export function runtimeEnvironment(): Record<string, string> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return webgpuLayoutEnvironment(config.get<unknown>('webgpuLayout'));
}
