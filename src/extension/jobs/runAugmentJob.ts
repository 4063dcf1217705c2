/**
 * One augmentation run with its user interface: a cancellable progress notification (count,
 * ETA), a log line per item and error, and the engine in the status bar. The work itself runs in
 * the CLI child process ({@link startCliJob}).
 */
import * as vscode from 'vscode';
import { cliArguments, type CliRequest } from '../../shared/cliRequest';
import type { JobEvent } from '../../shared/jobEvents';
import type { ExecutionProviderPreference } from '../../shared/recipe';
import type { EngineStatusBar } from '../statusBar';
import { runtimeEnvironment } from '../runtimeEnvironment';
import { startCliJob, type CliJobResult } from './cliJobProcess';
import { ReportThrottle } from './reportThrottle';
import { formatDuration } from '../../shared/formatDuration';
import { EtaEstimator } from './etaEstimator';

/** What a run needs. */
export interface AugmentJobRequest {
  title: string;
  cliPath: string;
  /** What the CLI is asked to do (`augment` or `rerun`). */
  cliRequest: CliRequest;
  /** The engine id the run uses (shown in the status bar). */
  engine: string;
  executionProvider: ExecutionProviderPreference;
  logger: vscode.LogOutputChannel;
  statusBar: EngineStatusBar;
  /** Called for every event (the gallery follows the manifest through its own file watcher). */
  onEvent?: (event: JobEvent) => void;
}

/** Runs the job under a progress notification; resolves when the child process has exited. */
export function runAugmentJob(request: AugmentJobRequest): Thenable<CliJobResult> {
  const { logger, statusBar } = request;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: request.title, cancellable: true },
    async (progress, token) => {
      statusBar.show(request.engine, request.executionProvider, true);
      logger.info(`job: node ${request.cliPath} ${cliArguments(request.cliRequest).join(' ')}`);
      const eta = new EtaEstimator();
      const throttle = new ReportThrottle();
      let reported = 0;
      const report = (): void => {
        const { finished, total, etaSeconds } = eta.snapshot();
        if (total === 0 || !throttle.shouldShow(finished, total)) return;
        const percent = (finished / total) * 100;
        const left = etaSeconds === undefined ? '' : `, about ${formatDuration(etaSeconds)} left`;
        progress.report({
          message: `${finished}/${total} images${left}`,
          increment: percent - reported,
        });
        reported = percent;
      };
      const job = startCliJob(
        request.cliPath,
        request.cliRequest,
        {
          onEvent: (event) => {
            logEvent(logger, event);
            switch (event.type) {
              case 'planned':
                eta.planned(event.total, event.alreadyDone);
                break;
              case 'itemDone':
              case 'itemFailed':
                eta.processedOne();
                break;
              case 'itemSkipped':
                eta.skippedOne();
                break;
              default:
                break;
            }
            report();
            request.onEvent?.(event);
          },
          onText: (text, stream) => (stream === 'stderr' ? logger.warn(text) : logger.info(text)),
        },
        runtimeEnvironment(),
      );
      const subscription = token.onCancellationRequested(() => {
        logger.info('job: cancel requested; stopping after the current image');
        job.cancel();
      });
      try {
        const result = await job.done;
        logger.info(`job: exited with ${result.signal ?? String(result.exitCode)}`);
        return result;
      } finally {
        subscription.dispose();
        statusBar.show(request.engine, request.executionProvider, false);
      }
    },
  );
}

function logEvent(logger: vscode.LogOutputChannel, event: JobEvent): void {
  switch (event.type) {
    case 'planned':
      for (const changed of event.changedSources ?? []) {
        logger.warn(
          `${changed.source} changed since its outputs were made (${changed.reason}); regenerating its ${changed.items} image(s)`,
        );
      }
      logger.info(`planned ${event.total} images (${event.alreadyDone} already done)`);
      return;
    case 'itemStarted':
    case 'itemProgress':
      logger.trace(JSON.stringify(event));
      return;
    case 'itemDone':
      logger.info(`[${event.index + 1}/${event.total}] ${event.id} -> ${event.output}`);
      return;
    case 'itemSkipped':
      logger.info(`[${event.index + 1}/${event.total}] ${event.id} skipped (${event.reason})`);
      return;
    case 'itemFailed':
      logger.error(`[${event.index + 1}/${event.total}] ${event.id} failed: ${event.error}`);
      return;
    case 'finished':
      logger.info(
        `finished: ${event.done} done, ${event.failed} failed, ${event.skipped} skipped` +
          `${event.cancelled ? ' (cancelled)' : ''}; manifest ${event.manifest}`,
      );
      return;
    default: {
      const unreachable: never = event;
      logger.warn(`unknown job event ${JSON.stringify(unreachable)}`);
    }
  }
}
