/**
 * The manifest of a running job: the records of finished items (in memory), written to disk
 * with the CSV files beside it every few items or seconds and at the end. Writes are rationed so
 * a 10,000-item manifest (about 0.2 s per write) never takes more than ~5% of the run; the
 * journal, not this file, is what lets a crash lose at most the item in flight.
 *
 * The job holds the run folder's lock, so it is the only writer of the manifest. Review decisions
 * made meanwhile arrive through the decisions journal; each write folds in the lines appended
 * since the last one (decisionFold.ts), so no decision is lost, whenever it was made.
 */
import { MANIFEST_SCHEMA_VERSION, type Manifest, type ManifestItem } from '../../shared/manifest';
import { TOOL_NAME, TOOL_VERSION } from '../util/toolVersion';
import { decidedItem } from './decisionFold';
import { readDecisions, type ReviewDecision } from './decisionJournal';
import { writeCsvs, writeManifest } from './manifestStore';
import { JobConfigError, type JobPlan } from './types';

/** When to rewrite the manifest (see {@link RunManifest.noteItem}). */
export interface FlushPolicy {
  everyItems: number;
  everyMs: number;
  /** Most of the run's time that manifest writes may take (0.05 = 5%); 1 = no limit. */
  maxShare: number;
}

/** What the manifest records besides its items. */
export interface RunManifestHeader {
  createdAt: string;
  model: Manifest['model'];
  requireReview: boolean;
}

export class RunManifest {
  private readonly records: Map<string, ManifestItem>;
  /** Decisions about items not recorded yet (being regenerated), applied when they are. */
  private readonly waiting = new Map<string, ReviewDecision[]>();
  private decisionsOffset = 0;
  private journalSizeRead = 0;
  private sinceFlush = 0;
  private lastFlushAt = Date.now();
  private lastFlushCostMs = 0;

  constructor(
    private readonly plan: JobPlan,
    private readonly header: RunManifestHeader,
    private readonly policy: FlushPolicy,
    alreadyDone: ReadonlyMap<string, ManifestItem>,
  ) {
    this.records = new Map(alreadyDone);
  }

  /** Records a finished (or failed) item and writes the manifest when the policy says so. */
  async noteItem(item: ManifestItem): Promise<void> {
    this.records.set(item.id, this.withWaitingDecisions(item));
    this.sinceFlush += 1;
    const elapsed = Date.now() - this.lastFlushAt;
    const due = this.sinceFlush >= this.policy.everyItems || elapsed >= this.policy.everyMs;
    const affordable =
      this.policy.maxShare >= 1 || elapsed * this.policy.maxShare >= this.lastFlushCostMs;
    if (due && affordable) await this.flush();
  }

  /** Writes the manifest and CSV files now (atomically), with every decision made so far. */
  async flush(): Promise<void> {
    const started = Date.now();
    await this.foldNewDecisions();
    const manifest = this.snapshot();
    await writeManifest(this.plan.manifestPath, manifest);
    await writeCsvs(this.plan.outDir, manifest);
    this.lastFlushCostMs = Date.now() - started;
    this.lastFlushAt = Date.now();
    this.sinceFlush = 0;
  }

  /** The decisions journal's size at the last manifest write (see compactIfJournalGrew). */
  get journalSizeFolded(): number {
    return this.journalSizeRead;
  }

  /** The manifest as it stands: recorded items in plan order. */
  snapshot(): Manifest {
    return {
      schemaVersion: MANIFEST_SCHEMA_VERSION,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      createdAt: this.header.createdAt,
      requireReview: this.header.requireReview,
      recipe: this.plan.recipe,
      model: this.header.model,
      inputs: this.plan.inputs,
      items: this.plan.items.flatMap((item) => this.records.get(item.id) ?? []),
    };
  }

  /** Applies the journal lines appended since the last read, in order. */
  private async foldNewDecisions(): Promise<void> {
    let read;
    try {
      read = await readDecisions(this.plan.outDir, this.decisionsOffset);
    } catch (error) {
      throw new JobConfigError(
        `cannot read the review decisions journal of ${this.plan.outDir} (${(error as Error).message})`,
      );
    }
    this.decisionsOffset = read.nextOffset;
    this.journalSizeRead = read.size;
    for (const decision of read.decisions) {
      const record = this.records.get(decision.id);
      if (record) {
        this.records.set(decision.id, decidedItem(record, decision).item);
      } else {
        const list = this.waiting.get(decision.id) ?? [];
        list.push(decision);
        this.waiting.set(decision.id, list);
      }
    }
  }

  private withWaitingDecisions(item: ManifestItem): ManifestItem {
    const decisions = this.waiting.get(item.id);
    if (!decisions) return item;
    this.waiting.delete(item.id);
    return decisions.reduce((current, decision) => decidedItem(current, decision).item, item);
  }
}
