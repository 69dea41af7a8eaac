// Threshold arithmetic over the total voting power (docs/contract.md, "Voting power").
// With equal power 1 the total is n, and these are today's f, n - f and f + 1. This is
// the only place a threshold is computed: the rules, the trusting crypto and the BLS
// certificate check (crypto/validators.ts) all call these functions, and the model's
// F, QUORUM and THRESHOLD1 (spec/Consensus.tla) are their twins.

function checkTotal(total: number, where: string): void {
  if (!Number.isSafeInteger(total) || total < 1) throw new RangeError(`${where}: expected a positive integer total power, got ${total}`);
}

/**
 * The largest faulty power tolerated: floor((total - 1) / 3), the most power that is
 * still below a third of `total` (f of n = 3f+1 under equal power). Throws on total < 1.
 */
export function faulty(total: number): number {
  checkTotal(total, 'faulty');
  return Math.floor((total - 1) / 3);
}

/**
 * total - F: the quorum of prevotes/precommits, the least power above 2/3 of `total`
 * (the paper's 2f+1 when n = 3f+1 validators have power 1). Any two quorums share more
 * than F, so a correct validator. Throws on total < 1.
 */
export function quorum(total: number): number {
  checkTotal(total, 'quorum');
  return total - faulty(total);
}

/**
 * F + 1: enough power that a correct validator is among the senders (paper L55). It is
 * above 1/3 of `total`, except when 3 divides `total`, where it is exactly 1/3.
 * Throws on total < 1.
 */
export function skipThreshold(total: number): number {
  checkTotal(total, 'skipThreshold');
  return faulty(total) + 1;
}
