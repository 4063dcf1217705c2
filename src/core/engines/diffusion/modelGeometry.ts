/**
 * The sizes a Stable Diffusion model folder can process, read from its JSON configs alone (no ONNX
 * session), so a run can be checked before any weight is loaded: how many pixels one latent
 * covers, what the UNet's latent sides must be a multiple of, and what its attention costs.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Pixels per latent of SD 1.x/2.x VAEs, used when the folder carries no VAE config. */
export const DEFAULT_VAE_SCALE_FACTOR = 8;
/** SD 1.x/2.x UNets halve the latent three times (four down blocks). */
export const DEFAULT_UNET_DOWN_FACTOR = 8;
/** SD 1.x's attention heads, used when unet/config.json says nothing. */
export const DEFAULT_ATTENTION_HEADS = 8;

/** What the pre-run checks need to know about a model folder. */
export interface ModelGeometry {
  /** Pixels per latent: 2^(VAE blocks - 1). */
  vaeScaleFactor: number;
  /** The UNet's latent sides must be multiples of this: 2^(down blocks - 1). */
  unetDownFactor: number;
  /** The native processing size in pixels (UNet sample_size x vaeScaleFactor), else 512. */
  nativeSize: number;
  /** The first (largest) self-attention: at latent size / `downscale`, with `heads` heads. */
  attention: { downscale: number; heads: number };
  /** Bytes of every graph and external weight file (they are all held in memory while a run lasts). */
  weightBytes: number;
}

/** 2^(blocks - 1) for a config's `block_out_channels` (or `down_block_types`), else `fallback`. */
function powerOfBlocks(config: Record<string, unknown> | undefined, fallback: number): number {
  const blocks = config?.down_block_types ?? config?.block_out_channels;
  return Array.isArray(blocks) && blocks.length > 0 ? 2 ** (blocks.length - 1) : fallback;
}

/** Pixels per latent from a VAE config (`block_out_channels`), else 8. */
export function vaeScaleFactorOf(vae: Record<string, unknown> | undefined): number {
  const blocks = vae?.block_out_channels;
  return Array.isArray(blocks) && blocks.length > 0
    ? 2 ** (blocks.length - 1)
    : DEFAULT_VAE_SCALE_FACTOR;
}

/**
 * What the UNet's latent sides must be a multiple of: each down block but the last halves the
 * latents and the up blocks double them back, and an exported graph doubles by a fixed factor
 * (PyTorch passes the skip connection's size instead, which an ONNX trace does not keep), so any
 * other size ends in a shape mismatch at the first skip connection (a Concat error).
 */
export function unetDownFactorOf(unet: Record<string, unknown> | undefined): number {
  return powerOfBlocks(unet, DEFAULT_UNET_DOWN_FACTOR);
}

/**
 * Where the UNet's first self-attention runs and how many heads it has. diffusers' configs name
 * the head count `attention_head_dim` for SD 1.x/2.x (a historical misnomer it keeps reading that
 * way unless `num_attention_heads` is set); a list gives one value per down block.
 */
export function firstAttentionOf(unet: Record<string, unknown> | undefined): {
  downscale: number;
  heads: number;
} {
  const types = unet?.down_block_types;
  const level = Array.isArray(types)
    ? Math.max(
        0,
        types.findIndex((type) => typeof type === 'string' && type.includes('Attn')),
      )
    : 0;
  const declared = unet?.num_attention_heads ?? unet?.attention_head_dim;
  const value = Array.isArray(declared) ? (declared as unknown[])[level] : declared;
  const heads =
    typeof value === 'number' && Number.isInteger(value) && value > 0
      ? value
      : DEFAULT_ATTENTION_HEADS;
  return { downscale: 2 ** level, heads };
}

/** The geometry of a model folder from its configs (missing or unreadable configs give SD 1.x's values). */
export function readModelGeometry(folder: string): ModelGeometry {
  const unet = readConfig(folder, ['unet/config.json']);
  const vae = readConfig(folder, [
    'vae_decoder/config.json',
    'vae_encoder/config.json',
    'vae/config.json',
  ]);
  const vaeScaleFactor = vaeScaleFactorOf(vae);
  const sampleSize = unet?.sample_size;
  return {
    vaeScaleFactor,
    unetDownFactor: unetDownFactorOf(unet),
    nativeSize:
      typeof sampleSize === 'number' && sampleSize > 0 ? sampleSize * vaeScaleFactor : 512,
    attention: firstAttentionOf(unet),
    weightBytes: graphBytes(folder),
  };
}

const WEIGHT_FILES = ['model.onnx', 'model.onnx_data', 'weights.pb'];

function graphBytes(folder: string): number {
  let total = 0;
  for (const component of ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder']) {
    for (const file of WEIGHT_FILES) {
      const path = join(folder, component, file);
      if (existsSync(path)) total += statSync(path).size;
    }
  }
  return total;
}

function readConfig(folder: string, candidates: string[]): Record<string, unknown> | undefined {
  for (const relative of candidates) {
    const path = join(folder, relative);
    if (!existsSync(path)) continue;
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // The model loader reports unparsable configs with the file named; here SD 1.x's values stand in.
    }
    return undefined;
  }
  return undefined;
}
