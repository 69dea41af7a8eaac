// The static configuration of one process: who the validators are, who we are, and the
// injected edges (validity predicate, crypto). `makeConfig` validates it once, at the
// edge, so `step` can trust it.
import { trustingCrypto, type ConsensusCrypto } from './crypto.ts';
import { idRecord, own, validatorIdProblem } from './ids.ts';
import { equalPower, powerOf, powerOfOne, type PowerTable } from './power.ts';
import { PrioritySequence } from './priority.ts';
import { ROUND_ROBIN, type ProposerSelection } from './proposer.ts';
import { type TimeoutKind, type Value, type ValidatorId } from './types.ts';

export interface TimeoutSetting { baseMs: number; deltaMs: number }

/** The first height of the chain (docs/contract.md, "Conventions"). */
export type FirstHeight = 0 | 1;
/**
 * How getValue() (paper L18) is answered: within the step, by the event's `value`; or by
 * a later ProposeValue event, after a `getValue` output asks for it.
 */
export type GetValueMode = 'within-step' | 'later-event';
/**
 * A process's own messages: stored when sent, counted within the step; or stored only
 * when delivered back to it as a Deliver event of its own.
 */
export type OwnMessagesMode = 'counted-at-once' | 'delivered-back';

export interface CoreConfig {
  /** Ordered: the round-robin proposer order, and the order of COMMIT tie-breaks. */
  readonly validators: readonly ValidatorId[];
  /** Voting power per validator (positive integers); thresholds are over `totalPower` (quorum.ts). */
  readonly power: PowerTable;
  readonly totalPower: number;
  /** How proposer(h, r) is chosen (proposer.ts). */
  readonly proposer: ProposerSelection;
  /** The first height, 1 or 0: the process starts committed at firstHeight - 1; proposers count from it. */
  readonly firstHeight: FirstHeight;
  /** How getValue() is answered (GetValueMode). */
  readonly getValue: GetValueMode;
  /** When own messages count (OwnMessagesMode). */
  readonly ownMessages: OwnMessagesMode;
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
  /** Default: power 1 each. Must name every validator, and no one else. */
  power?: Readonly<Record<ValidatorId, number>>;
  /** Default: round-robin. */
  proposer?: ProposerSelection;
  /** Default: 1. */
  firstHeight?: FirstHeight;
  /** Default: 'within-step'. */
  getValue?: GetValueMode;
  /** Default: 'counted-at-once'. */
  ownMessages?: OwnMessagesMode;
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

function readPower(input: Readonly<Record<ValidatorId, number>> | undefined, list: readonly ValidatorId[]): PowerTable {
  if (input === undefined) return equalPower(list);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError(`makeConfig: expected power to be an object {validator: power}, got ${JSON.stringify(input)}`);
  for (const k of Object.keys(input)) if (!list.includes(k)) throw new RangeError(`makeConfig: power names ${JSON.stringify(k)}, which is not a validator`);
  const out = idRecord<number>();
  for (const v of list) {
    const x = own(input, v);
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 1) throw new RangeError(`makeConfig: expected power of ${JSON.stringify(v)} to be a positive integer, got ${JSON.stringify(x)}`);
    out[v] = x;
  }
  if (!Number.isSafeInteger(powerOf(out, list))) throw new RangeError('makeConfig: the total power exceeds 2^53 - 1');
  return Object.freeze(out);
}

function readProposer(input: ProposerSelection | undefined, known: ReadonlySet<string>, firstHeight: FirstHeight,
  list: readonly ValidatorId[], power: PowerTable): ProposerSelection {
  if (input === undefined) return ROUND_ROBIN;
  if (typeof input !== 'object' || input === null) throw new TypeError(`makeConfig: expected proposer to be {kind: 'round-robin'} or {kind: 'table', table}, got ${JSON.stringify(input)}`);
  if (input.kind === 'round-robin') return ROUND_ROBIN;
  if (input.kind === 'proposer-priority') return Object.freeze({ kind: 'proposer-priority', sequence: new PrioritySequence(list.map((v) => powerOfOne(power, v))) });
  if (input.kind !== 'table') throw new RangeError(`makeConfig: expected proposer.kind to be 'round-robin', 'table' or 'proposer-priority', got ${JSON.stringify((input as { kind: unknown }).kind)}`);
  const t: unknown = input.table;
  if (!Array.isArray(t) || t.length === 0) throw new RangeError('makeConfig: expected proposer.table to be a non-empty array of rows (one per height)');
  const rows = t.map((row: unknown, i) => {
    if (!Array.isArray(row) || row.length === 0) throw new RangeError(`makeConfig: expected proposer.table[${i}] (height ${firstHeight + i}) to be a non-empty array of validators (one per round)`);
    for (const [j, v] of row.entries()) {
      if (typeof v !== 'string' || !known.has(v)) throw new RangeError(`makeConfig: proposer.table[${i}][${j}] is ${JSON.stringify(v)}, not a validator`);
    }
    return Object.freeze([...row] as string[]);
  });
  return Object.freeze({ kind: 'table', table: Object.freeze(rows) });
}

/**
 * Validates and freezes a configuration. Throws (TypeError for wrong types, RangeError
 * for wrong values) on: an empty validator set, a non-string or empty id, an id equal to
 * "nil"/"none", duplicates, `self` not in the set, a missing `isValid`, negative or
 * non-integer timeouts/bounds, a power table that misses a validator, names another
 * or holds a non-positive or non-integer power, a proposer table that is empty or
 * names a non-validator, a first height other than 0 or 1, an unknown getValue or
 * ownMessages mode. Defaults: power 1 each, round-robin, first height 1, getValue within
 * the step, own messages counted at once, trusting crypto (by power), DEFAULT_TIMEOUTS,
 * DEFAULT_MAX_ROUND, DEFAULT_FUTURE_BUFFER.
 */
export function makeConfig(input: ConfigInput): CoreConfig {
  if (typeof input !== 'object' || input === null) throw new TypeError('makeConfig: expected an object');
  const { validators, self } = input;
  if (!Array.isArray(validators)) throw new TypeError('makeConfig: expected validators to be an array');
  if (validators.length < 1) throw new RangeError('makeConfig: expected at least 1 validator, got 0');
  const seen = new Set<string>();
  for (const v of validators) {
    const problem = validatorIdProblem(v);
    if (problem !== null) throw typeof v !== 'string' || v.length === 0 ? new TypeError(`makeConfig: ${problem}`) : new RangeError(`makeConfig: ${problem}`);
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
  const power = readPower(input.power, list);
  const firstHeight = input.firstHeight ?? 1;
  if (firstHeight !== 0 && firstHeight !== 1) throw new RangeError(`makeConfig: expected firstHeight to be 0 or 1, got ${JSON.stringify(firstHeight)}`);
  const getValue = input.getValue ?? 'within-step';
  if (getValue !== 'within-step' && getValue !== 'later-event') throw new RangeError(`makeConfig: expected getValue to be 'within-step' or 'later-event', got ${JSON.stringify(getValue)}`);
  const ownMessages = input.ownMessages ?? 'counted-at-once';
  if (ownMessages !== 'counted-at-once' && ownMessages !== 'delivered-back') throw new RangeError(`makeConfig: expected ownMessages to be 'counted-at-once' or 'delivered-back', got ${JSON.stringify(ownMessages)}`);
  return Object.freeze({
    validators: list,
    power,
    totalPower: powerOf(power, list),
    proposer: readProposer(input.proposer, seen, firstHeight, list, power),
    firstHeight,
    getValue,
    ownMessages,
    self,
    isValid: input.isValid,
    crypto: input.crypto ?? trustingCrypto(list, power),
    timeouts,
    maxRound: nonNegativeInteger(input.maxRound ?? DEFAULT_MAX_ROUND, 'maxRound'),
    futureBuffer: Object.freeze({
      maxHeightsAhead: nonNegativeInteger(fb.maxHeightsAhead ?? DEFAULT_FUTURE_BUFFER.maxHeightsAhead, 'futureBuffer.maxHeightsAhead'),
      maxMessages: nonNegativeInteger(fb.maxMessages ?? DEFAULT_FUTURE_BUFFER.maxMessages, 'futureBuffer.maxMessages'),
    }),
  });
}

/**
 * baseMs + round * deltaMs for the given kind (paper: timeoutX(round)), in ms, capped at
 * Number.MAX_SAFE_INTEGER (2^53 − 1 ms, 285,616 years) so that every `durationMs` is a
 * safe integer: the sum has no bound (base and delta are any safe integers, the round
 * grows by timeouts). A duration above 2^31 − 1 ms is not capped: the node's clock
 * honours it by chaining timers (docs/node.md, "Timers of any length").
 */
export function timeoutDuration(config: CoreConfig, kind: TimeoutKind, round: number): number {
  const t = config.timeouts[kind];
  return Math.min(t.baseMs + round * t.deltaMs, Number.MAX_SAFE_INTEGER);
}
