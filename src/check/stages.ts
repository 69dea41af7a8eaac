// The real stages of `check`. Each returns its status, a one-line summary, its JUnit
// cases and its section of the report; `runCheck` (run.ts) takes them as injectable
// dependencies so that tests can use fakes.
import { relative } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/tlc-jar.mjs';
import { coreSut } from '../conformance/core-sut.ts';
import { makeTemp } from '../proc/lifetime.ts';
import { MUTANTS } from '../conformance/mutants.ts';
import { killTable, type KillRow } from '../conformance/suite.ts';
import { MISMATCH_LINES, runOracle, type OracleOptions, type OracleResult } from '../cli/oracle.ts';
import { simulateTraces } from '../tlc/generate.ts';
import { findModel, loadModels } from '../tlc/models.ts';
import type { Progress } from '../tlc/report.ts';
import { concurrency, etaText, runModels } from '../tlc/batch.ts';
import { compareRecorded } from '../tlc/runner.ts';
import { writeRunPages } from '../show/page.ts';
import { checkFile } from '../vectors/check.ts';
import { listVectorFiles, loadVectorFile } from '../vectors/format.ts';
import { referenceImpl } from '../vectors/reference.ts';
import type { Display } from './display.ts';
import type { Case, CheckOptions, ModelRow, Sections, StageName, StageStatus } from './report.ts';
import type { ModelTrace } from '../conformance/replay.ts';
import { corpusBatches, loadTraces, mutantRow, replayBatches, round, type TraceFile } from './traces.ts';

export interface StageContext {
  opts: CheckOptions;
  display: Display;
  /** Written by the traces stage: the fresh simulation batch. */
  fresh: TraceFile[];
  /** Written by the replay stage: the traces (corpus + fresh) the core replayed without a mismatch, for the mutants. */
  traces: ModelTrace[];
  /** Temporary directories made by the stages, removed when the run ends. */
  temp: string[];
  /** Where the tlc stage writes a diagram of each violation TLC reports (docs/show.md); none when absent. */
  htmlDir?: string;
}

export interface StageOutput<K extends StageName> { status: StageStatus; summary: string; cases: Case[]; section: Sections[K] | null }
export type Stage<K extends StageName> = (ctx: StageContext) => Promise<StageOutput<K>>;
export type CheckDeps = { [K in StageName]: Stage<K> };

const n = (x: number | null): string => (x === null ? '?' : x.toLocaleString('en-US'));
const progressText = (name: string, p: Progress): string =>
  `${name}: ${p.distinct === null ? '' : `${n(p.distinct)} distinct, `}${n(p.generated)} generated`;
const status = (ok: boolean): StageStatus => (ok ? 'pass' : 'fail');

export const tlcStage: Stage<'tlc'> = async (ctx) => {
  const file = loadModels(ctx.opts.modelsFile);
  const ci = file.models.filter((m) => m.ci);
  const modelsFile = relative(PROJECT_ROOT, file.path);
  if (ci.length === 0) return { status: 'skip', summary: `no entry of ${modelsFile} has "ci": true`, cases: [], section: { modelsFile, models: [] } };
  const lanes = concurrency(ci, undefined);
  const opts = ctx.opts;
  ctx.display.log(`${ci.length} models, ${lanes} at a time${opts.cache ? '' : ', cache off (--no-cache)'}; ${etaText(ci, lanes) || 'no recorded times'}`);
  const results = await runModels(ci, lanes, {
    onStart: (entry, i, eta) => ctx.display.progress(`${entry.name} (${i + 1}/${ci.length})${eta === '' ? '' : `, ${eta}`}`),
    options: (entry) => ({ cache: opts.cache ? 'read' : 'off', jvmArgs: opts.jvmArgs, tlcArgs: opts.tlcArgs,
      onProgress: (p) => ctx.display.progress(progressText(entry.name, p)) }),
    onDone: (entry, _i, r) => {
      const problem = compareRecorded(entry, r) ?? null;
      const pages = ctx.htmlDir === undefined ? [] : writeRunPages(ctx.htmlDir, entry.name, r.outcome, r.trace, r.counterexamples, `hybrid-bft check (tlc ${entry.name})`);
      for (const page of pages) ctx.display.log(page);
      ctx.display.log(`${problem === null ? 'ok  ' : 'FAIL'} ${entry.name}: ${r.outcome} (expected ${entry.expected}), ${n(r.distinct)} distinct states${r.cached ? ', cached' : ''}${problem === null ? '' : `: ${problem}`}`);
    },
  });
  const models: ModelRow[] = [];
  const cases: Case[] = [];
  for (const [i, entry] of ci.entries()) {
    const r = results[i]!;
    const problem = compareRecorded(entry, r) ?? null;
    models.push({ name: entry.name, mode: entry.mode, expected: entry.expected, outcome: r.outcome, ok: problem === null,
      distinct: r.distinct, recordedDistinct: entry.recorded?.distinctStates ?? null, generated: r.generated, depth: r.depth, seconds: r.seconds, problem, cached: r.cached });
    cases.push({ name: `${entry.name}${r.cached ? ' (cached)' : ''}`, seconds: r.cached ? 0 : r.seconds, failure: problem, error: null, skipped: null });
  }
  const good = models.filter((m) => m.ok).length;
  const cached = models.filter((m) => m.cached).length;
  return { status: status(good === models.length), summary: `${good}/${models.length} models as expected, ${n(models.reduce((s, m) => s + (m.distinct ?? 0), 0))} distinct states${cached === 0 ? '' : `, ${cached} cached`}`, cases, section: { modelsFile, models } };
};

export const tracesStage: Stage<'traces'> = async (ctx) => {
  const { sim: num, seed, simModel } = ctx.opts;
  const file = loadModels(ctx.opts.modelsFile);
  const entry = findModel(file, simModel);
  // Removed when the run ends (and on any exit, src/proc/lifetime.ts); the seed regenerates the batch.
  const outDir = makeTemp(`hybrid-bft-check-sim-${seed}-`);
  ctx.temp.push(outDir);
  ctx.display.log(`simulating ${num} behaviours of ${simModel} with seed ${seed} into ${outDir}`);
  const t0 = performance.now();
  const g = await simulateTraces(file, entry, { outDir, num, seed, command: `hybrid-bft check --sim ${num} --seed ${seed}`,
    jvmArgs: ctx.opts.jvmArgs, tlcArgs: ctx.opts.tlcArgs,
    onProgress: (p) => ctx.display.progress(progressText(simModel, p)) });
  const seconds = round((performance.now() - t0) / 1000);
  ctx.fresh = g.files.map((f) => ({ batch: `fresh ${simModel} seed ${seed}`, file: f }));
  const failure = g.problem === undefined ? null : g.problem;
  return {
    status: status(failure === null),
    summary: `${g.files.length} trace${g.files.length === 1 ? '' : 's'} from ${simModel}, seed ${seed}${failure === null ? '' : ` (${num} asked for): ${failure}`}`,
    cases: [{ name: `${simModel} seed ${seed} (${g.files.length} traces)`, seconds, failure, error: null, skipped: null }],
    section: { model: simModel, seed, requested: num, depth: entry.simulate?.depth ?? null, outDir, files: g.files, seconds, problem: failure },
  };
};

export const replayStage: Stage<'replay'> = async (ctx) => {
  const { loaded, unreadable } = loadTraces([...corpusBatches(ctx.opts.corpus), ...ctx.fresh]);
  const r = await replayBatches(loaded, unreadable, coreSut(), (done, total) => ctx.display.progress(`trace ${done}/${total}`));
  ctx.traces = r.clean;
  for (const m of r.section.mismatches.slice(0, MISMATCH_LINES)) ctx.display.log(m.text);
  if (r.section.mismatches.length > MISMATCH_LINES) ctx.display.log(`(${r.section.mismatches.length - MISMATCH_LINES} more mismatches; all are in the report)`);
  for (const u of r.section.unreadable) ctx.display.log(`unreadable: ${u.message}`);
  const s = r.section;
  const uncovered = s.coverage.filter((c) => c.steps === 0).map((c) => c.name);
  return {
    status: status(s.mismatches.length === 0 && s.unreadable.length === 0 && s.traces > 0),
    summary: `${s.traces} traces, ${s.steps} steps, ${s.stepsPerSecond} steps/s, ${s.mismatches.length} mismatches${s.unreadable.length === 0 ? '' : `, ${s.unreadable.length} unreadable files`}, coverage ${s.covered}/${s.coverable}${uncovered.length === 0 ? '' : ` (not covered: ${uncovered.join(', ')})`}`,
    cases: r.cases, section: s,
  };
};

export const mutantsStage: Stage<'mutants'> = async (ctx) => {
  // Only traces the reference core passes: a trace that fails on the core kills anything.
  if (ctx.traces.length === 0) throw new Error('no trace replayed cleanly against the core, so no mutant can be killed');
  const traces = ctx.traces;
  const cases: Case[] = [];
  const rows: Sections['mutants']['mutants'] = [];
  for (const [i, m] of MUTANTS.entries()) {
    ctx.display.progress(`${m.name} (${i + 1}/${MUTANTS.length})`);
    const t0 = performance.now();
    const row = mutantRow((await killTable(traces, [m]))[0] as KillRow);
    rows.push(row);
    cases.push({ name: m.name, seconds: (performance.now() - t0) / 1000, error: null, skipped: null,
      failure: row.killed ? null : `mutant ${m.name} survived: ${m.description}; ${row.tracesTried} traces replayed without a mismatch` });
  }
  const killed = rows.filter((r) => r.killed).length;
  return { status: status(killed === rows.length), summary: `${killed}/${rows.length} mutants killed`, cases, section: { killed, total: rows.length, mutants: rows } };
};

export const vectorsStage: Stage<'vectors'> = async (ctx) => {
  const paths = listVectorFiles();
  if (paths.length === 0) throw new Error('no vector files in conformance/vectors/');
  const cases: Case[] = [];
  const files: Sections['vectors']['files'] = [];
  for (const [i, p] of paths.entries()) {
    const f = loadVectorFile(p);
    ctx.display.progress(`${f.name} (${i + 1}/${paths.length})`);
    const t0 = performance.now();
    const rows = await checkFile(referenceImpl, f);
    const bad = rows.filter((r) => !r.pass);
    files.push({ file: f.name, passed: rows.length - bad.length, failed: bad.length });
    cases.push({ name: f.name, seconds: (performance.now() - t0) / 1000, error: null, skipped: null,
      failure: bad.length === 0 ? null : bad.map((r) => `${r.case}: expected ${r.expected}, got ${r.got}`).join('\n') });
  }
  const passed = files.reduce((s, f) => s + f.passed, 0);
  const failed = files.reduce((s, f) => s + f.failed, 0);
  return { status: status(failed === 0), summary: `${passed}/${passed + failed} vectors passed in ${files.length} files`, cases,
    section: { implementation: referenceImpl.name, passed, failed, total: passed + failed, files } };
};

/**
 * The oracle (src/cli/oracle.ts) against `--driver`: the corpus and the fresh batch
 * replayed through the driver, and the vectors through a second driver process.
 * `oracle` and `extra` are parameters so that a test can limit the vector files.
 */
export function oracleStage(oracle: (o: OracleOptions) => Promise<OracleResult> = runOracle, extra: Partial<OracleOptions> = {}): Stage<'driver'> {
  return async (ctx) => {
    const command = ctx.opts.driver;
    if (command === null) throw new Error('the driver stage needs --driver');
    const t0 = performance.now();
    const r = await oracle({ driver: command, traces: [ctx.opts.corpus, ...ctx.fresh.map((f) => f.file)], vectors: true, display: ctx.display,
      timeoutMs: ctx.opts.timeoutMs, ...extra });
    const section: Sections['driver'] = {
      command, implementation: r.implementation, ok: r.ok, traces: r.traces, steps: r.steps, seconds: round(r.seconds),
      mismatches: r.mismatches.length, unreadable: r.unreadable.length,
      vectorsPassed: r.vectors?.passed ?? null, vectorsFailed: r.vectors?.failed ?? null, summary: r.summary,
    };
    const figures = r.broken !== null ? `driver cannot be used: ${r.broken}` : `${r.implementation}: ${r.traces} traces, ${r.steps} steps, ${r.mismatches.length} ${r.verdict !== null ? 'violations of the paper\'s verdict' : 'mismatches'}`
      + `${r.unreadable.length === 0 ? '' : `, ${r.unreadable.length} unreadable files`}`
      + `${r.vectors === null ? '' : `; vectors ${r.vectors.passed}/${r.vectors.passed + r.vectors.failed} passed`}`;
    return { status: status(r.ok), summary: figures, section,
      cases: [{ name: `oracle: ${command}`, seconds: (performance.now() - t0) / 1000, failure: r.ok ? null : r.summary, error: null, skipped: null }] };
  };
}

export const driverStage: Stage<'driver'> = oracleStage();

export const REAL_STAGES: CheckDeps = {
  tlc: tlcStage, traces: tracesStage, replay: replayStage, mutants: mutantsStage, vectors: vectorsStage, driver: driverStage,
};
