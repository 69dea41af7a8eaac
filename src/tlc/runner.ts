// Running SANY and TLC on one models.json entry and judging the outcome against what
// the entry expects. TLC runs with -tool (machine-readable messages, see report.ts)
// and a throw-away -metadir, so a run leaves nothing in spec/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ensureTlc, requireJava } from '../../scripts/tlc-jar.mjs';
import { assertNever } from '../core/types.ts';
import { makeTemp, removeTemp, spawnTracked } from '../proc/lifetime.ts';
import { readVerdict, verdictKey, writeVerdict, type CacheMode } from './cache.ts';
import { cfgNames } from './cfg.ts';
import { ToolSplitter } from './messages.ts';
import type { ModelEntry } from './models.ts';
import { LOCALE_JVM_ARGS } from './numbers.ts';
import { checkTlcArgs } from './options.ts';
import { ToolReducer, type Outcome, type Progress } from './report.ts';
import { sanyError } from './sany.ts';
import type { Trace } from './trace.ts';

export interface RunOptions {
  /** Overrides the entry's workers. */
  workers?: number;
  /** Simulation only: overrides the entry's num/depth/seed. */
  num?: number;
  depth?: number;
  seed?: number;
  /** Simulation only: write each behaviour to PREFIX_<worker>_<i> (TLC's file=). */
  simulateFile?: string;
  /** Write the state graph with action labels here (-dump dot,actionlabels). */
  dumpDot?: string;
  onProgress?: (p: Progress) => void;
  /** The verdict cache (src/tlc/cache.ts): 'read' uses and stores, 'refresh' only stores; default 'off'. */
  cache?: CacheMode;
  /** Where the verdicts are (default .cache/tlc-verdicts/). */
  cacheDir?: string;
  /**
   * JVM options before TLC's class (e.g. -Xmx8g), and TLC options before the module
   * (e.g. -fpmem 0.5, -coverage 1, -checkpoint 10, -recover DIR, -continue): only those
   * src/tlc/options.ts passes; any other gives an error result naming it.
   */
  jvmArgs?: readonly string[];
  tlcArgs?: readonly string[];
  /** Keep TLC's state directory here (needed for -checkpoint / -recover) instead of a removed temporary one. */
  metadir?: string;
}

export interface ModelResult {
  name: string;
  expected: string;
  /** "holds", the violated invariant/property, "deadlock", "parse error" or "error". */
  outcome: string;
  /** The outcome as TLC reported it (what `outcome` names). */
  verdict: Outcome;
  ok: boolean;
  /** Why it is not ok, in one paragraph (SANY's or TLC's message); undefined when ok. */
  detail: string | undefined;
  mode: 'exhaustive' | 'simulate';
  distinct: number | null;
  generated: number | null;
  depth: number | null;
  seconds: number;
  workers: number;
  seed: string | undefined;
  tlcVersion: string | undefined;
  /** The error trace, when TLC printed one (the first counterexample's). */
  trace: Trace | undefined;
  /**
   * Every counterexample TLC reported, in its order: one at most, unless TLC ran with
   * -continue. `ok` holds only when each of them is the expected outcome.
   */
  counterexamples: RunCounterexample[];
  /** The verdict and figures came from the cache; `seconds` is then the time of the run that stored them. */
  cached: boolean;
}

/** One counterexample of a run: what it violates (named as ModelResult.outcome) and its trace. */
export interface RunCounterexample {
  outcome: string;
  verdict: Outcome;
  trace: Trace | undefined;
}

export function outcomeName(o: Outcome): string {
  switch (o.kind) {
    case 'holds': return 'holds';
    case 'invariant': return o.name;
    case 'property': return o.name ?? 'temporal property (unnamed)';
    case 'deadlock': return 'deadlock';
    case 'parse-error': return 'parse error';
    case 'error': return 'error';
    default: return assertNever(o);
  }
}

/** Does the outcome match `expected`, and if not, why not (one paragraph). */
export function judge(expected: string, o: Outcome): { ok: boolean; detail: string | undefined } {
  switch (o.kind) {
    case 'holds':
      return expected === 'holds' ? { ok: true, detail: undefined }
        : { ok: false, detail: `expected ${expected} to be reported violated, but TLC found no violation (a mutant not caught)` };
    case 'invariant': case 'property': {
      const what = o.kind === 'invariant' ? 'invariant' : 'property';
      if (o.name === expected) return { ok: true, detail: undefined };
      return { ok: false, detail: expected === 'holds' ? `${what} ${o.name ?? '(unnamed temporal)'} is violated` : `expected ${expected} to be violated, but TLC reported ${what} ${o.name ?? '(unnamed temporal)'}` };
    }
    case 'deadlock':
      return expected === 'deadlock' ? { ok: true, detail: undefined } : { ok: false, detail: 'TLC reached a deadlock (a state with no successor)' };
    case 'parse-error': return { ok: false, detail: o.message };
    case 'error': return { ok: false, detail: o.message };
    default: return assertNever(o);
  }
}

/**
 * Does a run with these counterexamples (-continue: several) meet `expected`: each one
 * must be the expected violation. With one or none this is judge() of the outcome.
 */
export function judgeAll(expected: string, outcome: Outcome, cxs: readonly RunCounterexample[]): { ok: boolean; detail: string | undefined } {
  const first = judge(expected, outcome);
  if (cxs.length <= 1 || !first.ok) return first;
  const other = cxs.findIndex((c) => !judge(expected, c.verdict).ok);
  if (other < 0) return first;
  const others = cxs.filter((c) => !judge(expected, c.verdict).ok).length;
  return { ok: false, detail: `expected each counterexample to violate ${expected}, but ${others} of the ${cxs.length} TLC reported do not (the first is counterexample ${other + 1}: ${cxs[other]!.outcome})` };
}

/** Runs SANY on a module; returns its error message, or undefined when it parses. */
export function runSany(java: string, jar: string, modulePath: string, tmp: string): string | undefined {
  const r = spawnSync(java, [`-Djava.io.tmpdir=${tmp}`, ...LOCALE_JVM_ARGS, '-cp', jar, 'tla2sany.SANY', basename(modulePath)], { cwd: dirname(modulePath), encoding: 'utf8' });
  if (r.error) return `could not run SANY: ${r.error.message}`;
  const lines = `${r.stdout}\n${r.stderr}`.split('\n');
  const err = sanyError(lines);
  if (err !== undefined) return err;
  if (r.status !== 0) return `SANY exited with status ${r.status}: ${lines.filter((l) => l.trim() !== '').slice(-3).join(' | ')}`;
  return undefined;
}

/**
 * The TLC command line (after `java`) for an entry. TLC extracts the standard modules
 * (Naturals.tla, ...) into java.io.tmpdir; a private one keeps concurrent runs apart.
 * The locale is pinned (src/tlc/numbers.ts) before --jvm-args, so TLC's numbers are
 * en-US unless the user's own -Duser.* overrides it (then the reader refuses them).
 */
export function tlcArgs(entry: ModelEntry, jar: string, metadir: string, workers: number, opts: RunOptions): string[] {
  const args = ['-XX:+UseParallelGC', `-Djava.io.tmpdir=${metadir}`, ...LOCALE_JVM_ARGS, ...(opts.jvmArgs ?? []), '-cp', jar, 'tlc2.TLC', '-tool', '-workers', String(workers), '-metadir', metadir, '-config', entry.config];
  if (entry.checkDeadlock === false) args.push('-deadlock');
  if (entry.mode === 'simulate') {
    const num = opts.num ?? entry.simulate?.num;
    if (num === undefined) throw new Error(`model ${entry.name}: simulate mode needs "simulate.num" (or --num)`);
    args.push('-simulate', `num=${num}${opts.simulateFile === undefined ? '' : `,file=${opts.simulateFile}`}`);
    const depth = opts.depth ?? entry.simulate?.depth;
    if (depth !== undefined) args.push('-depth', String(depth));
    const seed = opts.seed ?? entry.simulate?.seed;
    if (seed !== undefined) args.push('-seed', String(seed));
  }
  if (opts.dumpDot !== undefined) args.push('-dump', 'dot,actionlabels', opts.dumpDot);
  args.push(...(opts.tlcArgs ?? []), entry.module);
  return args;
}

/**
 * Runs one entry: SANY, then TLC. Throws (one sentence) only when TLC cannot be run at
 * all (no java, no jar); every outcome of a run, errors included, is a ModelResult.
 */
export async function runModel(entry: ModelEntry, opts: RunOptions = {}): Promise<ModelResult> {
  const java = requireJava();
  const jar = ensureTlc();
  const workers = opts.workers ?? entry.workers ?? 1;
  const base = {
    name: entry.name, expected: entry.expected, mode: entry.mode, workers,
    distinct: null, generated: null, depth: null, seed: undefined, tlcVersion: undefined, trace: undefined, counterexamples: [], cached: false,
  };
  const checked = checkTlcArgs(opts.tlcArgs ?? [], 'tlc');
  if ('problem' in checked) return { ...base, outcome: 'error', verdict: { kind: 'error', message: checked.problem }, ok: false, detail: checked.problem, seconds: 0 };
  for (const f of [entry.module, entry.config]) {
    if (!existsSync(join(entry.dir, f))) {
      const detail = `${join(entry.dir, f)} does not exist (named by model ${entry.name})`;
      return { ...base, outcome: 'error', verdict: { kind: 'error', message: detail }, ok: false, detail, seconds: 0 };
    }
  }
  const cacheMode = cacheable(entry, opts) ? opts.cache ?? 'off' : 'off';
  const key = cacheMode === 'off' ? '' : verdictKey({ dir: entry.dir, module: entry.module, config: entry.config, jar, java,
    args: tlcArgs(entry, '<jar>', '<metadir>', workers, opts) });
  if (cacheMode === 'read') {
    const hit = readVerdict<ModelResult>(key, opts.cacheDir);
    if (hit !== undefined) {
      // Verdicts stored before counterexamples were kept apart have only the trace.
      const cxs = hit.counterexamples ?? (isVerdict(hit.verdict) && hit.verdict.kind !== 'holds' ? [{ outcome: hit.outcome, verdict: hit.verdict, trace: hit.trace }] : []);
      return { ...hit, counterexamples: cxs, name: entry.name, expected: entry.expected, ...judgeAll(entry.expected, hit.verdict, cxs), cached: true };
    }
  }
  const t0 = Date.now();
  const metadir = opts.metadir ?? makeTemp('hybrid-bft-tlc-');
  if (opts.metadir !== undefined) mkdirSync(opts.metadir, { recursive: true });
  try {
    const sany = runSany(java, jar, join(entry.dir, entry.module), metadir);
    if (sany !== undefined) {
      return { ...base, outcome: 'parse error', verdict: { kind: 'parse-error', message: sany }, ok: false, detail: sany, seconds: Math.round((Date.now() - t0) / 100) / 10 };
    }
    const reducer = new ToolReducer(opts.onProgress);
    const splitter = new ToolSplitter();
    // Tracked (src/proc/lifetime.ts): an interrupt (Ctrl-C, a CI timeout's SIGTERM)
    // kills java and removes the metadir before this process exits.
    const child = spawnTracked(java, tlcArgs(entry, jar, metadir, workers, opts), { cwd: entry.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const { stdout, stderr: err } = child;
    if (stdout === null || err === null) throw new Error('runModel: no pipes');
    stdout.setEncoding('utf8');
    err.setEncoding('utf8');
    stdout.on('data', (d: string) => reducer.feed(splitter.push(d)));
    let stderr = '';
    err.on('data', (d: string) => { stderr += d; });
    const exit = await new Promise<string>((res) => {
      child.on('error', (e) => res(`could not start java: ${e.message}`));
      child.on('close', (code, signal) => res(signal !== null ? `killed by ${signal}` : `exit ${code}`));
    });
    reducer.feed(splitter.end());
    if (stderr.trim() !== '') reducer.feed(stderr.split('\n').map((line) => ({ kind: 'plain' as const, line })));
    const report = reducer.result(exit);
    // TLC 2.18 does not name a violated temporal property; the cfg can.
    const props = cfgNames(readFileSync(join(entry.dir, entry.config), 'utf8')).properties;
    const named = (o: Outcome): Outcome => (o.kind === 'property' && o.name === undefined && props.length === 1 ? { kind: 'property', name: props[0] } : o);
    const outcome = named(report.outcome);
    const counterexamples = report.outcome.kind === 'error' ? [] : report.counterexamples.map((c): RunCounterexample => {
      const verdict = named(c.outcome);
      return { outcome: outcomeName(verdict), verdict, trace: c.trace };
    });
    const { ok, detail } = judgeAll(entry.expected, outcome, counterexamples);
    const result: ModelResult = {
      ...base, outcome: outcomeName(outcome), verdict: outcome, ok, detail,
      distinct: report.stats.distinct, generated: report.stats.generated, depth: report.stats.depth,
      seconds: Math.round((Date.now() - t0) / 100) / 10, seed: report.seed, tlcVersion: report.version, trace: report.trace, counterexamples,
    };
    if (cacheMode !== 'off' && isVerdict(outcome)) writeVerdict(key, result, opts.cacheDir);
    return result;
  } finally {
    if (opts.metadir === undefined) removeTemp(metadir);
  }
}

/** A completed verdict of TLC (not an error, a parse error, a crash or a kill): what the cache may keep. */
function isVerdict(o: Outcome): boolean {
  return o.kind === 'holds' || o.kind === 'invariant' || o.kind === 'property' || o.kind === 'deadlock';
}

/** Runs that write files as a side effect, or depend on a random seed, are not cached. */
function cacheable(entry: ModelEntry, opts: RunOptions): boolean {
  const checked = checkTlcArgs(opts.tlcArgs ?? [], 'tlc');
  if ('problem' in checked || !checked.ok.cacheable) return false;
  if (opts.simulateFile !== undefined || opts.dumpDot !== undefined || opts.metadir !== undefined) return false;
  return entry.mode === 'exhaustive' || (opts.seed ?? entry.simulate?.seed) !== undefined;
}

/**
 * For the state-count check of CI models: why a run does not reproduce its entry's
 * expected outcome and recorded distinct-state count, or undefined if it does.
 */
export function compareRecorded(entry: ModelEntry, r: ModelResult): string | undefined {
  if (!r.ok) return `${entry.name}: expected ${entry.expected}, got ${r.outcome}: ${r.detail ?? ''}`;
  if (entry.mode === 'simulate') {
    // One worker and a fixed seed make TLC draw the same behaviours, so the number of
    // states it generated in a run that holds is reproducible (distinct states are not
    // counted in -simulate). A run that stops at a violation reports a count that varies
    // by a few states from run to run: there the outcome is the check.
    if (entry.expected !== 'holds') return undefined;
    const gen = entry.recorded?.statesGenerated;
    if (gen === undefined) return `${entry.name}: no "recorded.statesGenerated" to compare with (run hybrid-bft tlc ${entry.name} --record)`;
    if (r.generated !== gen) return `${entry.name}: expected ${gen} generated states (recorded; simulation with seed ${entry.simulate?.seed ?? 'none'}), TLC generated ${r.generated ?? 'none'}`;
    return undefined;
  }
  const want = entry.recorded?.distinctStates;
  if (want === undefined) return `${entry.name}: no "recorded.distinctStates" to compare with (run hybrid-bft tlc ${entry.name} --record)`;
  if (r.distinct !== want) return `${entry.name}: expected ${want} distinct states (recorded), TLC found ${r.distinct ?? 'none'}`;
  return undefined;
}
