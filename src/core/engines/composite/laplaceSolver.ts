/**
 * Solve Laplace's equation on an irregular set of pixels: find f with the discrete Laplacian
 * (4-neighbour) zero on every unknown pixel, f fixed to given values on known pixels, and no
 * flux across the image border (Neumann). Both composite steps reduce to this: harmonic filling
 * of a target's own lesion, and the harmonic correction of gradient-domain (Poisson) blending.
 *
 * Method: cascadic multigrid. The problem is restricted 2x coarser until it is small, solved
 * there with MIC(0)-preconditioned conjugate gradients (micPcg.ts), and each finer level starts
 * from the upsampled coarse solution, so CG only has to remove fine-scale error. Everything is typed arrays over a compact
 * list of unknowns; values are float32 planes, one per channel.
 */

import { buildSystem, type LaplaceProblem } from './laplaceSystem';
import { micConjugateGradient } from './micPcg';

/** Accuracy and effort limits of {@link solveLaplace}. */
export interface LaplaceOptions {
  /** Stop when the residual norm falls below tolerance x the right-hand side norm (default 1e-4). */
  tolerance?: number;
  /** CG iteration cap per level (default 2000). */
  maxIterations?: number;
  /** Solve directly (no coarser level) below this many unknowns (default 2048). */
  coarsestUnknowns?: number;
}

/** Solve in place: unknown pixels of every plane in `problem.values` receive the solution. */
export function solveLaplace(problem: LaplaceProblem, options: LaplaceOptions = {}): void {
  const tolerance = options.tolerance ?? 1e-4;
  const maxIterations = options.maxIterations ?? 2000;
  const coarsest = options.coarsestUnknowns ?? 2048;
  const count = countUnknowns(problem.unknown);
  if (count === 0) return;
  if (count > coarsest && problem.width >= 8 && problem.height >= 8) {
    const coarse = restrict(problem);
    solveLaplace(coarse, options);
    prolongInto(problem, coarse);
  }
  micConjugateGradient(buildSystem(problem), problem.values, tolerance, maxIterations);
}

function countUnknowns(unknown: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < unknown.length; i++) n += unknown[i];
  return n;
}

/**
 * 2x coarser problem: a coarse pixel is unknown when any of its fine pixels is; known coarse
 * pixels hold the mean of their fine pixels. Unknown coarse pixels start at the mean of any
 * known fine pixels they contain (only an initial guess; CG refines it).
 */
function restrict(fine: LaplaceProblem): LaplaceProblem {
  const width = Math.ceil(fine.width / 2);
  const height = Math.ceil(fine.height / 2);
  const unknown = new Uint8Array(width * height);
  const values = fine.values.map(() => new Float32Array(width * height));
  const known = new Float32Array(width * height);
  for (let y = 0; y < fine.height; y++) {
    for (let x = 0; x < fine.width; x++) {
      const f = y * fine.width + x;
      const c = (y >> 1) * width + (x >> 1);
      if (fine.unknown[f] !== 0) {
        unknown[c] = 1;
        continue;
      }
      known[c]++;
      for (let k = 0; k < values.length; k++) values[k][c] += fine.values[k][f];
    }
  }
  for (let c = 0; c < known.length; c++) {
    if (known[c] === 0) continue;
    for (const plane of values) plane[c] /= known[c];
  }
  return { width, height, unknown, values };
}

/** Bilinear upsampling of the coarse solution as the starting guess for the fine unknowns. */
function prolongInto(fine: LaplaceProblem, coarse: LaplaceProblem): void {
  const cw = coarse.width;
  const ch = coarse.height;
  for (let y = 0; y < fine.height; y++) {
    const cy = Math.min(Math.max((y - 0.5) / 2, 0), ch - 1);
    const y0 = Math.floor(cy);
    const y1 = Math.min(y0 + 1, ch - 1);
    const ty = cy - y0;
    for (let x = 0; x < fine.width; x++) {
      const f = y * fine.width + x;
      if (fine.unknown[f] === 0) continue;
      const cx = Math.min(Math.max((x - 0.5) / 2, 0), cw - 1);
      const x0 = Math.floor(cx);
      const x1 = Math.min(x0 + 1, cw - 1);
      const tx = cx - x0;
      for (let k = 0; k < fine.values.length; k++) {
        const p = coarse.values[k];
        const top = p[y0 * cw + x0] * (1 - tx) + p[y0 * cw + x1] * tx;
        const bottom = p[y1 * cw + x0] * (1 - tx) + p[y1 * cw + x1] * tx;
        fine.values[k][f] = top * (1 - ty) + bottom * ty;
      }
    }
  }
}
