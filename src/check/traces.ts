// Replaying trace files in named batches (a corpus subdirectory, a fresh simulation
// batch, a path given on the command line) against one implementation, with totals,
// coverage and the section of the report. Shared by `replay` and `check`.
import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/tlc-jar.mjs';
import { corpusFiles, readTraces } from '../conformance/corpus.ts';
import { formatMismatch, replayTrace, type ConsensusSut, type ModelTrace, type ReplayResult } from '../conformance/replay.ts';
import { coverage, type CorpusResult, type KillRow } from '../conformance/suite.ts';
import type { BatchRow, Case, MutantRow, ReplaySection } from './report.ts';

export interface TraceFile { batch: string; file: string }
export interface Loaded { batch: string; trace: ModelTrace }
export interface Unreadable { batch: string; file: string; message: string }

const show = (p: string): string => relative(PROJECT_ROOT, p) || p;

/** The files under a corpus directory, batched by their first subdirectory (witness/, sim/, cover/). */
export function corpusBatches(dir: string): TraceFile[] {
  if (!existsSync(dir)) throw new Error(`trace corpus ${show(dir)} does not exist`);
  return corpusFiles(dir).map((file) => {
    const rel = relative(dir, file).split(sep);
    return { batch: rel.length > 1 ? `${show(dir)}/${rel[0]}` : show(dir), file };
  });
}

/** `--traces` arguments: a directory (every trace under it) or one file; each is a batch. */
export function pathBatches(paths: readonly string[]): TraceFile[] {
  return paths.flatMap((p) => {
    const abs = resolve(p);
    if (!existsSync(abs)) throw new Error(`--traces: ${p} does not exist`);
    if (statSync(abs).isDirectory()) {
      const files = corpusFiles(abs);
      if (files.length === 0) throw new Error(`--traces: no trace files (*.itf.json, *.itf.json.gz, or what the corpus reader accepts) under ${p}`);
      return files.map((file) => ({ batch: show(abs), file }));
    }
    return [{ batch: show(abs), file: abs }];
  });
}

export function loadTraces(files: readonly TraceFile[]): { loaded: Loaded[]; unreadable: Unreadable[] } {
  const loaded: Loaded[] = [];
  const unreadable: Unreadable[] = [];
  for (const f of files) {
    try {
      // A corpus file may hold several traces (a dumped state graph gives its whole cover).
      for (const trace of readTraces(f.file)) loaded.push({ batch: f.batch, trace });
    } catch (e) {
      unreadable.push({ batch: f.batch, file: show(f.file), message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { loaded, unreadable };
}

function add(into: Map<string, number>, from: Map<string, number>): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

export interface BatchReplay {
  section: ReplaySection; cases: Case[]; result: CorpusResult;
  /** The traces the SUT replayed without a mismatch: the only fair ground for killing mutants. */
  clean: ModelTrace[];
}

/**
 * Replays every trace in order (batches as they come), calling `onTrace` after each.
 * Unreadable files count as failures of their batch. Closes the SUT at the end.
 */
export async function replayBatches(loaded: readonly Loaded[], unreadable: readonly Unreadable[], sut: ConsensusSut,
  onTrace?: (done: number, total: number, r: ReplayResult) => void): Promise<BatchReplay> {
  const t0 = performance.now();
  const total: CorpusResult = { traces: 0, steps: 0, seconds: 0, mismatches: [], actions: new Map(), rules: new Map() };
  const clean: ModelTrace[] = [];
  const order = [...new Set([...loaded.map((l) => l.batch), ...unreadable.map((u) => u.batch)])];
  const rows = new Map<string, BatchRow & { failures: string[] }>(order.map((b) => [b, { name: b, traces: 0, steps: 0, seconds: 0, mismatches: 0, failures: [] }]));
  for (const u of unreadable) rows.get(u.batch)!.failures.push(`unreadable: ${u.message}`);
  try {
    for (const l of loaded) {
      const row = rows.get(l.batch)!;
      const s0 = performance.now();
      const r = await replayTrace(l.trace, sut);
      row.seconds += (performance.now() - s0) / 1000;
      row.traces++; row.steps += r.steps;
      total.traces++; total.steps += r.steps;
      add(total.actions, r.actions); add(total.rules, r.rules);
      if (r.mismatch !== null) { total.mismatches.push(r.mismatch); row.mismatches++; row.failures.push(formatMismatch(r.mismatch)); } else clean.push(l.trace);
      onTrace?.(total.traces, loaded.length, r);
    }
  } finally {
    await sut.close();
  }
  total.seconds = (performance.now() - t0) / 1000;
  const cov = coverage(total);
  const section: ReplaySection = {
    sut: sut.name, traces: total.traces, steps: total.steps, seconds: round(total.seconds),
    stepsPerSecond: total.seconds > 0 ? Math.round(total.steps / total.seconds) : 0,
    batches: [...rows.values()].map(({ failures: _f, ...b }) => ({ ...b, seconds: round(b.seconds) })),
    mismatches: total.mismatches.map((m) => ({ source: m.source, step: m.step, action: m.action, process: m.process, what: m.what, text: formatMismatch(m) })),
    unreadable: unreadable.map((u) => ({ file: u.file, message: u.message })),
    coverage: cov, covered: cov.filter((c) => c.steps > 0).length, coverable: cov.length,
  };
  const cases: Case[] = [...rows.values()].map((b) => ({
    name: `${b.name} (${b.traces} traces, ${b.steps} steps)`, seconds: b.seconds,
    failure: b.failures.length === 0 ? null : `${b.failures.length} failure(s) in ${b.name}: ${b.failures.join('\n')}`, error: null, skipped: null,
  }));
  return { section, cases, result: total, clean };
}

/** A kill-table row as the report has it: the killing mismatch as `trace:step (what, action process)`. */
export function mutantRow(k: KillRow): MutantRow {
  const m = k.killedBy;
  return { mutant: k.mutant, description: k.description, killed: m !== null, tracesTried: k.tracesTried,
    killedBy: m === null ? null : `${m.source}:${m.step} (${m.what}, ${m.action} ${m.process})` };
}

export const round = (x: number): number => Math.round(x * 1000) / 1000;
