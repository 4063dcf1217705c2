/**
 * The review part of the scale benchmark: a run's manifest grown to many items (the run's own
 * items repeated under new ids, so every path is real), then a burst of decisions made the way
 * the review panel makes them: the journal append, the cached manifest read (ManifestCache), and
 * what the panel shows next (the next item's paths confined), timed per click; and after each
 * click the gallery's reload (CachedGalleryItems, and the follower's diff of what the webview
 * shows: ShownItemViews). For comparison, what one click cost before the
 * cache: a full manifest read, and a compaction (manifest + CSV rewrite) after every decision.
 */
import { rmSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import { compactDecisions } from '../../src/core/jobs/compactDecisions';
import { decisionsPath } from '../../src/core/jobs/decisionJournal';
import { ManifestCache } from '../../src/core/jobs/manifestCache';
import { ManifestPaths } from '../../src/core/jobs/manifestPaths';
import { readManifest, writeManifest } from '../../src/core/jobs/manifestStore';
import { recordDecision } from '../../src/core/jobs/reviewDecisions';
import { CachedGalleryItems, EAGER_ITEMS } from '../../src/extension/views/cachedGalleryItems';
import { confinedImagePaths, RefusalReport } from '../../src/extension/views/confinedItemPaths';
import { ShownItemViews } from '../../src/extension/views/shownItemViews';
import type { ManifestItem } from '../../src/shared/manifest';
import { median } from './measure';

/** Spread of per-click times in milliseconds. */
export interface Spread {
  median: number;
  p95: number;
  max: number;
}

/** What the burst measured. */
export interface ReviewBurstResult {
  items: number;
  manifestMiB: number;
  clicks: number;
  /** Journal append + cached read + the next item's paths: what the panel does per click. */
  clickMs: Spread;
  /** The gallery's reload after a click: the decided item mapped again, the patch computed. */
  galleryReloadMs: Spread;
  /**
   * Opening: the first full read of the manifest; the gallery's first load (every item, the first
   * EAGER_ITEMS with their images confined); and until every item's images are confined.
   */
  fullReadMs: number;
  galleryFirstLoadMs: number;
  galleryAllImagesMs: number;
  /** Before the cache, each click also cost a full read and a compaction. */
  compactionMs: number;
}

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: median(sorted),
    p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** Grows the manifest of `runDir` to `items` items and makes `clicks` decisions. */
export async function reviewBurst(
  runDir: string,
  items: number,
  clicks: number,
): Promise<ReviewBurstResult> {
  const manifestPath = path.join(runDir, 'maskmedpaint.json');
  const run = await readManifest(manifestPath);
  const done = run.items.filter((item) => item.status !== 'failed');
  const grown: ManifestItem[] = [];
  for (let i = 0; grown.length < items; i++) {
    const item = done[i % done.length];
    grown.push({ ...item, id: `${item.id}_r${Math.floor(i / done.length)}` });
  }
  await writeManifest(manifestPath, { ...run, items: grown });
  rmSync(decisionsPath(runDir), { force: true });

  let started = performance.now();
  await readManifest(manifestPath);
  const fullReadMs = performance.now() - started;

  // The gallery reads only a URI's fsPath; VS Code's Uri class does not exist outside its host.
  const uri = { fsPath: manifestPath } as unknown as Parameters<CachedGalleryItems['load']>[0];
  const toUri = (absolute: string): string => absolute;
  const warnings: string[] = [];
  const warn = (message: string): void => void warnings.push(message);
  const cache = new ManifestCache();
  const gallery = new CachedGalleryItems();
  await cache.read(manifestPath);
  started = performance.now();
  const shown = new ShownItemViews();
  shown.reset(await gallery.load(uri, toUri, warn));
  const galleryFirstLoadMs = performance.now() - started;
  await gallery.whenComplete();
  const late = shown.update(await gallery.load(uri, toUri, warn));
  const galleryAllImagesMs = performance.now() - started;
  const expectedLate = Math.max(0, items - EAGER_ITEMS);
  if (late.changed.length !== expectedLate)
    throw new Error(`${late.changed.length} views arrived late, not ${expectedLate}`);

  const clickTimes: number[] = [];
  const reloadTimes: number[] = [];
  let decided = (await cache.read(manifestPath)).manifest.items[0];
  for (let click = 0; click < clicks; click++) {
    started = performance.now();
    await recordDecision(runDir, decided, click % 3 === 2 ? 'rejected' : 'approved', {
      decidedBy: 'os:bench',
    });
    const { manifest } = await cache.read(manifestPath);
    const index = manifest.items.findIndex((item) => item.id === decided.id);
    const next = manifest.items[(index + 1) % manifest.items.length];
    const paths = await ManifestPaths.open(manifestPath, manifest.inputs);
    await confinedImagePaths(paths, next, new RefusalReport('bench', warn));
    clickTimes.push(performance.now() - started);
    decided = next;
    started = performance.now();
    const patch = shown.update(await gallery.load(uri, toUri, warn));
    if (patch.changed.length !== 1) throw new Error(`${patch.changed.length} views changed, not 1`);
    reloadTimes.push(performance.now() - started);
  }
  started = performance.now();
  await compactDecisions(manifestPath);
  const compactionMs = performance.now() - started;
  if (warnings.length > 0) throw new Error(`paths refused: ${warnings.slice(0, 3).join('; ')}`);
  return {
    items,
    manifestMiB: statSync(manifestPath).size / 2 ** 20,
    clicks,
    clickMs: spread(clickTimes),
    galleryReloadMs: spread(reloadTimes),
    fullReadMs,
    galleryFirstLoadMs,
    galleryAllImagesMs,
    compactionMs,
  };
}
