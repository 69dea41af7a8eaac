// Replaying a whole corpus: totals, coverage of spec actions and upon-rules, and the
// negative control's kill table (mutant -> first trace and step that catches it).
import { RULES } from '../core/rules.ts';
import { coreSut } from './core-sut.ts';
import { buildMutant, type Mutant } from './mutants.ts';
import { replayTrace, type ConsensusSut, type Mismatch, type ModelTrace } from './replay.ts';

/** The spec's actions: one per event kind (Consensus.tla, Next). */
export const SPEC_ACTIONS = ['StartHeight', 'Deliver', 'Timeout', 'ProposeValue'] as const;

export interface CorpusResult {
  traces: number;
  steps: number;
  seconds: number;
  mismatches: Mismatch[];
  actions: Map<string, number>;
  rules: Map<string, number>;
}

function add(into: Map<string, number>, from: Map<string, number>): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

export async function replayCorpus(traces: readonly ModelTrace[], sut: ConsensusSut,
  onTrace?: (done: number, total: number) => void): Promise<CorpusResult> {
  const t0 = performance.now();
  const res: CorpusResult = { traces: 0, steps: 0, seconds: 0, mismatches: [], actions: new Map(), rules: new Map() };
  for (const t of traces) {
    const r = await replayTrace(t, sut);
    res.traces++;
    res.steps += r.steps;
    add(res.actions, r.actions);
    add(res.rules, r.rules);
    if (r.mismatch !== null) res.mismatches.push(r.mismatch);
    onTrace?.(res.traces, traces.length);
  }
  await sut.close();
  res.seconds = (performance.now() - t0) / 1000;
  return res;
}

export interface CoverageRow { name: string; kind: 'action' | 'event' | 'helper' | 'rule'; lines: string; steps: number }

/** One row per spec action and per handler/rule of the core, with the steps that exercised it. */
export function coverage(res: CorpusResult): CoverageRow[] {
  return [
    ...SPEC_ACTIONS.map((a): CoverageRow => ({ name: a, kind: 'action', lines: 'Consensus.tla Next', steps: res.actions.get(a) ?? 0 })),
    ...RULES.map((r): CoverageRow => ({ name: r.name, kind: r.kind, lines: r.lines, steps: res.rules.get(r.name) ?? 0 })),
  ];
}

export function formatCoverage(rows: readonly CoverageRow[]): string {
  const w = Math.max(...rows.map((r) => r.name.length));
  const covered = rows.filter((r) => r.steps > 0).length;
  return [
    `${'name'.padEnd(w)}  kind    steps  paper`,
    ...rows.map((r) => `${r.name.padEnd(w)}  ${r.kind.padEnd(6)}  ${String(r.steps).padStart(5)}  ${r.lines}${r.steps === 0 ? '  <- NOT COVERED' : ''}`),
    `covered: ${covered}/${rows.length}`,
  ].join('\n');
}

export interface KillRow { mutant: string; description: string; killedBy: Mismatch | null; tracesTried: number }

/** Replays the corpus against each mutant until one trace catches it. */
export async function killTable(traces: readonly ModelTrace[], mutants: readonly Mutant[]): Promise<KillRow[]> {
  const rows: KillRow[] = [];
  for (const m of mutants) {
    const built = await buildMutant(m);
    try {
      const sut = coreSut({ name: `mutant ${m.name}`, stepFn: built.stepFn });
      let killedBy: Mismatch | null = null;
      let tried = 0;
      for (const t of traces) {
        tried++;
        const r = await replayTrace(t, sut);
        if (r.mismatch !== null) { killedBy = r.mismatch; break; }
      }
      rows.push({ mutant: m.name, description: m.description, killedBy, tracesTried: tried });
    } finally {
      built.dispose();
    }
  }
  return rows;
}

export function formatKillTable(rows: readonly KillRow[]): string {
  const w = Math.max(...rows.map((r) => r.mutant.length));
  const killed = rows.filter((r) => r.killedBy !== null).length;
  return [
    `${'mutant'.padEnd(w)}  result    first failing trace:step (what)`,
    ...rows.map((r) => `${r.mutant.padEnd(w)}  ${r.killedBy ? 'killed  ' : 'SURVIVED'}  ${r.killedBy
      ? `${r.killedBy.source}:${r.killedBy.step} (${r.killedBy.what}, ${r.killedBy.action} ${r.killedBy.process})`
      : `(${r.tracesTried} traces replayed without a mismatch)`}`),
    `killed: ${killed}/${rows.length}`,
  ].join('\n');
}
