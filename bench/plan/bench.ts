/**
 * Shard plan at ISIC size: 25,000 sources x 5 augmentations = 125,000 items in 64 shards. Measures
 * the plan file's size, how long every shard takes to read and validate it (readPlanFile: JSON
 * parse, ajv schema, the cross-shard rules) and to turn its shard into a job, and the memory that
 * takes. The plan is synthetic (no images are read), shaped like `plan` writes it. Writes
 * bench/results/plan.json and .md. Run: `node bench/run.mjs plan`.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { resolveRecipe } from '../../src/core/recipe/resolveRecipe';
import { readPlanFile } from '../../src/core/plan/planFile';
import {
  PLAN_FILE_NAME,
  SEED_RULE_TEXT,
  type PlanItem,
  type ShardPlan,
} from '../../src/core/plan/planFormat';
import { shardJobPlan } from '../../src/core/plan/planJobs';
import { deriveSeed } from '../../src/core/util/hash';
import { stableStringify } from '../../src/core/util/stableJson';

const SOURCES = 25_000;
const PER_IMAGE = 5;
const SHARDS = 64;
const ROUNDS = 3;
const work = join('bench', '.work', 'plan');
const results = join('bench', 'results');
const hash = (n: number): string => n.toString(16).padStart(64, '0');

function syntheticPlan(): ShardPlan {
  const recipe = resolveRecipe('dermoscopy', { engine: 'composite' });
  const files: Record<string, string> = {};
  const items: PlanItem[] = [];
  for (let s = 0; s < SOURCES; s++) {
    const name = `ISIC_${String(s).padStart(7, '0')}`;
    const label = s % 5 === 0 ? 'malignant' : 'benign';
    const source = `../ISIC2018/train/${label}/${name}.jpg`;
    const mask = `../ISIC2018/masks/${label}/${name}_segmentation.png`;
    files[source] = hash(2 * s);
    files[mask] = hash(2 * s + 1);
    for (let k = 0; k < PER_IMAGE; k++) {
      const target = `../target-hospital/T_${(s * 7 + k) % 100}.jpg`;
      items.push({
        id: `${name}__${k}`,
        k,
        seed: deriveSeed(0, `${label}/${name}.jpg`, k),
        label,
        source,
        sourceKey: `${label}/${name}.jpg`,
        mask,
        keyRegion: 'mask',
        target,
        targetMask: null,
        output: `images/${label}/${name}__k${k}.png`,
        outputFormat: 'png',
      });
    }
  }
  for (let t = 0; t < 100; t++) files[`../target-hospital/T_${t}.jpg`] = hash(10 ** 6 + t);
  const perShard = Math.ceil(items.length / SHARDS);
  return {
    format: 'maskmedpaint-shard-plan',
    formatVersion: 1,
    tool: { name: 'maskmedpaint', version: '0.1.0' },
    createdAt: '2026-01-01T00:00:00.000Z',
    recipe,
    requireReview: true,
    model: null,
    execution: { engine: 'composite', provider: 'auto', precision: null },
    seedRule: { scheme: 'maskmedpaint-seed-v1', seed: 0, rule: SEED_RULE_TEXT },
    inputs: {
      source: '../ISIC2018/train',
      target: '../target-hospital',
      masks: '../ISIC2018/masks',
      labels: null,
      targetMasks: null,
      targetName: 'target-hospital',
      counts: {
        sources: SOURCES,
        targets: 100,
        masks: SOURCES,
        skippedNonImages: 0,
        sourcesWithoutMask: 0,
        unmatchedMasks: 0,
      },
      files,
      sha256: hash(0),
    },
    layout: {
      out: '../isic-maskmedpaint',
      images: 'images/<label>/<source subfolders>/<source stem>__k<k>.<ext>',
    },
    resources: { gpus: 1, cpus: 4, memoryMb: 16384 },
    shards: Array.from({ length: SHARDS }, (_, index) => ({
      index,
      folder: `shards/shard-${String(index).padStart(3, '0')}`,
      items: items.slice(index * perShard, (index + 1) * perShard),
    })),
  };
}

async function main(): Promise<void> {
  mkdirSync(work, { recursive: true });
  mkdirSync(results, { recursive: true });
  const file = join(work, PLAN_FILE_NAME);
  writeFileSync(file, stableStringify(syntheticPlan()));
  const bytes = statSync(file).size;
  const readMs: number[] = [];
  const jobMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    const loaded = await readPlanFile(file);
    readMs.push(performance.now() - started);
    const jobStarted = performance.now();
    shardJobPlan(loaded, SHARDS - 1);
    jobMs.push(performance.now() - jobStarted);
  }
  const rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
  const result = {
    command: 'node bench/run.mjs plan',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', loadAverage: loadavg()[0] },
    plan: {
      sources: SOURCES,
      perImage: PER_IMAGE,
      items: SOURCES * PER_IMAGE,
      shards: SHARDS,
      bytes,
    },
    readAndValidateMs: readMs.map((ms) => Math.round(ms)),
    shardJobMs: jobMs.map((ms) => Math.round(ms * 10) / 10),
    peakRssMiB: rssMiB,
  };
  writeFileSync(join(results, 'plan.json'), JSON.stringify(result, null, 2) + '\n');
  const best = Math.min(...readMs);
  writeFileSync(
    join(results, 'plan.md'),
    [
      '# Shard plan at ISIC size',
      '',
      `Command: \`${result.command}\` (${result.date}; ${result.machine.cpus} cores, ${result.machine.cpu}, load average ${result.machine.loadAverage.toFixed(1)}).`,
      '',
      `A synthetic plan of ${SOURCES.toLocaleString('en')} sources x ${PER_IMAGE} augmentations = ${(SOURCES * PER_IMAGE).toLocaleString('en')} items in ${SHARDS} shards (bench/plan/bench.ts), shaped like \`maskmedpaint plan\` writes it.`,
      '',
      '| measure | value |',
      '|---|---|',
      `| plan file | ${(bytes / 2 ** 20).toFixed(1)} MiB |`,
      `| read + validate (every shard does this once), best of ${ROUNDS} | ${Math.round(best)} ms (all: ${result.readAndValidateMs.join(', ')} ms) |`,
      `| one shard's job from the plan | ${Math.min(...jobMs).toFixed(1)} ms |`,
      `| peak resident memory of the process | ${rssMiB} MiB |`,
      '',
    ].join('\n'),
  );
  console.log(
    `plan ${(bytes / 2 ** 20).toFixed(1)} MiB; read+validate ${Math.round(best)} ms; rss ${rssMiB} MiB`,
  );
}

void main();
