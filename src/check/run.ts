// The orchestration of `check`: the stages in order, each timed and caught (a throwing
// stage is a failed stage, and the later ones still run), then the report, the JUnit
// file (each written whole, src/check/outputs.ts) and the summary table, which is
// printed even when writing a file fails. Exit code 0 only when no stage failed; 2 when
// an output could not be written.
import { removeTemp } from '../proc/lifetime.ts';
import { dirname, join } from 'node:path';
import { HTML_DIR } from '../show/page.ts';
import { silentDisplay, type Display } from './display.ts';
import { junitXml } from './junit.ts';
import { writeAtomic } from '../proc/atomic.ts';
import { formatSummary, REPORT_FORMAT, STAGES, type CheckOptions, type Report, type Sections, type StageName, type StageRow } from './report.ts';
import { round } from './traces.ts';
import { REAL_STAGES, type CheckDeps, type StageContext, type StageOutput } from './stages.ts';

export interface RunCheckInput {
  opts: CheckOptions;
  deps?: Partial<CheckDeps>;
  display?: Display;
  /** Where to write the report and the JUnit XML (null: not written). */
  reportPath: string | null;
  junitPath: string | null;
  /** Receives the summary table (default: stdout). */
  print?: (text: string) => void;
}

function skipReason(name: StageName, o: CheckOptions): string | null {
  if (o.skip.includes(name)) return `--skip ${name}`;
  switch (name) {
    case 'tlc': case 'traces': return o.skipTlc ? '--skip-tlc' : null;
    case 'driver': return o.driver === null ? 'no --driver' : null;
    case 'replay': case 'mutants': case 'vectors': return null;
  }
}

async function runStage<K extends StageName>(name: K, stage: (ctx: StageContext) => Promise<StageOutput<K>>, ctx: StageContext): Promise<{ row: StageRow; section: Sections[K] | null }> {
  const reason = skipReason(name, ctx.opts);
  if (reason !== null) {
    return { row: { name, status: 'skip', seconds: 0, summary: `skipped (${reason})`, cases: [{ name: `${name} stage`, seconds: 0, failure: null, error: null, skipped: reason }] }, section: null };
  }
  ctx.display.stageStart(name);
  const t0 = performance.now();
  let out: StageOutput<K>;
  try {
    out = await stage(ctx);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    ctx.display.log(`${name}: error: ${msg}`);
    out = { status: 'fail', summary: `error: ${msg}`, section: null, cases: [{ name: `${name} stage`, seconds: 0, failure: null, error: msg, skipped: null }] };
  }
  const seconds = round((performance.now() - t0) / 1000);
  ctx.display.log(`${name}: ${out.status === 'pass' ? 'ok' : out.status === 'fail' ? 'FAIL' : 'skipped'}: ${out.summary}`);
  const cases = out.cases.map((c) => ({ ...c, seconds: round(c.seconds) }));
  return { row: { name, status: out.status, seconds, summary: out.summary, cases }, section: out.section };
}

export async function runCheck(input: RunCheckInput): Promise<{ report: Report; exitCode: number }> {
  const deps: CheckDeps = { ...REAL_STAGES, ...input.deps };
  const display = input.display ?? silentDisplay;
  const ctx: StageContext = { opts: input.opts, display, fresh: [], traces: [], temp: [] };
  // The diagrams of TLC's violations go next to the JUnit file.
  if (input.junitPath !== null) ctx.htmlDir = join(dirname(input.junitPath), HTML_DIR);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const report: Report = {
    format: REPORT_FORMAT, ok: false, startedAt, seconds: 0, options: input.opts, stages: [],
    tlc: null, traces: null, replay: null, mutants: null, vectors: null, driver: null,
  };
  try {
    for (const name of STAGES) {
      // One call per stage keeps each section typed by its own stage.
      switch (name) {
        case 'tlc': { const r = await runStage(name, deps.tlc, ctx); report.stages.push(r.row); report.tlc = r.section; break; }
        case 'traces': { const r = await runStage(name, deps.traces, ctx); report.stages.push(r.row); report.traces = r.section; break; }
        case 'replay': { const r = await runStage(name, deps.replay, ctx); report.stages.push(r.row); report.replay = r.section; break; }
        case 'mutants': { const r = await runStage(name, deps.mutants, ctx); report.stages.push(r.row); report.mutants = r.section; break; }
        case 'vectors': { const r = await runStage(name, deps.vectors, ctx); report.stages.push(r.row); report.vectors = r.section; break; }
        case 'driver': { const r = await runStage(name, deps.driver, ctx); report.stages.push(r.row); report.driver = r.section; break; }
      }
    }
  } finally {
    display.stop();
    for (const dir of ctx.temp) removeTemp(dir);
  }
  report.seconds = round((performance.now() - t0) / 1000);
  report.ok = report.stages.every((s) => s.status !== 'fail');
  const print = input.print ?? ((t: string) => console.log(t));
  const unwritten: string[] = [];
  for (const [path, text] of [[input.reportPath, () => `${JSON.stringify(report, null, 1)}\n`], [input.junitPath, () => junitXml(report)]] as const) {
    if (path === null) continue;
    try {
      writeAtomic(path, text());
    } catch (e) {
      unwritten.push(`could not write ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the results above are not saved`);
    }
  }
  print(formatSummary(report));
  for (const u of unwritten) print(`check: ${u}`);
  return { report, exitCode: unwritten.length > 0 ? 2 : report.ok ? 0 : 1 };
}
