// The conventions of the contract that real engines do differently (issue 10 §2), as a
// driver declares them in its `hello` answer (docs/driver-protocol.md, "Conventions"),
// and which traces fit a driver. A trace that does not fit is not sent to it; the oracle
// reports it with the reason, per convention.
import { idRecord, own } from '../core/ids.ts';
import { PrioritySequence } from '../core/priority.ts';
import { ShapeError } from './driver-protocol.ts';
import type { TraceParams } from './replay.ts';

/** One value per convention; the contract's values are `CONTRACT_CONVENTIONS`. */
export interface Conventions {
  /** `round-robin` (proposer(h, r) = validators[(h - firstHeight + r) mod n]), `table`, or `proposer-priority`. */
  proposer: string;
  /** `equal` (power 1 each) or `weighted`. */
  votingPower: string;
  /** `counted-at-once` (a broadcast counts within the step) or `delivered-back` (as a later event). */
  ownMessages: string;
  /** `within-step` (the event carries getValue()'s answer) or `later-event` (a ProposeValue event). */
  getValue: string;
  /** 1 or 0. */
  firstHeight: number;
}

export const CONVENTION_VALUES: { readonly [K in keyof Conventions]: readonly Conventions[K][] } = Object.freeze({
  proposer: ['round-robin', 'table', 'proposer-priority'],
  votingPower: ['equal', 'weighted'],
  ownMessages: ['counted-at-once', 'delivered-back'],
  getValue: ['within-step', 'later-event'],
  firstHeight: [1, 0],
});

/** The contract's conventions today (docs/contract.md): the first value of each list above. */
export const CONTRACT_CONVENTIONS: Readonly<Conventions> = Object.freeze({
  proposer: 'round-robin', votingPower: 'equal', ownMessages: 'counted-at-once', getValue: 'within-step', firstHeight: 1,
});

const NAMES = Object.keys(CONVENTION_VALUES) as (keyof Conventions)[];

/** What a driver accepts: per convention, the values it follows (one, or several). */
export type DeclaredConventions = { [K in keyof Conventions]: Conventions[K][] };

/**
 * Reads the `conventions` field of a `hello` answer: an object whose fields are
 * conventions, each one value or an array of the values the driver follows. A missing
 * field (or no `conventions` at all) means the contract's value. Throws ShapeError for
 * an unknown convention or value, naming it.
 */
export function readConventions(x: unknown): DeclaredConventions {
  const declared = Object.fromEntries(NAMES.map((k) => [k, [CONTRACT_CONVENTIONS[k]]])) as DeclaredConventions;
  if (x === undefined) return declared;
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new ShapeError(`conventions: expected an object, got ${JSON.stringify(x)}`);
  for (const [k, v] of Object.entries(x)) {
    if (!(NAMES as string[]).includes(k)) throw new ShapeError(`conventions: unknown convention '${k}' (known: ${NAMES.join(', ')})`);
    const name = k as keyof Conventions;
    const allowed = CONVENTION_VALUES[name] as readonly unknown[];
    const values = Array.isArray(v) ? v : [v];
    if (values.length === 0) throw new ShapeError(`conventions.${k}: expected a value or a non-empty array`);
    for (const e of values) {
      if (!allowed.includes(e)) throw new ShapeError(`conventions.${k}: expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(e)}`);
    }
    (declared as Record<string, unknown[]>)[name] = values;
  }
  return declared;
}

/**
 * The conventions a trace was made with, from its params: `power` present means
 * weighted, `proposer` present means a table (or "proposer-priority"), `firstHeight` present means 0,
 * `getValue` present means a later event, `ownMessages` present means delivered back;
 * the others are the contract's.
 */
export function traceConventions(params: TraceParams): Conventions {
  return {
    ...CONTRACT_CONVENTIONS,
    ...(params.power ? { votingPower: 'weighted' } : {}),
    ...(params.proposer === 'proposer-priority' ? { proposer: 'proposer-priority' } : params.proposer ? { proposer: 'table' } : {}),
    ...(params.firstHeight === 0 ? { firstHeight: 0 } : {}),
    ...(params.getValue === 'later-event' ? { getValue: 'later-event' } : {}),
    ...(params.ownMessages === 'delivered-back' ? { ownMessages: 'delivered-back' } : {}),
  };
}

/** Why a trace is not sent to a driver: one `name=value` per convention the driver does not follow; [] if it fits. */
export function unfit(driver: DeclaredConventions, trace: Conventions): string[] {
  return NAMES.filter((k) => !(driver[k] as unknown[]).includes(trace[k])).map((k) => `${k}=${JSON.stringify(trace[k])}`);
}

/**
 * A trace made for a driver: as it is; or mapped, where a default value is a special
 * case of the other one and nothing is lost (equal power is power 1 each; round-robin
 * and proposer priority are the table of their proposers over the trace's heights
 * firstHeight..maxHeight and rounds 0..maxRound, all a model trace reaches), with `mapped` naming each mapping; or
 * not at all, with the reasons of `unfit` for what cannot be mapped (a first height is
 * not mapped: every height of the trace would change).
 */
export type Fit = { params: TraceParams; mapped: string[] } | { reasons: string[] };

export function fitTrace(driver: DeclaredConventions, params: TraceParams): Fit {
  const conv = traceConventions(params);
  const out: TraceParams = { ...params };
  const mapped: string[] = [];
  if (conv.votingPower === 'equal' && !driver.votingPower.includes('equal') && driver.votingPower.includes('weighted')) {
    out.power = idRecord(params.validators.map((v) => [v, 1] as const));
    conv.votingPower = 'weighted';
    mapped.push('votingPower="equal" as weighted');
  }
  if ((conv.proposer === 'round-robin' || conv.proposer === 'proposer-priority') && !driver.proposer.includes(conv.proposer) && driver.proposer.includes('table')) {
    // Both are fixed sequences over (height, round) for the trace's validators and power.
    const n = params.validators.length;
    const priority = conv.proposer === 'proposer-priority'
      ? new PrioritySequence(params.validators.map((v) => own(params.power, v) ?? 1)) : undefined;
    out.proposer = Array.from({ length: params.maxHeight - (params.firstHeight ?? 1) + 1 }, (_, h) =>
      Array.from({ length: params.maxRound + 1 }, (_, r) => params.validators[priority === undefined ? (h + r) % n : priority.winner(h + 1 + r)]!));
    mapped.push(`proposer=${JSON.stringify(conv.proposer)} as a table`);
    conv.proposer = 'table';
  }
  const reasons = unfit(driver, conv);
  return reasons.length > 0 ? { reasons } : { params: out, mapped };
}
