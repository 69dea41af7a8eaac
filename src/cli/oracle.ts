// `hybrid-bft oracle`: an external implementation, behind the driver protocol
// (docs/driver-protocol.md), replayed against the trace corpus and, with --vectors,
// checked against conformance/vectors/. `runOracle` is the library form (`check --driver`).
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CORPUS, corpusFiles, readTraces } from '../conformance/corpus.ts';
import { driverSut } from '../conformance/driver-sut.ts';
import { fitTrace, type DeclaredConventions } from '../conformance/conventions.ts';
import { checkDeviations, readDeviationList, type DeviationCheck } from '../conformance/deviations.ts';
import { countsLines, emptyCounts, skippedMost, type OracleCounts } from '../conformance/oracle-counts.ts';
import { formatMismatch, replayTrace, type Mismatch, type ModelTrace } from '../conformance/replay.ts';
import { formatViolation, judgeCorpus, verdictLines, type CorpusVerdict, type SourcedViolation } from '../conformance/verdict/corpus.ts';
import { shrinkFailures, type Shrunk } from '../conformance/verdict/shrink.ts';
import { intValue, strValue, UsageError } from '../check/args.ts';
import { createDisplay, silentDisplay, type Display } from '../check/display.ts';
import { checkFiles, type Row } from '../vectors/check.ts';
import { DEFAULT_TIMEOUT_MS, DriverBroken, startDriver } from '../vectors/driver.ts';
import { listVectorFiles, loadVectorFile, VECTORS_DIR } from '../vectors/format.ts';
import { formatTable } from '../vectors/report.ts';

export const HELP = `usage: hybrid-bft oracle --driver "<cmd>" [--traces DIR|FILE...] [--expected FILE] [--strict | --first-only] [--shrink DIR] [--vectors [--small]] [--timeout MS] [--json]

Checks an external implementation behind the driver protocol (docs/driver-protocol.md):
gives every trace of the corpus to it (consensus.reset, consensus.step) and judges
every step by the paper: the answer must be one of the reactions Algorithm 1 allows
from the process's state (any order of the enabled rules, and the other freedoms of
docs/contract.md "What the verdict allows"), on a shadow of each process that follows
the implementation's legal choices, at the level its hello declares (full: projection
and outputs; observable: messages sent and decisions). A violation does not stop the
trace. Traces made with conventions the driver does not declare in its hello answer are
not sent; the report counts them per convention. With --vectors, also checks the vector
ops against conformance/vectors/ (a second process of the same command).

options:
  --driver "<cmd>"      the driver command, run through the shell (required), e.g.
                        --driver "node --loader ts-node/esm/transpile-only --no-warnings conformance/drivers/ts/driver.ts"
  --traces DIR|FILE...  trace files or directories (default: the corpus traces/)
  --expected FILE       the implementation's documented deviations ([trace, step, class] entries,
                        e.g. conformance/drivers/rust/deviations.json): a listed mismatch does
                        not fail the run; an unlisted one does, and so does a listed one that
                        no longer occurs in a trace that was sent
  --strict              judge by equality with the contract's one reaction (the trace's own
                        states), stopping each trace at its first mismatch (before the verdict)
  --first-only          the paper's verdict, but stop each trace at its first violation
  --shrink DIR          write each failing trace cut at its first violation (the shortest
                        prefix that fails) into DIR as ITF, and judge it again (it must fail)
  --vectors             also run the vector checks against the driver
  --small               with --vectors: skip the n = 100 vector files
  --timeout MS          per-request timeout, hello included (default ${DEFAULT_TIMEOUT_MS}); a driver
                        that does not answer in time is killed with its process group, the
                        trace fails and the next trace restarts it
  --json                print the result as JSON
  -h, --help            this text

Exit code: 0 only if every trace sent replays without a mismatch (or, with --expected,
every mismatch is listed and every listed one occurs), most of the corpus was sent, no
trace file is unreadable and (with --vectors) every vector passes; 1 otherwise; 2 on bad
usage or when the driver cannot be used at all: it does not start or answer hello within
--timeout, declares malformed conventions, breaks the framing (a line that is not a JSON
object answering the pending id with a boolean ok), or exits or hangs in 3 traces in a row.`;

export interface OracleOptions {
  driver: string;
  /** Trace files or directories (default: the corpus). */
  traces?: string[];
  vectors?: boolean;
  /** With vectors: skip the n = 100 files. */
  small?: boolean;
  /** Vector files to check (default: every file of conformance/vectors/). */
  vectorFiles?: string[];
  /** A deviation list (src/conformance/deviations.ts). */
  expected?: string;
  timeoutMs?: number;
  /** Where progress and mismatches go while it runs (log and progress only: the caller owns stages and stop). */
  display?: Display;
  /** Judge by equality with the trace (the strict replay) instead of the paper's verdict. */
  strict?: boolean;
  /** The paper's verdict, stopping each trace at its first violation. */
  firstOnly?: boolean;
  /** Write each failing trace, cut at its first violation and judged again, into this directory. */
  shrink?: string;
}

export interface OracleResult {
  ok: boolean;
  /** One paragraph: totals and the first mismatches, for `check` and for people. */
  summary: string;
  driver: string;
  implementation: string;
  traces: number;
  steps: number;
  seconds: number;
  mismatches: Mismatch[];
  /** Sent, passed, failed and not-sent counts. */
  counts: OracleCounts;
  /** With `expected`: the mismatches sorted into documented and undocumented, and stale entries. */
  deviations: DeviationCheck | null;
  unreadable: { file: string; message: string }[];
  vectors: { passed: number; failed: number; rows: Row[] } | null;
  /** Set when the driver could not be used at all (DriverBroken): the one sentence saying why; then ok is false. */
  broken: string | null;
  /** The paper's verdict (null with --strict). Its violations are also in `mismatches` (what: 'violation'). */
  verdict: CorpusVerdict | null;
}

/** Mismatches shown as they happen; the rest are counted (all are in --json and the report). */
export const MISMATCH_LINES = 20;

/** Trace files of `--traces` arguments: every trace file under a directory, or the file itself. */
function traceFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    const abs = resolve(p);
    if (!existsSync(abs)) throw new Error(`traces: ${p} does not exist`);
    if (!statSync(abs).isDirectory()) return [abs];
    const files = corpusFiles(abs);
    if (files.length === 0) throw new Error(`traces: no trace files (*.itf.json, *.itf.json.gz, *.dot.gz) under ${p}`);
    return files;
  });
}

/** Replays the corpus through the driver (and checks the vectors); never throws for a misbehaving driver. */
export async function runOracle(opts: OracleOptions): Promise<OracleResult> {
  const display = opts.display ?? silentDisplay;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const paths = opts.traces ?? [DEFAULT_CORPUS];
  const files = traceFiles(paths);
  const unreadable: OracleResult['unreadable'] = [];
  const traces: ModelTrace[] = [];
  for (const f of files) {
    try {
      traces.push(...readTraces(f));
    } catch (e) {
      unreadable.push({ file: f, message: (e as Error).message });
    }
  }
  if (traces.length === 0) {
    throw new Error(`no readable trace in ${paths.join(', ')}${unreadable.length > 0 ? ` (${unreadable[0]!.message})` : ''}: nothing to check`);
  }
  const list = opts.expected === undefined ? null : readDeviationList(opts.expected);
  const sut = driverSut(opts.driver, { timeoutMs });
  const t0 = performance.now();
  const mismatches: Mismatch[] = [];
  const counts = emptyCounts(traces.length);
  const sent = new Set<string>();
  let steps = 0;
  let broken: string | null = null;
  let verdict: CorpusVerdict | null = null;
  let shrunk: Shrunk[] = [];
  try {
    // A driver that cannot start is DriverBroken: one sentence, no trace is sent.
    const declared: DeclaredConventions = await sut.conventions();
    if (opts.strict === true) {
      if (list !== null && list.verdict === 'paper') throw new Error(`${opts.expected}: this list was made under the paper's verdict ("verdict": "paper"); drop --strict, or give a list made under --strict`);
      if ((await sut.level()).level === 'observable') throw new Error('--strict compares projections, and the driver\'s hello declares the observable level (no projections): drop --strict, or report the full level');
    }
    if (opts.strict !== true) {
      if (list !== null && list.verdict !== 'paper') throw new Error(`${opts.expected}: this deviation list was made under --strict (no "verdict": "paper"); use --strict, or regenerate it under the verdict`);
      const level = await sut.level();
      let shown = 0;
      verdict = await judgeCorpus(traces, sut, { level, declared, ...(opts.firstOnly ? { firstOnly: true } : {}), onTrace: (i, t, v) => {
        if (v === null) return;
        if (list === null) {
          for (const x of v.violations) {
            if (++shown <= MISMATCH_LINES) display.log(formatViolation({ ...x, source: t.source }));
            else if (shown === MISMATCH_LINES + 1) display.log('(more violations are counted, not shown; --json lists them all)');
          }
        }
        display.progress(`[${i + 1}/${traces.length}] ${t.source}: ${v.violations.length === 0 ? `${v.judged} steps judged, no violation` : `${v.violations.length} violations`}`);
      } });
      for (const t of traces) if (!verdict.notSent.some((n) => n.source === t.source)) sent.add(t.source);
      for (const x of verdict.violations) mismatches.push(asMismatch(x));
      if (opts.shrink !== undefined && verdict.violations.length > 0) {
        display.progress(`shrinking ${verdict.failed} failing traces into ${opts.shrink}`);
        shrunk = await shrinkFailures(verdict.violations, traces, sut, level, opts.shrink);
      }
      steps = verdict.steps.judged;
      Object.assign(counts, { passed: verdict.passed, failed: verdict.failed, stepsPassed: verdict.steps.judged - verdict.violations.length,
        stepsFailed: verdict.violations.length, stepsNotReached: verdict.steps.notReached + verdict.steps.notApplicable, notSent: verdict.notSent, mapped: verdict.mapped });
    } else for (const [i, t] of traces.entries()) {
      const fit = fitTrace(declared, t.params);
      if ('reasons' in fit) { counts.notSent.push({ source: t.source, reasons: fit.reasons }); continue; }
      if (fit.mapped.length > 0) counts.mapped.push({ source: t.source, how: fit.mapped });
      sent.add(t.source);
      const r = await replayTrace(fit.mapped.length > 0 ? { ...t, params: fit.params } : t, sut);
      steps += r.steps;
      counts.stepsPassed += r.steps;
      if (r.mismatch === null) counts.passed++;
      else { counts.failed++; counts.stepsFailed++; counts.stepsNotReached += Math.max(0, t.steps.length - 2 - r.steps); }
      if (r.mismatch !== null) {
        mismatches.push(r.mismatch);
        if (list === null) {
          if (mismatches.length <= MISMATCH_LINES) display.log(formatMismatch(r.mismatch));
          else if (mismatches.length === MISMATCH_LINES + 1) display.log(`(more mismatches are counted, not shown; --json lists them all)`);
        }
      }
      display.progress(`[${i + 1}/${traces.length}] ${t.source}: ${r.mismatch === null ? `${r.steps} steps ok` : `MISMATCH at step ${r.mismatch.step}`}`);
    }
  } catch (e) {
    if (!(e instanceof DriverBroken)) throw e;
    broken = e.message;
  } finally {
    await sut.close();
  }
  counts.sent = sent.size;
  const seconds = (performance.now() - t0) / 1000;
  let vectors: OracleResult['vectors'] = null;
  if (opts.vectors && broken === null) {
    try {
      vectors = await checkVectors(opts, timeoutMs, display);
    } catch (e) {
      if (!(e instanceof DriverBroken)) throw e;
      broken = e.message;
    }
  }
  if (broken !== null) {
    return { ok: false, summary: broken, driver: opts.driver, implementation: sut.name, traces: traces.length, steps, seconds,
      mismatches, counts, deviations: null, unreadable, vectors, broken, verdict };
  }
  if (verdict !== null && verdict.judgeErrors.length > 0) {
    broken = `the verdict could not judge ${verdict.judgeErrors.length} traces (a fault of hybrid-bft, please report it): ${verdict.judgeErrors[0]!.source}: ${verdict.judgeErrors[0]!.message}`;
    return { ok: false, summary: broken, driver: opts.driver, implementation: sut.name, traces: traces.length, steps, seconds,
      mismatches, counts, deviations: null, unreadable, vectors, broken, verdict };
  }
  const deviations = list === null ? null : checkDeviations(list, mismatches, sent);
  const failing = deviations === null ? mismatches : deviations.undocumented;
  const ok = traces.length > 0 && !skippedMost(counts) && failing.length === 0 && (deviations?.stale.length ?? 0) === 0
    && unreadable.length === 0 && (vectors === null || (vectors.failed === 0 && vectors.passed > 0));
  const lines = verdict !== null ? [
    `${traces.length} traces, ${steps} steps judged in ${seconds.toFixed(2)} s through ${sut.name}: ${mismatches.length} violations`
      + (deviations === null ? '' : ` (${deviations.documented.length} documented in ${list?.doc})`)
      + (unreadable.length > 0 ? `, ${unreadable.length} unreadable trace files` : '')
      + (traces.length === 0 ? ' (no traces: nothing was checked)' : ''),
    ...verdictLines(verdict),
    ...(opts.shrink === undefined ? [] : [`shrunk: ${shrunk.length} failing traces cut at their first violation into ${opts.shrink}; ${shrunk.filter((x) => x.failsAgain).length} fail again there${shrunk.some((x) => !x.failsAgain) ? ` (not: ${shrunk.filter((x) => !x.failsAgain).map((x) => x.source).slice(0, 3).join(', ')}: the implementation answered differently the second time)` : ''}`]),
    ...(counts.notSent.length > 0 ? [countsLines(counts, null).find((l) => l.startsWith('not sent')) ?? ''].filter((l) => l !== '') : []),
    ...(deviations === null ? [] : [`documented: ${deviations.documented.length}, undocumented: ${deviations.undocumented.length}, stale: ${deviations.stale.length}`]),
    ...(vectors === null ? [] : [`vectors: ${vectors.passed} passed, ${vectors.failed} failed`]),
    ...failing.slice(0, 3).map((m) => formatViolation(verdict!.violations.find((x) => x.source === m.source && x.step === m.step) ?? fromMismatch(m))),
    ...(failing.length > 3 ? [`(${failing.length - 3} more ${deviations === null ? '' : 'undocumented '}violations)`] : []),
    ...(deviations?.stale ?? []).slice(0, 3).map((x) => `stale: ${x.trace} step ${x.step} (${x.cls}): ${x.got}`),
    ...unreadable.slice(0, 3).map((u) => `unreadable: ${u.message}`),
  ] : [
    `${traces.length} traces, ${steps} steps in ${seconds.toFixed(2)} s through ${sut.name}: ${mismatches.length} mismatches`
      + (deviations === null ? '' : ` (${deviations.documented.length} documented in ${list?.doc})`)
      + (unreadable.length > 0 ? `, ${unreadable.length} unreadable trace files` : '')
      + (traces.length === 0 ? ' (no traces: nothing was checked)' : ''),
    ...countsLines(counts, deviations),
    ...(vectors === null ? [] : [`vectors: ${vectors.passed} passed, ${vectors.failed} failed`]),
    ...failing.slice(0, 3).map(formatMismatch),
    ...(failing.length > 3 ? [`(${failing.length - 3} more ${deviations === null ? '' : 'undocumented '}mismatches)`] : []),
    ...unreadable.slice(0, 3).map((u) => `unreadable: ${u.message}`),
    ...(vectors === null ? [] : vectors.rows.filter((r) => !r.pass).slice(0, 3).map((r) => `vector ${r.file} ${r.case}: expected ${r.expected}, got ${r.got}`)),
  ];
  return { ok, summary: lines.join('\n'), driver: opts.driver, implementation: sut.name, traces: traces.length, steps, seconds,
    mismatches, counts, deviations, unreadable, vectors, broken: null, verdict };
}

/** A violation in the shape of a strict mismatch (for deviation lists, `check` and JSON). */
function asMismatch(v: SourcedViolation): Mismatch {
  return { source: v.source, step: v.step, action: v.event?.kind ?? 'end of trace', process: v.process, event: v.event, what: 'violation', lines: [v.class, ...v.lines] };
}

function fromMismatch(m: Mismatch): SourcedViolation {
  return { source: m.source, step: m.step, process: m.process, event: m.event, class: m.lines[0] ?? '', enabled: [], alternatives: [], answer: { outputs: [] }, lines: m.lines.slice(1) };
}

async function checkVectors(opts: OracleOptions, timeoutMs: number, display: Display): Promise<NonNullable<OracleResult['vectors']>> {
  display.progress('vectors through the driver');
  let paths = opts.vectorFiles ?? listVectorFiles(VECTORS_DIR);
  if (opts.small) paths = paths.filter((p) => !/-n100\.json$/.test(p));
  const files = paths.map(loadVectorFile);
  const client = await startDriver(opts.driver, timeoutMs); // DriverBroken if it does not start
  try {
    const rows = await checkFiles(client, files);
    const failed = rows.filter((r) => !r.pass).length;
    return { passed: rows.length - failed, failed, rows };
  } finally {
    await client.close();
  }
}

interface CliOptions { driver: string | null; traces: string[]; expected: string | null; vectors: boolean; small: boolean; json: boolean; timeoutMs: number; strict: boolean; firstOnly: boolean; shrink: string | null }

export function parseOracleArgs(args: readonly string[]): OracleOptions & { json: boolean } {
  const o: CliOptions = { driver: null, traces: [], expected: null, vectors: false, small: false, json: false, timeoutMs: DEFAULT_TIMEOUT_MS, strict: false, firstOnly: false, shrink: null };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    switch (a) {
      case '--driver': o.driver = strValue(a, args[++i], 'a command, e.g. --driver "python3 driver.py"'); break;
      case '--traces':
        o.traces.push(strValue(a, args[i + 1], 'a directory or trace file'));
        i++;
        while (i + 1 < args.length && !(args[i + 1] as string).startsWith('--')) o.traces.push(args[++i] as string);
        break;
      case '--timeout': o.timeoutMs = intValue(a, args[++i], 1); break;
      case '--expected': o.expected = strValue(a, args[++i], 'a deviation list, e.g. conformance/drivers/rust/deviations.json'); break;
      case '--vectors': o.vectors = true; break;
      case '--small': o.small = true; break;
      case '--strict': o.strict = true; break;
      case '--first-only': o.firstOnly = true; break;
      case '--shrink': o.shrink = strValue(a, args[++i], 'a directory for the shrunk traces'); break;
      case '--json': o.json = true; break;
      default: throw new UsageError(a.startsWith('-') ? `unknown option '${a}'` : `unexpected argument '${a}' (trace paths go after --traces)`);
    }
  }
  if (o.driver === null) throw new UsageError('--driver "<cmd>" is required');
  if (o.small && !o.vectors) throw new UsageError('--small only applies with --vectors');
  if (o.strict && o.firstOnly) throw new UsageError('--first-only is the paper\'s verdict stopped at the first violation; --strict already stops at the first mismatch: give one of them');
  if (o.shrink !== null && o.strict) throw new UsageError('--shrink cuts traces at their first violation of the paper\'s verdict; it does not go with --strict');
  return { driver: o.driver, ...(o.strict ? { strict: true } : {}), ...(o.firstOnly ? { firstOnly: true } : {}), ...(o.shrink === null ? {} : { shrink: o.shrink }), ...(o.traces.length > 0 ? { traces: o.traces } : {}), ...(o.expected === null ? {} : { expected: o.expected }), vectors: o.vectors, small: o.small, timeoutMs: o.timeoutMs, json: o.json };
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { console.log(HELP); return 0; }
  let o: ReturnType<typeof parseOracleArgs>;
  try {
    o = parseOracleArgs(args);
  } catch (e) {
    if (e instanceof UsageError) { console.error(`hybrid-bft oracle: ${e.message}\n\nRun 'hybrid-bft oracle --help' for the options.`); return 2; }
    throw e;
  }
  let r: OracleResult;
  const display = o.json ? silentDisplay : createDisplay(process.stderr);
  display.stageStart(`oracle: ${o.driver}`);
  try {
    r = await runOracle({ ...o, display });
  } catch (e) {
    display.stop();
    console.error(`hybrid-bft oracle: ${(e as Error).message}`);
    return 2;
  }
  display.stop();
  if (r.broken !== null) {
    if (o.json) console.log(JSON.stringify({ ok: false, broken: r.broken }, null, 1));
    console.error(`hybrid-bft oracle: ${r.broken}`);
    return 2;
  }
  if (o.json) {
    const { mismatches, verdict, ...rest } = r;
    console.log(JSON.stringify({ ...rest, mismatches: mismatches.map((m) => ({ ...m, text: formatMismatch(m) })),
      verdict: verdict === null ? null : { ...verdict, notApplicable: Object.fromEntries(verdict.notApplicable), byClass: Object.fromEntries(verdict.byClass),
        freedomSteps: Object.fromEntries(verdict.freedomSteps), freedomTraces: Object.fromEntries(verdict.freedomTraces),
        violations: verdict.violations.map((v) => ({ ...v, text: formatViolation(v) })) } }, null, 1));
  } else {
    const out = [`implementation: ${r.implementation}`];
    if (r.vectors !== null) out.push('', formatTable(r.vectors.rows, { failuresOnly: true }));
    out.push('', r.summary);
    console.log(out.join('\n'));
  }
  return r.ok ? 0 : 1;
}
