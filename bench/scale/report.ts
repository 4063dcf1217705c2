/** The scale benchmark's Markdown report (bench/results/scale.md). */
import type { Measured } from './measure';
import { EAGER_ITEMS } from '../../src/extension/views/cachedGalleryItems';
import type { ReviewBurstResult } from './reviewBurst';

/** Everything bench.ts measured. */
export interface ScaleReport {
  command: string;
  machine: { cores: number; cpuModel: string; node: string };
  loadAtStart: string;
  loadAtEnd: string;
  images: number;
  outputs: number;
  rounds: number;
  augment: {
    single: Measured[];
    pooled: Measured[];
    imagesPerSecondSingle: number;
    imagesPerSecondPooled: number;
    speedup: number;
    /** Before each round: how many cores a spin loop in N threads got (measure.ts). */
    availableCores: number[];
    cpuSecondsPerImageSingle: number;
    cpuSecondsPerImagePooled: number;
    identical: boolean;
  };
  resume: Measured;
  verify: Measured;
  inspect: Measured;
  inspectDecode: Measured;
  review: ReviewBurstResult;
}

const row = (run: Measured, outputs?: number): string =>
  `| ${run.label} | ${run.wallSeconds.toFixed(2)} s | ${
    outputs === undefined ? '-' : (outputs / run.wallSeconds).toFixed(1)
  } | ${run.cpuSeconds.toFixed(2)} s | ${run.coresUsed.toFixed(2)} | ${run.peakRssMiB.toFixed(0)} MiB | ${run.load1.toFixed(2)} |`;

const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** The report as Markdown. */
export function scaleMarkdown(report: ScaleReport): string {
  const { augment, review } = report;
  return [
    '# Dataset-scale benchmark',
    '',
    `Command: \`${report.command}\`.`,
    `Machine: ${report.machine.cores} cores (os.availableParallelism), ${report.machine.cpuModel}, Node ${report.machine.node}.`,
    `Load average at the start: ${report.loadAtStart}; at the end: ${report.loadAtEnd} (the machine is shared: every run below records the 1-minute load just before it; CPU seconds are steadier than wall times).`,
    `Dataset: ${report.images} synthetic 512x512 RGB dermoscopy-like PNG sources in two classes, lesion masks of about 2%, 6%, 15% and 40% coverage, 16 targets; composite engine with the default recipe (its default blend, the output check and the per-item quality measurement, as \`augment\` runs them), 2 augmentations per source: ${report.outputs} outputs per run.`,
    '',
    '## augment: one thread against one per core, side by side',
    '',
    `${report.rounds} rounds, each running both (which goes first alternates). Outputs of the two are byte-identical: **${augment.identical ? 'yes' : 'NO'}** (every output's SHA-256 and both CSV files).`,
    '',
    '| run | wall | images/s | CPU (user+sys) | cores used | peak RSS | load (1 min) |',
    '|---|---|---|---|---|---|---|',
    ...[...augment.single, ...augment.pooled]
      .sort((a, b) => a.label.localeCompare(b.label))
      .map((run) => row(run, report.outputs)),
    '',
    `Per round, --jobs 1 wall / --jobs ${report.machine.cores} wall: ${augment.single
      .map((one, i) => {
        const many = augment.pooled[i];
        return many ? (one.wallSeconds / many.wallSeconds).toFixed(2) : '-';
      })
      .join(', ')}.`,
    '',
    `Cores this process could get at the start of each round (the same spin loop in 1 and in ${report.machine.cores} threads): ${augment.availableCores.map((c) => c.toFixed(2)).join(', ')}. A pool can gain at most that much over one thread.`,
    '',
    `Median: **${augment.imagesPerSecondSingle.toFixed(1)} images/s with --jobs 1, ${augment.imagesPerSecondPooled.toFixed(1)} images/s with --jobs ${report.machine.cores}: ${augment.speedup.toFixed(2)}x**. CPU per image: ${(augment.cpuSecondsPerImageSingle * 1000).toFixed(0)} ms (one thread), ${(augment.cpuSecondsPerImagePooled * 1000).toFixed(0)} ms (pool: the threads' own start-up and the same work).`,
    '',
    '## Resume and inspect',
    '',
    '| run | wall | images/s | CPU (user+sys) | cores used | peak RSS | load (1 min) |',
    '|---|---|---|---|---|---|---|',
    row(report.resume),
    row(report.verify),
    row(report.inspect, report.images),
    row(report.inspectDecode, report.images),
    '',
    'A resume of the finished run stats every output and reads none (`--verify` hashes them all); `inspect` reads image headers (`--decode` decodes every image, as it did before).',
    '',
    '## Review at scale',
    '',
    `The run's manifest grown to ${review.items} items (${review.manifestMiB.toFixed(1)} MiB; the run's own items repeated under new ids, so every path is real), then ${review.clicks} decisions made as the review panel makes them.`,
    '',
    '| per decision | median | p95 | max |',
    '|---|---|---|---|',
    `| click: journal append + cached manifest read + next item's paths confined | ${ms(review.clickMs.median)} | ${ms(review.clickMs.p95)} | ${ms(review.clickMs.max)} |`,
    `| gallery reload after it (the decided item mapped again, the webview's patch computed) | ${ms(review.galleryReloadMs.median)} | ${ms(review.galleryReloadMs.p95)} | ${ms(review.galleryReloadMs.max)} |`,
    '',
    `Once per opening: full manifest read ${ms(review.fullReadMs)}, the gallery's first load ${ms(review.galleryFirstLoadMs)} (every item listed, the first ${EAGER_ITEMS} with their images; the others' image paths are checked in the background, all done after ${ms(review.galleryAllImagesMs)}). Before the cache each click also read the whole manifest again (${ms(review.fullReadMs)}) and compacted it (manifest and CSV rewrite: ${ms(review.compactionMs)}); compaction now waits for a pause in the review.`,
    '',
  ].join('\n');
}
