/**
 * Runtime-neutral tensors and model signatures. The pipeline works on these; only ort.ts turns them
 * into onnxruntime-node objects, so everything above the backend can be tested without a runtime.
 */
import { float16ToFloat32, float32ToFloat16 } from './float16';

/** A tensor in host memory; float16 is carried as its bit patterns. */
export type HostTensor =
  | { dtype: 'float32'; dims: number[]; data: Float32Array }
  | { dtype: 'float16'; dims: number[]; data: Uint16Array }
  | { dtype: 'int32'; dims: number[]; data: Int32Array }
  | { dtype: 'int64'; dims: number[]; data: BigInt64Array }
  | { dtype: 'uint8'; dims: number[]; data: Uint8Array }
  | { dtype: 'int8'; dims: number[]; data: Int8Array };

/** One input or output of a graph as the session reports it; shape [] means a scalar. */
export interface TensorInfo {
  name: string;
  /** The element type as onnxruntime names it ('float32', 'float16', 'int64', ...). */
  dtype: string;
  /** Fixed sizes as numbers, symbolic ones (e.g. 'batch') as strings. */
  shape: (number | string)[];
}

/** What the pipeline needs from a loaded graph. */
export interface InferenceModel {
  readonly inputs: TensorInfo[];
  readonly outputs: TensorInfo[];
  run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>>;
  release(): Promise<void>;
}

/** A float tensor in the dtype a graph input wants (float32 or float16). */
export function floatTensor(dtype: string, dims: number[], values: Float32Array): HostTensor {
  if (dtype === 'float16') return { dtype: 'float16', dims, data: float32ToFloat16(values) };
  if (dtype === 'float32') return { dtype: 'float32', dims, data: values };
  throw new Error(`expected a float32 or float16 input, the graph declares ${dtype}`);
}

/** The values of a float output as float32, whatever its dtype. */
export function toFloat32(tensor: HostTensor): Float32Array {
  switch (tensor.dtype) {
    case 'float32':
      return tensor.data;
    case 'float16':
      return float16ToFloat32(tensor.data);
    case 'int32':
    case 'int64':
    case 'uint8':
    case 'int8':
      throw new Error(`expected a float output, got ${tensor.dtype}`);
  }
}

/** Integer ids (token ids, integer timesteps) in the dtype a graph input wants. */
export function intTensor(dtype: string, dims: number[], values: ArrayLike<number>): HostTensor {
  if (dtype === 'int32') return { dtype: 'int32', dims, data: Int32Array.from(values) };
  if (dtype === 'int64') {
    const data = new BigInt64Array(values.length);
    for (let i = 0; i < values.length; i++) data[i] = BigInt(Math.trunc(values[i]));
    return { dtype: 'int64', dims, data };
  }
  throw new Error(`expected an int32 or int64 input, the graph declares ${dtype}`);
}
