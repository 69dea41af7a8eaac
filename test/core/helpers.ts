// Shared builders for the core tests: a 4-validator config, message constructors and a
// deep freeze. Tests read like the paper: "three votes, then assert".
import { makeConfig, type CoreConfig, type ConfigInput } from '../../src/core/config.ts';
import { initState, step, type ConsensusState, type StepResult } from '../../src/core/step.ts';
import type { ConsensusEvent, ConsensusMessage, TimeoutKind, VoteValue } from '../../src/core/types.ts';

export const VALIDATORS = ['c1', 'c2', 'c3', 'c4'] as const;

/** n = 4 (f = 1, quorum 3, skip 2); every value except "bad" is valid. */
export function config(over: Partial<ConfigInput> = {}): CoreConfig {
  return makeConfig({
    validators: [...VALIDATORS], self: 'c1', isValid: (v) => v !== 'bad',
    timeouts: { propose: { baseMs: 3000, deltaMs: 1000 }, prevote: { baseMs: 1000, deltaMs: 500 }, precommit: { baseMs: 1000, deltaMs: 500 } },
    ...over,
  });
}

export function proposal(src: string, h: number, r: number, value: string, validRound = -1): ConsensusMessage {
  return { type: 'PROPOSAL', src, height: h, round: r, value, validRound };
}
export function prevote(src: string, h: number, r: number, value: VoteValue): ConsensusMessage {
  return { type: 'PREVOTE', src, height: h, round: r, value, validRound: -1 };
}
export function precommit(src: string, h: number, r: number, value: VoteValue): ConsensusMessage {
  return { type: 'PRECOMMIT', src, height: h, round: r, value, validRound: -1 };
}
export function commit(src: string, h: number, r: number, value: string, signers: string[]): ConsensusMessage {
  return { type: 'COMMIT', src, height: h, round: r, value, validRound: -1, cert: { signers } };
}

export const deliver = (msg: ConsensusMessage, value = 'none'): ConsensusEvent => ({ kind: 'Deliver', msg, value });
export const startHeight = (height: number, value = 'none'): ConsensusEvent => ({ kind: 'StartHeight', height, value });
export const timeout = (kind: TimeoutKind, height: number, round: number, value = 'none'): ConsensusEvent =>
  ({ kind: 'Timeout', timeout: kind, height, round, value });

/** A process driven by a list of events; keeps the last result for assertions. */
export class Proc {
  state: ConsensusState;
  last!: StepResult;
  constructor(readonly cfg: CoreConfig = config()) { this.state = initState(cfg); }
  on(event: ConsensusEvent): StepResult {
    this.last = step(this.cfg, this.state, event);
    this.state = this.last.state;
    return this.last;
  }
  /** Delivers each message; getValue() answers `X` should a round skip make us propose. */
  deliver(...msgs: ConsensusMessage[]): StepResult[] { return msgs.map((m) => this.on(deliver(m, 'X'))); }
}

/** Freezes every reachable object (typed arrays cannot be frozen; they are left alone). */
export function deepFreeze<T>(x: T): T {
  if (typeof x !== 'object' || x === null || ArrayBuffer.isView(x) || Object.isFrozen(x)) return x;
  for (const v of Object.values(x as object)) deepFreeze(v);
  return Object.freeze(x);
}
