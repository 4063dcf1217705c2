/**
 * What "Write Augmentation Config" tells the user once it has written (or kept) its files: what
 * was written where, how many generated images training gets under the chosen review policy, and a
 * warning level when that is few. Pure: unit-tested.
 */
import type { UsableCounts } from '../../shared/usable';
import type { WriteOutcome } from '../workspace/workspaceWriter';

/** Below this share of the generated images, "usable" counts as few and the message warns. */
export const FEW_USABLE_SHARE = 0.25;

/** The message and whether it is a warning. */
export interface ConfigFeedback {
  message: string;
  warn: boolean;
}

/** Describes a finished write. */
export function configFeedback(options: {
  configName: string;
  snippetName: string;
  trainingName: string;
  config: WriteOutcome;
  snippet: WriteOutcome;
  counts: UsableCounts;
  requireReview: boolean;
}): ConfigFeedback {
  const { counts } = options;
  const files = (['config', 'snippet'] as const).map((which) => {
    const name = which === 'config' ? options.configName : options.snippetName;
    const outcome = options[which];
    return outcome === 'kept' ? `kept the existing ${name}` : `${outcome} ${name}`;
  });
  const policy = options.requireReview ? 'approved images only' : 'approved and unreviewed images';
  const usable = `${counts.usable} of ${counts.total} generated images are usable for training (${policy})`;
  const few = counts.total > 0 && counts.usable < counts.total * FEW_USABLE_SHARE;
  const why =
    few && options.requireReview && counts.pending > 0
      ? `: ${counts.pending} still await review`
      : few && counts.rejected + counts.failed > 0
        ? `: ${counts.rejected} rejected, ${counts.failed} failed`
        : '';
  return {
    message: `MaskMedPaint: ${files.join(' and ')} beside ${options.trainingName}. ${usable}${few ? ` — that is few${why}` : ''}.`,
    warn: few,
  };
}
