// Records keyed by identifiers (docs/contract.md, "Identifiers"): a validator id, a value,
// a process name or a trace field is any string, `__proto__`, `constructor` and
// `toString` included, so a record keyed by one has no prototype (nothing but its own
// entries answers) and is read only through its own properties.
import { NIL, NONE } from './types.ts';

/** A record keyed by ids: built by `idRecord`, read by `own`. */
export type IdRecord<T> = Record<string, T>;

/**
 * A null-prototype record holding `entries` (later entries win). On it, `r[id] = x`
 * creates an own entry for every id (`__proto__` included: there is no inherited setter)
 * and `r[id]` of an absent id is `undefined` (there is no inherited `toString`).
 */
export function idRecord<T>(entries: Iterable<readonly [string, T]> = []): IdRecord<T> {
  const out = Object.create(null) as IdRecord<T>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/**
 * `rec[key]` when `rec` has its own entry `key`, else undefined: safe on any record,
 * those parsed from JSON (whose prototype answers `constructor`, `toString`, …) included.
 */
export function own<T>(rec: Readonly<Record<string | number, T>> | undefined, key: string | number): T | undefined {
  return rec !== undefined && rec !== null && Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/**
 * Why `id` cannot name a validator, or null. Refused are only the ids no layer can
 * carry as one: a non-string, the empty string, and the contract's reserved values
 * `nil` and `none` (a vote for nil, an unset lock). Every other string is an id,
 * `__proto__` and `constructor` included. One sentence, naming the id and what to do.
 */
export function validatorIdProblem(id: unknown): string | null {
  if (typeof id !== 'string' || id.length === 0) return `expected validator ids to be non-empty strings, got ${JSON.stringify(id) ?? String(id)}: name every validator with a non-empty string`;
  if (id === NIL || id === NONE) return `validator id ${JSON.stringify(id)} is reserved (the contract's ${id === NIL ? 'nil vote' : 'unset value'}): rename the validator`;
  return null;
}
