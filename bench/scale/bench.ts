/**
 * Dataset-scale benchmark: generates N 512x512 sources, then with the bundled CLI (dist/cli.js)
 * runs `augment` with one thread and with one per core side by side (alternating, several rounds),
 * checks both wrote the same bytes, resumes the finished run (plain and --verify), runs `inspect`
 * (headers, and --decode), and makes a burst of review decisions on the run grown to many items.
 * Prints and writes bench/results/scale.json and .md: images/s, CPU seconds, cores used, peak
 * memory and the load average of every run.
 *
 * Run: `npm run bench -- scale` (builds first), or after `node esbuild.mjs`:
 * `node bench/run.mjs scale`. Sizes: MMP_SCALE_IMAGES (200), MMP_SCALE_ROUNDS (4),
 * MMP_SCALE_REVIEW_ITEMS (100000), MMP_SCALE_CLICKS (50).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../../src/shared/manifest';
import { writeScaleDataset } from './dataset';
import { availableCores, measureNode, median, type Measured } from './measure';
import { scaleMarkdown, type ScaleReport } from './report';
import { reviewBurst } from './reviewBurst';

const IMAGES = Number(process.env.MMP_SCALE_IMAGES ?? 200);
const ROUNDS = Number(process.env.MMP_SCALE_ROUNDS ?? 4);
const REVIEW_ITEMS = Number(process.env.MMP_SCALE_REVIEW_ITEMS ?? 100_000);
const CLICKS = Number(process.env.MMP_SCALE_CLICKS ?? 50);
const PER_IMAGE = 2;
const TARGETS = 16;
const work = join('bench', '.work', 'scale');
const cli = join('dist', 'cli.js');

function augmentArgs(data: string, out: string, jobs: number, extra: string[] = []): string[] {
  const [source, masks, target] = ['source', 'masks', 'target'].map((d) => join(data, d));
  return [
    cli,
    'augment',
    '--source',
    source ?? '',
    '--masks',
    masks ?? '',
    '--target',
    target ?? '',
    '--out',
    out,
    '--per-image',
    String(PER_IMAGE),
    '--no-require-review',
    '--jobs',
    String(jobs),
    ...extra,
  ];
}

/** Output hashes by item id, and the CSV files' hashes: what "the same bytes" compares. */
function writtenBytes(out: string): string {
  const manifest = JSON.parse(readFileSync(join(out, 'maskmedpaint.json'), 'utf8')) as Manifest;
  const hash = (file: string): string =>
    createHash('sha256')
      .update(readFileSync(join(out, file)))
      .digest('hex');
  const outputs = manifest.items.map(
    (item) => `${item.id} ${item.output ?? ''} ${item.output ? hash(item.output) : ''}`,
  );
  return [...outputs, hash('augmented.csv'), hash('augmented-for-training.csv')].join('\n');
}

function check(run: Measured): Measured {
  if (run.exitCode !== 0)
    throw new Error(`${run.command} exited ${run.exitCode}: ${run.stderrTail}`);
  console.log(
    `${run.label}: ${run.wallSeconds.toFixed(2)} s wall, ${run.cpuSeconds.toFixed(2)} s CPU, ` +
      `${run.coresUsed.toFixed(2)} cores, ${run.peakRssMiB.toFixed(0)} MiB, load ${run.load1.toFixed(2)}`,
  );
  return run;
}

async function main(): Promise<void> {
  if (!existsSync(cli) || !existsSync(join('dist', 'augmentThread.js')))
    throw new Error('dist/cli.js or dist/augmentThread.js missing: run `node esbuild.mjs` first');
  rmSync(work, { recursive: true, force: true });
  const data = join(work, 'data');
  mkdirSync(data, { recursive: true });
  const loadAtStart = loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
  console.log(`writing ${IMAGES} sources and ${TARGETS} targets (512x512)...`);
  await writeScaleDataset(data, IMAGES, TARGETS);
  const cores = availableParallelism();
  const outputs = IMAGES * PER_IMAGE;

  const single: Measured[] = [];
  const pooled: Measured[] = [];
  const capacity: number[] = [];
  const outOf = (jobs: number): string => join(work, `out-jobs${jobs}`);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating which goes first, so load from other processes hits both alike.
    const order = round % 2 === 0 ? [1, cores] : [cores, 1];
    capacity.push(await availableCores(cores));
    console.log(`round ${round + 1}: this process gets ${capacity[round]?.toFixed(2)} cores now`);
    for (const jobs of order) {
      rmSync(outOf(jobs), { recursive: true, force: true });
      const run = check(
        measureNode(
          `augment --jobs ${jobs} (round ${round + 1})`,
          augmentArgs(data, outOf(jobs), jobs),
        ),
      );
      (jobs === 1 ? single : pooled).push(run);
    }
  }
  const identical = writtenBytes(outOf(1)) === writtenBytes(outOf(cores));
  if (!identical) throw new Error('--jobs 1 and --jobs N wrote different bytes');

  const finished = outOf(cores);
  const resume = check(
    measureNode('resume of the finished run', augmentArgs(data, finished, cores)),
  );
  const verify = check(
    measureNode('resume --verify', augmentArgs(data, finished, cores, ['--verify'])),
  );
  const inspectArgs = [cli, 'inspect', join(data, 'source'), '--masks', join(data, 'masks')];
  const inspect = check(measureNode('inspect (headers)', inspectArgs));
  const inspectDecode = check(measureNode('inspect --decode', [...inspectArgs, '--decode']));

  console.log(`review burst: ${CLICKS} decisions on ${REVIEW_ITEMS} items...`);
  const review = await reviewBurst(finished, REVIEW_ITEMS, CLICKS);
  console.log(JSON.stringify(review));

  const perSecond = (runs: Measured[]): number => outputs / median(runs.map((r) => r.wallSeconds));
  const report: ScaleReport = {
    command: `MMP_SCALE_IMAGES=${IMAGES} MMP_SCALE_ROUNDS=${ROUNDS} MMP_SCALE_REVIEW_ITEMS=${REVIEW_ITEMS} MMP_SCALE_CLICKS=${CLICKS} node bench/run.mjs scale (after node esbuild.mjs)`,
    machine: { cores, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
    loadAtStart,
    loadAtEnd: loadavg()
      .map((v) => v.toFixed(2))
      .join(' '),
    images: IMAGES,
    outputs,
    rounds: ROUNDS,
    augment: {
      single,
      pooled,
      imagesPerSecondSingle: perSecond(single),
      imagesPerSecondPooled: perSecond(pooled),
      speedup: perSecond(pooled) / perSecond(single),
      availableCores: capacity,
      cpuSecondsPerImageSingle: median(single.map((r) => r.cpuSeconds)) / outputs,
      cpuSecondsPerImagePooled: median(pooled.map((r) => r.cpuSeconds)) / outputs,
      identical,
    },
    resume,
    verify,
    inspect,
    inspectDecode,
    review,
  };
  mkdirSync(join('bench', 'results'), { recursive: true });
  writeAtomic(join('bench', 'results', 'scale.json'), `${JSON.stringify(report, null, 2)}\n`);
  const markdown = scaleMarkdown(report);
  writeAtomic(join('bench', 'results', 'scale.md'), markdown);
  console.log(markdown);
}

function writeAtomic(file: string, text: string): void {
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
