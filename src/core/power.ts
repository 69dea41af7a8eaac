// Voting power (docs/contract.md, "Voting power"): each validator's, and a set's.
import { idRecord, own, type IdRecord } from './ids.ts';
import type { ValidatorId } from './types.ts';

/**
 * Power per validator id; every validator of a config has an entry (a positive integer).
 * A null-prototype record (ids.ts), so an id such as `__proto__` or `constructor` is an
 * entry like any other; read it with `powerOfOne` or `powerOf`.
 */
export type PowerTable = Readonly<IdRecord<number>>;

/** Power 1 for each validator: the contract's default. */
export function equalPower(validators: readonly ValidatorId[]): PowerTable {
  return Object.freeze(idRecord(validators.map((v) => [v, 1] as const)));
}

/** The power of one validator: its own entry in `power`, or 0 without one. */
export function powerOfOne(power: PowerTable, id: ValidatorId): number {
  return own(power, id) ?? 0;
}

/**
 * The summed power of `ids`, each as often as it occurs (the power of a list of votes,
 * as its length is their count under equal power): pass distinct ids for the power of
 * a set. An id without an entry counts 0.
 */
export function powerOf(power: PowerTable, ids: Iterable<ValidatorId>): number {
  let sum = 0;
  for (const id of ids) sum += powerOfOne(power, id);
  return sum;
}
