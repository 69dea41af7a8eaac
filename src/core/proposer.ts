// Round-robin proposer selection (docs/contract.md): proposer(h, r) = validators[(h-1+r) mod n].
import type { ValidatorId } from './types.ts';

/** The proposer of (height, round). Throws on an empty set or a height < 1 / round < 0. */
export function proposer(validators: readonly ValidatorId[], height: number, round: number): ValidatorId {
  if (validators.length === 0) throw new RangeError('proposer: expected a non-empty validator set, got 0 validators');
  if (!Number.isSafeInteger(height) || height < 1) throw new RangeError(`proposer: expected height >= 1, got ${height}`);
  if (!Number.isSafeInteger(round) || round < 0) throw new RangeError(`proposer: expected round >= 0, got ${round}`);
  const n = validators.length;
  // (h-1+r) can exceed 2^53 only with absurd inputs; the modulo keeps the index in range.
  return validators[(((height - 1) % n) + (round % n)) % n]!;
}
