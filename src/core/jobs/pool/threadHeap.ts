/**
 * The V8 heap setting of the augmentation pool's threads.
 *
 * Each item a thread runs allocates about 16 MB of typed arrays (decoded images, masks, distance
 * and quality planes) that die young, next to a JS heap of only 10-15 MB. V8 collects young
 * array buffers with a scavenge after every ~32 MB of them, and with its default sizing a heap
 * that small sits so close to its first old-generation limit that almost every one of those
 * scavenges was followed by a full mark-compact: about 110 per 200 items on the scale benchmark,
 * with their concurrent marking on V8's helper threads. Starting the old generation at 64 MB
 * leaves room for the little that survives: about 19 mark-compacts per 200 items, and with two
 * threads 13% less CPU and 10% less wall time (9.06 -> 8.16 s on the benchmark's 200 images,
 * alternating with the build before), for 20 to 30 MB more peak memory per thread.
 *
 * Node offers no per-thread option for it (a Worker's `resourceLimits` sets maxima, and its
 * `execArgv` refuses V8 options), so the flag is set process-wide: V8 reads it when a heap is
 * created, so it applies to the threads started afterwards and leaves the running main thread's
 * heap as it is.
 */
import { setFlagsFromString } from 'node:v8';

/** The old-generation size a pool thread's heap starts with, in MB. */
export const THREAD_INITIAL_OLD_SPACE_MB = 64;

let configured = false;

/** Sets the heap flag for threads started from now on (once per process; later calls do nothing). */
export function configureThreadHeaps(): void {
  if (configured) return;
  setFlagsFromString(`--initial-old-space-size=${THREAD_INITIAL_OLD_SPACE_MB}`);
  configured = true;
}

/** Whether {@link configureThreadHeaps} has run in this process. */
export function threadHeapsConfigured(): boolean {
  return configured;
}
