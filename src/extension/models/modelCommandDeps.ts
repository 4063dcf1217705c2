/**
 * What the model commands need from the host, and where the extension keeps its models: shared by
 * the command registrations and each command's module (a file of its own so that neither imports
 * the other).
 */
import * as path from 'node:path';
import type * as vscode from 'vscode';

/** The host services every model command uses (HostServices satisfies it). */
export interface ModelCommandDeps {
  logger: vscode.LogOutputChannel;
  /** Local model paths run code paths we load; refuse them in an untrusted workspace. */
  isTrusted(): boolean;
}

/** The folder of the extension's model cache (and its registry.json). */
export function extensionModelCacheDir(context: vscode.ExtensionContext): string {
  return path.join(context.globalStorageUri.fsPath, 'models');
}
