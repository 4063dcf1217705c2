/**
 * The raw little-endian bytes of an ONNX initializer, wherever the model keeps them: `raw_data`,
 * the typed repeated fields, or an external file beside the model (`model.onnx_data`,
 * `weights.pb`) named by its `external_data` entries.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { int64, onnx, type TensorProto, UnsupportedModelError } from './onnxModelCodec';

const DataType = onnx.TensorProto.DataType;

/** Bytes per element of the floating-point types a convolution weight can have. */
const FLOAT_SIZES = new Map<number, number>([
  [DataType.FLOAT, 4],
  [DataType.FLOAT16, 2],
  [DataType.BFLOAT16, 2],
  [DataType.DOUBLE, 8],
]);

/** Bytes per element of a floating-point tensor type, or undefined for other types. */
export function floatElementSize(dataType: number | null | undefined): number | undefined {
  return FLOAT_SIZES.get(dataType ?? 0);
}

/** The tensor's element count from its dims. */
export function elementCount(tensor: TensorProto): number {
  return (tensor.dims ?? []).reduce<number>((n, d) => n * int64(d), 1);
}

/**
 * The bytes of a floating-point initializer. `modelFolder` resolves external data; a location
 * that is absolute or leaves the folder is refused (onnxruntime refuses those too).
 */
export function floatTensorBytes(tensor: TensorProto, modelFolder: string | undefined): Buffer {
  const size = floatElementSize(tensor.dataType);
  if (size === undefined)
    throw new UnsupportedModelError(`${tensor.name ?? 'a tensor'} is not a floating-point tensor`);
  const expected = elementCount(tensor) * size;
  const bytes = storedBytes(tensor, modelFolder);
  if (bytes.length !== expected)
    throw new UnsupportedModelError(
      `${tensor.name ?? 'a tensor'} holds ${bytes.length} bytes where its shape needs ${expected}`,
    );
  return bytes;
}

function storedBytes(tensor: TensorProto, modelFolder: string | undefined): Buffer {
  if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL)
    return externalBytes(tensor, modelFolder);
  if (tensor.rawData && tensor.rawData.length > 0) return Buffer.from(tensor.rawData);
  switch (tensor.dataType) {
    case DataType.FLOAT:
      return Buffer.from(Float32Array.from(tensor.floatData ?? []).buffer);
    case DataType.DOUBLE:
      return Buffer.from(Float64Array.from(tensor.doubleData ?? []).buffer);
    default:
      // float16 and bfloat16 values are kept one per int32_data entry (onnx.proto).
      return Buffer.from(Uint16Array.from(tensor.int32Data ?? []).buffer);
  }
}

function externalBytes(tensor: TensorProto, modelFolder: string | undefined): Buffer {
  const entries = new Map((tensor.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const location = entries.get('location');
  if (location === undefined || modelFolder === undefined)
    throw new UnsupportedModelError(
      `${tensor.name ?? 'a tensor'} has external data without a folder`,
    );
  const relative = normalize(location);
  if (isAbsolute(relative) || relative === '..' || relative.startsWith(`..${sep}`))
    throw new UnsupportedModelError(`external data ${location} lies outside the model folder`);
  const offset = Number(entries.get('offset') ?? '0');
  const size = floatElementSize(tensor.dataType) ?? 1;
  const length = Number(entries.get('length') ?? String(elementCount(tensor) * size));
  const buffer = Buffer.alloc(length);
  const fd = openSync(join(modelFolder, relative), 'r');
  try {
    const read = readSync(fd, buffer, 0, length, offset);
    if (read !== length)
      throw new UnsupportedModelError(
        `external data ${location} ends before byte ${offset + length}`,
      );
  } finally {
    closeSync(fd);
  }
  return buffer;
}
