/**
 * The exit codes and the usage error on their own, without the error classification of
 * exitCodes.ts (which imports every error class of the core, and through them the image stack):
 * commands that need only these stay light enough to bundle alone (bench/gpu/modelsCheck.ts).
 */
export const EXIT_OK = 0;
export const EXIT_ITEMS_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;
export const EXIT_CANCELLED = 130;

/** A wrong or missing option; the message tells the user what to change. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
