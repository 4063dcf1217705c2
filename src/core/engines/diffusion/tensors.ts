/**
 * Conversions between images and the pipeline's float tensors, written to match diffusers'
 * VaeImageProcessor bit for bit where it matters (mask binarization, nearest down-sampling,
 * 8-bit post-processing).
 */
import type { RawImage } from '../../image/rawImage';
import { simdKernels } from './simd/simdKernels';

/** An RGB image as the VAE wants it: float32, C x H x W (planar), values in [-1, 1]. */
export interface ImageTensor {
  width: number;
  height: number;
  data: Float32Array;
}

/** An inpainting mask at processing size: 1 = regenerate, 0 = keep (already binarized). */
export interface RegenerateMask {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * RGB in [-1, 1], planar. Grey images are replicated to RGB and alpha is dropped, as PIL's
 * convert('RGB') does in diffusers; 16-bit samples are scaled by 65535.
 */
export function imageToTensor(image: RawImage): ImageTensor {
  const { width, height, channels } = image;
  const pixels = width * height;
  const max = image.bitDepth === 16 ? 65535 : 255;
  const colour = channels >= 3;
  const data = new Float32Array(3 * pixels);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) {
      const sample = image.data[p * channels + (colour ? c : 0)];
      // Same order of operations as diffusers: x / 255, then 2x - 1, in float32.
      data[c * pixels + p] = Math.fround(2 * Math.fround(sample / max) - 1);
    }
  }
  return { width, height, data };
}

/** The image with the regenerate region set to 0 (diffusers' `image * (mask < 0.5)`). */
export function maskedImage(image: ImageTensor, mask: RegenerateMask): ImageTensor {
  const pixels = image.width * image.height;
  const data = new Float32Array(image.data);
  for (let p = 0; p < pixels; p++) {
    if (mask.data[p] !== 0) for (let c = 0; c < 3; c++) data[c * pixels + p] = 0;
  }
  return { width: image.width, height: image.height, data };
}

/**
 * Nearest-neighbour down-sampling to latent size, as torch.nn.functional.interpolate's default
 * 'nearest' mode: source index = floor(dst * in / out).
 */
export function maskToLatent(
  mask: RegenerateMask,
  latentWidth: number,
  latentHeight: number,
): Float32Array {
  const out = new Float32Array(latentWidth * latentHeight);
  const scaleY = mask.height / latentHeight;
  const scaleX = mask.width / latentWidth;
  for (let y = 0; y < latentHeight; y++) {
    const sy = Math.min(Math.floor(y * scaleY), mask.height - 1);
    for (let x = 0; x < latentWidth; x++) {
      const sx = Math.min(Math.floor(x * scaleX), mask.width - 1);
      out[y * latentWidth + x] = mask.data[sy * mask.width + sx] !== 0 ? 1 : 0;
    }
  }
  return out;
}

/** diffusers' postprocess of one value: round_half_even(clamp(x / 2 + 0.5, 0, 1) * 255) in float32. */
function pixelByte(x: number): number {
  const unit = Math.min(Math.max(Math.fround(x / 2 + 0.5), 0), 1);
  return roundHalfEven(Math.fround(unit * 255));
}

/**
 * Decoded VAE output (planar, about [-1, 1]) to interleaved 8-bit RGB exactly like diffusers'
 * postprocess + numpy_to_pil: clamp(x / 2 + 0.5, 0, 1) * 255 in float32, rounded half to even.
 * A Uint8ClampedArray store does the clamping and the half-to-even rounding itself (ECMAScript's
 * ToUint8Clamp), so each value is two float32 roundings and a store.
 */
export function tensorToRgb8(data: Float32Array, width: number, height: number): RawImage {
  const pixels = width * height;
  const kernels = simdKernels();
  if (kernels) {
    const bytes = kernels.toRgb8(data, pixels);
    if (!bytes) throw new NonFiniteError('Decoded pixels');
    return { width, height, channels: 3, bitDepth: 8, data: bytes };
  }
  const out = new Uint8Array(3 * pixels);
  const clamped = new Uint8ClampedArray(out.buffer);
  const f32 = Math.fround;
  for (let c = 0; c < 3; c++) {
    const plane = c * pixels;
    for (let p = 0; p < pixels; p++) {
      const x = data[plane + p];
      // One pass also checks finiteness: NaN would otherwise clamp to 0 and give a black image.
      if (x - x !== 0) throw new NonFiniteError('Decoded pixels');
      // Clamping the product instead of the unit value gives the same byte: both are monotonic.
      clamped[p * 3 + c] = f32(f32(x / 2 + 0.5) * 255);
    }
  }
  return { width, height, channels: 3, bitDepth: 8, data: out };
}

/** The exact per-value reference of {@link tensorToRgb8} (tests compare the two). */
export const referencePixelByte = pixelByte;

function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Thrown when latents or decoded pixels stop being finite (typically float16 overflow). */
export class NonFiniteError extends Error {
  constructor(where: string) {
    super(
      `${where} contain NaN or infinity. This is a known float16 failure of some Stable Diffusion ` +
        'exports (the VAE or UNet overflows in half precision): use a float32 export, or run on a ' +
        'provider that computes in float32, instead of producing a black image.',
    );
    this.name = 'NonFiniteError';
  }
}

/** Throws {@link NonFiniteError} when any value is NaN or infinite. */
export function assertFinite(values: Float32Array, where: string): void {
  const kernels = simdKernels();
  if (kernels) {
    if (!kernels.allFinite(values)) throw new NonFiniteError(where);
    return;
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new NonFiniteError(where);
  }
}
