// The parameters of an explored run (the consensus.reset the engine gets): n
// validators c1.. and b1.. (the Byzantine ones, played by the explorer), in a proposer
// order rotated by the genome, two valid values (named blk-*, as src/validate expects)
// and the round bound. The contract's conventions: power 1 each, round-robin, first
// height 1, getValue within the step, own messages counted at once.
import type { TraceParams } from '../conformance/replay.ts';

export const VALID_VALUES = Object.freeze(['blk-1', 'blk-2']);
/** The highest round of a run (consensus.reset's maxRound): a precommit timeout of it never fires. */
export const MAX_ROUND = 10;

export function runParams(n: number, byzantine: number, heights: number, rotation: number): TraceParams {
  const base = [...Array.from({ length: n - byzantine }, (_, i) => `c${i + 1}`), ...Array.from({ length: byzantine }, (_, i) => `b${i + 1}`)];
  const k = rotation % n;
  const validators = [...base.slice(k), ...base.slice(0, k)];
  return { validators, correct: base.slice(0, n - byzantine), validValues: [...VALID_VALUES], maxRound: MAX_ROUND, maxHeight: heights };
}
