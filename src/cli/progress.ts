/**
 * How a run reports progress: JSON lines (`--json`, one JobEvent per line on stdout), a progress
 * bar on an interactive terminal, or plain lines when output goes to a file or pipe.
 */
import type { JobEvent } from '../shared/jobEvents';
import { tty } from './terminalText';

/** A sink for job events. */
export type ProgressReporter = (event: JobEvent) => void;

/** One JSON line per event on `out` (itemProgress included: diffusion steps drive progress UIs). */
export function jsonReporter(out: NodeJS.WritableStream): ProgressReporter {
  return (event) => {
    // A reader that went away (`| head -1`) ends the output, not the process: see stdoutClosed.ts.
    if (out.writable) out.write(JSON.stringify(event) + '\n');
  };
}

/**
 * The note a resumed run prints when sources were edited since their outputs were made (those
 * outputs are regenerated, never kept); empty when none were.
 */
export function changedSourcesNote(event: JobEvent): string {
  if (event.type !== 'planned' || !event.changedSources?.length) return '';
  return event.changedSources
    .map(
      ({ source, reason, items }) =>
        tty`note: ${source} changed since its outputs were made (${reason}); regenerating its ${items} image(s)\n`,
    )
    .join('');
}

/** A redrawn single-line bar (`[#####-----] 12/40  1 failed  ETA 8s`) on a TTY stream. */
export function barReporter(out: NodeJS.WriteStream): ProgressReporter {
  let started = 0;
  let processed = 0;
  let failed = 0;
  return (event) => {
    if (event.type === 'planned') {
      started = Date.now();
      out.write(changedSourcesNote(event));
    }
    if (event.type === 'itemFailed') failed += 1;
    if (event.type === 'itemDone' || event.type === 'itemFailed') processed += 1;
    if (event.type === 'itemDone' || event.type === 'itemFailed' || event.type === 'itemSkipped') {
      const count = event.index + 1;
      const width = Math.max(10, Math.min(40, (out.columns ?? 80) - 40));
      const filled = Math.round((count / event.total) * width);
      const elapsed = (Date.now() - started) / 1000;
      const eta = processed > 0 ? Math.round((elapsed / processed) * (event.total - count)) : 0;
      const failedText = failed > 0 ? `  ${failed} failed` : '';
      out.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${count}/${event.total}${failedText}  ETA ${eta}s `,
      );
    }
    if (event.type === 'finished') out.write('\n');
  };
}

/** One line per finished or failed item (skipped items are counted, not listed). */
export function lineReporter(out: NodeJS.WritableStream): ProgressReporter {
  return (event) => {
    if (event.type === 'planned') {
      out.write(changedSourcesNote(event));
      out.write(`planned ${event.total} images (${event.alreadyDone} already done)\n`);
    }
    if (event.type === 'itemDone')
      out.write(tty`[${event.index + 1}/${event.total}] ${event.output}\n`);
    if (event.type === 'itemFailed')
      out.write(tty`[${event.index + 1}/${event.total}] FAILED ${event.id}: ${event.error}\n`);
  };
}
