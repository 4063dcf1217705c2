/**
 * The progress events of an augmentation job: what the CLI prints with `--json` (one per line) and
 * the extension reads (src/extension/jobs). Item progress carries the engine's own
 * {@link EngineProgress} unchanged, so progress has one shape from the engine to the editor.
 * {@link isJobEvent} is the one validator of a line that crossed the process boundary.
 */
import { isEngineProgress, type EngineProgress } from './engineProgress';

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
  | { type: 'itemProgress'; id: string; progress: EngineProgress }
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

type Record_ = Record<string, unknown>;
type FieldKind = 'number' | 'string' | 'boolean';

/** The fields every event of a type must have, and their kinds. */
const FIELDS: { [T in JobEvent['type']]: Readonly<Record<string, FieldKind>> } = {
  planned: { total: 'number', alreadyDone: 'number' },
  itemStarted: { index: 'number', total: 'number', id: 'string' },
  itemProgress: { id: 'string' },
  itemDone: { index: 'number', total: 'number', id: 'string', output: 'string' },
  itemSkipped: { index: 'number', total: 'number', id: 'string', reason: 'string' },
  itemFailed: { index: 'number', total: 'number', id: 'string', error: 'string' },
  finished: {
    done: 'number',
    failed: 'number',
    skipped: 'number',
    cancelled: 'boolean',
    manifest: 'string',
  },
};

function isChangedSource(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const entry = value as Record_;
  return (
    typeof entry.source === 'string' &&
    typeof entry.reason === 'string' &&
    typeof entry.items === 'number'
  );
}

/** The checks beyond plain fields: nested values and fixed words. */
function nestedValid(event: Record_, type: JobEvent['type']): boolean {
  switch (type) {
    case 'planned':
      return (
        event.changedSources === undefined ||
        (Array.isArray(event.changedSources) && event.changedSources.every(isChangedSource))
      );
    case 'itemProgress':
      return isEngineProgress(event.progress);
    case 'itemSkipped':
      return event.reason === 'alreadyDone';
    default:
      return true;
  }
}

/** True when `value` is a {@link JobEvent}: a known type with every field it requires. */
export function isJobEvent(value: unknown): value is JobEvent {
  if (value === null || typeof value !== 'object') return false;
  const event = value as Record_;
  const type = event.type;
  if (typeof type !== 'string' || !Object.hasOwn(FIELDS, type)) return false;
  const tag = type as JobEvent['type'];
  return (
    Object.entries(FIELDS[tag]).every(([field, kind]) => typeof event[field] === kind) &&
    nestedValid(event, tag)
  );
}

/** The item-progress event of engine progress `progress` for item `id`. */
export function itemProgressEvent(id: string, progress: EngineProgress): JobEvent {
  return { type: 'itemProgress', id, progress };
}
