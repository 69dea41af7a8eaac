// Multi-scalar multiplication Σ k_i·P_i by the bucket method (Pippenger 1976; the form
// of Bernstein et al., "Faster batch forgery identification", 2012, §4) for scalars of a
// known bit length. noble's `pippenger` always walks all 255 bits of Fr; the random
// coefficients of batch verification have 64, so this version walks only `bits` bits
// and skips zero digits, which makes a 100-point, 64-bit MSM several times cheaper.
// Digits are signed, in [−2^(c−1), 2^(c−1)] (the same paper, §4: negating a point is
// nearly free), so a window of c bits needs 2^(c−1) buckets instead of 2^c − 1.

/** The group operations the bucket method needs (noble's projective points have them). */
export interface MsmPoint<P> {
  add(other: P): P;
  double(): P;
  negate(): P;
}

/** Windows of c bits that signed digits need for `bits`-bit scalars (one more bit for the last carry). */
const windowsFor = (bits: number, c: number) => Math.ceil((bits + 1) / c);

/** Window width c minimising windows·(points + 2^(c−1)) additions (the signed bucket method's cost). */
export function msmWindow(points: number, bits: number): number {
  let best = 1;
  let cost = Infinity;
  for (let c = 1; c <= 16; c++) {
    const k = windowsFor(bits, c) * (points + 2 ** (c - 1));
    if (k < cost) { cost = k; best = c; }
  }
  return best;
}

/** The signed base-2^c digits of k, least significant first: k = Σ d_w·2^(c·w), |d_w| ≤ 2^(c−1). */
export function signedDigits(k: bigint, c: number, windows: number): Int32Array {
  const out = new Int32Array(windows);
  const mask = (1n << BigInt(c)) - 1n;
  const full = 1 << c;
  const half = full >> 1;
  let carry = 0;
  for (let w = 0; w < windows; w++) {
    let d = Number(k & mask) + carry;
    k >>= BigInt(c);
    carry = d > half ? 1 : 0;
    if (carry === 1) d -= full;
    out[w] = d;
  }
  return out;
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
  const windows = windowsFor(bits, c);
  const digits = scalars.map((k) => signedDigits(k, c, windows));
  const negated: (P | undefined)[] = new Array(points.length);
  let sum: P = zero;
  let first = true;
  for (let w = windows - 1; w >= 0; w--) {
    if (!first) for (let j = 0; j < c; j++) sum = sum.double();
    first = false;
    const buckets: (P | undefined)[] = new Array((1 << (c - 1)) + 1);
    for (let i = 0; i < points.length; i++) {
      const d = digits[i]![w]!;
      if (d === 0) continue;
      const p = d > 0 ? points[i]! : (negated[i] ??= points[i]!.negate());
      const slot = d > 0 ? d : -d;
      const b = buckets[slot];
      buckets[slot] = b === undefined ? p : b.add(p);
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
