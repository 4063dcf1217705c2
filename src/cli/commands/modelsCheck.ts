/**
 * `maskmedpaint models check MODEL [--provider P]`: runs every graph of a model on the CPU and on a
 * GPU provider with the same inputs and says whether they agree. A provider can run a model and
 * still compute an operator wrongly (onnxruntime-node 1.30's WebGPU provider does so for the
 * 9-channel first convolution of inpainting UNets), which no error message would reveal.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { providerOrder, type ProviderName } from '../../core/backend/ort';
import { defaultModelCacheDir } from '../../core/models/cacheDir';
import { ModelRegistry, resolveModelReference } from '../../core/models/registry';
import type { ExecutionProviderPreference } from '../../shared/recipe';
import type { WireGraphComparison } from '../../shared/workerProtocol';
import { disposeSharedWorkerClient, sharedWorkerClient } from '../../worker/client';
import { EXIT_ITEMS_FAILED, EXIT_OK, UsageError } from '../usageError';
import { tty } from '../terminalText';
import type { ModelsIo } from './modelsIo';

export interface CheckFlags {
  cache?: string;
  provider?: ExecutionProviderPreference;
  json?: boolean;
}

/** Relative differences (max |diff| / max |value|) above these mean a wrong kernel, not rounding. */
export const CHECK_TOLERANCE = { float32: 1e-3, float16: 2e-2 } as const;

/** The graphs of a model: a .onnx file itself, or a folder's SD components and top-level graphs. */
export function graphsOf(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  const components = ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder']
    .map((c) => join(path, c, 'model.onnx'))
    .filter((file) => existsSync(file));
  const topLevel = readdirSync(path)
    .filter((name) => name.endsWith('.onnx'))
    .map((name) => join(path, name));
  return [...components, ...topLevel];
}

/** The GPU provider `auto` would try first on this platform. */
function firstGpuProvider(preference: ExecutionProviderPreference): ProviderName {
  if (preference !== 'auto') return preference;
  return providerOrder('auto').find((p) => p !== 'cpu') ?? 'cpu';
}

function formatNumber(x: number): string {
  return x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(1) : x.toPrecision(3);
}

/** The tolerance for a graph and whether every output stays within it. */
export function verdict(comparison: WireGraphComparison): { tolerance: number; agrees: boolean } {
  const tolerance = comparison.float16 ? CHECK_TOLERANCE.float16 : CHECK_TOLERANCE.float32;
  const agrees = comparison.outputs.every(
    (o) => o.maxAbsDiff <= tolerance * Math.max(o.maxAbs, 1e-6),
  );
  return { tolerance, agrees };
}

interface GraphResult extends WireGraphComparison {
  graph: string;
  tolerance: number;
  agrees: boolean;
}

/** Runs the comparisons in the inference worker, where every ONNX session of the product runs. */
async function compareGraphs(
  root: string,
  graphs: string[],
  provider: ProviderName,
): Promise<GraphResult[]> {
  const client = sharedWorkerClient();
  const results: GraphResult[] = [];
  try {
    for (const graph of graphs) {
      const comparison = await client.request('compareGraph', { graph, provider });
      results.push({
        graph: relative(root, graph) || graph,
        ...verdict(comparison),
        ...comparison,
      });
      if (comparison.ranOn !== provider) break; // the provider is not available: nothing to compare
    }
  } finally {
    await disposeSharedWorkerClient();
  }
  return results;
}

export async function checkModel(target: string, flags: CheckFlags, io: ModelsIo): Promise<number> {
  const registry = new ModelRegistry(flags.cache ?? defaultModelCacheDir());
  let resolved: Awaited<ReturnType<typeof resolveModelReference>>;
  try {
    resolved = await resolveModelReference(target, registry);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const root = typeof resolved === 'string' ? resolved : resolved.path;
  const graphs = graphsOf(root);
  if (graphs.length === 0) throw new UsageError(`no .onnx graphs found in ${root}`);
  const provider = firstGpuProvider(flags.provider ?? 'auto');
  if (provider === 'cpu') throw new UsageError('--provider must name a provider other than cpu');

  const results = await compareGraphs(root, graphs, provider);
  const unavailable = results.find((r) => r.ranOn !== provider);
  const ok = !unavailable && results.every((r) => r.agrees);
  if (flags.json) {
    io.stdout.write(JSON.stringify({ model: root, provider, ok, graphs: results }, null, 2) + '\n');
    return ok ? EXIT_OK : EXIT_ITEMS_FAILED;
  }
  if (unavailable) {
    const reason = unavailable.fallbacks.find((f) => f.provider === provider)?.error ?? 'unknown';
    io.stderr.write(
      tty`${provider} is not available on this machine, nothing to compare: ${reason}\n`,
    );
    return EXIT_ITEMS_FAILED;
  }
  io.stdout.write(tty`${provider} against the CPU on ${root} (same inputs):\n`);
  for (const r of results) {
    for (const o of r.outputs) {
      const relativeDiff = o.maxAbsDiff / Math.max(o.maxAbs, 1e-6);
      io.stdout.write(
        tty`  ${r.graph} ${o.name}: max |diff| ${formatNumber(o.maxAbsDiff)} of max |value| ` +
          `${formatNumber(o.maxAbs)} (relative ${formatNumber(relativeDiff)}, tolerance ` +
          `${r.tolerance}${r.float16 ? ', float16' : ''}) ${r.agrees ? 'agrees' : 'DIFFERS'}\n`,
      );
    }
  }
  io.stdout.write(
    ok
      ? `${provider} computes this model like the CPU.\n`
      : `${provider} computes this model differently from the CPU: use --provider cpu for it, or another provider.\n`,
  );
  return ok ? EXIT_OK : EXIT_ITEMS_FAILED;
}
