/**
 * Records the review panel's decisions: one line appended to the run folder's decisions journal
 * (core recordDecision: no manifest rewrite per click, nothing lost while a job writes the
 * manifest), naming the reviewer and the hash of the image shown; the manifest and CSV files catch
 * up through a coalesced compaction when no job holds the folder.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compactDecisions, CompactionQueue } from '../../core/jobs/compactDecisions';
import type { ReviewDecision as RecordedDecision } from '../../core/jobs/decisionJournal';
import { recordDecision } from '../../core/jobs/reviewDecisions';
import type { ManifestItem } from '../../shared/manifest';
import type { ReviewDecision } from '../../shared/webviewProtocol';
import { resolveReviewer } from './reviewerIdentity';

/** Appends decisions and compacts them into the manifest; dispose to stop listening. */
export class ReviewRecorder implements vscode.Disposable {
  private reviewer: Promise<string> | undefined;
  private readonly sessionsChanged: vscode.Disposable;
  private readonly compaction: CompactionQueue;

  constructor(private readonly logger: vscode.LogOutputChannel) {
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
    void this.compaction.request(manifestUri.fsPath);
    return recorded;
  }

  dispose(): void {
    this.sessionsChanged.dispose();
  }

  /** The reviewer recorded with decisions (resolved once; again after a sign-in change). */
  private currentReviewer(): Promise<string> {
    this.reviewer ??= resolveReviewer((providerId, scopes) =>
      vscode.authentication.getSession(providerId, scopes, { silent: true }),
    );
    return this.reviewer;
  }
}
