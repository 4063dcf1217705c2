/**
 * The status bar item that says which engine and execution provider the last (or running)
 * augmentation uses. Hidden until a job starts, so an idle extension adds nothing to the UI.
 */
import * as vscode from 'vscode';
import { runsModel } from '../core/engines/registry';
import type { ExecutionProviderPreference } from '../shared/recipe';

/** Owns the item; dispose with the extension. */
export class EngineStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'maskmedpaint.engine',
    vscode.StatusBarAlignment.Left,
    10,
  );

  constructor() {
    this.item.name = 'MaskMedPaint engine';
    this.item.command = 'maskmedpaint.showLogs';
  }

  /** Shows `engine` and where it computes; `running` adds a spinner. */
  show(engine: string, provider: ExecutionProviderPreference, running: boolean): void {
    // Engines without a model are plain TypeScript on the CPU; model engines use onnxruntime.
    const where = !runsModel(engine)
      ? 'CPU'
      : `onnxruntime ${provider === 'auto' ? 'auto' : provider.toUpperCase()}`;
    this.item.text = `${running ? '$(sync~spin)' : '$(wand)'} ${engine} · ${where}`;
    this.item.tooltip = `MaskMedPaint: ${engine} engine (${where})${running ? ', running' : ''}. Click for logs.`;
    this.item.command = 'maskmedpaint.showLogs';
    this.item.show();
  }

  /** Shows where models run (after "Set Up GPU"); a click opens that command again. */
  showProvider(provider: string, detail: string): void {
    this.item.text = `$(chip) ${provider === 'cpu' ? 'CPU' : provider.toUpperCase()}`;
    this.item.tooltip = `MaskMedPaint: ${detail} Click to set up the GPU.`;
    this.item.command = 'maskmedpaint.setUpGpu';
    this.item.show();
  }

  /** The text shown now (tests read it). */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
