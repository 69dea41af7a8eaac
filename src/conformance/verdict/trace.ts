// One trace judged by the paper's verdict (judge.ts): its events are given to the
// implementation in order, each judged on the shadow of its process, and the replay
// goes on after a legal divergence from the trace's own path and after a violation.
// An event that no longer fits the implementation's path (ProcessJudge.applicable) is
// not sent and counted as not judged. The trace's own states are not compared: the
// model's path is one legal run; the shadow is the implementation's.
import { DriverBroken } from '../../vectors/driver.ts';
import type { CoreConfig } from '../../core/config.ts';
import { traceConfig } from '../core-sut.ts';
import { diff } from '../normal.ts';
import type { ConsensusSut, ModelStep, ModelTrace, SutStepResult } from '../replay.ts';
import type { Freedom } from './freedoms.ts';
import { ProcessJudge, type Violation } from './judge.ts';
import type { Level } from './level.ts';

export interface TraceVerdict {
  source: string;
  /** Steps of the trace (events). */
  total: number;
  /** Steps judged legal or a violation. */
  judged: number;
  /** Steps not sent: the event does not fit the implementation's path (reason -> count). */
  skipped: Map<string, number>;
  /** Steps not judged because the trace stopped (a driver error, or --first-only). */
  notReached: number;
  violations: Violation[];
  /** Legal steps per freedom they took where no reaction without it explains the answer (a step may take several). */
  freedoms: Map<Freedom, number>;
  /** The freedoms the implementation's path took in this trace (the shadow's fewest, over its processes). */
  taken: Set<Freedom>;
  /** Legal steps that took no freedom: the contract's own reaction. */
  contract: number;
  /** Steps judged after a violation resynchronized the shadow (an approximation, judge.ts). */
  resynced: number;
  /** The driver's error that stopped the trace, if any. */
  error: string | null;
  /** A fault of the verdict itself that stopped the trace (never the implementation's), if any. */
  judgeError: string | null;
  /** Per spec action and per rule name, counts of the steps judged legal (coverage). */
  actions: Map<string, number>;
  rules: Map<string, number>;
  /** Shadow cuts and reactions left out for want of a getValue() answer (judge.ts). */
  cut: number;
  unanswered: number;
}

export interface JudgeOptions {
  level: Level;
  /** Stop at the first violation (today's replay, without its strict equality). */
  firstOnly?: boolean;
}

type Outcome = { ok: SutStepResult } | { error: unknown };

// The traces of a corpus share a few parameter sets: each process's config (immutable,
// validated once by makeConfig) is built once per set.
const configs = new Map<string, CoreConfig>();
function configOf(p: string, params: ModelTrace['params'], key: string): CoreConfig {
  const k = `${p}\u0000${key}`;
  let c = configs.get(k);
  if (c === undefined) {
    if (configs.size > 1000) configs.clear();
    c = traceConfig(p, params);
    configs.set(k, c);
  }
  return c;
}

const bump = <K>(m: Map<K, number>, k: K, by = 1): void => { m.set(k, (m.get(k) ?? 0) + by); };

export async function judgeTrace(trace: ModelTrace, sut: ConsensusSut, opts: JudgeOptions): Promise<TraceVerdict> {
  const [first, ...rest] = trace.steps;
  const v: TraceVerdict = {
    source: trace.source, total: rest.length, judged: 0, skipped: new Map(), notReached: 0, violations: [], freedoms: new Map(), taken: new Set(),
    contract: 0, resynced: 0, error: null, judgeError: null, actions: new Map(), rules: new Map(), cut: 0, unanswered: 0,
  };
  if (first === undefined) return v;
  const key = JSON.stringify(trace.params);
  const judges = new Map(trace.params.correct.map((p) => [p, new ProcessJudge(p, configOf(p, trace.params, key), opts.level)]));
  const stop = (at: number, error: string | null): TraceVerdict => {
    v.notReached += rest.length - at;
    v.error = error;
    return v;
  };
  let initial;
  try {
    initial = await sut.reset(trace.params);
  } catch (e) {
    if (e instanceof DriverBroken) throw e;
    return stop(0, `reset failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (opts.level.level === 'full') {
    for (const [p, j] of judges) {
      const lines = diff(j.initialProjection(), initial[p], p);
      if (lines.length > 0) {
        v.violations.push({ step: 0, process: p, event: null, class: 'initial projection', enabled: [], alternatives: [], answer: { outputs: [] }, lines });
        if (opts.firstOnly) return stop(0, null);
      }
    }
  }
  const window = Math.max(1, sut.window ?? 1);
  const queue: { s: ModelStep; at: number; outcome: Promise<Outcome> }[] = [];
  let stopped: number | null = null;
  // Judges the oldest step in flight; sets `stopped` once the trace must stop.
  const judgeOldest = async (): Promise<void> => {
    const { s, at, outcome } = queue.shift()!;
    const o = await outcome;
    if (stopped !== null) return;
    const { p, event } = s.event!;
    if ('error' in o) {
      if (o.error instanceof DriverBroken) { await Promise.all(queue.map((q) => q.outcome)); throw o.error; }
      // The implementation could not take an event it must take: a failed step, and its
      // state is unknown, so the trace stops here.
      stopped = at;
      v.error = `step ${s.index} (${p}): ${o.error instanceof Error ? o.error.message : String(o.error)}`;
      v.violations.push({ step: s.index, process: p, event, class: 'error', enabled: [], alternatives: [], answer: { outputs: [] }, lines: [v.error] });
      return;
    }
    const j = judges.get(p)!;
    let r;
    try {
      r = j.judge(s.index, event, o.ok);
    } catch (e) {
      // A fault of the verdict itself, not of the implementation: the trace stops, and the
      // run cannot give a verdict (the oracle exits 2).
      stopped = at;
      v.judgeError = `the verdict could not judge step ${s.index} (${p}): ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    v.judged++;
    if (r.kind === 'violation') {
      v.violations.push(r.violation);
      if (opts.firstOnly) stopped = at + 1;
      return;
    }
    if (r.freedoms.length === 0) v.contract++;
    for (const f of r.freedoms) bump(v.freedoms, f);
    bump(v.actions, s.action);
    for (const name of o.ok.fired ?? s.fired) bump(v.rules, name);
  };
  for (const [at, s] of rest.entries()) {
    if (stopped !== null) break;
    if (s.event === null) { stopped = at; v.error = `trace step ${s.index} has no event`; break; }
    const { p, event } = s.event;
    const j = judges.get(p);
    if (j === undefined) { stopped = at; v.error = `trace step ${s.index} names ${p}, not a correct process`; break; }
    if (ProcessJudge.shadowDependent(p, event)) {
      while (queue.length > 0 && stopped === null) await judgeOldest();
      if (stopped !== null) break;
      const why = j.applicable(event);
      if (why !== null) { bump(v.skipped, why.replace(/\(\d+, \d+\)/, '(h, r)').replace(/height \d+/, 'height h')); continue; }
    }
    queue.push({ s, at, outcome: sut.step(p, event).then((ok) => ({ ok }), (error: unknown) => ({ error })) });
    while (queue.length >= window && stopped === null) await judgeOldest();
  }
  while (queue.length > 0) await judgeOldest();
  for (const j of judges.values()) {
    for (const f of j.taken()) v.taken.add(f);
    v.resynced += j.resynced;
    v.cut += j.cut;
    v.unanswered += j.unanswered;
  }
  v.notReached = rest.length - v.judged - [...v.skipped.values()].reduce((a, b) => a + b, 0);
  // Completeness of evidence is judged at the end of a trace replayed to its end.
  if (stopped === null) for (const j of judges.values()) v.violations.push(...j.finish(rest.length));
  return v;
}
