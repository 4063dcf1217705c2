/**
 * The JSON progress lines `maskmedpaint-train` prints on stdout (python/src/maskmedpaint/progress.py),
 * declared once in schema/training-events.schema.json: the toolkit's tests validate every line it
 * prints against that schema, and {@link isTrainingEvent} is the same schema compiled with ajv.
 * Pure (no vscode) so the parsing and wording are unit-tested directly.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import trainingEventsSchema from '../../../schema/training-events.schema.json';
import { formatDuration } from '../../shared/formatDuration';

/** The two training stages (the toolkit's subcommands). */
export type TrainingStage = 'source-finetune' | 'target-dreambooth';

/** One progress line of the Python toolkit (the schema's branches, by `type`). */
export type TrainingEvent =
  | {
      type: 'start';
      stage: TrainingStage;
      step: number;
      total: number;
      images: number;
      device: string;
      processes: number;
      mixedPrecision: string;
      gradientCheckpointing: boolean;
      resumedFrom: string | null;
    }
  | {
      type: 'step';
      step: number;
      total: number;
      /** null: non-finite, or before the pace is known (eta_s). */
      loss: number | null;
      eta_s: number | null;
      lr?: number | null;
    }
  | { type: 'checkpoint'; step: number; total: number; path: string }
  | { type: 'validation'; step: number; total: number; path: string; images: number }
  | { type: 'exported'; component: string; step: number; total: number; path: string }
  | {
      type: 'verified';
      component: string;
      step: number;
      total: number;
      inputs: Record<string, number[]>;
      outputShapes: number[][];
      maxAbsDiff: number | null;
      finite: boolean;
      tolerance: number;
      ok: boolean;
    }
  | { type: 'classifier'; validationAccuracy: number | null; source: number; target: number }
  | {
      type: 'scored';
      step: number;
      total: number;
      checkpoint: string;
      checkpointStep: number;
      score: number | null;
    }
  | { type: 'done'; output: string; step?: number; total?: number; best?: string }
  | { type: 'error'; message: string }
  | { type: 'cancelled'; message: string };

let validate: ValidateFunction | undefined;

/** True when `value` is a {@link TrainingEvent}: one branch of the schema, exactly. */
export function isTrainingEvent(value: unknown): value is TrainingEvent {
  validate ??= new Ajv({ strict: true, strictTypes: false }).compile(trainingEventsSchema);
  return validate(value);
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
