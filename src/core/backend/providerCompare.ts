/**
 * Runs one ONNX graph on the CPU provider and on another one with the same deterministic inputs and
 * measures how far their outputs differ: the check behind `maskmedpaint models check` and the GPU
 * benchmark's per-graph comparison. A provider can load and run a model and still compute some
 * operator wrongly (onnxruntime-node 1.30's WebGPU provider does, for 9-input-channel convolutions);
 * images would then look plausible and be wrong.
 */
import { OrtModel, type ProviderFallback, type ProviderName } from './ort';
import { floatTensor, type HostTensor, intTensor, type TensorInfo, toFloat32 } from './tensor';

/** Sizes for symbolic dimensions, by the names Stable Diffusion exports use; others get 2. */
const SYMBOLIC_SIZES: Record<string, number> = { sequence: 77, height: 8, width: 8, h: 8, w: 8 };

export interface OutputComparison {
  name: string;
  dims: number[];
  maxAbsDiff: number;
  /** The largest |value| of the CPU's output (the scale the difference is read against). */
  maxAbs: number;
}

export interface GraphComparison {
  /** The provider the second session actually ran on ('cpu' when the requested one failed). */
  ranOn: ProviderName;
  fallbacks: ProviderFallback[];
  /** Whether the graph takes or gives float16 tensors (compared with a looser tolerance). */
  float16: boolean;
  outputs: OutputComparison[];
}

/** Deterministic inputs in [-1, 1] (no dependency on the engines' generators). */
function inputFor(info: TensorInfo, index: number): HostTensor {
  const dims = info.shape.map((d) => (typeof d === 'number' ? d : (SYMBOLIC_SIZES[d] ?? 2)));
  const count = dims.reduce((a, b) => a * b, 1);
  const wave = (i: number): number => Math.sin((i + 1) * 0.7311 + index * 1.3);
  if (info.name === 'timestep' || info.name.includes('time'))
    return number(info.dtype, dims, new Array<number>(count).fill(501));
  if (info.dtype.startsWith('float'))
    return floatTensor(
      info.dtype,
      dims,
      Float32Array.from({ length: count }, (_, i) => wave(i)),
    );
  if (info.dtype === 'uint8' || info.dtype === 'int8') {
    const bytes = Array.from({ length: count }, (_, i) => Math.round(127 + 120 * wave(i)));
    return info.dtype === 'uint8'
      ? { dtype: 'uint8', dims, data: Uint8Array.from(bytes) }
      : { dtype: 'int8', dims, data: Int8Array.from(bytes, (b) => b - 128) };
  }
  // Token ids and other integers: small non-negative values every vocabulary has.
  return intTensor(
    info.dtype,
    dims,
    Array.from({ length: count }, (_, i) => (i * 37) % 256),
  );
}

function number(dtype: string, dims: number[], values: number[]): HostTensor {
  return dtype.startsWith('float')
    ? floatTensor(dtype, dims, Float32Array.from(values))
    : intTensor(dtype, dims, values);
}

/** One deterministic input per graph input (symbolic sizes as Stable Diffusion exports name them). */
export function deterministicInputs(inputs: TensorInfo[]): Record<string, HostTensor> {
  return Object.fromEntries(inputs.map((info, i) => [info.name, inputFor(info, i)]));
}

/** Loads `modelPath` on the CPU and on `provider`, runs both once and compares every output. */
export async function compareWithCpu(
  modelPath: string,
  provider: ProviderName,
): Promise<GraphComparison> {
  const reference = await OrtModel.load(modelPath, { preference: 'cpu' });
  let candidate: OrtModel | undefined;
  try {
    candidate = await OrtModel.load(modelPath, { preference: provider });
    const feeds = deterministicInputs(reference.inputs);
    const expected = await reference.run(feeds);
    const actual = await candidate.run(feeds);
    const outputs = Object.entries(expected).map(([name, tensor]): OutputComparison => {
      const x = toComparable(tensor);
      const other = actual[name];
      if (!other) throw new Error(`${provider} produced no output ${name}`);
      const y = toComparable(other);
      let maxAbsDiff = x.length === y.length ? 0 : Infinity;
      let maxAbs = 0;
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(x[i] - y[i]));
        maxAbs = Math.max(maxAbs, Math.abs(x[i]));
      }
      return { name, dims: tensor.dims, maxAbsDiff, maxAbs };
    });
    return {
      ranOn: candidate.executionProvider,
      fallbacks: candidate.fallbacks,
      float16: [...reference.inputs, ...reference.outputs].some((i) => i.dtype === 'float16'),
      outputs,
    };
  } finally {
    await Promise.all([reference.release(), candidate?.release()]);
  }
}

function toComparable(tensor: HostTensor): ArrayLike<number> {
  if (tensor.dtype === 'float32' || tensor.dtype === 'float16') return toFloat32(tensor);
  if (tensor.dtype === 'int64') return Array.from(tensor.data, Number);
  return tensor.data;
}
