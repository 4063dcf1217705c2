import { numpyLinspace } from './numerics';

/**
 * Karras et al. (2022) sigmas, diffusers' _convert_to_karras in float64: rho = 7 interpolation between
 * sigma_max and sigma_min of the training schedule (both read from float32 values).
 */
export function karrasSigmas(sigmaMin: number, sigmaMax: number, count: number): number[] {
  const rho = 7;
  const minInvRho = sigmaMin ** (1 / rho);
  const maxInvRho = sigmaMax ** (1 / rho);
  return numpyLinspace(0, 1, count).map(
    (ramp) => (maxInvRho + ramp * (minInvRho - maxInvRho)) ** rho,
  );
}

/**
 * diffusers' _sigma_to_t: the fractional training timestep whose log-sigma matches, by linear
 * interpolation between the two neighbouring entries of `logSigmas` (float32, ascending).
 */
export function sigmaToTimestep(sigma: number, logSigmas: Float32Array): number {
  const logSigma = Math.log(Math.max(sigma, 1e-10));
  // index of the last log-sigma <= logSigma (numpy: cumsum(dists >= 0).argmax()), at most length - 2
  let lowIndex = 0;
  for (let i = 0; i < logSigmas.length; i++) {
    if (logSigma - logSigmas[i] >= 0) lowIndex = i;
  }
  lowIndex = Math.min(lowIndex, logSigmas.length - 2);
  const low = logSigmas[lowIndex];
  const high = logSigmas[lowIndex + 1];
  const w = Math.min(Math.max((low - logSigma) / Math.fround(low - high), 0), 1);
  return (1 - w) * lowIndex + w * (lowIndex + 1);
}
