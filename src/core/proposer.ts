// Proposer selection (docs/contract.md, "Proposer"): round-robin over the validator
// order, proposer(h, r) = validators[(h - firstHeight + r) mod n], or an explicit table.
// Both count heights from the first height (1, or 0: docs/contract.md, "Conventions").
import { PrioritySequence } from './priority.ts';
import { assertNever, type ValidatorId } from './types.ts';

/**
 * How proposer(h, r) is chosen. `table[h - firstHeight][r]` names the proposer of
 * (h, r); the table repeats beyond its last height (row (h - firstHeight) mod rows) and
 * round (r mod row length), so it answers for every (h, r).
 */
export type ProposerSelection =
  | { readonly kind: 'round-robin' }
  | { readonly kind: 'table'; readonly table: readonly (readonly ValidatorId[])[] }
  /**
   * CometBFT's weighted round-robin by proposer priority (priority.ts) over the
   * validators' voting power; makeConfig fills in `sequence` from config.power.
   */
  | { readonly kind: 'proposer-priority'; readonly sequence?: PrioritySequence };

export const ROUND_ROBIN: ProposerSelection = Object.freeze({ kind: 'round-robin' });

function checkHR(height: number, round: number, firstHeight: number): void {
  if (!Number.isSafeInteger(height) || height < firstHeight) throw new RangeError(`proposer: expected height >= ${firstHeight}, got ${height}`);
  if (!Number.isSafeInteger(round) || round < 0) throw new RangeError(`proposer: expected round >= 0, got ${round}`);
}

/**
 * The round-robin proposer of (height, round), heights counted from `firstHeight` (1 or
 * 0, default 1). Throws on an empty set or a height < firstHeight / round < 0.
 */
export function proposer(validators: readonly ValidatorId[], height: number, round: number, firstHeight = 1): ValidatorId {
  if (validators.length === 0) throw new RangeError('proposer: expected a non-empty validator set, got 0 validators');
  checkHR(height, round, firstHeight);
  const n = validators.length;
  // (h-firstHeight+r) can exceed 2^53 only with absurd inputs; the modulo keeps the index in range.
  return validators[(((height - firstHeight) % n) + (round % n)) % n]!;
}

/** The proposer of (height, round) under `selection`. Throws as `proposer` does; a table must be non-empty (makeConfig checks). */
export function proposerOf(selection: ProposerSelection, validators: readonly ValidatorId[], height: number, round: number, firstHeight = 1): ValidatorId {
  switch (selection.kind) {
    case 'round-robin': return proposer(validators, height, round, firstHeight);
    case 'table': {
      checkHR(height, round, firstHeight);
      const row = selection.table[(height - firstHeight) % selection.table.length]!;
      return row[round % row.length]!;
    }
    case 'proposer-priority': {
      checkHR(height, round, firstHeight);
      if (selection.sequence === undefined) throw new TypeError('proposer: a proposer-priority selection without its sequence (use makeConfig)');
      return validators[selection.sequence.winner(height - firstHeight + 1 + round)]!;
    }
    default: return assertNever(selection);
  }
}
