/**
 * Solve Laplace's equation on an irregular set of pixels: find f with the discrete Laplacian
 * (4-neighbour) zero on every unknown pixel, f fixed to given values on known pixels, and no
 * flux across the image border (Neumann). Both composite steps reduce to this: harmonic filling
 * of a target's own lesion, and the harmonic correction of gradient-domain (Poisson) blending.
 *
 * Method: cascadic multigrid. The problem is restricted 2x coarser until it is small, solved
 * there with conjugate gradients, and each finer level starts CG from the upsampled coarse
 * solution, so CG only has to remove fine-scale error. Everything is typed arrays over a compact
 * list of unknowns; values are float32 planes, one per channel.
 */

export interface LaplaceProblem {
  width: number;
  height: number;
  /** 1 = unknown (solved for), 0 = known (Dirichlet value taken from `values`). */
  unknown: Uint8Array;
  /** One plane per channel, width * height each; known pixels hold their fixed values. */
  values: Float32Array[];
}

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
  const system = buildSystem(problem);
  for (const plane of problem.values) conjugateGradient(system, plane, tolerance, maxIterations);
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

/** The linear system over the unknowns: diagonal (in-image neighbour count) and links. */
interface LaplaceSystem {
  /** Pixel index of each unknown. */
  pixels: Int32Array;
  /** Number of in-image neighbours of each unknown (the diagonal entry). */
  degree: Float64Array;
  /** 4 entries per unknown: the neighbour's unknown index, or -1 (known or outside). */
  links: Int32Array;
  /** 4 entries per unknown: the neighbour's pixel index when it is known, else -1. */
  knownNeighbours: Int32Array;
}

function buildSystem(problem: LaplaceProblem): LaplaceSystem {
  const { width, height, unknown } = problem;
  const order = new Int32Array(width * height).fill(-1);
  let n = 0;
  for (let i = 0; i < unknown.length; i++) if (unknown[i] !== 0) order[i] = n++;
  const pixels = new Int32Array(n);
  const degree = new Float64Array(n);
  const links = new Int32Array(4 * n).fill(-1);
  const knownNeighbours = new Int32Array(4 * n).fill(-1);
  for (let i = 0; i < unknown.length; i++) {
    const u = order[i];
    if (u < 0) continue;
    pixels[u] = i;
    const x = i % width;
    const y = (i - x) / width;
    const neighbours = [
      x > 0 ? i - 1 : -1,
      x < width - 1 ? i + 1 : -1,
      y > 0 ? i - width : -1,
      y < height - 1 ? i + width : -1,
    ];
    for (let k = 0; k < 4; k++) {
      const q = neighbours[k];
      if (q < 0) continue;
      degree[u]++;
      if (order[q] >= 0) links[4 * u + k] = order[q];
      else knownNeighbours[4 * u + k] = q;
    }
  }
  return { pixels, degree, links, knownNeighbours };
}

/**
 * Conjugate gradients on A x = b, A = degree - adjacency among unknowns (symmetric positive
 * definite wherever an unknown region touches a known pixel), b = sum of known neighbours.
 * x starts from the plane's current values and is written back to it.
 */
function conjugateGradient(
  system: LaplaceSystem,
  plane: Float32Array,
  tolerance: number,
  maxIterations: number,
): void {
  const { pixels, knownNeighbours } = system;
  const n = pixels.length;
  const x = new Float64Array(n);
  const r = new Float64Array(n);
  const d = new Float64Array(n);
  const q = new Float64Array(n);
  let bNorm2 = 0;
  for (let u = 0; u < n; u++) {
    x[u] = plane[pixels[u]];
    let b = 0;
    for (let k = 4 * u; k < 4 * u + 4; k++)
      if (knownNeighbours[k] >= 0) b += plane[knownNeighbours[k]];
    r[u] = b;
    bNorm2 += b * b;
  }
  multiply(system, x, q);
  let rr = 0;
  for (let u = 0; u < n; u++) {
    r[u] -= q[u];
    d[u] = r[u];
    rr += r[u] * r[u];
  }
  const stop = tolerance * tolerance * Math.max(bNorm2, 1e-12);
  for (let it = 0; it < maxIterations && rr > stop; it++) {
    multiply(system, d, q);
    let dq = 0;
    for (let u = 0; u < n; u++) dq += d[u] * q[u];
    if (dq <= 0) break; // an unknown component with no known neighbour: nothing more to solve
    const alpha = rr / dq;
    let next = 0;
    for (let u = 0; u < n; u++) {
      x[u] += alpha * d[u];
      r[u] -= alpha * q[u];
      next += r[u] * r[u];
    }
    const beta = next / rr;
    rr = next;
    for (let u = 0; u < n; u++) d[u] = r[u] + beta * d[u];
  }
  for (let u = 0; u < n; u++) plane[pixels[u]] = x[u];
}

function multiply(system: LaplaceSystem, v: Float64Array, out: Float64Array): void {
  const { degree, links } = system;
  for (let u = 0; u < degree.length; u++) {
    let s = degree[u] * v[u];
    const k = 4 * u;
    const a = links[k];
    const b = links[k + 1];
    const c = links[k + 2];
    const e = links[k + 3];
    if (a >= 0) s -= v[a];
    if (b >= 0) s -= v[b];
    if (c >= 0) s -= v[c];
    if (e >= 0) s -= v[e];
    out[u] = s;
  }
}
