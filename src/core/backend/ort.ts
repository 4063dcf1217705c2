/**
 * The only module that imports onnxruntime-node (docs/architecture.md, runtimes and their
 * homes): sessions with an execution-provider preference and recorded fallbacks, signatures from session metadata, and
 * conversion between runtime tensors and the backend-neutral {@link HostTensor}.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type * as ort from 'onnxruntime-node';
import type { ExecutionProviderPreference } from '../../shared/recipe';
import { providerOrder, type ProviderName } from './providerChoice';
import type { HostTensor, InferenceModel, TensorInfo } from './tensor';
import { executionProviderEntry, webgpuLayout, type WebGpuLayout } from './webgpuLayout';

export { providerOrder };
export type { ProviderName };

/** A provider that was tried and could not be used, with onnxruntime's reason. */
export interface ProviderFallback {
  provider: ProviderName;
  error: string;
}

export interface LoadModelOptions {
  preference: ExecutionProviderPreference;
  /** CPU threads for one operator; undefined lets onnxruntime decide. */
  intraOpThreads?: number;
  /**
   * Where the external weight files of a model given as bytes lie (its original folder): a graph
   * rewritten in memory keeps its references to `model.onnx_data` or `weights.pb` there.
   */
  externalDataFolder?: string;
  /** WebGPU's tensor layout; default: what `MASKMEDPAINT_WEBGPU_LAYOUT` says (webgpuLayout.ts). */
  webgpuLayout?: WebGpuLayout;
}

/** How onnxruntime says a provider's library or device is absent (not that a model is bad). */
const PROVIDER_MISSING = /shared library|backend not found|no available backend|adapter/i;

/** Providers that failed to load in this process, with onnxruntime's reason. */
const unavailableProviders = new Map<ProviderName, string>();

let loadedRuntime: typeof ort | undefined;

/**
 * onnxruntime-node, loaded by the first model load: commands that run no model (and `--version`,
 * `--help`) start without its native library.
 */
function runtime(): typeof ort {
  // A static import would load the native module when the bundle starts (see above).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loadedRuntime ??= require('onnxruntime-node') as typeof ort;
  return loadedRuntime;
}

let runtimeLogQuieted = false;

/**
 * onnxruntime prints provider-library failures to stderr itself; they are recorded as fallbacks
 * instead, so its own log is limited to fatal errors.
 */
function quietRuntimeLog(): void {
  if (runtimeLogQuieted) return;
  runtimeLogQuieted = true;
  runtime().env.logLevel = 'fatal';
}

/**
 * Keeps onnxruntime's error log (on stderr): the provider trials of `gpu status` read from it which
 * library a provider could not load. Call before the first load.
 */
export function keepRuntimeErrorLog(): void {
  runtimeLogQuieted = true;
  runtime().env.logLevel = 'error';
}

/** A loaded graph on one execution provider. */
export class OrtModel implements InferenceModel {
  /** Milliseconds spent inside session.run since load (the benchmark subtracts this). */
  runTimeMs = 0;
  /** Process CPU milliseconds (all threads) spent inside session.run since load. */
  runCpuMs = 0;

  private constructor(
    private readonly session: ort.InferenceSession,
    /** The provider the session runs on. */
    readonly executionProvider: ProviderName,
    /** Providers that were tried first and failed, with why. */
    readonly fallbacks: ProviderFallback[],
    readonly inputs: TensorInfo[],
    readonly outputs: TensorInfo[],
    /** The layout a WebGPU session computes in; undefined on the other providers. */
    readonly webgpuLayout: WebGpuLayout | undefined,
  ) {}

  /**
   * Loads `model` trying each provider of the preference in turn. A path (not the bytes) is handed
   * to onnxruntime so external weights (model.onnx_data, weights.pb) beside it resolve; bytes are
   * for small self-contained graphs (the provider probes).
   */
  static async load(model: string | Uint8Array, options: LoadModelOptions): Promise<OrtModel> {
    const modelPath = typeof model === 'string' ? model : 'an in-memory model';
    if (typeof model === 'string' && !existsSync(model))
      throw new Error(`ONNX model not found: ${model}`);
    const fallbacks: ProviderFallback[] = [];
    quietRuntimeLog();
    for (const provider of providerOrder(options.preference)) {
      const knownFailure = unavailableProviders.get(provider);
      if (knownFailure !== undefined) {
        fallbacks.push({ provider, error: knownFailure });
        continue;
      }
      // Outside the try: a mistyped MASKMEDPAINT_WEBGPU_LAYOUT is the user's error to see, not
      // a provider that failed to load.
      const layout = provider === 'webgpu' ? (options.webgpuLayout ?? webgpuLayout()) : undefined;
      try {
        const sessionOptions: ort.InferenceSession.SessionOptions = {
          executionProviders: [
            layout === undefined ? provider : executionProviderEntry(provider, layout),
          ],
          graphOptimizationLevel: 'all',
          logSeverityLevel: 3,
          // Pool threads that spin after a run steal the CPU the pipeline's own step work needs
          // (and everyone else's on a shared machine); they block instead.
          extra: {
            session: {
              intra_op: { allow_spinning: '0' },
              inter_op: { allow_spinning: '0' },
              ...(options.externalDataFolder !== undefined
                ? { model_external_initializers_file_folder_path: options.externalDataFolder }
                : {}),
            },
          },
          ...(options.intraOpThreads ? { intraOpNumThreads: options.intraOpThreads } : {}),
        };
        const session =
          typeof model === 'string'
            ? await runtime().InferenceSession.create(model, sessionOptions)
            : await runtime().InferenceSession.create(model, sessionOptions);
        return new OrtModel(
          session,
          provider,
          fallbacks,
          describe(session.inputMetadata),
          describe(session.outputMetadata),
          layout,
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        fallbacks.push({ provider, error: message });
        // A provider whose library cannot be loaded stays unavailable in this process: the next
        // graphs skip it instead of failing (and logging) again.
        if (provider !== 'cpu' && PROVIDER_MISSING.test(message))
          unavailableProviders.set(provider, message);
      }
    }
    const reasons = fallbacks.map((f) => `${f.provider}: ${f.error}`).join('; ');
    throw new Error(`could not load ${modelPath} on any execution provider (${reasons})`);
  }

  async run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, tensor] of Object.entries(feeds)) {
      ortFeeds[name] = toOrt(tensor);
    }
    // onnxruntime-node's pending run does not keep Node's event loop alive; without this handle a
    // process with nothing else to do exits in the middle of an inference.
    const keepAlive = setInterval(() => undefined, 2 ** 30);
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    try {
      const results = await this.session.run(ortFeeds);
      this.runTimeMs += performance.now() - started;
      const cpu = process.cpuUsage(cpuStart);
      this.runCpuMs += (cpu.user + cpu.system) / 1000;
      const out: Record<string, HostTensor> = {};
      for (const [name, value] of Object.entries(results)) out[name] = fromOrt(name, value);
      return out;
    } finally {
      clearInterval(keepAlive);
    }
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function describe(metadata: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] {
  return metadata.map((value) =>
    value.isTensor
      ? { name: value.name, dtype: value.type, shape: [...value.shape] }
      : { name: value.name, dtype: 'non-tensor', shape: [] },
  );
}

/**
 * A {@link HostTensor} as an onnxruntime tensor. The typed array is wrapped, not copied, so a feed
 * must not be changed until its run has finished.
 */
export function toOrt(tensor: HostTensor): ort.Tensor {
  switch (tensor.dtype) {
    case 'float32':
      return new (runtime().Tensor)('float32', tensor.data, tensor.dims);
    case 'float16':
      return new (runtime().Tensor)('float16', tensor.data, tensor.dims);
    case 'int32':
      return new (runtime().Tensor)('int32', tensor.data, tensor.dims);
    case 'int64':
      return new (runtime().Tensor)('int64', tensor.data, tensor.dims);
    case 'uint8':
      return new (runtime().Tensor)('uint8', tensor.data, tensor.dims);
    case 'int8':
      return new (runtime().Tensor)('int8', tensor.data, tensor.dims);
  }
}

/** A runtime output as a {@link HostTensor}; exported for the backend's tests. */
export function fromOrt(name: string, value: ort.Tensor): HostTensor {
  const dims = [...value.dims];
  const data = value.data;
  if (value.type === 'float32' && data instanceof Float32Array)
    return { dtype: 'float32', dims, data };
  if (value.type === 'float16' && data instanceof Uint16Array)
    return { dtype: 'float16', dims, data };
  if (value.type === 'int32' && data instanceof Int32Array) return { dtype: 'int32', dims, data };
  if (value.type === 'int64' && data instanceof BigInt64Array)
    return { dtype: 'int64', dims, data };
  // onnxruntime-node hands 8-bit tensors back as Uint8Array / Int8Array (MI-GAN's `result`).
  if (value.type === 'uint8' && data instanceof Uint8Array) return { dtype: 'uint8', dims, data };
  if (value.type === 'int8' && data instanceof Int8Array) return { dtype: 'int8', dims, data };
  throw new Error(`output ${name} has unsupported type ${value.type}`);
}
