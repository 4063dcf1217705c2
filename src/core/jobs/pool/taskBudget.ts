/**
 * How many tasks the runner keeps handed to the pool at once (running, queued, or having their
 * files written), from the size of the run's images.
 *
 * For small images a thread's two tasks overlap (one computes while the other waits for sharp)
 * and a third per thread is written meanwhile: 6% faster at 512 x 512 on the scale benchmark. For
 * large ones a thread is busy computing anyway, and every source in flight costs its decoded
 * planes: at 2048 x 2048 (40 outputs, two threads) two tasks per thread were no faster and raised
 * peak memory from 0.95 to 1.25-1.42 GB (docs/throughput.md). So a run of large images keeps one
 * task per thread, the memory of a pool that runs one task at a time.
 */
import { readImageSize } from '../../image/imageSize';
import type { PlannedItem } from '../types';
import { TASKS_PER_THREAD } from './threadPool';

/** Images above this many pixels count as large (measured: 512 x 512 gains, 2048 x 2048 does not). */
export const LARGE_IMAGE_PIXELS = 1024 * 1024;

/** Tasks handed over at once for `threads` threads and sources of `sourcePixels` pixels. */
export function tasksInFlight(threads: number, sourcePixels: number | undefined): number {
  const large = sourcePixels !== undefined && sourcePixels > LARGE_IMAGE_PIXELS;
  return threads * (large ? 1 : TASKS_PER_THREAD + 1);
}

/**
 * The pixels of the first item's source, from its header (the run's sources usually share a
 * size); undefined when it cannot be read (that item fails on its own, with its reason).
 */
export async function firstSourcePixels(
  items: readonly PlannedItem[],
): Promise<number | undefined> {
  const first = items[0];
  if (first === undefined) return undefined;
  try {
    const { width, height } = await readImageSize(first.sourcePath);
    return width * height;
  } catch {
    return undefined;
  }
}
