// Joins the results of bench/gpu/run.sh into one side-by-side table: per guided UNet step (one and
// two images), per 512x512 image at 50 steps, and peak GPU memory, for onnxruntime's CUDA provider,
// WebGPU with and without the padding rewrite and in the NCHW layout, and PyTorch eager (the reference). Stages that did
// not run (or failed) appear as "not measured" with the reason from the log where there is one.
//   node bench/gpu/summarize.mjs OUTDIR     writes OUTDIR/summary.json and OUTDIR/summary.md
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2] ?? '/tmp/gpu-bench';

/** The last JSON object line of a stage's output file, or undefined. */
function result(name) {
  const file = join(out, `${name}.json`);
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'));
  try {
    return lines.length > 0 ? JSON.parse(lines.at(-1)) : undefined;
  } catch {
    return undefined;
  }
}

function memory(name) {
  return result(`${name}.gpumem`)?.peakAboveBaselineMiB ?? null;
}

/** A UNet-alone stage: ms per step, or null (and why) when it did not run on the asked provider. */
function unetStep(name) {
  const r = result(name);
  if (!r) return { ms: null, why: 'not run or failed (see log.txt)' };
  if (r.executionProvider !== r.requested)
    return { ms: null, why: `ran on ${r.executionProvider}` };
  return { ms: r.msPerStep.median, peakMiB: memory(name) };
}

/** A pipeline stage: seconds per image (batch 1 or 2 images per call). */
function pipeline(name) {
  const r = result(name);
  if (!r) return { s: null, why: 'not run or failed (see log.txt)' };
  if (r.executionProvider !== r.requested)
    return { s: null, why: `UNet ran on ${r.executionProvider}` };
  return { s: +(r.medianWallMs / 1000 / r.batch).toFixed(2), peakMiB: memory(name) };
}

const torch = result('torch-reference');
const torchRow = torch && {
  step1: +torch.images['1'].unet_ms_per_guided_step.toFixed(2),
  step2: +torch.images['2'].unet_ms_per_guided_step.toFixed(2),
  image1: +(torch.images['1'].ms_per_image / 1000).toFixed(2),
  image2: +(torch.images['2'].ms_per_image / 1000).toFixed(2),
  peakMiB: torch.images['1'].peak_gpu_mib_image,
};
const rows = [
  {
    engine: 'onnxruntime CUDA provider (gpu install --from)',
    step1: unetStep('unet-cuda-b2'),
    step2: unetStep('unet-cuda-b4'),
    image1: pipeline('sd15-cuda'),
    image2: pipeline('sd15-cuda-batch2'),
  },
  {
    engine: 'onnxruntime WebGPU, padding rewrite (the product)',
    step1: unetStep('unet-webgpu-rewrite-b2'),
    step2: unetStep('unet-webgpu-rewrite-b4'),
    image1: pipeline('sd15-webgpu'),
    image2: pipeline('sd15-webgpu-batch2'),
  },
  {
    engine: 'onnxruntime WebGPU, NCHW layout, as exported (MASKMEDPAINT_WEBGPU_LAYOUT=NCHW)',
    step1: unetStep('unet-webgpu-nchw-b2'),
    step2: unetStep('unet-webgpu-nchw-b4'),
    image1: pipeline('sd15-webgpu-nchw'),
  },
  {
    engine: 'onnxruntime WebGPU, as exported (9 channels computed wrongly; timing only)',
    step1: unetStep('unet-webgpu-raw-b2'),
    step2: unetStep('unet-webgpu-raw-b4'),
  },
];
const summary = {
  model: 'SD 1.5 inpainting at full size, random weights, float16 (bench/gpu/make_sd15_onnx.py)',
  status: result('gpu-status') ?? null,
  rows,
  pytorch: torchRow ?? null,
};
writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');

const ms = (cell) =>
  cell?.ms != null ? `${cell.ms} ms` : `not measured${cell?.why ? ` (${cell.why})` : ''}`;
const sec = (cell) =>
  cell === undefined
    ? '-'
    : cell.s != null
      ? `${cell.s} s${cell.why ? ` (${cell.why})` : ''}`
      : `not measured (${cell.why})`;
const mib = (...cells) => {
  const peaks = cells.map((c) => c?.peakMiB).filter((v) => typeof v === 'number');
  return peaks.length > 0 ? `${Math.max(...peaks)} MiB` : 'not measured';
};
const lines = [
  '| engine | UNet per guided step, 1 image (batch 2) | 2 images (batch 4) | per 512x512 image, 50 steps, 1 per call | 2 per call | peak GPU memory |',
  '|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.engine} | ${ms(r.step1)} | ${ms(r.step2)} | ${sec(r.image1)} | ${sec(r.image2)} | ${mib(r.step1, r.step2, r.image1, r.image2)} |`,
  ),
  torchRow
    ? `| ${torch.framework} ${torch.dtype} on ${torch.gpu ?? torch.device} (reference) | ${torchRow.step1} ms | ${torchRow.step2} ms | ${torchRow.image1} s | ${torchRow.image2} s | ${torchRow.peakMiB != null ? `${Math.round(torchRow.peakMiB)} MiB` : 'not measured'} |`
    : '| PyTorch eager float16 (reference) | not measured | | | | |',
];
writeFileSync(join(out, 'summary.md'), `${summary.model}\n\n${lines.join('\n')}\n`);
console.log(lines.join('\n'));
