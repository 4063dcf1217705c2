/**
 * Conversions between interleaved 8-bit RGB images and the NCHW tensors the plain inpainters take,
 * for uint8 graphs (MI-GAN's pipeline export) and float graphs (LaMa).
 */
import { floatTensor, toFloat32, type HostTensor } from '../../backend/tensor';
import type { RawImage } from '../../image/rawImage';
import type { ElementType, PlainContract } from './contracts';

/** Interleaved 8-bit RGB to an NCHW tensor of `dtype` (float: pixel / 255 * imageScale). */
export function imageTensor(
  rgb: RawImage,
  dtype: ElementType,
  contract: PlainContract,
): HostTensor {
  if (rgb.channels !== 3 || rgb.bitDepth !== 8) throw new Error('imageTensor expects 8-bit RGB');
  const plane = rgb.width * rgb.height;
  const dims = [1, 3, rgb.height, rgb.width];
  if (dtype === 'uint8') {
    const data = new Uint8Array(3 * plane);
    for (let p = 0; p < plane; p++)
      for (let c = 0; c < 3; c++) data[c * plane + p] = rgb.data[p * 3 + c]!;
    return { dtype: 'uint8', dims, data };
  }
  const values = new Float32Array(3 * plane);
  const scale = contract.imageScale / 255;
  for (let p = 0; p < plane; p++)
    for (let c = 0; c < 3; c++) values[c * plane + p] = rgb.data[p * 3 + c] * scale;
  return floatTensor(dtype, dims, values);
}

/** The regenerate mask (1 = regenerate) as the contract's mask tensor. */
export function maskTensor(
  regenerate: Uint8Array,
  width: number,
  height: number,
  dtype: ElementType,
  contract: PlainContract,
): HostTensor {
  const dims = [1, 1, height, width];
  if (dtype === 'uint8') {
    const data = new Uint8Array(regenerate.length);
    for (let i = 0; i < data.length; i++)
      data[i] = regenerate[i] !== 0 ? contract.maskFill : contract.maskKeep;
    return { dtype: 'uint8', dims, data };
  }
  const values = new Float32Array(regenerate.length);
  for (let i = 0; i < values.length; i++)
    values[i] = regenerate[i] !== 0 ? contract.maskFill : contract.maskKeep;
  return floatTensor(dtype, dims, values);
}

/** An NCHW [1,3,H,W] output (uint8, or float in 0..255 after outputScale) to 8-bit RGB. */
export function outputImage(tensor: HostTensor, contract: PlainContract): RawImage {
  const [n, c, height, width] = tensor.dims;
  if (tensor.dims.length !== 4 || n !== 1 || c !== 3) {
    throw new Error(`inpainter output has shape [${tensor.dims.join(',')}], expected [1,3,H,W]`);
  }
  const plane = width * height;
  const data = new Uint8Array(3 * plane);
  if (tensor.dtype === 'uint8') {
    for (let p = 0; p < plane; p++)
      for (let k = 0; k < 3; k++) data[p * 3 + k] = tensor.data[k * plane + p]!;
  } else {
    const values = toFloat32(tensor);
    for (let p = 0; p < plane; p++) {
      for (let k = 0; k < 3; k++) {
        const v = values[k * plane + p] * contract.outputScale;
        // NaN (a broken fp16 graph) becomes 0 rather than poisoning the image silently: clamp handles the rest.
        data[p * 3 + k] = Number.isNaN(v) ? 0 : Math.min(255, Math.max(0, Math.round(v)));
      }
    }
  }
  return { width: width, height: height, channels: 3, bitDepth: 8, data };
}
