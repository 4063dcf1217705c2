/**
 * Entry of an augmentation pool thread (bundled to dist/augmentThread.js): runs {@link
 * runGroupTask} for the job runner's thread pool (threadPool.ts).
 */
export { runGroupTask as runGroup } from './groupTask';
