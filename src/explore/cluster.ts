// The correct processes of one explored run, as the engine (a ConsensusSut: a driver,
// or an in-process core) hosts them: applies one event at a time, asks the judge about
// the answer, checks the cross-process properties (properties.ts), and keeps what the
// scheduler needs to make the next events: projections, scheduled timeouts, the
// broadcasts of the last step. `legal` says whether an event may be applied now (the
// model's guards, over what the engine did: a correct process's message was broadcast,
// a timeout was scheduled and has not fired, StartHeight is enabled); shrinking skips
// the events that are not.
import type { NormalMessage, NormalProjection } from '../conformance/normal.ts';
import type { ConsensusSut, SutStepResult, TraceParams } from '../conformance/replay.ts';
import { normalMessage } from '../conformance/normal.ts';
import type { ConsensusEvent } from '../core/types.ts';
import { DriverBroken } from '../vectors/driver.ts';
import type { ByzKind } from './genome.ts';
import type { StepJudge } from './judge-port.ts';
import { Ledger, msgKey, type Violation } from './properties.ts';
import { Shadow } from './shadow.ts';

/** Where an event came from (for coverage and the readable schedule). */
export type Origin = 'start' | 'net' | 'sync' | 'timeout' | `byz:${ByzKind | 'follow'}`;

export interface ExploreEvent { p: string; event: ConsensusEvent; origin: Origin }

export const timerKey = (t: { timeout: string; height: number; round: number }): string => `${t.timeout}|${t.height}|${t.round}`;

export interface AppliedStep {
  violations: Violation[];
  /** The engine's broadcasts of this step. */
  broadcasts: NormalMessage[];
  /** The engine's decisions of this step. */
  decided: { height: number; value: string; round: number; cert: string[] }[];
  /** Coverage keys of the step (from the shadow), when the cluster keeps one. */
  coverage: string[];
}

export class Cluster {
  readonly proj = new Map<string, NormalProjection>();
  readonly timers = new Map<string, Set<string>>();
  readonly ledger: Ledger;
  private readonly shadow: Shadow | undefined;
  private readonly byz: Set<string>;
  steps = 0;

  constructor(private readonly sut: ConsensusSut, private readonly judge: StepJudge, readonly params: TraceParams, opts: { coverage: boolean }) {
    this.ledger = new Ledger(params);
    this.shadow = opts.coverage ? new Shadow(params) : undefined;
    this.byz = new Set(params.validators.filter((v) => !params.correct.includes(v)));
  }

  async start(): Promise<Violation[]> {
    this.judge.reset(this.params);
    let init: Record<string, NormalProjection>;
    try {
      init = await this.sut.reset(this.params);
    } catch (e) {
      if (e instanceof DriverBroken) throw e;
      return [{ property: 'EngineError', process: '*', detail: [`consensus.reset failed: ${e instanceof Error ? e.message : String(e)}`] }];
    }
    for (const p of this.params.correct) { this.proj.set(p, init[p]!); this.timers.set(p, new Set()); }
    return [];
  }

  isByzantine(v: string): boolean { return this.byz.has(v); }

  legal(e: ExploreEvent): boolean {
    const pr = this.proj.get(e.p);
    if (pr === undefined) return false;
    const ev = e.event;
    switch (ev.kind) {
      case 'StartHeight': return pr.step === 'commit' && pr.height === ev.height - 1 && ev.height <= this.params.maxHeight;
      case 'Deliver': return ev.msg.src !== e.p && (this.byz.has(ev.msg.src) || this.ledger.sent.has(msgKey(normalMessage(ev.msg))));
      case 'Timeout': return this.timers.get(e.p)!.has(timerKey(ev));
      case 'ProposeValue': return false;
    }
  }

  /** Applies one event and judges the answer. */
  async apply(e: ExploreEvent): Promise<AppliedStep> {
    return this.end(e, await this.begin(e));
  }

  /**
   * Sends the event to the engine (the answer is awaited by the caller, so several
   * events can be in flight to a driver that pipelines); `end` must then be called
   * with each answer, in the order of the `begin`s.
   */
  begin(e: ExploreEvent): Promise<SutStepResult | { error: unknown }> {
    const { p, event } = e;
    if (event.kind === 'Deliver' && this.byz.has(event.msg.src)) this.ledger.byzantine(normalMessage(event.msg));
    if (event.kind === 'Timeout') this.timers.get(p)!.delete(timerKey(event));
    this.steps++;
    return this.sut.step(p, event).catch((error: unknown) => ({ error }));
  }

  end(e: ExploreEvent, answer: SutStepResult | { error: unknown }): AppliedStep {
    const { p, event } = e;
    if ('error' in answer) {
      if (answer.error instanceof DriverBroken) throw answer.error;
      const err = answer.error;
      return { violations: [{ property: 'EngineError', process: p, detail: [err instanceof Error ? err.message : String(err)] }], broadcasts: [], decided: [], coverage: [] };
    }
    const coverage: string[] = [];
    if (this.shadow !== undefined) {
      const s = this.shadow.step(p, event);
      const lock = s.before.lockedRound === -1 ? 'free' : 'locked';
      const r = Math.min(s.before.round, 3);
      for (const rule of s.fired) coverage.push(`${rule}|r${r}|${lock}|${e.origin}`);
    }
    const verdict = this.judge.step(p, event, answer);
    const before = this.proj.get(p)!;
    this.proj.set(p, answer.projection);
    const violations = this.ledger.step(p, answer.outputs, before, answer.projection);
    if (!verdict.ok) violations.push({ property: 'Judge', process: p, detail: verdict.detail });
    const broadcasts: NormalMessage[] = [];
    const decided: AppliedStep['decided'] = [];
    for (const o of answer.outputs) {
      if (o.kind === 'broadcast') broadcasts.push(o.msg);
      else if (o.kind === 'scheduleTimeout') this.timers.get(p)!.add(timerKey(o));
      else if (o.kind === 'decide') decided.push({ height: o.height, value: o.value, round: o.round, cert: o.cert });
    }
    return { violations, broadcasts, decided, coverage };
  }

  /** The judge's last word on the run (StepJudge.finish). */
  finish(): Violation[] {
    return this.judge.finish().map((x) => ({ property: 'Judge' as const, process: x.process, detail: x.detail }));
  }

  /** How many events may be in flight to the engine (its pipelining window). */
  get window(): number { return Math.max(1, this.sut.window ?? 1); }

  /** Every correct process has decided every height. */
  done(): boolean {
    return this.params.correct.every((p) => Object.keys(this.proj.get(p)!.decisions).length >= this.params.maxHeight);
  }
}
