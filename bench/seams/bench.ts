/**
 * Seam benchmark (issue 15): every way of joining the kept key region and the target, scored by
 * the seam-artifact measure (src/core/quality/seamMeasure.ts) on demo scenes and on real
 * photographs, with the share of mask pixels kept exactly and the CPU time per image. Writes
 * bench/results/seams.{md,json} and before/after pictures in bench/results/seams/.
 * Run: `node bench/run.mjs seams` (needs the Python venv with OpenCV and scikit-image).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { encodeImage, readImage } from '../../src/core/image/io';
import { matchFormat } from '../../src/core/image/pixelFormat';
import type { RawImage } from '../../src/core/image/rawImage';
import { keptExactShare } from '../../src/core/quality/keptExactly';
import { measureSeam } from '../../src/core/quality/seamMeasure';
import { ALTERNATIVE_METHODS, BUILT_IN_METHODS, engineBandPx } from './methods';
import { writePictures } from './pictures';
import { type Score, summarise, writeReport } from './report';
import { demoScenes, realScenes, type SeamScene } from './scenes';

const work = join('bench', '.work', 'seams');
const python = join('.venv', 'bin', 'python');
const TIMED_CALLS = 3;

function cpuMs(run: () => RawImage): { image: RawImage; ms: number } {
  const times: number[] = [];
  let image: RawImage | undefined;
  for (let i = 0; i < TIMED_CALLS; i++) {
    const start = process.cpuUsage();
    image = run();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return { image: image as RawImage, ms: times[Math.floor(times.length / 2)] ?? 0 };
}

function score(scene: SeamScene, method: string, image: RawImage, ms: number): Score {
  const output = matchFormat(image, scene.source);
  const seam = measureSeam(output, scene.source, scene.mask);
  return {
    scene: scene.name,
    kind: scene.kind,
    method,
    keptExact: keptExactShare(output, scene.source, scene.mask) ?? 1,
    score: seam?.score ?? 0,
    overshoot: seam?.overshoot ?? 0,
    stepExcess: seam?.stepExcess ?? 0,
    gradientRatio: seam?.gradientRatio ?? 1,
    cpuMs: ms,
  };
}

async function main(): Promise<void> {
  mkdirSync(work, { recursive: true });
  const realDir = join(work, 'real');
  execFileSync(python, [join('bench', 'seams', 'real_scenes.py'), realDir]);
  const scenes = [...(await demoScenes(work, 3)), ...(await realScenes(realDir))];
  const sceneRoot = join(work, 'scenes');
  mkdirSync(sceneRoot, { recursive: true });
  const folders = scenes.map((_, i) => join(sceneRoot, String(i).padStart(2, '0')));
  const scores: Score[] = [];
  const outputs = new Map<string, RawImage>();
  for (const [i, scene] of scenes.entries()) {
    const folder = folders[i];
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'source.png'), await encodeImage(scene.source, 'png'));
    writeFileSync(join(folder, 'fitted.png'), await encodeImage(scene.fitted, 'png'));
    const maskImage: RawImage = {
      width: scene.mask.width,
      height: scene.mask.height,
      channels: 1,
      bitDepth: 8,
      data: scene.mask.data.map((v) => v * 255),
    };
    writeFileSync(join(folder, 'mask.png'), await encodeImage(maskImage, 'png'));
    for (const method of BUILT_IN_METHODS) {
      const { image, ms } = cpuMs(() => method.run(scene));
      outputs.set(`${scene.name}/${method.id}`, image);
      scores.push(score(scene, method.id, image, ms));
    }
  }
  const bands = scenes.map((s) => String(engineBandPx(s.source.width, s.source.height)));
  const lines = execFileSync(
    python,
    [join('bench', 'seams', 'alternatives.py'), sceneRoot, ...bands],
    {
      encoding: 'utf8',
    },
  );
  const seconds = lines
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { scene: string; cpu_seconds: Record<string, number> });
  for (const [i, scene] of scenes.entries()) {
    for (const method of ALTERNATIVE_METHODS) {
      const image = await readImage(join(folders[i], `${method.id}.png`));
      const ms = 1000 * (seconds[i]?.cpu_seconds[method.id] ?? NaN);
      outputs.set(`${scene.name}/${method.id}`, image);
      scores.push(score(scene, method.id, image, ms));
    }
  }
  const labels = new Map([...BUILT_IN_METHODS, ...ALTERNATIVE_METHODS].map((m) => [m.id, m.label]));
  const summary = summarise(scores, labels);
  const results = join('bench', 'results');
  const machine = `${cpus().length} CPUs, ${cpus()[0]?.model ?? 'unknown'}, Node ${process.version}, load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`;
  const pictures = await writePictures(join(results, 'seams'), scenes, outputs);
  writeReport(results, { machine, scenes, summary, scores, pictures });
  console.log(
    summary
      .map((s) => `${s.method.padEnd(24)} ${s.demoScore.toFixed(2)} ${s.realScore.toFixed(2)}`)
      .join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
