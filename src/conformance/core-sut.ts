// The reference core as an implementation under test: one in-process instance per
// correct process, signatures abstract (the recorded sender is trusted, as in the
// model). `stepFn` is injectable so that the negative control can replay mutants.
import { makeConfig, type CoreConfig } from '../core/config.ts';
import type { ConsensusCrypto } from '../core/crypto.ts';
import { initState, project, step, type ConsensusState, type StepResult } from '../core/step.ts';
import type { ConsensusEvent } from '../core/types.ts';
import { normalOutputs, normalProjection, type NormalProjection } from './normal.ts';
import type { ConsensusSut, SutStepResult, TraceParams } from './replay.ts';

/** The conventions the reference core follows, as its driver declares them in `hello` (docs/driver-protocol.md). */
export const CORE_CONVENTIONS = Object.freeze({ proposer: ['round-robin', 'table'], votingPower: ['equal', 'weighted'], firstHeight: [1, 0], getValue: ['within-step', 'later-event'],
  ownMessages: ['counted-at-once', 'delivered-back'] });

export type StepFn = (config: CoreConfig, state: ConsensusState, event: ConsensusEvent) => StepResult;

export interface CoreSutOptions {
  name?: string;
  stepFn?: StepFn;
  /** Crypto per process (default: trusting). Real BLS replay passes one that signs and verifies. */
  crypto?: (self: string, params: TraceParams) => ConsensusCrypto;
  /** Rewrites an event before it reaches the core (real-BLS replay signs the delivered message). */
  prepare?: (process: string, event: ConsensusEvent) => ConsensusEvent;
}

export function coreSut(opts: CoreSutOptions = {}): ConsensusSut {
  const stepFn = opts.stepFn ?? step;
  let procs = new Map<string, { config: CoreConfig; state: ConsensusState }>();
  return {
    name: opts.name ?? 'reference core',
    async reset(params: TraceParams): Promise<Record<string, NormalProjection>> {
      procs = new Map();
      const valid = new Set(params.validValues);
      const out: Record<string, NormalProjection> = {};
      for (const self of params.correct) {
        const config = makeConfig({
          validators: params.validators, self, isValid: (v) => valid.has(v), maxRound: params.maxRound,
          ...(params.power ? { power: params.power } : {}),
          ...(params.proposer ? { proposer: { kind: 'table' as const, table: params.proposer } } : {}),
          ...(params.firstHeight === 0 ? { firstHeight: 0 as const } : {}),
          ...(params.getValue === 'later-event' ? { getValue: 'later-event' as const } : {}),
          ...(params.ownMessages === 'delivered-back' ? { ownMessages: 'delivered-back' as const } : {}),
          // Buffer as the model does: every height it has (it never drops a message).
          futureBuffer: { maxHeightsAhead: params.maxHeight - (params.firstHeight ?? 1) + 1, maxMessages: 1_000_000 },
          ...(opts.crypto ? { crypto: opts.crypto(self, params) } : {}),
        });
        const state = initState(config);
        procs.set(self, { config, state });
        out[self] = normalProjection(project(state));
      }
      return out;
    },
    async step(process: string, event: ConsensusEvent): Promise<SutStepResult> {
      const p = procs.get(process);
      if (p === undefined) throw new Error(`core: no process ${JSON.stringify(process)} in this trace`);
      const e = opts.prepare ? opts.prepare(process, event) : event;
      const r = stepFn(p.config, p.state, e);
      p.state = r.state;
      return { projection: normalProjection(project(r.state)), outputs: normalOutputs(r.outputs), fired: [...r.fired] };
    },
    async close(): Promise<void> { procs = new Map(); },
  };
}
