/** The shared services every command receives from activate() (one instance per activation). */
import type * as vscode from 'vscode';
import type { ViewsApi } from './views/types';
import type { EngineStatusBar } from './statusBar';

export interface HostServices {
  context: vscode.ExtensionContext;
  logger: vscode.LogOutputChannel;
  statusBar: EngineStatusBar;
  /** The views, or undefined when they failed to register (the error is logged). */
  views(): ViewsApi | undefined;
  /** Why `views()` is undefined (shown in errors). */
  viewsProblem(): string;
  /** `vscode.workspace.isTrusted`, read at the moment of use (trust can be granted later). */
  isTrusted(): boolean;
}
