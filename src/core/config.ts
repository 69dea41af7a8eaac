// The static configuration of one process: who the validators are, who we are, and the
// injected edges (validity predicate, crypto). `makeConfig` validates it once, at the
// edge, so `step` can trust it.
import { trustingCrypto, type ConsensusCrypto } from './crypto.ts';
import { NIL, NONE, type TimeoutKind, type Value, type ValidatorId } from './types.ts';

export interface TimeoutSetting { baseMs: number; deltaMs: number }

export interface CoreConfig {
  /** Ordered; proposer(h, r) = validators[(h - 1 + r) mod n]. */
  readonly validators: readonly ValidatorId[];
  readonly self: ValidatorId;
  /** The application's validity predicate (paper: valid(v)). Must be deterministic. */
  isValid(v: Value): boolean;
  readonly crypto: ConsensusCrypto;
  /** Duration of a timeout in round r: baseMs + r * deltaMs (paper: timeoutX(round)). */
  readonly timeouts: Readonly<Record<TimeoutKind, TimeoutSetting>>;
  /** Messages with a larger round are rejected ('round-out-of-range'). */
  readonly maxRound: number;
  /** Messages for later heights are stored until their height starts, within these bounds. */
  readonly futureBuffer: { readonly maxHeightsAhead: number; readonly maxMessages: number };
}

export interface ConfigInput {
  validators: readonly ValidatorId[];
  self: ValidatorId;
  isValid: (v: Value) => boolean;
  crypto?: ConsensusCrypto;
  timeouts?: Partial<Record<TimeoutKind, TimeoutSetting>>;
  maxRound?: number;
  futureBuffer?: { maxHeightsAhead?: number; maxMessages?: number };
}

export const DEFAULT_TIMEOUTS: Readonly<Record<TimeoutKind, TimeoutSetting>> = Object.freeze({
  propose: Object.freeze({ baseMs: 3000, deltaMs: 500 }),
  prevote: Object.freeze({ baseMs: 1000, deltaMs: 500 }),
  precommit: Object.freeze({ baseMs: 1000, deltaMs: 500 }),
});
export const DEFAULT_MAX_ROUND = 1000;
export const DEFAULT_FUTURE_BUFFER = Object.freeze({ maxHeightsAhead: 2, maxMessages: 10_000 });

const TIMEOUT_KINDS: readonly TimeoutKind[] = ['propose', 'prevote', 'precommit'];

function nonNegativeInteger(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) {
    throw new RangeError(`makeConfig: expected ${what} to be a non-negative integer, got ${String(x)}`);
  }
  return x;
}

function timeoutSetting(kind: TimeoutKind, s: TimeoutSetting | undefined): TimeoutSetting {
  const d = DEFAULT_TIMEOUTS[kind];
  if (s === undefined) return d;
  if (typeof s !== 'object' || s === null) throw new TypeError(`makeConfig: expected timeouts.${kind} to be an object, got ${String(s)}`);
  return Object.freeze({
    baseMs: nonNegativeInteger(s.baseMs, `timeouts.${kind}.baseMs`),
    deltaMs: nonNegativeInteger(s.deltaMs, `timeouts.${kind}.deltaMs`),
  });
}

/**
 * Validates and freezes a configuration. Throws (TypeError for wrong types, RangeError
 * for wrong values) on: an empty validator set, a non-string or empty id, an id equal to
 * "nil"/"none", duplicates, `self` not in the set, a missing `isValid`, negative or
 * non-integer timeouts/bounds. Defaults: trusting crypto, DEFAULT_TIMEOUTS,
 * DEFAULT_MAX_ROUND, DEFAULT_FUTURE_BUFFER.
 */
export function makeConfig(input: ConfigInput): CoreConfig {
  if (typeof input !== 'object' || input === null) throw new TypeError('makeConfig: expected an object');
  const { validators, self } = input;
  if (!Array.isArray(validators)) throw new TypeError('makeConfig: expected validators to be an array');
  if (validators.length < 1) throw new RangeError('makeConfig: expected at least 1 validator, got 0');
  const seen = new Set<string>();
  for (const v of validators) {
    if (typeof v !== 'string' || v.length === 0) throw new TypeError(`makeConfig: expected validator ids to be non-empty strings, got ${JSON.stringify(v)}`);
    if (v === NIL || v === NONE) throw new RangeError(`makeConfig: validator id ${JSON.stringify(v)} is reserved`);
    if (seen.has(v)) throw new RangeError(`makeConfig: duplicate validator ${JSON.stringify(v)}`);
    seen.add(v);
  }
  if (typeof self !== 'string' || !seen.has(self)) throw new RangeError(`makeConfig: self ${JSON.stringify(self)} is not in the validator set`);
  if (typeof input.isValid !== 'function') throw new TypeError('makeConfig: expected isValid to be a function');
  const timeoutsIn = input.timeouts ?? {};
  const timeouts = Object.freeze(Object.fromEntries(
    TIMEOUT_KINDS.map((k) => [k, timeoutSetting(k, timeoutsIn[k])]),
  ) as Record<TimeoutKind, TimeoutSetting>);
  const fb = input.futureBuffer ?? {};
  const list = Object.freeze([...validators]);
  return Object.freeze({
    validators: list,
    self,
    isValid: input.isValid,
    crypto: input.crypto ?? trustingCrypto(list),
    timeouts,
    maxRound: nonNegativeInteger(input.maxRound ?? DEFAULT_MAX_ROUND, 'maxRound'),
    futureBuffer: Object.freeze({
      maxHeightsAhead: nonNegativeInteger(fb.maxHeightsAhead ?? DEFAULT_FUTURE_BUFFER.maxHeightsAhead, 'futureBuffer.maxHeightsAhead'),
      maxMessages: nonNegativeInteger(fb.maxMessages ?? DEFAULT_FUTURE_BUFFER.maxMessages, 'futureBuffer.maxMessages'),
    }),
  });
}

/** baseMs + round * deltaMs for the given kind. */
export function timeoutDuration(config: CoreConfig, kind: TimeoutKind, round: number): number {
  const t = config.timeouts[kind];
  return t.baseMs + round * t.deltaMs;
}
