// CometBFT's weighted round-robin by proposer priority (docs/contract.md, "Conventions"),
// implemented from the description in CometBFT's specification, "Proposer Selection
// Procedure" (spec/consensus/proposer-selection.md, docs.cometbft.com), for a fixed
// validator set. Every validator starts at priority 0. One run: if the priorities
// spread over more than 2P (P the total power), divide each by ceil(spread / 2P)
// (truncating); subtract their average (rounded down); add each validator's power; the
// highest priority is elected (a tie goes to the earlier validator in the order) and
// loses P. Height h's set has had (h - firstHeight + 1) runs (one at genesis, one per
// height); round r of it r more: proposer(h, r) is the winner of run
// h - firstHeight + 1 + r. Not modelled in Consensus.tla; CometBFT's code centers once
// per call of IncrementProposerPriority(times), which can differ after a round skip, and
// changes validator sets between heights, which a fixed set does not.

/** The winners of runs 1, 2, …, computed once and kept (a run is O(n)). */
export class PrioritySequence {
  private readonly priorities: number[];
  private readonly winners: number[] = [];
  private readonly total: number;

  /** `powers`: positive integers, in validator order (makeConfig checks them). */
  constructor(private readonly powers: readonly number[]) {
    this.priorities = powers.map(() => 0);
    this.total = powers.reduce((a, b) => a + b, 0);
  }

  /** The index of the validator elected in run n (n >= 1). */
  winner(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`proposer priority: expected a run number >= 1, got ${n}`);
    while (this.winners.length < n) this.winners.push(this.run());
    return this.winners[n - 1]!;
  }

  private run(): number {
    const p = this.priorities;
    const spread = Math.max(...p) - Math.min(...p);
    if (spread > 2 * this.total) {
      const ratio = Math.ceil(spread / (2 * this.total));
      for (let i = 0; i < p.length; i++) p[i] = Math.trunc(p[i]! / ratio);
    }
    const avg = Math.floor(p.reduce((a, b) => a + b, 0) / p.length);
    let best = 0;
    for (let i = 0; i < p.length; i++) {
      p[i] = p[i]! - avg + this.powers[i]!;
      if (p[i]! > p[best]!) best = i;
    }
    p[best] = p[best]! - this.total;
    return best;
  }
}
