/**
 * Fine-grained progress within one augmentation: the one progress type every engine reports, the
 * inference worker forwards unchanged and the job runner wraps with item counts.
 */

/** What an engine is doing now. */
export type EngineProgress =
  | { kind: 'loading'; detail?: string }
  | { kind: 'encodingPrompt' }
  | { kind: 'denoising'; step: number; total: number }
  | { kind: 'decoding' }
  | { kind: 'compositing' };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Structural check of a progress value that crossed a process boundary. */
export function isEngineProgress(value: unknown): value is EngineProgress {
  if (!isObject(value)) return false;
  switch (value.kind) {
    case 'loading':
      return value.detail === undefined || typeof value.detail === 'string';
    case 'encodingPrompt':
    case 'decoding':
    case 'compositing':
      return true;
    case 'denoising':
      return typeof value.step === 'number' && typeof value.total === 'number';
    default:
      return false;
  }
}
