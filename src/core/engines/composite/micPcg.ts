/**
 * Conjugate gradients preconditioned with modified incomplete Cholesky, MIC(0) (Gustafsson,
 * 1978; see Saad, "Iterative Methods for Sparse Linear Systems", section 10.3). For the
 * 5-point Laplacian it lowers the condition number from O(w^2) to O(w) for a region w pixels
 * across, so CG needs far fewer iterations on the seam band; each iteration costs two extra
 * triangular sweeps. Unknowns are in raster order, so a pixel's left and upper neighbours are
 * always eliminated before it and the sweeps are simple loops over the link table.
 */
import type { LaplaceSystem } from './laplaceSystem';
import { multiply, nextDirection, updateSolution } from './laplaceSystem';

/** Fraction of the dropped fill-in moved to the diagonal (1 = pure MIC; < 1 keeps it robust). */
const RELAXATION = 0.95;

/**
 * Solve A x = b for every plane at once (the matrix is shared, so each sweep serves all
 * channels; each channel keeps its own step sizes), starting from the planes' current values
 * and writing the solution back. Stops per channel when |r| <= tolerance x |b|.
 */
export function micConjugateGradient(
  system: LaplaceSystem,
  planes: Float32Array[],
  tolerance: number,
  maxIterations: number,
): void {
  const { pixels, knownNeighbours } = system;
  const n = pixels.length;
  const m = planes.length;
  const inverseDiagonal = micInverseDiagonal(system);
  // Index n of every vector is the always-zero slot that missing links point to.
  const x = new Float64Array((n + 1) * m);
  const r = new Float64Array((n + 1) * m);
  const z = new Float64Array((n + 1) * m);
  const d = new Float64Array((n + 1) * m);
  const q = new Float64Array((n + 1) * m);
  const stop = new Float64Array(m);
  const rr = new Float64Array(m);
  const rz = new Float64Array(m);
  const rzNext = new Float64Array(m);
  const dq = new Float64Array(m);
  const alpha = new Float64Array(m);
  const beta = new Float64Array(m);
  const active = new Uint8Array(m).fill(1);
  for (let c = 0; c < m; c++) {
    const plane = planes[c];
    let bNorm2 = 0;
    for (let u = 0; u < n; u++) {
      x[u * m + c] = plane[pixels[u]];
      let b = 0;
      for (let k = 4 * u; k < 4 * u + 4; k++)
        if (knownNeighbours[k] >= 0) b += plane[knownNeighbours[k]];
      r[u * m + c] = b;
      bNorm2 += b * b;
    }
    stop[c] = tolerance * tolerance * Math.max(bNorm2, 1e-12);
  }
  multiply(system, x, q, m, dq);
  for (let i = 0; i < n * m; i++) r[i] -= q[i];
  for (let i = 0, c = 0; i < n * m; i++) {
    rr[c] += r[i] * r[i];
    if (++c === m) c = 0;
  }
  precondition(system, inverseDiagonal, r, z, m, rz);
  d.set(z);
  multiply(system, d, q, m, dq);
  for (let it = 0; it < maxIterations; it++) {
    let running = 0;
    for (let c = 0; c < m; c++) {
      // dq <= 0: a component with no known neighbour; nothing more to solve for this channel.
      if (rr[c] <= stop[c] || dq[c] <= 0) active[c] = 0;
      alpha[c] = active[c] === 0 ? 0 : rz[c] / dq[c];
      running += active[c];
    }
    if (running === 0) break;
    updateSolution(x, r, d, q, alpha, rr, n * m, m);
    precondition(system, inverseDiagonal, r, z, m, rzNext);
    for (let c = 0; c < m; c++) {
      beta[c] = active[c] === 0 ? 0 : rzNext[c] / rz[c];
      rz[c] = rzNext[c];
    }
    // d = z + beta d and q = A d = A z + beta q, in one sweep.
    nextDirection(system, z, d, q, beta, m, dq);
  }
  for (let c = 0; c < m; c++) {
    const plane = planes[c];
    for (let u = 0; u < n; u++) plane[pixels[u]] = x[u * m + c];
  }
}

/**
 * 1 / D of the MIC(0) factor M = (D + L) D^-1 (D + L^T), L the strictly lower part of A.
 * Eliminating the left neighbour l drops the fill-in between this pixel and l's lower
 * neighbour, eliminating the upper neighbour t drops the one with t's right neighbour; MIC adds
 * those dropped entries back onto the diagonal, which keeps M's row sums equal to A's.
 */
function micInverseDiagonal(system: LaplaceSystem): Float64Array {
  const { degree, links } = system;
  const n = degree.length;
  const diagonal = new Float64Array(n);
  const inverse = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    let value = degree[u];
    const left = links[4 * u];
    const up = links[4 * u + 2];
    if (left < n) value -= (1 + (links[4 * left + 3] < n ? RELAXATION : 0)) / diagonal[left];
    if (up < n) value -= (1 + (links[4 * up + 1] < n ? RELAXATION : 0)) / diagonal[up];
    // A component without known neighbours is singular; keep the factor positive regardless.
    diagonal[u] = Math.max(value, 1e-3 * degree[u]);
    inverse[u] = 1 / diagonal[u];
  }
  return inverse;
}

/** z = M^-1 r by a forward and a backward sweep; dots[c] = r . z per channel. */
function precondition(
  system: LaplaceSystem,
  inverseDiagonal: Float64Array,
  r: Float64Array,
  z: Float64Array,
  m: number,
  dots: Float64Array,
): void {
  const { links } = system;
  const n = inverseDiagonal.length;
  // Forward: (D + L) y = r, i.e. y_u = (r_u + y_left + y_up) / D_u (y kept in z).
  for (let u = 0; u < n; u++) {
    const left = links[4 * u] * m;
    const up = links[4 * u + 2] * m;
    const inv = inverseDiagonal[u];
    for (let c = 0, i = u * m; c < m; c++, i++) z[i] = (r[i] + z[left + c] + z[up + c]) * inv;
  }
  // Backward: (D + L^T) z = D y, i.e. z_u = y_u + (z_right + z_down) / D_u.
  dots.fill(0);
  for (let u = n - 1; u >= 0; u--) {
    const right = links[4 * u + 1] * m;
    const down = links[4 * u + 3] * m;
    const inv = inverseDiagonal[u];
    for (let c = 0, i = u * m; c < m; c++, i++) {
      const value = z[i] + (z[right + c] + z[down + c]) * inv;
      z[i] = value;
      dots[c] += r[i] * value;
    }
  }
}
