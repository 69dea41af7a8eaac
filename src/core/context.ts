// The working copy of one step. `step` copies the input state into a fresh draft that
// only this call owns, so the handlers can update it in place while the caller's state
// stays untouched; outputs and fired rule names are appended in firing order.
import type { CoreConfig } from './config.ts';
import type { ConsensusState } from './state.ts';
import type { ConsensusOutput, NONE, RuleName, Value } from './types.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface Ctx {
  readonly config: CoreConfig;
  /** Owned by this step; the `store` and `decisions` inside are replaced, never mutated. */
  readonly s: Mutable<ConsensusState>;
  readonly outputs: ConsensusOutput[];
  readonly fired: RuleName[];
  /** The environment's answer to getValue() (paper L18) for this whole reaction. */
  readonly getValue: Value | typeof NONE;
}

export function newCtx(config: CoreConfig, state: ConsensusState, getValue: Value | typeof NONE): Ctx {
  return { config, s: { ...state }, outputs: [], fired: [], getValue };
}
