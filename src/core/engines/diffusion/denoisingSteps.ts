/**
 * The denoising steps a strength leaves, checked before a run: diffusers keeps the last
 * int(steps x strength) timesteps, so a small strength can leave none, and every item would fail.
 */

/** A run that cannot work as configured; the message says why and what to change. */
export class PreflightError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreflightError';
  }
}

/** Denoising steps a run makes: diffusers keeps the last int(steps x strength) of its timesteps. */
export function denoisingStepCount(steps: number, strength: number): number {
  return Math.min(Math.floor(steps * strength), steps);
}

/** @throws PreflightError when `strength` leaves no denoising step. */
export function checkDenoisingSteps(steps: number, strength: number): void {
  if (denoisingStepCount(steps, strength) >= 1) return;
  const least = Math.ceil((1 / steps) * 1e6) / 1e6;
  throw new PreflightError(
    `strength ${strength} with ${steps} steps leaves no denoising step ` +
      `(diffusers runs the last int(steps x strength) = 0 of them): raise --strength to at least ` +
      `${least} or --steps to at least ${Math.ceil(1 / strength)}`,
  );
}
