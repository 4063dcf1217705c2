/** The composite benchmark's report: per input, the rounds and their medians, as Markdown. */

/** What bench/composite/opencv_bench.py prints for one input. */
export interface OpenCvResult {
  opencv_version: string;
  seconds_per_image_1_thread: number;
  cpu_seconds_per_image_1_thread: number;
  seconds_per_image_all_threads: number;
  threads_all: number;
  edge_error: { opencv: number; ours: number; plain_paste: number };
  transition_excess: { opencv: number; ours: number; plain_paste: number };
  core_change_from_source: { opencv: number; ours: number };
}

/** One round on one input. */
export interface Round {
  /** 1-minute load average when the round started on this input. */
  load1: number;
  /** Key-region preparation, target fitting and blend, per call. */
  ours: { wall: number; cpu: number };
  /** The blend alone (compositeFitted) on a prepared key region and fitted target. */
  blendOnly?: { wall: number; cpu: number };
  opencv: OpenCvResult | undefined;
}

/** Every round on one input. */
export interface InputResult {
  name: string;
  /** Key-region share of the image (0..1). */
  coverage: number;
  rounds: Round[];
}

/** Everything the benchmark measured. */
export interface CompositeReport {
  benchmark: string;
  command: string;
  machine: { cores: number; cpuModel: string; node: string };
  iterations: number;
  warmup: number;
  inputs: InputResult[];
}

/** The median of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

const ms = (s: number): string => (Number.isFinite(s) ? `${(s * 1000).toFixed(1)} ms` : '-');
const cvCpu = (r: Round): number => r.opencv?.cpu_seconds_per_image_1_thread ?? NaN;

/** The report as Markdown. */
export function compositeMarkdown(report: CompositeReport): string {
  const lines = [
    '# Composite engine benchmark',
    '',
    `Command: \`${report.command}\` (also part of \`npm run bench\`).`,
    `Machine: ${report.machine.cores} cores, ${report.machine.cpuModel}, Node ${report.machine.node}. The machine is shared: each round records the 1-minute load average; CPU times are steadier than wall times.`,
    `What is timed: ${report.benchmark}. Decoding excluded on both sides; each round: CPU per call of ${report.iterations} consecutive calls of ours (after ${report.warmup} warm-up calls; the garbage collector's cost is shared by the calls), then the same for OpenCV (1 thread), on every input in turn.`,
    '',
    "Ours is timed twice: the whole call (key-region preparation with the feather, target fitting, the seam geometry of the key mask, blend) and the blend alone on a prepared key region, fitted target and the key mask's kept seam geometry (in a run those are made once per source, the blend once per item).",
    '',
    '| input | key region | rounds | ours CPU (median) | ours blend alone CPU (median) | OpenCV CPU (median) | CPU ratio ours/OpenCV (median of rounds) | blend alone / OpenCV (median of rounds) | ours wall (median) | load averages |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const ratio = (value: number, r: Round): number => value / cvCpu(r);
  const medianRatio = (values: number[]): string => {
    const finite = values.filter(Number.isFinite);
    return finite.length > 0 ? `${median(finite).toFixed(2)}x` : '-';
  };
  for (const input of report.inputs) {
    const blendCpu = (r: Round): number => r.blendOnly?.cpu ?? NaN;
    lines.push(
      `| ${input.name} | ${(input.coverage * 100).toFixed(1)}% | ${input.rounds.length} | ${ms(median(input.rounds.map((r) => r.ours.cpu)))} | ${ms(median(input.rounds.map(blendCpu).filter(Number.isFinite)))} | ${ms(median(input.rounds.map(cvCpu).filter(Number.isFinite)))} | ${medianRatio(input.rounds.map((r) => ratio(r.ours.cpu, r)))} | ${medianRatio(input.rounds.map((r) => ratio(blendCpu(r), r)))} | ${ms(median(input.rounds.map((r) => r.ours.wall)))} | ${input.rounds.map((r) => r.load1.toFixed(1)).join(', ')} |`,
    );
  }
  lines.push('', 'Per round (CPU time per call; ratio below 1 = ours is cheaper):', '');
  lines.push(
    '| input | round | load | ours CPU | blend alone CPU | OpenCV CPU | ratio (whole call) |',
    '|---|---|---|---|---|---|---|',
  );
  for (const input of report.inputs) {
    input.rounds.forEach((r, i) => {
      const whole = ratio(r.ours.cpu, r);
      lines.push(
        `| ${input.name} | ${i + 1} | ${r.load1.toFixed(2)} | ${ms(r.ours.cpu)} | ${ms(r.blendOnly?.cpu ?? NaN)} | ${ms(cvCpu(r))} | ${Number.isFinite(whole) ? whole.toFixed(2) : '-'} |`,
      );
    });
  }
  const last = report.inputs.map((i) => ({
    name: i.name,
    cv: i.rounds[i.rounds.length - 1]?.opencv,
  }));
  if (last.some((l) => l.cv !== undefined)) {
    lines.push(
      '',
      'Quality on the same inputs (last round; lower is better; 8-bit levels): key region core change from the source / edge-step error at the contour / gradient excess 20 px outside (seam, halo).',
      '',
      '| input | ours | OpenCV | plain paste |',
      '|---|---|---|---|',
      ...last.flatMap(({ name, cv }) =>
        cv === undefined
          ? []
          : [
              `| ${name} | ${cv.core_change_from_source.ours.toFixed(2)} / ${cv.edge_error.ours.toFixed(2)} / ${cv.transition_excess.ours.toFixed(2)} | ${cv.core_change_from_source.opencv.toFixed(2)} / ${cv.edge_error.opencv.toFixed(2)} / ${cv.transition_excess.opencv.toFixed(2)} | 0 / ${cv.edge_error.plain_paste.toFixed(2)} / ${cv.transition_excess.plain_paste.toFixed(2)} |`,
            ],
      ),
      '',
      "seamlessClone keeps only the gradients inside the mask and recolours the whole region to the target's border, so a lesion with a smooth interior largely fades (first number); ours keeps the key region and its edge bit-identical and corrects a band outside it.",
    );
  } else {
    lines.push('', 'OpenCV comparison unavailable (no .venv with opencv-python-headless).');
  }
  return `${lines.join('\n')}\n`;
}
