/**
 * The JSON progress lines `maskmedpaint-train` prints on stdout (python/src/maskmedpaint/progress.py),
 * parsed into typed events. Pure (no vscode) so the parsing and wording are unit-tested directly.
 */
import { formatDuration } from '../../shared/formatDuration';

/** One progress line of the Python toolkit. Fields the extension does not use are not listed. */
export type TrainingEvent =
  | { type: 'start'; stage: string; step: number; total: number; device: string }
  | { type: 'step'; step: number; total: number; loss: number | null; eta_s: number | null }
  | { type: 'checkpoint'; step: number; total: number; path: string }
  | { type: 'exported'; component: string; step: number; total: number }
  | {
      type: 'verified';
      component: string;
      step: number;
      total: number;
      maxAbsDiff: number;
      ok: boolean;
    }
  | { type: 'done'; output: string }
  | { type: 'error'; message: string }
  | { type: 'cancelled'; message: string };

/** What one stdout line turned out to be. */
export type TrainingLine = { kind: 'event'; event: TrainingEvent } | { kind: 'text'; text: string };

type Shape = Record<string, 'number' | 'string' | 'boolean' | 'number?'>;

const SHAPES: Record<TrainingEvent['type'], Shape> = {
  start: { stage: 'string', step: 'number', total: 'number', device: 'string' },
  step: { step: 'number', total: 'number', loss: 'number?', eta_s: 'number?' },
  checkpoint: { step: 'number', total: 'number', path: 'string' },
  exported: { component: 'string', step: 'number', total: 'number' },
  verified: {
    component: 'string',
    step: 'number',
    total: 'number',
    maxAbsDiff: 'number',
    ok: 'boolean',
  },
  done: { output: 'string' },
  error: { message: 'string' },
  cancelled: { message: 'string' },
};

function hasShape(record: Record<string, unknown>, shape: Shape): boolean {
  return Object.entries(shape).every(([field, kind]) => {
    const value = record[field];
    // The toolkit writes null for a loss or ETA it cannot give (non-finite, or before step 2).
    if (kind === 'number?') return value === null || typeof value === 'number';
    return typeof value === kind;
  });
}

/** True when `value` is a {@link TrainingEvent} (known type tag and required fields). */
export function isTrainingEvent(value: unknown): value is TrainingEvent {
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== 'string' || !Object.hasOwn(SHAPES, type)) return false;
  return hasShape(record, SHAPES[type as TrainingEvent['type']]);
}

/** Classifies one stdout line; anything that is not a known event is kept as text for the log. */
export function parseTrainingLine(line: string): TrainingLine {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(trimmed);
      if (isTrainingEvent(value)) return { kind: 'event', event: value };
    } catch {
      // not JSON after all: falls through to text
    }
  }
  return { kind: 'text', text: line };
}

/** Splits a stream's chunks into complete lines (a pipe may cut a line anywhere). */
export class LineSplitter {
  private pending = '';

  /** Returns the lines completed by `chunk`. */
  push(chunk: string): string[] {
    const parts = (this.pending + chunk).split(/\r?\n/);
    this.pending = parts.pop() ?? '';
    return parts.filter((line) => line.length > 0);
  }

  /** The last line when the stream ended without a newline. */
  flush(): string[] {
    const rest = this.pending;
    this.pending = '';
    return rest.length > 0 ? [rest] : [];
  }
}

/** The notification's message for a step event: "step 120/2000 · loss 0.0213 · about 41 min left". */
export function describeStep(event: Extract<TrainingEvent, { type: 'step' }>): string {
  const parts = [`step ${event.step}/${event.total}`];
  if (event.loss !== null) parts.push(`loss ${event.loss.toPrecision(3)}`);
  if (event.eta_s !== null) parts.push(`about ${formatDuration(event.eta_s)} left`);
  return parts.join(' · ');
}

/** Share of the work one step is worth, in percent, for `progress.report({ increment })`. */
export function stepIncrement(previousStep: number, step: number, total: number): number {
  if (total <= 0 || step <= previousStep) return 0;
  return ((step - previousStep) / total) * 100;
}
