/**
 * Progress events of an augmentation job, shared by the CLI (`--json` lines), the worker
 * protocol and the extension's progress UI.
 */
export type JobEvent =
  | {
      type: 'planned';
      total: number;
      alreadyDone: number;
      /**
       * Sources edited since their outputs were made (resume only; absent when none): their
       * stale outputs are deleted and regenerated. `source` is relative to the output folder.
       */
      changedSources?: Array<{ source: string; reason: string; items: number }>;
    }
  | { type: 'itemStarted'; index: number; total: number; id: string }
  | { type: 'itemProgress'; id: string; phase: string; step?: number; steps?: number }
  | { type: 'itemDone'; index: number; total: number; id: string; output: string }
  | { type: 'itemSkipped'; index: number; total: number; id: string; reason: 'alreadyDone' }
  | { type: 'itemFailed'; index: number; total: number; id: string; error: string }
  | {
      type: 'finished';
      done: number;
      failed: number;
      skipped: number;
      cancelled: boolean;
      manifest: string;
    };
