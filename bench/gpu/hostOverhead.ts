/**
 * Host overhead of the diffusion pipeline with any model folder and execution provider, printed as
 * one JSON object. Made for the GPU machine (bench/gpu/run.sh bundles it with esbuild, since that
 * machine has no node_modules beyond onnxruntime-node); runs here too:
 *   node --import tsx bench/gpu/hostOverhead.ts --model DIR --provider webgpu --steps 50 --runs 2
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { InpaintPipeline } from '../../src/core/engines/diffusion/pipeline';
import type { ExecutionProviderPreference } from '../../src/shared/recipe';
import { type RunTimes, summarize, timedRun } from '../diffusion/measure';

const PROVIDERS = ['auto', 'cuda', 'dml', 'coreml', 'webgpu', 'cpu'] as const;

function provider(value: string): ExecutionProviderPreference {
  const found = PROVIDERS.find((p) => p === value);
  if (!found) throw new Error(`--provider must be one of ${PROVIDERS.join(', ')}`);
  return found;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      provider: { type: 'string', default: 'cpu' },
      steps: { type: 'string', default: '50' },
      runs: { type: 'string', default: '2' },
      size: { type: 'string', default: '512' },
      batch: { type: 'string', default: '1' },
    },
  });
  if (!values.model) throw new Error('--model DIR is required');
  const steps = Number(values.steps);
  const size = Number(values.size);
  const batch = Number(values.batch);
  const pipeline = new InpaintPipeline(values.model, {
    executionProvider: provider(values.provider),
  });
  const loadStart = performance.now();
  const model = await pipeline.load();
  const loadMs = performance.now() - loadStart;
  const warm = await timedRun(pipeline, { size, steps, seed: 0, batch });
  const runs: RunTimes[] = [];
  for (let i = 0; i < Number(values.runs); i++)
    runs.push(await timedRun(pipeline, { size, steps, seed: i + 1, batch }));
  await pipeline.dispose();
  const summary = summarize(runs);
  const unetMsPerStep = runs.map((r) => r.loopUnetMs / r.loopSteps);
  console.log(
    JSON.stringify({
      model: values.model,
      requested: values.provider,
      executionProvider: model.executionProvider,
      fallbacks: model.fallbacks,
      notes: model.notes,
      unetChannels: model.layout.unetChannels,
      unetDtype: model.layout.unet.sample.dtype,
      size,
      batch,
      steps,
      loadMs: +loadMs.toFixed(0),
      warmUpWallMs: +warm.wallMs.toFixed(1),
      ...summary,
      unetMsPerStep: unetMsPerStep.map((v) => +v.toFixed(2)),
      peakRssMiB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
      runs,
    }),
  );
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
