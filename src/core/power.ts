// Voting power (docs/contract.md, "Voting power"): each validator's, and a set's.
import type { ValidatorId } from './types.ts';

/** Power per validator id; every validator of a config has an entry (a positive integer). */
export type PowerTable = Readonly<Record<ValidatorId, number>>;

/** Power 1 for each validator: the contract's default. */
export function equalPower(validators: readonly ValidatorId[]): PowerTable {
  return Object.freeze(Object.fromEntries(validators.map((v) => [v, 1])));
}

/**
 * The summed power of `ids`, each as often as it occurs (the power of a list of votes,
 * as its length is their count under equal power): pass distinct ids for the power of
 * a set. An id without an entry counts 0.
 */
export function powerOf(power: PowerTable, ids: Iterable<ValidatorId>): number {
  let sum = 0;
  for (const id of ids) sum += Object.hasOwn(power, id) ? power[id]! : 0;
  return sum;
}
