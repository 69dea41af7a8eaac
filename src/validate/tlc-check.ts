// Asks TLC whether recordings are behaviours of spec/Consensus.tla: writes the batch
// module next to copies of Consensus.tla and TraceConsensus.tla in a temporary
// directory, runs TLC (src/tlc/runner.ts), and turns its answer into a verdict per
// recording. A recording TLC cannot follow to its end is reported with the first step
// it could not match: the event, and each field where the model's step differs.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, ensureTlc, requireJava } from '../../scripts/tlc-jar.mjs';
import { toJs } from '../conformance/model-trace.ts';
import { diff } from '../conformance/normal.ts';
import { parseValue } from '../tlc/value.ts';
import { countBefore, LOCALE_JVM_ARGS, TlcNumberError } from '../tlc/numbers.ts';
import { batchModule, type Verdict } from './tla-module.ts';
import type { ModelStepRecord, Recording } from './recording.ts';

export interface Rejection {
  recording: string;
  /** 1-based index of the step TLC could not match, among the recording's steps. */
  step: number;
  recorded: ModelStepRecord;
  /** One line per differing field (or why the model could not take the step at all). */
  lines: string[];
}

export interface BatchVerdict {
  /** Recordings TLC accepted completely. */
  accepted: string[];
  /** The first rejected recording (TLC stops at the first); the rest of the batch is then unknown. */
  rejected: Rejection | null;
  /** Recordings not decided because TLC stopped at a rejection. */
  undecided: string[];
  /** TLC's error when it could not run the batch at all. */
  error: string | null;
  seconds: number;
  distinctStates: number | null;
}

type Js = ReturnType<typeof toJs>;

function explain(recorded: ModelStepRecord, model: Js, maxHeight: number): string[] {
  const m = model as { enabled?: string; outputs?: Js; fired?: Js; proj?: { decisions?: Js } & Record<string, Js> };
  const lines: string[] = [];
  if (m.enabled !== undefined && m.enabled !== 'yes') lines.push(`the model cannot take this step: ${m.enabled}`);
  const decisions: Record<string, Js> = {};
  for (let h = 1; h <= maxHeight; h++) {
    const d = recorded.proj.decisions[String(h)];
    decisions[String(h)] = d === undefined ? { cert: [], round: -1, value: 'none' } : { cert: d.cert, round: d.round, value: d.value };
  }
  const expectedProj = { ...recorded.proj, decisions };
  const recordedJs = JSON.parse(JSON.stringify({ outputs: recorded.outputs, fired: recorded.fired, proj: expectedProj })) as Js;
  const modelJs = { outputs: m.outputs ?? [], fired: m.fired ?? [], proj: m.proj ?? {} };
  // diff(expected, actual): expected = what the model does, actual = what was recorded.
  lines.push(...diff(normalizeDecisions(modelJs), recordedJs).map((l) => l.replace(': expected ', ': model ').replace(', got ', ', recorded ')));
  if (lines.length === 0) lines.push('the model takes this step only with another getValue() answer (event.value)');
  return lines;
}

/** TLC prints a function over 1..n as a sequence; the recording keys decisions by height. */
function normalizeDecisions(x: { outputs: Js; fired: Js; proj: Js }): Js {
  const proj = x.proj as Record<string, Js>;
  const d = proj.decisions;
  if (Array.isArray(d)) proj.decisions = Object.fromEntries(d.map((v, k) => [String(k + 1), v]));
  return x as unknown as Js;
}

interface TlcRun { exit: string; stdout: string; seconds: number }

/** Runs TLC (deadlocks not reported: see TraceConsensus.tla) on `module` in `dir`. */
async function runTlc(dir: string, module: string, cfg: string, workers: number): Promise<TlcRun> {
  const java = requireJava();
  const jar = ensureTlc();
  const t0 = Date.now();
  const child = spawn(java, ['-XX:+UseParallelGC', `-Djava.io.tmpdir=${dir}`, ...LOCALE_JVM_ARGS, '-cp', jar, 'tlc2.TLC', '-deadlock',
    '-workers', String(workers), '-metadir', join(dir, 'meta'), '-config', cfg, module], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d: string) => { stdout += d; });
  child.stderr.on('data', (d: string) => { stdout += d; });
  const kill = (): void => { child.kill('SIGKILL'); };
  process.once('exit', kill);
  const exit = await new Promise<string>((res) => {
    child.on('error', (e) => res(`could not start java: ${e.message}`));
    child.on('close', (code, signal) => res(signal !== null ? `killed by ${signal}` : `exit ${code}`));
  }).finally(() => process.removeListener('exit', kill));
  return { exit, stdout, seconds: (Date.now() - t0) / 1000 };
}

/** The balanced <<...>> starting at `from` in `text`. */
function tupleAt(text: string, from: number): string {
  let depth = 0;
  let inStr = false;
  for (let j = from; j < text.length; j++) {
    const c = text[j]!;
    if (inStr) { if (c === '\\') j++; else if (c === '"') inStr = false; continue; }
    if (c === '"') inStr = true;
    else if (text.startsWith('<<', j)) { depth++; j++; }
    else if (text.startsWith('>>', j)) { depth--; j++; if (depth === 0) return text.slice(from, j + 1); }
  }
  throw new Error('TLC output ends inside a value');
}

function tlcError(out: string): string {
  const lines = out.split('\n').filter((l) => /Error|error|Exception|Semantic|expected/i.test(l));
  return lines.slice(0, 6).join(' | ') || out.split('\n').slice(-5).join(' | ');
}

async function inDir<T>(recs: readonly Recording[], next: 'TraceNext' | 'TraceNextDiagnose', verdict: Verdict,
  f: (dir: string, batch: ReturnType<typeof batchModule>) => Promise<T>): Promise<T> {
  const batch = batchModule(recs, next, verdict);
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-validate-'));
  try {
    for (const file of ['Consensus.tla', 'ConsensusAny.tla', 'TraceConsensus.tla']) copyFileSync(join(PROJECT_ROOT, 'spec', file), join(dir, file));
    writeFileSync(join(dir, batch.module), batch.moduleText);
    writeFileSync(join(dir, batch.cfg), batch.cfgText);
    return await f(dir, batch);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rejection TLC printed for the step furthest into the recording (see checkBatch). */
function lastRejection(stdout: string): Js[] | null {
  let best: Js[] | null = null;
  for (const m of stdout.matchAll(/<<\s*"rejected"/g)) {
    const v = toJs(parseValue(tupleAt(stdout, m.index), 'TLC diagnosis')) as Js[];
    if (best === null || Number(v[2]) > Number(best[2])) best = v;
  }
  return best;
}

/**
 * Runs TLC once on a batch of recordings with the same validators (batchKey), then,
 * for the first recording it did not accept, once more on that recording alone to
 * find the step and the differences. `verdict` (default "contract"): which reactions a
 * step may be (tla-module.ts). Under "paper" a state of the trace may have several
 * successors that match, so TLC may print a rejection for a path that another path
 * outlives: the recording's rejected step is the furthest one printed (under
 * "contract" there is one path, and one rejection).
 */
export async function checkBatch(recs: readonly Recording[], opts: { workers?: number; verdict?: Verdict } = {}): Promise<BatchVerdict> {
  const workers = opts.workers ?? 1;
  const verdict = opts.verdict ?? 'contract';
  const first = await inDir(recs, 'TraceNext', verdict, async (dir, b) => runTlc(dir, 'TraceConsensus.tla', b.cfg, workers));
  let distinctStates: number | null = null;
  try {
    // The last report's count: TLC's final statistics (2199) come after its progress reports.
    const counts = [...first.stdout.matchAll(/^.*distinct states found.*$/gm)].map((m) => countBefore(m[0], 'distinct states found'));
    distinctStates = counts.at(-1) ?? null;
  } catch (e) {
    if (!(e instanceof TlcNumberError)) throw e;
    return { seconds: first.seconds, distinctStates: null, accepted: [], rejected: null, undecided: recs.map((r) => r.name), error: e.message };
  }
  const base = { seconds: first.seconds, distinctStates };
  if (!/No error has been found/.test(first.stdout))
    return { ...base, accepted: [], rejected: null, undecided: recs.map((r) => r.name), error: `TLC (${first.exit}): ${tlcError(first.stdout)}` };
  const ok = new Set([...first.stdout.matchAll(/<<\s*"accepted",\s*(\d+)\s*>>/g)].map((m) => Number(m[1])));
  const accepted = recs.filter((_, k) => ok.has(k + 1)).map((r) => r.name);
  const bad = recs.find((_, k) => !ok.has(k + 1));
  if (bad === undefined) return { ...base, accepted, rejected: null, undecided: [], error: null };
  const undecided = recs.filter((r) => r !== bad && !accepted.includes(r.name)).map((r) => r.name);
  const second = await inDir([bad], 'TraceNextDiagnose', verdict, async (dir, b) => ({ run: await runTlc(dir, 'TraceConsensus.tla', b.cfg, workers), maxHeight: b.maxHeight }));
  const v = lastRejection(second.run.stdout);
  if (v === null) return { ...base, accepted, undecided, rejected: { recording: bad.name, step: 0, recorded: bad.steps[0]!, lines: [`TLC did not accept the recording, and the diagnosis run found no stuck step: ${tlcError(second.run.stdout)}`] }, error: null };
  const step = Number(v[2]);
  const recorded = bad.steps[step - 1]!;
  return { ...base, accepted, undecided, error: null, rejected: { recording: bad.name, step, recorded, lines: explain(recorded, v[3]!, second.maxHeight) } };
}

/** A rejection as text a person can read. */
export function formatRejection(r: Rejection): string {
  return [
    `${r.recording}: step ${r.step} (process ${r.recorded.p}, recorded at ${r.recorded.at} virtual ms) is not a step of the model`,
    `  event: ${JSON.stringify(r.recorded.event)}`,
    ...r.lines.map((l) => `  ${l}`),
  ].join('\n');
}
