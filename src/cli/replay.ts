// `hybrid-bft replay`: ITF traces (default: the committed corpus traces/) replayed
// against the reference core or a driver, with per-trace progress, mismatches, the
// coverage table, steps/s and, with --mutants, the kill table.
import { coreSut } from '../conformance/core-sut.ts';
import { DEFAULT_CORPUS } from '../conformance/corpus.ts';
import { driverSut } from '../conformance/driver-sut.ts';
import { DEFAULT_TIMEOUT_MS, DriverBroken } from '../vectors/driver.ts';
import { MISMATCH_LINES } from './oracle.ts';
import { MUTANTS } from '../conformance/mutants.ts';
import type { ConsensusSut } from '../conformance/replay.ts';
import { formatCoverage, formatKillTable, killTable } from '../conformance/suite.ts';
import { intValue, strValue, UsageError } from '../check/args.ts';
import { createDisplay, silentDisplay } from '../check/display.ts';
import type { MutantsSection } from '../check/report.ts';
import { corpusBatches, loadTraces, mutantRow, pathBatches, replayBatches, type TraceFile } from '../check/traces.ts';

export const HELP = `usage: hybrid-bft replay [--traces DIR|FILE...] [--driver "<cmd>"] [--mutants] [--json]

Replays ITF traces of spec/Consensus.tla against the reference core (or a driver) and
compares every step: the acting process's projection, its outputs and the rules fired.

options:
  --traces DIR|FILE...  trace files, or directories searched for *.itf.json(.gz);
                        repeatable (default: the committed corpus traces/)
  --driver "<cmd>"      replay against an external implementation behind the driver
                        protocol instead of the reference core
  --timeout MS          with --driver: per-request timeout, hello included (default ${DEFAULT_TIMEOUT_MS})
  --mutants             also replay against each mutant of the core (negative control)
                        and print the kill table (stdout); then every mutant must be killed
  --json                print the results as JSON (the "replay" and "mutants" sections
                        of hybrid-bft-report.json, docs/check.md)
  -h, --help            this text

Exit code: 0 when no trace mismatches (and, with --mutants, every mutant is killed),
1 otherwise, 2 on bad usage, when no trace file can be read, or when the driver
cannot be used (it does not start, or breaks the protocol's framing).`;

/** Up to this many traces, each gets its own line on stderr. */
const PER_TRACE_LINES = 200;

export interface ReplayOptions { traces: string[]; driver: string | null; mutants: boolean; json: boolean; timeoutMs: number }

export function parseReplayArgs(args: readonly string[]): ReplayOptions {
  const o: ReplayOptions = { traces: [], driver: null, mutants: false, json: false, timeoutMs: DEFAULT_TIMEOUT_MS };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    switch (a) {
      case '--traces': {
        o.traces.push(strValue(a, args[i + 1], 'a directory or trace file'));
        i++;
        while (i + 1 < args.length && !(args[i + 1] as string).startsWith('--')) o.traces.push(args[++i] as string);
        break;
      }
      case '--driver': o.driver = strValue(a, args[++i], 'a command, e.g. --driver "python3 driver.py"'); break;
      case '--timeout': o.timeoutMs = intValue(a, args[++i], 1); break;
      case '--mutants': o.mutants = true; break;
      case '--json': o.json = true; break;
      default: throw new UsageError(a.startsWith('-') ? `unknown option '${a}'` : `unexpected argument '${a}' (trace paths go after --traces)`);
    }
  }
  return o;
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { console.log(HELP); return 0; }
  let o: ReplayOptions;
  let files: TraceFile[];
  try {
    o = parseReplayArgs(args);
    files = o.traces.length === 0 ? corpusBatches(DEFAULT_CORPUS) : pathBatches(o.traces);
  } catch (e) {
    if (e instanceof UsageError || e instanceof Error) { console.error(`hybrid-bft replay: ${e.message}\n\nRun 'hybrid-bft replay --help' for the options.`); return 2; }
    throw e;
  }
  if (files.length === 0) { console.error('hybrid-bft replay: no trace files to replay'); return 2; }
  const display = o.json ? silentDisplay : createDisplay(process.stderr);
  const sut: ConsensusSut = o.driver === null ? coreSut() : driverSut(o.driver, { timeoutMs: o.timeoutMs });
  const { loaded, unreadable } = loadTraces(files);
  if (loaded.length === 0) {
    display.stop();
    for (const u of unreadable) console.error(`hybrid-bft replay: unreadable: ${u.message}`);
    console.error(`hybrid-bft replay: none of the ${unreadable.length} trace files could be read, so nothing was replayed`);
    return 2;
  }
  display.stageStart(`replay against ${sut.name}`);
  // One kept line per trace for a small set; for a big one (a cover has thousands of
  // paths) only the mismatches are kept (the first MISMATCH_LINES) and the rest is the
  // live progress line.
  const everyTrace = loaded.length <= PER_TRACE_LINES;
  let shown = 0;
  let r;
  try {
    r = await replayBatches(loaded, unreadable, sut, (done, total, t) => {
      const text = `[${done}/${total}] ${t.source}: ${t.mismatch === null ? `${t.steps} steps ok` : `MISMATCH at step ${t.mismatch.step}`}`;
      if (everyTrace || (t.mismatch !== null && shown++ < MISMATCH_LINES)) display.log(text); else display.progress(text);
    });
  } catch (e) {
    display.stop();
    if (!(e instanceof DriverBroken)) throw e;
    console.error(`hybrid-bft replay: ${e.message}`);
    return 2;
  }
  for (const u of r.section.unreadable) display.log(`unreadable: ${u.message}`);
  let mutants: MutantsSection | null = null;
  let killText = '';
  if (o.mutants) {
    display.stageStart('mutants');
    // Only traces the implementation passes: a trace that fails anyway kills every mutant.
    const rows = r.clean.length === 0 ? [] : await killTable(r.clean, MUTANTS);
    if (rows.length === 0) display.log('mutants: no trace replayed without a mismatch, so no mutant can be killed');
    mutants = { killed: rows.filter((k) => k.killedBy !== null).length, total: rows.length, mutants: rows.map(mutantRow) };
    killText = formatKillTable(rows);
  }
  display.stop();
  const s = r.section;
  const ok = s.mismatches.length === 0 && s.unreadable.length === 0 && (mutants === null || (mutants.total > 0 && mutants.killed === mutants.total));
  if (o.json) {
    console.log(JSON.stringify({ ok, replay: s, mutants }, null, 1));
  } else {
    const more = s.mismatches.length - MISMATCH_LINES;
    const out = [...s.mismatches.slice(0, MISMATCH_LINES).map((m) => m.text), ...(more > 0 ? [`(${more} more mismatches; --json lists them all)`] : []),
      '', formatCoverage(s.coverage), ...(killText === '' ? [] : ['', killText]), '',
      `${s.traces} traces, ${s.steps} steps in ${s.seconds.toFixed(2)} s (${s.stepsPerSecond} steps/s) against ${s.sut}: `
      + `${s.mismatches.length} mismatches${s.unreadable.length === 0 ? '' : `, ${s.unreadable.length} unreadable files`}`];
    if (mutants !== null) out.push(`mutants killed: ${mutants.killed}/${mutants.total}`);
    console.log(out.join('\n').replace(/^\n/, ''));
  }
  return ok ? 0 : 1;
}
