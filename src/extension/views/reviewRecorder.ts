/**
 * Records the review panel's decisions: one line appended to the run folder's decisions journal
 * (core recordDecision: no manifest rewrite per click, nothing lost while a job writes the
 * manifest), naming the reviewer and the hash of the image shown; the manifest and CSV files catch
 * up through a coalesced compaction when no job holds the folder, once the reviewer pauses.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compactDecisions, CompactionQueue } from '../../core/jobs/compactDecisions';
import type { ReviewDecision as RecordedDecision } from '../../core/jobs/decisionJournal';
import { recordDecision } from '../../core/jobs/reviewDecisions';
import type { ManifestItem } from '../../shared/manifest';
import type { ReviewDecision } from '../../shared/webviewProtocol';
import { resolveReviewer } from './reviewerIdentity';

/** Quiet time after the last decision before the manifest and CSV files are rewritten. */
export const REVIEW_PAUSE_BEFORE_COMPACTION_MS = 3000;

/** Appends decisions and compacts them into the manifest; dispose compacts what is pending. */
export class ReviewRecorder implements vscode.Disposable {
  private reviewer: Promise<string> | undefined;
  private readonly sessionsChanged: vscode.Disposable;
  private readonly compaction: CompactionQueue;
  /** Compaction waits for a pause in the review (see scheduleCompaction). */
  private compactionTimer: NodeJS.Timeout | undefined;
  private compactionPath: string | undefined;

  /** `afterCompaction` runs once a compaction of a manifest is done (the panel refreshes its cache). */
  constructor(
    private readonly logger: vscode.LogOutputChannel,
    private readonly afterCompaction: (manifestPath: string) => Promise<unknown>,
  ) {
    this.sessionsChanged = vscode.authentication.onDidChangeSessions(() => {
      this.reviewer = undefined;
    });
    this.compaction = new CompactionQueue(
      async (manifestPath) => {
        const outcome = await compactDecisions(manifestPath);
        if (outcome === 'busy')
          logger.info(
            `review: ${manifestPath} is held by a running job, which records the decisions in the manifest at its next write`,
          );
        return outcome;
      },
      (manifestPath, error) =>
        logger.error(
          `review: could not update ${manifestPath} with the decisions (they are kept in its decisions journal): ${
            error instanceof Error ? error.message : String(error)
          }`,
        ),
    );
  }

  /** Records `decision` about `shown` (the item as the reviewer saw it) and queues a compaction. */
  async record(
    manifestUri: vscode.Uri,
    shown: ManifestItem,
    decision: ReviewDecision,
    note: string | undefined,
  ): Promise<RecordedDecision> {
    const recorded = await recordDecision(path.dirname(manifestUri.fsPath), shown, decision, {
      ...(note !== undefined ? { note } : {}),
      decidedBy: await this.currentReviewer(),
    });
    this.logger.info(
      `review: ${shown.id} ${decision} by ${recorded.decidedBy}${note ? ` (${note})` : ''}`,
    );
    this.scheduleCompaction(manifestUri.fsPath);
    return recorded;
  }

  dispose(): void {
    this.compactNow();
    this.sessionsChanged.dispose();
  }

  /**
   * Brings the manifest and CSV files up to date once the reviewer pauses. Compaction rewrites the
   * whole manifest (seconds at 100,000 items, on this thread), so it never runs between two
   * clicks of a burst; the decisions are safe in the journal meanwhile, and every reader folds it
   * in.
   */
  private scheduleCompaction(manifestPath: string): void {
    if (this.compactionPath !== undefined && this.compactionPath !== manifestPath)
      this.compactNow();
    this.compactionPath = manifestPath;
    if (this.compactionTimer) clearTimeout(this.compactionTimer);
    this.compactionTimer = setTimeout(() => this.compactNow(), REVIEW_PAUSE_BEFORE_COMPACTION_MS);
  }

  private compactNow(): void {
    if (this.compactionTimer) clearTimeout(this.compactionTimer);
    this.compactionTimer = undefined;
    const manifestPath = this.compactionPath;
    this.compactionPath = undefined;
    if (manifestPath === undefined) return;
    void this.compaction
      .request(manifestPath)
      .then(() => this.afterCompaction(manifestPath))
      .catch(() => undefined);
  }

  /** The reviewer recorded with decisions (resolved once; again after a sign-in change). */
  private currentReviewer(): Promise<string> {
    this.reviewer ??= resolveReviewer((providerId, scopes) =>
      vscode.authentication.getSession(providerId, scopes, { silent: true }),
    );
    return this.reviewer;
  }
}
