// Replay of one model trace against an implementation: feed each recorded event to the
// process it names, then compare that process's projection, the step's outputs (in
// order) and, when the implementation reports them, the fired rules with the model's
// next state. Every other process must be left unchanged.
import { own } from '../core/ids.ts';
import type { ConsensusEvent } from '../core/types.ts';
import { DriverBroken } from '../vectors/driver.ts';
import { diff, withoutDurations, type NormalOutput, type NormalProjection } from './normal.ts';

/** What a trace says about the validators; enough to start every process. */
export interface TraceParams {
  validators: string[];
  correct: string[];
  validValues: string[];
  maxRound: number;
  maxHeight: number;
  /** Voting power per validator; absent: power 1 each (the contract's default). */
  power?: Record<string, number>;
  /**
   * The proposer table, proposer[h - firstHeight][r], or CometBFT's proposer priority
   * over `power` (src/core/priority.ts); absent: round-robin (the default).
   */
  proposer?: string[][] | 'proposer-priority';
  /** The first height; absent: 1 (the default). Heights are firstHeight..maxHeight. */
  firstHeight?: 0;
  /** getValue() answered by a later ProposeValue event; absent: within the step (the default). */
  getValue?: 'later-event';
  /** Own messages count only once delivered back; absent: counted at once (the default). */
  ownMessages?: 'delivered-back';
}

export interface ModelStep {
  index: number;
  /** null for the initial state. */
  event: { p: string; event: ConsensusEvent } | null;
  /** The model's spec action for this step (e.g. "Deliver"), for coverage. */
  action: string;
  outputs: NormalOutput[];
  fired: string[];
  projections: Record<string, NormalProjection>;
}

export interface ModelTrace {
  source: string;
  params: TraceParams;
  steps: ModelStep[];
}

export interface SutStepResult {
  projection: NormalProjection;
  outputs: NormalOutput[];
  /** Rule names, if the implementation reports them (the reference core does). */
  fired?: string[];
}

/** An implementation under test, hosting one instance per correct process of a trace. */
export interface ConsensusSut {
  readonly name: string;
  /** Starts fresh processes for a trace; returns their initial projections. */
  reset(params: TraceParams): Promise<Record<string, NormalProjection>>;
  step(process: string, event: ConsensusEvent): Promise<SutStepResult>;
  close(): Promise<void>;
  /**
   * How many steps replay may have in flight (called before earlier ones settled), read
   * after each reset; default 1. A driver that pipelines answers in order, so results
   * still come back step by step; a SUT that cannot must leave this at 1.
   */
  readonly window?: number;
}

export interface Mismatch {
  source: string;
  step: number;
  action: string;
  process: string;
  event: ConsensusEvent | null;
  /** 'violation': a step the paper's verdict finds no legal reaction for (verdict/, lines start with its class). */
  what: 'initial' | 'projection' | 'outputs' | 'fired' | 'error' | 'violation';
  lines: string[];
}

export interface ReplayResult {
  source: string;
  steps: number;
  mismatch: Mismatch | null;
  /** Counts per spec action and per rule name, of steps replayed without mismatch. */
  actions: Map<string, number>;
  rules: Map<string, number>;
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

/**
 * Replays one trace; stops at the first mismatch, which it reports. An error of the SUT
 * is a mismatch of the trace, except DriverBroken (the SUT cannot be used at all), which
 * is thrown so that the caller stops instead of failing every later trace alike.
 */
export async function replayTrace(trace: ModelTrace, sut: ConsensusSut, opts: { compareFired?: boolean } = {}): Promise<ReplayResult> {
  const compareFired = opts.compareFired ?? true;
  const result: ReplayResult = { source: trace.source, steps: 0, mismatch: null, actions: new Map(), rules: new Map() };
  const fail = (step: ModelStep, process: string, what: Mismatch['what'], lines: string[]): ReplayResult => {
    result.mismatch = { source: trace.source, step: step.index, action: step.action, process,
      event: step.event?.event ?? null, what, lines };
    return result;
  };
  const [first, ...rest] = trace.steps;
  if (first === undefined) return result;
  let initial: Record<string, NormalProjection>;
  try {
    initial = await sut.reset(trace.params);
  } catch (e) {
    if (e instanceof DriverBroken) throw e;
    return fail(first, '*', 'error', [`reset failed: ${errorText(e)}`]);
  }
  for (const p of trace.params.correct) {
    const lines = diff(own(first.projections, p), own(initial, p), p);
    if (lines.length > 0) return fail(first, p, 'initial', lines);
  }
  // Steps are sent up to `window` ahead of the one being compared (pipelining; see
  // ConsensusSut.window); the comparison is still step by step, in order. Before
  // returning, the replay waits for the steps still in flight, so that no answer of
  // this trace arrives during the next one.
  const window = Math.max(1, sut.window ?? 1);
  const inFlight: Promise<Outcome>[] = [];
  const send = (s: ModelStep): Promise<Outcome> => (s.event === null ? Promise.resolve({ error: null })
    : sut.step(s.event.p, s.event.event).then((ok) => ({ ok }), (error: unknown) => ({ error })));
  const settle = async <T>(r: T): Promise<T> => { await Promise.all(inFlight); return r; };
  let previous = first;
  const agreed = new Map<string, { model: NormalProjection; sut: NormalProjection }>();
  for (const [i, s] of rest.entries()) {
    while (inFlight.length < Math.min(rest.length, i + window)) inFlight.push(send(rest[inFlight.length]!));
    const outcome = await inFlight[i]!;
    if (s.event === null) return settle(fail(s, '*', 'error', ['trace step has no event']));
    const { p } = s.event;
    if ('error' in outcome) {
      if (outcome.error instanceof DriverBroken) throw await settle(outcome.error);
      return settle(fail(s, p, 'error', [errorText(outcome.error)]));
    }
    const got = outcome.ok;
    // The model shares unchanged projections between states, and a SUT may return the
    // same object again (the reference core does): the same pair as the last equal one is equal.
    const same = agreed.get(p);
    if (same === undefined || same.model !== own(s.projections, p) || same.sut !== got.projection) {
      const pd = diff(own(s.projections, p), got.projection, p);
      if (pd.length > 0) return settle(fail(s, p, 'projection', pd));
      agreed.set(p, { model: own(s.projections, p)!, sut: got.projection });
    }
    const od = diff(s.outputs, withoutDurations(got.outputs), 'outputs');
    if (od.length > 0) return settle(fail(s, p, 'outputs', od));
    if (compareFired && got.fired !== undefined) {
      const fd = diff(s.fired, got.fired, 'fired');
      if (fd.length > 0) return settle(fail(s, p, 'fired', fd));
    }
    // Other processes are untouched by a step: the model must agree. (The implementation
    // of q last matched the model's q, so comparing the model with its previous state is
    // the same check; modelTraceFromTrace shares unchanged projections, so it is usually
    // one identity test.)
    for (const q of trace.params.correct) {
      if (q === p || s.projections[q] === previous.projections[q]) continue;
      const qd = diff(previous.projections[q], s.projections[q], q);
      if (qd.length > 0) return settle(fail(s, q, 'projection', [`model changed a process other than ${p}:`, ...qd]));
    }
    previous = s;
    result.steps++;
    bump(result.actions, s.action);
    for (const r of s.fired) bump(result.rules, r);
  }
  return result;
}

/** A step's result, or what it threw (null: the trace step has no event, nothing was sent). */
type Outcome = { ok: SutStepResult } | { error: unknown };

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A mismatch as text a person can read. */
export function formatMismatch(m: Mismatch): string {
  return [
    `${m.source}: step ${m.step} (${m.action}) process ${m.process}: ${m.what} differs`,
    `  event: ${m.event === null ? '(initial state)' : JSON.stringify(m.event)}`,
    ...m.lines.map((l) => `  ${l}`),
  ].join('\n');
}
