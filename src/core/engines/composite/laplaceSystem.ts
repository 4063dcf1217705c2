/**
 * The sparse linear system of a Laplace problem and the vector kernels conjugate gradients
 * needs, written for speed: a compact list of unknowns in raster order, branch-free neighbour
 * links, all channels handled in one sweep, and the RGB case unrolled (these loops are most of
 * the composite engine's time).
 */
/** A Laplace problem on an irregular pixel set, all channels sharing the same unknowns. */
export interface LaplaceProblem {
  width: number;
  height: number;
  /** 1 = unknown (solved for), 0 = known (Dirichlet value taken from `values`). */
  unknown: Uint8Array;
  /** One plane per channel, width * height each; known pixels hold their fixed values. */
  values: Float32Array[];
}

/**
 * The linear system over the unknowns, A x = b with A = degree - adjacency among unknowns
 * (symmetric positive definite wherever an unknown region touches a known pixel) and b = the
 * sum of each unknown's known neighbours.
 */
export interface LaplaceSystem {
  /** Pixel index of each unknown. */
  pixels: Int32Array;
  /** Number of in-image neighbours of each unknown (the diagonal entry). */
  degree: Float64Array;
  /**
   * 4 entries per unknown: the neighbour's unknown index, or n (a slot that always holds 0) when
   * the neighbour is known or outside, so the matrix-vector product needs no branches.
   */
  links: Int32Array;
  /** 4 entries per unknown: the neighbour's pixel index when it is known, else -1. */
  knownNeighbours: Int32Array;
}

/** Number the unknowns in raster order and record each one's neighbours. */
export function buildSystem(problem: LaplaceProblem): LaplaceSystem {
  const { width, height, unknown } = problem;
  const order = new Int32Array(width * height).fill(-1);
  let n = 0;
  for (let i = 0; i < unknown.length; i++) if (unknown[i] !== 0) order[i] = n++;
  const pixels = new Int32Array(n);
  const degree = new Float64Array(n);
  const links = new Int32Array(4 * n).fill(n);
  const knownNeighbours = new Int32Array(4 * n).fill(-1);
  const link = (u: number, k: number, q: number): void => {
    degree[u]++;
    const v = order[q];
    if (v >= 0) links[4 * u + k] = v;
    else knownNeighbours[4 * u + k] = q;
  };
  for (let i = 0; i < unknown.length; i++) {
    const u = order[i];
    if (u < 0) continue;
    pixels[u] = i;
    const x = i % width;
    const y = (i - x) / width;
    if (x > 0) link(u, 0, i - 1);
    if (x < width - 1) link(u, 1, i + 1);
    if (y > 0) link(u, 2, i - width);
    if (y < height - 1) link(u, 3, i + width);
  }
  return { pixels, degree, links, knownNeighbours };
}

/** out = A v for m interleaved vectors; also dots[c] = v . out per vector (CG needs it next). */
export function multiply(
  system: LaplaceSystem,
  v: Float64Array,
  out: Float64Array,
  m: number,
  dots: Float64Array,
): void {
  const { degree, links } = system;
  dots.fill(0);
  if (m === 3) {
    // The common RGB case, unrolled: this loop is most of the composite engine's time.
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    for (let u = 0, k = 0, i = 0; u < degree.length; u++, k += 4, i += 3) {
      const a = links[k] * 3;
      const b = links[k + 1] * 3;
      const e = links[k + 2] * 3;
      const f = links[k + 3] * 3;
      const deg = degree[u];
      const v0 = v[i];
      const v1 = v[i + 1];
      const v2 = v[i + 2];
      const s0 = deg * v0 - v[a] - v[b] - v[e] - v[f];
      const s1 = deg * v1 - v[a + 1] - v[b + 1] - v[e + 1] - v[f + 1];
      const s2 = deg * v2 - v[a + 2] - v[b + 2] - v[e + 2] - v[f + 2];
      out[i] = s0;
      out[i + 1] = s1;
      out[i + 2] = s2;
      d0 += v0 * s0;
      d1 += v1 * s1;
      d2 += v2 * s2;
    }
    dots[0] = d0;
    dots[1] = d1;
    dots[2] = d2;
    return;
  }
  for (let u = 0; u < degree.length; u++) {
    const k = 4 * u;
    const a = links[k] * m;
    const b = links[k + 1] * m;
    const e = links[k + 2] * m;
    const f = links[k + 3] * m;
    const deg = degree[u];
    for (let c = 0, i = u * m; c < m; c++, i++) {
      const s = deg * v[i] - v[a + c] - v[b + c] - v[e + c] - v[f + c];
      out[i] = s;
      dots[c] += v[i] * s;
    }
  }
}

/**
 * x += alpha d, r -= alpha q, next[c] = |r_c|^2. Unrolled for 3 channels (the RGB case), flat
 * with a cycling channel index otherwise: both much faster in V8 than a nested channel loop.
 */
export function updateSolution(
  x: Float64Array,
  r: Float64Array,
  d: Float64Array,
  q: Float64Array,
  alpha: Float64Array,
  next: Float64Array,
  length: number,
  m: number,
): void {
  next.fill(0);
  if (m === 3) {
    const [a0, a1, a2] = alpha;
    let n0 = 0;
    let n1 = 0;
    let n2 = 0;
    for (let i = 0; i < length; i += 3) {
      x[i] += a0 * d[i];
      x[i + 1] += a1 * d[i + 1];
      x[i + 2] += a2 * d[i + 2];
      const r0 = r[i] - a0 * q[i];
      const r1 = r[i + 1] - a1 * q[i + 1];
      const r2 = r[i + 2] - a2 * q[i + 2];
      r[i] = r0;
      r[i + 1] = r1;
      r[i + 2] = r2;
      n0 += r0 * r0;
      n1 += r1 * r1;
      n2 += r2 * r2;
    }
    next[0] = n0;
    next[1] = n1;
    next[2] = n2;
    return;
  }
  for (let i = 0, c = 0; i < length; i++) {
    const a = alpha[c];
    x[i] += a * d[i];
    const ri = r[i] - a * q[i];
    r[i] = ri;
    next[c] += ri * ri;
    if (++c === m) c = 0;
  }
}

/**
 * One sweep for the new search direction: d = r + beta d, q = A r + beta q (= A d), and
 * dots[c] = d . q. Fusing these saves CG a separate pass over the vectors every iteration.
 */
export function nextDirection(
  system: LaplaceSystem,
  r: Float64Array,
  d: Float64Array,
  q: Float64Array,
  beta: Float64Array,
  m: number,
  dots: Float64Array,
): void {
  const { degree, links } = system;
  dots.fill(0);
  if (m === 3) {
    const [b0, b1, b2] = beta;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    for (let u = 0, k = 0, i = 0; u < degree.length; u++, k += 4, i += 3) {
      const a = links[k] * 3;
      const b = links[k + 1] * 3;
      const e = links[k + 2] * 3;
      const f = links[k + 3] * 3;
      const deg = degree[u];
      const dir0 = r[i] + b0 * d[i];
      const dir1 = r[i + 1] + b1 * d[i + 1];
      const dir2 = r[i + 2] + b2 * d[i + 2];
      d[i] = dir0;
      d[i + 1] = dir1;
      d[i + 2] = dir2;
      const q0 = deg * r[i] - r[a] - r[b] - r[e] - r[f] + b0 * q[i];
      const q1 = deg * r[i + 1] - r[a + 1] - r[b + 1] - r[e + 1] - r[f + 1] + b1 * q[i + 1];
      const q2 = deg * r[i + 2] - r[a + 2] - r[b + 2] - r[e + 2] - r[f + 2] + b2 * q[i + 2];
      q[i] = q0;
      q[i + 1] = q1;
      q[i + 2] = q2;
      d0 += dir0 * q0;
      d1 += dir1 * q1;
      d2 += dir2 * q2;
    }
    dots[0] = d0;
    dots[1] = d1;
    dots[2] = d2;
    return;
  }
  for (let u = 0; u < degree.length; u++) {
    const k = 4 * u;
    const a = links[k] * m;
    const b = links[k + 1] * m;
    const e = links[k + 2] * m;
    const f = links[k + 3] * m;
    const deg = degree[u];
    for (let c = 0, i = u * m; c < m; c++, i++) {
      const dir = r[i] + beta[c] * d[i];
      d[i] = dir;
      const qi = deg * r[i] - r[a + c] - r[b + c] - r[e + c] - r[f + c] + beta[c] * q[i];
      q[i] = qi;
      dots[c] += dir * qi;
    }
  }
}
