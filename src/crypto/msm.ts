// Multi-scalar multiplication Σ k_i·P_i by the bucket method (Pippenger 1976; the form
// of Bernstein et al., "Faster batch forgery identification", 2012, §4) for scalars of a
// known bit length. noble's `pippenger` always walks all 255 bits of Fr; the random
// coefficients of batch verification have 64, so this version walks only `bits` bits
// and skips zero digits, which makes a 100-point, 64-bit MSM several times cheaper.

/** The group operations the bucket method needs (noble's projective points have them). */
export interface MsmPoint<P> {
  add(other: P): P;
  double(): P;
}

/** Window width c minimising ⌈bits/c⌉·(points + 2^c) additions (the bucket method's cost). */
export function msmWindow(points: number, bits: number): number {
  let best = 1;
  let cost = Infinity;
  for (let c = 1; c <= 16; c++) {
    const k = Math.ceil(bits / c) * (points + 2 ** c);
    if (k < cost) { cost = k; best = c; }
  }
  return best;
}

/**
 * Σ scalars[i]·points[i]. Scalars must be in [0, 2^bits); throws RangeError otherwise
 * and when the lists differ in length. `zero` is the group identity. Not constant time:
 * for public points and random public-after-use coefficients only.
 */
export function msm<P extends MsmPoint<P>>(zero: P, points: readonly P[], scalars: readonly bigint[], bits: number): P {
  if (points.length !== scalars.length) throw new RangeError(`msm: ${points.length} points but ${scalars.length} scalars`);
  const limit = 1n << BigInt(bits);
  for (const k of scalars) if (k < 0n || k >= limit) throw new RangeError(`msm: scalar out of range [0, 2^${bits})`);
  const c = msmWindow(points.length, bits);
  const mask = (1n << BigInt(c)) - 1n;
  let sum: P = zero;
  let first = true;
  for (let shift = Math.ceil(bits / c) * c - c; shift >= 0; shift -= c) {
    if (!first) for (let j = 0; j < c; j++) sum = sum.double();
    first = false;
    const buckets: (P | undefined)[] = new Array(1 << c);
    const s = BigInt(shift);
    for (let i = 0; i < points.length; i++) {
      const d = Number((scalars[i]! >> s) & mask);
      if (d === 0) continue;
      const b = buckets[d];
      buckets[d] = b === undefined ? points[i]! : b.add(points[i]!);
    }
    // Σ d·bucket[d] as running sums from the top bucket down.
    let running: P | undefined;
    let window: P | undefined;
    for (let d = buckets.length - 1; d > 0; d--) {
      const b = buckets[d];
      if (b !== undefined) running = running === undefined ? b : running.add(b);
      if (running !== undefined) window = window === undefined ? running : window.add(running);
    }
    if (window !== undefined) sum = sum.add(window);
  }
  return sum;
}
