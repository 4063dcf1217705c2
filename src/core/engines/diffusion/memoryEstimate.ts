/**
 * How much memory a denoising run needs, estimated before it starts, so a size the machine cannot
 * hold is refused with a clear message (or run in smaller batches) instead of the worker being
 * killed by the kernel halfway through a folder.
 *
 * The dominant term is the UNet's first self-attention: ONNX Runtime materialises the attention
 * scores of every head, a (tokens x tokens) matrix per batch row, where tokens = latent height x
 * latent width at that level. So memory grows with the 4th power of the image side: SD 1.5 at
 * 512 px has 4,096 tokens (64 MiB of scores per head and row), at 1,024 px 16,384 tokens (1 GiB).
 * The scores and their softmax are alive together, hence two such tensors. The graphs' weights
 * (all four graphs stay loaded) are added; smaller activations are not counted.
 */
import { totalmem } from 'node:os';
import type { ModelGeometry } from './modelGeometry';

/** Augmentations per UNet batch at most (x 2 rows with guidance); a conservative default for SD 1.5 at 512 px. */
export const MAX_BATCH_ITEMS = 4;
/** Environment variable that sets the memory budget in MiB (default: a share of the machine's memory). */
export const MEMORY_LIMIT_ENV = 'MASKMEDPAINT_MEMORY_LIMIT_MB';
/** Share of the machine's memory a run may plan to use when no limit is set. */
export const DEFAULT_MEMORY_SHARE = 0.75;
/** Attention score tensors alive at once (the scores and their softmax). */
const LIVE_SCORE_TENSORS = 2;
const FLOAT32_BYTES = 4;

/** An estimate of a run's peak memory, in bytes. */
export interface MemoryEstimate {
  total: number;
  attention: number;
  weights: number;
}

/**
 * Peak memory of one UNet call at `size` pixels with `rows` batch rows (items x 2 with
 * classifier-free guidance).
 */
export function estimateRunMemory(
  geometry: ModelGeometry,
  size: { width: number; height: number },
  rows: number,
): MemoryEstimate {
  const scale = geometry.vaeScaleFactor * geometry.attention.downscale;
  const tokens = Math.ceil(size.width / scale) * Math.ceil(size.height / scale);
  const attention =
    rows * geometry.attention.heads * tokens * tokens * FLOAT32_BYTES * LIVE_SCORE_TENSORS;
  return { total: attention + geometry.weightBytes, attention, weights: geometry.weightBytes };
}

/**
 * The memory a run may plan to use: `MASKMEDPAINT_MEMORY_LIMIT_MB` when set to a positive number,
 * else {@link DEFAULT_MEMORY_SHARE} of the machine's memory.
 * @throws Error for a limit that is not a positive number.
 */
export function memoryBudgetBytes(
  env: Readonly<Record<string, string | undefined>> = process.env,
  machineBytes: number = totalmem(),
): number {
  const raw = env[MEMORY_LIMIT_ENV];
  if (raw === undefined || raw.trim() === '')
    return Math.floor(machineBytes * DEFAULT_MEMORY_SHARE);
  const megabytes = Number(raw);
  if (!Number.isFinite(megabytes) || megabytes <= 0) {
    throw new Error(`${MEMORY_LIMIT_ENV}=${raw} must be a positive number of MiB`);
  }
  return Math.floor(megabytes * 1024 * 1024);
}

/**
 * How many augmentations of one source may share a UNet batch within `budget` (at most `max`);
 * 0 when even one does not fit. Every item has its own noise, so the batch size never changes a
 * result, only the memory and the speed.
 */
export function batchItemsWithinBudget(
  geometry: ModelGeometry,
  size: { width: number; height: number },
  guided: boolean,
  budget: number,
  max: number,
): number {
  const copies = guided ? 2 : 1;
  for (let items = max; items >= 1; items--) {
    if (estimateRunMemory(geometry, size, items * copies).total <= budget) return items;
  }
  return 0;
}

/** Bytes as people read them (GiB with one decimal above 1 GiB, else MiB). */
export function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${Math.ceil(bytes / 1024 ** 2)} MiB`;
}
