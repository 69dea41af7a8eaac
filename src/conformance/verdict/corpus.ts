// A corpus judged by the paper's verdict through one implementation: per trace
// judgeTrace (trace.ts), summed into the counts the oracle reports — traces passed and
// failed, steps judged / not applicable / not reached, violations per class, legal
// choices per freedom (steps where only a reaction taking it explains the answer, and
// traces whose path took it).
import { fitTrace, type DeclaredConventions } from '../conventions.ts';
import type { ConsensusSut, ModelTrace } from '../replay.ts';
import { FREEDOMS, type Freedom } from './freedoms.ts';
import type { Violation } from './judge.ts';
import { describeLevel, type Level } from './level.ts';
import { judgeTrace, type TraceVerdict } from './trace.ts';

export interface SourcedViolation extends Violation { source: string }

export interface CorpusVerdict {
  level: Level;
  traces: number;
  sent: number;
  passed: number;
  failed: number;
  notSent: { source: string; reasons: string[] }[];
  mapped: { source: string; how: string[] }[];
  steps: { total: number; judged: number; notApplicable: number; notReached: number; resynced: number };
  notApplicable: Map<string, number>;
  violations: SourcedViolation[];
  byClass: Map<string, number>;
  freedomSteps: Map<Freedom, number>;
  freedomTraces: Map<Freedom, number>;
  /** Steps whose answer is the contract's own reaction. */
  contractSteps: number;
  /** Traces whose shadow was cut (judge.ts MAX_CANDIDATES) and reactions left out for want of a getValue answer. */
  cut: number;
  unanswered: number;
  /** Faults of the verdict itself (a trace it could not judge): any makes the run unable to give a verdict. */
  judgeErrors: { source: string; message: string }[];
  seconds: number;
}

const bump = <K>(m: Map<K, number>, k: K, by = 1): void => { m.set(k, (m.get(k) ?? 0) + by); };

export interface CorpusOptions {
  level: Level;
  firstOnly?: boolean;
  /** The conventions the implementation follows (a driver's hello); absent: every trace is sent. */
  declared?: DeclaredConventions;
  onTrace?: (i: number, t: ModelTrace, v: TraceVerdict | null) => void;
}

export async function judgeCorpus(traces: readonly ModelTrace[], sut: ConsensusSut, opts: CorpusOptions): Promise<CorpusVerdict> {
  const t0 = performance.now();
  const c: CorpusVerdict = {
    level: opts.level, traces: traces.length, sent: 0, passed: 0, failed: 0, notSent: [], mapped: [],
    steps: { total: 0, judged: 0, notApplicable: 0, notReached: 0, resynced: 0 }, notApplicable: new Map(), violations: [],
    byClass: new Map(), freedomSteps: new Map(), freedomTraces: new Map(), contractSteps: 0, cut: 0, unanswered: 0, judgeErrors: [], seconds: 0,
  };
  for (const [i, t] of traces.entries()) {
    let trace = t;
    if (opts.declared !== undefined) {
      const fit = fitTrace(opts.declared, t.params);
      if ('reasons' in fit) { c.notSent.push({ source: t.source, reasons: fit.reasons }); opts.onTrace?.(i, t, null); continue; }
      if (fit.mapped.length > 0) { c.mapped.push({ source: t.source, how: fit.mapped }); trace = { ...t, params: fit.params }; }
    }
    const v = await judgeTrace(trace, sut, { level: opts.level, ...(opts.firstOnly ? { firstOnly: true } : {}) });
    c.sent++;
    if (v.violations.length === 0) c.passed++; else c.failed++;
    c.steps.total += v.total;
    c.steps.judged += v.judged;
    c.steps.notReached += v.notReached;
    c.steps.resynced += v.resynced;
    for (const [why, n] of v.skipped) { c.steps.notApplicable += n; bump(c.notApplicable, why, n); }
    for (const x of v.violations) { c.violations.push({ ...x, source: t.source }); bump(c.byClass, x.class); }
    for (const [f, n] of v.freedoms) bump(c.freedomSteps, f, n);
    for (const f of v.taken) bump(c.freedomTraces, f);
    c.contractSteps += v.contract;
    c.cut += v.cut > 0 ? 1 : 0;
    c.unanswered += v.unanswered;
    if (v.judgeError !== null) c.judgeErrors.push({ source: t.source, message: v.judgeError });
    opts.onTrace?.(i, t, v);
  }
  c.seconds = (performance.now() - t0) / 1000;
  return c;
}

const pct = (a: number, b: number): string => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);
const list = (m: Map<string, number>): string => [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');

/** The counts as the report's lines. */
export function verdictLines(c: CorpusVerdict): string[] {
  const legal = FREEDOMS.filter((f) => c.freedomTraces.has(f.name) || c.freedomSteps.has(f.name))
    .map((f) => `${f.name} ${c.freedomTraces.get(f.name) ?? 0} traces / ${c.freedomSteps.get(f.name) ?? 0} steps`);
  return [
    `verdict by the paper (docs/contract.md "What the verdict allows"), level ${describeLevel(c.level)}`,
    `traces: ${c.sent} sent, ${c.passed} passed, ${c.failed} with violations${c.notSent.length > 0 ? `, ${c.notSent.length} not sent` : ''}${c.mapped.length > 0 ? `, ${c.mapped.length} sent mapped` : ''}`,
    `steps: ${c.steps.judged} of ${c.steps.total} judged (${pct(c.steps.judged, c.steps.total)}); ${c.steps.notApplicable} not applicable to the implementation's path${c.notApplicable.size > 0 ? ` (${list(c.notApplicable)})` : ''}; ${c.steps.notReached} not reached${c.steps.resynced > 0 ? `; ${c.steps.resynced} judged after a resync` : ''}`,
    `violations: ${c.violations.length}${c.byClass.size > 0 ? ` (${list(c.byClass)})` : ''}`,
    `legal choices: ${legal.length > 0 ? legal.join(', ') : 'none (every step is the contract\'s own reaction)'}`,
    ...c.judgeErrors.slice(0, 3).map((e) => `VERDICT FAULT in ${e.source}: ${e.message}`),
    ...(c.cut > 0 ? [`shadow cut to its bound in ${c.cut} traces: a later step there may be flagged though legal (never a bug missed)`] : []),
  ];
}

/** One violation as text a person can read: what was enabled, what was legal, what the implementation did. */
export function formatViolation(v: SourcedViolation): string {
  const out = [
    `${v.source}: step ${v.step} process ${v.process}: ${v.class}`,
    `  event: ${v.event === null ? '(end of trace)' : JSON.stringify(v.event)}`,
  ];
  if (v.enabled.length > 0) out.push(`  rules of the legal reactions: ${v.enabled.map((e) => `${e.rule} (${e.lines})`).join(', ')}`);
  v.alternatives.forEach((a, i) => out.push(`  legal reaction ${i + 1}: fired ${a.fired.join(', ')}; outputs ${JSON.stringify(a.outputs)}`));
  if (v.alternatives.length > 0) out.push(`  implementation: outputs ${JSON.stringify(v.answer.outputs)}`);
  out.push(...v.lines.map((l) => `  ${l}`));
  return out.join('\n');
}
