/**
 * The manifest of a running job: the records of finished items (in memory), written to disk
 * with the CSV beside it every few items or seconds and at the end. Writes are rationed so a
 * 10,000-item manifest (about 0.2 s per write) never takes more than ~5% of the run; the journal,
 * not this file, is what lets a crash lose at most the item in flight.
 */
import * as path from 'node:path';
import {
  MANIFEST_CSV_NAME,
  MANIFEST_SCHEMA_VERSION,
  type Manifest,
  type ManifestItem,
} from '../../shared/manifest';
import { TOOL_NAME, TOOL_VERSION } from '../util/toolVersion';
import { writeCsv, writeManifest } from './manifestStore';
import { mergeReviewsFromDisk, stampOf, type FileStamp } from './reviewMerge';
import type { JobPlan } from './types';

/** When to rewrite the manifest (see {@link RunManifest.noteItem}). */
export interface FlushPolicy {
  everyItems: number;
  everyMs: number;
  /** Most of the run's time that manifest writes may take (0.05 = 5%); 1 = no limit. */
  maxShare: number;
}

export class RunManifest {
  private readonly records: Map<string, ManifestItem>;
  private lastWritten: FileStamp | undefined;
  private sinceFlush = 0;
  private lastFlushAt = Date.now();
  private lastFlushCostMs = 0;

  constructor(
    private readonly plan: JobPlan,
    private readonly createdAt: string,
    private readonly model: Manifest['model'],
    private readonly policy: FlushPolicy,
    alreadyDone: ReadonlyMap<string, ManifestItem>,
  ) {
    this.records = new Map(alreadyDone);
  }

  /** Records a finished (or failed) item and writes the manifest when the policy says so. */
  async noteItem(item: ManifestItem): Promise<void> {
    this.records.set(item.id, item);
    this.sinceFlush += 1;
    const elapsed = Date.now() - this.lastFlushAt;
    const due = this.sinceFlush >= this.policy.everyItems || elapsed >= this.policy.everyMs;
    const affordable =
      this.policy.maxShare >= 1 || elapsed * this.policy.maxShare >= this.lastFlushCostMs;
    if (due && affordable) await this.flush();
  }

  /** Writes the manifest and CSV now (atomically), keeping review decisions made meanwhile. */
  async flush(): Promise<void> {
    const started = Date.now();
    await mergeReviewsFromDisk(this.plan.manifestPath, this.lastWritten, this.records);
    const manifest = this.snapshot();
    await writeManifest(this.plan.manifestPath, manifest);
    this.lastWritten = await stampOf(this.plan.manifestPath);
    await writeCsv(path.join(this.plan.outDir, MANIFEST_CSV_NAME), manifest);
    this.lastFlushCostMs = Date.now() - started;
    this.lastFlushAt = Date.now();
    this.sinceFlush = 0;
  }

  /** The manifest as it stands: recorded items in plan order. */
  snapshot(): Manifest {
    return {
      schemaVersion: MANIFEST_SCHEMA_VERSION,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      createdAt: this.createdAt,
      recipe: this.plan.recipe,
      model: this.model,
      inputs: this.plan.inputs,
      items: this.plan.items.flatMap((item) => this.records.get(item.id) ?? []),
    };
  }
}
