// Threshold arithmetic over n validators with equal power (docs/contract.md): n = 3f+1
// is the design point, and f = floor((n-1)/3) keeps the thresholds safe for any n.
// This is the only place a threshold is computed: the rules, the trusting crypto and
// the BLS certificate check (crypto/validators.ts) all call these functions.

function checkN(n: number, where: string): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${where}: expected a positive integer n, got ${n}`);
}

/** The largest number of faulty validators tolerated: floor((n-1)/3). Throws on n < 1. */
export function faulty(n: number): number {
  checkN(n, 'faulty');
  return Math.floor((n - 1) / 3);
}

/**
 * n - f: the quorum of prevotes/precommits. It is the paper's 2f+1 when n = 3f+1; for
 * other n, 2f+1 is too small (n = 2: f = 0 and two quorums of 1 need not intersect),
 * while any two sets of n - f validators share at least f+1, one of them correct.
 * Throws on n < 1.
 */
export function quorum(n: number): number {
  checkN(n, 'quorum');
  return n - faulty(n);
}

/** f+1: enough distinct senders that one of them is correct (paper L55). Throws on n < 1. */
export function skipThreshold(n: number): number {
  checkN(n, 'skipThreshold');
  return faulty(n) + 1;
}
