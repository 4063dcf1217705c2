/**
 * The (image, mask) -> image contracts of the plain ONNX inpainters, as the public exports define
 * them, and the check of a loaded graph's metadata against them. Names, dtypes and sizes are read
 * from the session, never assumed.
 *
 * - MI-GAN (Picsart's ONNX pipeline export): image uint8 [1,3,H,W] 0..255, mask uint8 [1,1,H,W]
 *   with 255 = keep and 0 = fill, output `result` uint8 [1,3,H,W]; any size (it resizes inside).
 * - LaMa (Carve/LaMa-ONNX): image float32 [1,3,512,512] 0..1, mask float32 [1,1,512,512] with
 *   1 = fill, output float32 [1,3,512,512] in 0..255.
 */
import type { TensorInfo } from '../../backend/tensor';

export type PlainEngineId = 'migan' | 'lama';

export interface PlainContract {
  engine: PlainEngineId;
  /** Value of a pixel to regenerate in the mask tensor, and of a pixel to keep. */
  maskFill: number;
  maskKeep: number;
  /** For float inputs: the image is fed as pixel / 255 * imageScale. */
  imageScale: number;
  /** For float outputs: pixel = value * outputScale + outputOffset (0..255). */
  outputScale: number;
  /** Side length multiple required when the graph's size is dynamic. */
  sizeMultiple: number;
}

export const CONTRACTS: Record<PlainEngineId, PlainContract> = {
  migan: {
    engine: 'migan',
    maskFill: 0,
    maskKeep: 255,
    imageScale: 255,
    outputScale: 1,
    sizeMultiple: 1,
  },
  lama: {
    engine: 'lama',
    maskFill: 1,
    maskKeep: 0,
    imageScale: 1,
    outputScale: 1,
    sizeMultiple: 8,
  },
};

export type ElementType = 'uint8' | 'float32' | 'float16';

/** The resolved I/O of a loaded graph. */
export interface PlainSignature {
  image: TensorInfo & { dtype: ElementType };
  mask: TensorInfo & { dtype: ElementType };
  output: TensorInfo & { dtype: ElementType };
  /** Fixed [height, width] when the graph declares them; undefined when dynamic. */
  fixedSize: [number, number] | undefined;
}

function isElementType(dtype: string): dtype is ElementType {
  return dtype === 'uint8' || dtype === 'float32' || dtype === 'float16';
}

function pick(list: readonly TensorInfo[], name: string, index: number): TensorInfo | undefined {
  return (
    list.find((t) => t.name === name) ??
    list.find((t) => t.name.toLowerCase().includes(name)) ??
    list[index]
  );
}

function describe(list: readonly TensorInfo[]): string {
  return list.map((t) => `${t.name}:${t.dtype}[${t.shape.join(',')}]`).join(', ') || 'none';
}

/**
 * Match a graph's inputs/outputs to the (image, mask) -> image contract; a clear error says what
 * the graph has when it does not fit.
 */
export function resolveSignature(
  engine: PlainEngineId,
  inputs: readonly TensorInfo[],
  outputs: readonly TensorInfo[],
): PlainSignature {
  const problem = (why: string): Error =>
    new Error(
      `This ${engine} model does not have the (image, mask) -> image interface: ${why}. ` +
        `Inputs: ${describe(inputs)}; outputs: ${describe(outputs)}.`,
    );
  if (inputs.length !== 2) throw problem(`expected 2 inputs, found ${inputs.length}`);
  if (outputs.length < 1) throw problem('no output');
  const image = pick(inputs, 'image', 0);
  const mask = pick(
    inputs.filter((t) => t !== image),
    'mask',
    0,
  );
  const output = outputs[0];
  if (image === undefined || mask === undefined)
    throw problem('cannot tell the image input from the mask input');
  for (const [role, info, channels] of [
    ['image', image, 3],
    ['mask', mask, 1],
    ['output', output, 3],
  ] as const) {
    if (!isElementType(info.dtype))
      throw problem(`${role} ${info.name} is ${info.dtype}, expected uint8, float32 or float16`);
    if (info.shape.length !== 4) throw problem(`${role} ${info.name} is not a 4-D NCHW tensor`);
    const c = info.shape[1];
    if (typeof c === 'number' && c !== channels)
      throw problem(`${role} ${info.name} has ${c} channels, expected ${channels}`);
  }
  const [h, w] = [image.shape[2], image.shape[3]];
  const fixedSize: [number, number] | undefined =
    typeof h === 'number' && typeof w === 'number' && h > 0 && w > 0 ? [h, w] : undefined;
  return {
    image: image as PlainSignature['image'],
    mask: mask as PlainSignature['mask'],
    output: output as PlainSignature['output'],
    fixedSize,
  };
}

/** The size to run at: the graph's fixed size, else the source size rounded up to the multiple. */
export function runSize(
  signature: PlainSignature,
  contract: PlainContract,
  width: number,
  height: number,
): [number, number] {
  if (signature.fixedSize !== undefined) return [signature.fixedSize[1], signature.fixedSize[0]];
  const m = contract.sizeMultiple;
  return [Math.ceil(width / m) * m, Math.ceil(height / m) * m];
}
