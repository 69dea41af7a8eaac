// The pure core: step(config, state, event) -> { state, outputs, fired } (docs/contract.md).
// No I/O, clock, randomness or logging; the input state is never mutated.
import type { CoreConfig } from './config.ts';
import { newCtx } from './context.ts';
import { onTimeout, proposeValue, receive, startHeight } from './handlers.ts';
import { react, type RuleList } from './reaction.ts';
import { REACTION_ORDER } from './rules.ts';
import { initialState, projectState, type ConsensusState } from './state.ts';
import { assertNever, type ConsensusEvent, type ConsensusOutput, type Projection, type RuleName } from './types.ts';

export type { ConsensusState } from './state.ts';

export interface StepResult {
  state: ConsensusState;
  outputs: ConsensusOutput[];
  /** Handler and rule names in firing order (the model's `fired`). */
  fired: RuleName[];
}

/** Height firstHeight - 1, step "commit": the first event is StartHeight(config.firstHeight). */
export function initState(config: CoreConfig): ConsensusState {
  return initialState(config.firstHeight);
}

export function project(state: ConsensusState): Projection {
  return projectState(state);
}

const KINDS: readonly string[] = ['StartHeight', 'Deliver', 'Timeout', 'ProposeValue'];
const TIMEOUTS: readonly string[] = ['propose', 'prevote', 'precommit'];

/** Caller bugs at the edge (TypeError); a peer's bad message is checked in validate.ts instead. */
function checkEvent(event: ConsensusEvent): void {
  if (typeof event !== 'object' || event === null) throw new TypeError(`step: expected an event object, got ${String(event)}`);
  if (!KINDS.includes(event.kind)) throw new TypeError(`step: expected event.kind to be one of ${KINDS.join('|')}, got ${JSON.stringify(event.kind)}`);
  if (typeof event.value !== 'string' || event.value.length === 0) {
    throw new TypeError(`step: expected event.value to be a value or "none", got ${JSON.stringify(event.value)}`);
  }
  if (event.kind === 'Timeout' && !TIMEOUTS.includes(event.timeout)) {
    throw new TypeError(`step: expected event.timeout to be one of ${TIMEOUTS.join('|')}, got ${JSON.stringify(event.timeout)}`);
  }
}

/**
 * Like `step`, with another rule list: for negative-control mutants (a rule removed,
 * reordered or replaced) in the conformance tests. Production code uses `step`.
 */
export function stepWithRules(rules: RuleList) {
  return (config: CoreConfig, state: ConsensusState, event: ConsensusEvent): StepResult => {
    checkEvent(event);
    const ctx = newCtx(config, state, event.value);
    switch (event.kind) {
      case 'StartHeight':
        if (!startHeight(ctx, event.height)) return { state, outputs: ctx.outputs, fired: ctx.fired };
        break;
      case 'Deliver': receive(ctx, event.msg); break;
      case 'Timeout': onTimeout(ctx, event.timeout, event.height, event.round); break;
      case 'ProposeValue': proposeValue(ctx, event.height, event.round); break;
      default: return assertNever(event);
    }
    react(ctx, rules);
    return { state: ctx.s, outputs: ctx.outputs, fired: ctx.fired };
  };
}

/**
 * One event to one process and its complete reaction. Throws only on caller bugs: an
 * event that is not an object, an unknown kind, or value "none" when this reaction
 * makes us propose a fresh value (getValue, paper L18). Peer input never throws.
 */
export const step: (config: CoreConfig, state: ConsensusState, event: ConsensusEvent) => StepResult = stepWithRules(REACTION_ORDER);
