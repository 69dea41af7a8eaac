// The reference core as an implementation under test: one in-process instance per
// correct process, signatures abstract (the recorded sender is trusted, as in the
// model). `stepFn` is injectable so that the negative control can replay mutants.
import { makeConfig, type CoreConfig } from '../core/config.ts';
import { idRecord } from '../core/ids.ts';
import type { ConsensusCrypto } from '../core/crypto.ts';
import { initState, project, step, type ConsensusState, type StepResult } from '../core/step.ts';
import type { ConsensusEvent } from '../core/types.ts';
import { normalOutputs, normalProjection, type NormalProjection } from './normal.ts';
import type { ConsensusSut, SutStepResult, TraceParams } from './replay.ts';

/** The conventions the reference core follows, as its driver declares them in `hello` (docs/driver-protocol.md). */
export const CORE_CONVENTIONS = Object.freeze({ proposer: ['round-robin', 'table', 'proposer-priority'], votingPower: ['equal', 'weighted'], firstHeight: [1, 0], getValue: ['within-step', 'later-event'],
  ownMessages: ['counted-at-once', 'delivered-back'] });

export type StepFn = (config: CoreConfig, state: ConsensusState, event: ConsensusEvent) => StepResult;

export interface CoreSutOptions {
  name?: string;
  stepFn?: StepFn;
  /** Crypto per process (default: trusting). Real BLS replay passes one that signs and verifies. */
  crypto?: (self: string, params: TraceParams) => ConsensusCrypto;
  /** Rewrites an event before it reaches the core (real-BLS replay signs the delivered message). */
  prepare?: (process: string, event: ConsensusEvent) => ConsensusEvent;
  /** Report each scheduleTimeout's durationMs (the verdict judges their growth); default false. */
  durations?: boolean;
}

/** The fields of a state that its projection reads (core/state.ts projectState). */
const PROJECTED = ['height', 'round', 'step', 'lockedValue', 'lockedRound', 'validValue', 'validRound', 'decisions'] as const;

interface Proc { config: CoreConfig; state: ConsensusState; projection: NormalProjection }

/**
 * The core's config for process `self` of a trace: its validators, values, round bound
 * and conventions, and a future-height buffer as large as the model's (it never drops
 * a message). The reference SUT and the verdict's shadow processes both use it.
 */
export function traceConfig(self: string, params: TraceParams, crypto?: ConsensusCrypto): CoreConfig {
  const valid = new Set(params.validValues);
  return makeConfig({
    validators: params.validators, self, isValid: (v) => valid.has(v), maxRound: params.maxRound,
    ...(params.power ? { power: params.power } : {}),
    ...(params.proposer === 'proposer-priority' ? { proposer: { kind: 'proposer-priority' as const } }
      : params.proposer ? { proposer: { kind: 'table' as const, table: params.proposer } } : {}),
    ...(params.firstHeight === 0 ? { firstHeight: 0 as const } : {}),
    ...(params.getValue === 'later-event' ? { getValue: 'later-event' as const } : {}),
    ...(params.ownMessages === 'delivered-back' ? { ownMessages: 'delivered-back' as const } : {}),
    // Buffer as the model does: every height it has (it never drops a message).
    futureBuffer: { maxHeightsAhead: params.maxHeight - (params.firstHeight ?? 1) + 1, maxMessages: 1_000_000 },
    ...(crypto ? { crypto } : {}),
  });
}

export function coreSut(opts: CoreSutOptions = {}): ConsensusSut {
  const stepFn = opts.stepFn ?? step;
  const reference = stepFn === step;
  let procs = new Map<string, Proc>();
  // Traces of one corpus share a few parameter sets: the configs (immutable) are built
  // once per set and process, unless the crypto is per-replay (opts.crypto).
  const configs = new Map<string, CoreConfig>();
  const configFor = (self: string, params: TraceParams, paramsKey: string | undefined): CoreConfig => {
    const key = paramsKey === undefined ? undefined : `${self}\u0000${paramsKey}`;
    const known = key === undefined ? undefined : configs.get(key);
    if (known !== undefined) return known;
    const config = build(self, params);
    if (key !== undefined) configs.set(key, config);
    return config;
  };
  const build = (self: string, params: TraceParams): CoreConfig => traceConfig(self, params, opts.crypto?.(self, params));
  return {
    name: opts.name ?? 'reference core',
    async reset(params: TraceParams): Promise<Record<string, NormalProjection>> {
      procs = new Map();
      const out = idRecord<NormalProjection>();
      const paramsKey = opts.crypto === undefined ? JSON.stringify(params) : undefined;
      for (const self of params.correct) {
        const config = configFor(self, params, paramsKey);
        const state = initState(config);
        const projection = normalProjection(project(state));
        procs.set(self, { config, state, projection });
        out[self] = projection;
      }
      return out;
    },
    async step(process: string, event: ConsensusEvent): Promise<SutStepResult> {
      const p = procs.get(process);
      if (p === undefined) throw new Error(`core: no process ${JSON.stringify(process)} in this trace`);
      const e = opts.prepare ? opts.prepare(process, event) : event;
      const r = stepFn(p.config, p.state, e);
      // The reference core replaces what it changes (it is pure: test/core checks it), so
      // the same projected fields project the same and the previous normal projection is
      // returned again (replay then compares by identity). A mutant may not be pure.
      if (!reference || !PROJECTED.every((k) => r.state[k] === p.state[k])) p.projection = normalProjection(project(r.state));
      p.state = r.state;
      return { projection: p.projection, outputs: normalOutputs(r.outputs, { durations: opts.durations === true }), fired: [...r.fired] };
    },
    async close(): Promise<void> { procs = new Map(); },
  };
}
