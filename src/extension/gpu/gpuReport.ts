/**
 * What "Set Up GPU" reads from the CLI: `gpu status --json` and the JSON lines of `gpu install
 * --plan/--json`, checked field by field (output of a child process is input), and the words the
 * command shows for them. No vscode here, so it is unit-tested directly.
 */

/** The part of `gpu status --json` the extension uses. */
export interface GpuStatusReport {
  platform: string;
  providers: { provider: string; usable: boolean; reason?: string; note?: string }[];
  auto: { chosen: string; passedOver: { provider: string; reason: string }[]; note?: string };
  /** The layout WebGPU sessions use (the maskmedpaint.webgpuLayout setting reaches the CLI). */
  webgpuLayout?: string;
}

/** What the command tells the user. */
export interface GpuVerdict {
  /** The provider `auto` runs on. */
  provider: string;
  message: string;
  /** True when `gpu install` can help (CUDA on Linux, not installed or not matching). */
  canInstall: boolean;
  logLines: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Error(`gpu status: ${where} is not a string`);
  return value;
}

/** Parses and checks `gpu status --json` output. */
export function parseGpuStatus(stdout: string): GpuStatusReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new Error('gpu status printed no JSON report');
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.providers) || !isRecord(parsed.auto))
    throw new Error('gpu status: the report has no providers or auto choice');
  const providers = parsed.providers.map((p, i) => {
    if (!isRecord(p) || typeof p.usable !== 'boolean')
      throw new Error(`gpu status: providers[${i}] is malformed`);
    return {
      provider: text(p.provider, `providers[${i}].provider`),
      usable: p.usable,
      ...(p.reason !== undefined ? { reason: text(p.reason, `providers[${i}].reason`) } : {}),
      ...(p.note !== undefined ? { note: text(p.note, `providers[${i}].note`) } : {}),
    };
  });
  const auto = parsed.auto;
  const passedOver = Array.isArray(auto.passedOver)
    ? auto.passedOver.map((p, i) => {
        if (!isRecord(p)) throw new Error(`gpu status: auto.passedOver[${i}] is malformed`);
        return {
          provider: text(p.provider, 'auto.passedOver.provider'),
          reason: text(p.reason, 'auto.passedOver.reason'),
        };
      })
    : [];
  return {
    platform: text(parsed.platform, 'platform'),
    providers,
    auto: {
      chosen: text(auto.chosen, 'auto.chosen'),
      passedOver,
      ...(auto.note !== undefined ? { note: text(auto.note, 'auto.note') } : {}),
    },
    ...(parsed.webgpuLayout !== undefined
      ? { webgpuLayout: text(parsed.webgpuLayout, 'webgpuLayout') }
      : {}),
  };
}

/** Reasons `gpu install` fixes: nothing installed, another onnxruntime, CUDA's libraries missing. */
const INSTALLABLE =
  /not installed|installed for onnxruntime|missing libraries|lib(cublas|cublasLt|cudart|cudnn|cufft|curand|nvrtc)\.so/;

/** The verdict shown for a status. */
export function gpuVerdict(status: GpuStatusReport): GpuVerdict {
  const cuda = status.providers.find((p) => p.provider === 'cuda');
  const canInstall =
    status.platform === 'linux' &&
    cuda !== undefined &&
    !cuda.usable &&
    INSTALLABLE.test(cuda.reason ?? '');
  const logLines = status.providers.map(
    (p) =>
      `gpu: ${p.provider} ${p.usable ? `usable${p.note ? ` (${p.note})` : ''}` : `not usable: ${p.reason ?? 'unknown'}`}`,
  );
  if (status.webgpuLayout !== undefined) logLines.push(`gpu: webgpu layout ${status.webgpuLayout}`);
  logLines.push(`gpu: auto runs on ${status.auto.chosen}`);
  const chosen = status.auto.chosen;
  const why = status.auto.passedOver.map((p) => `${p.provider}: ${p.reason}`).join('; ');
  const message =
    chosen === 'cpu'
      ? `Models run on the CPU${why ? ` (${why})` : ''}.`
      : `Models run on ${chosen}${status.auto.note ? ` (${status.auto.note})` : ''}.`;
  return { provider: chosen, message, canInstall, logLines };
}

/** A JSON line as a value; undefined for any other text (a report printed over several lines). */
function jsonLine(line: string): unknown {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

/** The size line of a `gpu install --plan --json` plan event. */
export function planSummary(stdout: string): { downloadBytes: number; wheels: string[] } {
  for (const line of stdout.split('\n')) {
    const event = jsonLine(line);
    if (!isRecord(event) || event.type !== 'plan' || !isRecord(event.plan)) continue;
    const { downloadBytes, wheels } = event.plan;
    if (typeof downloadBytes !== 'number' || !Array.isArray(wheels)) break;
    return {
      downloadBytes,
      wheels: wheels.map((w) => (isRecord(w) && typeof w.filename === 'string' ? w.filename : '?')),
    };
  }
  throw new Error('gpu install printed no plan');
}

/** Progress text from one `gpu install --json` line, if it is a progress event. */
export function installProgressText(line: string): string | undefined {
  const event = jsonLine(line);
  if (!isRecord(event) || event.type !== 'progress') return undefined;
  const file = typeof event.filename === 'string' ? event.filename : '';
  if (event.kind === 'download' && isRecord(event.progress)) {
    const { received, total } = event.progress;
    if (typeof received === 'number' && typeof total === 'number' && total > 0)
      return `downloading ${file}: ${Math.floor((100 * received) / total)}%`;
    return `downloading ${file}`;
  }
  return typeof event.kind === 'string' ? `${event.kind} ${file}`.trim() : undefined;
}
