// The reference core as a synchronous shadow of every correct process of a run: fed
// the events the engine is fed, it says what the model's process does with them. The
// strict judge compares with it, coverage is read from its fired rules, and the ITF
// writer replays a shrunk schedule through it. Params as the engine's consensus.reset.
import { traceConfig as coreConfig } from '../conformance/core-sut.ts';
import { normalOutputs, normalProjection, type NormalOutput, type NormalProjection } from '../conformance/normal.ts';
import type { TraceParams } from '../conformance/replay.ts';
import type { CoreConfig } from '../core/config.ts';
import { initState, project, step, type ConsensusState } from '../core/step.ts';
import { NONE, type ConsensusEvent, type RuleName } from '../core/types.ts';

export interface ShadowStep {
  outputs: NormalOutput[];
  fired: RuleName[];
  projection: NormalProjection;
  /** The state before the step's projection (lock state for coverage). */
  before: NormalProjection;
  /** Whether the reaction used the event's getValue() answer (paper L18): else the model's event value is "none". */
  usedValue: boolean;
}

interface Proc { config: CoreConfig; state: ConsensusState; projection: NormalProjection }

export class Shadow {
  private procs = new Map<string, Proc>();
  constructor(readonly params: TraceParams) {
    for (const p of params.correct) {
      const config = coreConfig(p, params);
      const state = initState(config);
      this.procs.set(p, { config, state, projection: normalProjection(project(state)) });
    }
  }

  projection(p: string): NormalProjection {
    return this.proc(p).projection;
  }

  private proc(p: string): Proc {
    const x = this.procs.get(p);
    if (x === undefined) throw new Error(`shadow: ${JSON.stringify(p)} is not a correct process of this run`);
    return x;
  }

  /**
   * Steps process `p`. The event's value is tried as "none" first: the core throws only
   * when the reaction proposes a fresh value (getValue, L18), and then it is stepped
   * with the event's value (so `usedValue` says what the model's event records).
   */
  step(p: string, event: ConsensusEvent): ShadowStep {
    const x = this.proc(p);
    let r;
    let usedValue = false;
    try {
      r = step(x.config, x.state, { ...event, value: NONE });
    } catch (e) {
      if (event.value === NONE || !(e instanceof TypeError)) throw e;
      r = step(x.config, x.state, event);
      usedValue = true;
    }
    const before = x.projection;
    x.state = r.state;
    x.projection = normalProjection(project(r.state));
    return { outputs: normalOutputs(r.outputs), fired: r.fired, projection: x.projection, before, usedValue };
  }
}
