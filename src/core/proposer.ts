// Proposer selection (docs/contract.md, "Proposer"): round-robin over the validator
// order, proposer(h, r) = validators[(h-1+r) mod n], or an explicit table.
import { assertNever, type ValidatorId } from './types.ts';

/**
 * How proposer(h, r) is chosen. `table[h - 1][r]` names the proposer of (h, r); the
 * table repeats beyond its last height (row (h - 1) mod rows) and round (r mod row
 * length), so it answers for every (h, r).
 */
export type ProposerSelection =
  | { readonly kind: 'round-robin' }
  | { readonly kind: 'table'; readonly table: readonly (readonly ValidatorId[])[] };

export const ROUND_ROBIN: ProposerSelection = Object.freeze({ kind: 'round-robin' });

function checkHR(height: number, round: number): void {
  if (!Number.isSafeInteger(height) || height < 1) throw new RangeError(`proposer: expected height >= 1, got ${height}`);
  if (!Number.isSafeInteger(round) || round < 0) throw new RangeError(`proposer: expected round >= 0, got ${round}`);
}

/** The round-robin proposer of (height, round). Throws on an empty set or a height < 1 / round < 0. */
export function proposer(validators: readonly ValidatorId[], height: number, round: number): ValidatorId {
  if (validators.length === 0) throw new RangeError('proposer: expected a non-empty validator set, got 0 validators');
  checkHR(height, round);
  const n = validators.length;
  // (h-1+r) can exceed 2^53 only with absurd inputs; the modulo keeps the index in range.
  return validators[(((height - 1) % n) + (round % n)) % n]!;
}

/** The proposer of (height, round) under `selection`. Throws as `proposer` does; a table must be non-empty (makeConfig checks). */
export function proposerOf(selection: ProposerSelection, validators: readonly ValidatorId[], height: number, round: number): ValidatorId {
  switch (selection.kind) {
    case 'round-robin': return proposer(validators, height, round);
    case 'table': {
      checkHR(height, round);
      const row = selection.table[(height - 1) % selection.table.length]!;
      return row[round % row.length]!;
    }
    default: return assertNever(selection);
  }
}
