// `hybrid-bft tlc`: model-check entries of spec/models.json and say whether each
// outcome is the expected one (exit 0 exactly when all are).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ensureTlc, requireJava } from '../../scripts/tlc-jar.mjs';
import { intValue, joinNegativeValues, joinOptionValues, splitArgs, UsageError } from '../check/args.ts';
import { folderProblem } from '../check/outputs.ts';
import { concurrency, etaText, runModels } from '../tlc/batch.ts';
import { DEFAULT_MODELS, findModel, loadModels, outOfReachNote, recordFigures, type ModelEntry, type ModelsFile } from '../tlc/models.ts';
import { progressView } from '../tlc/progress.ts';
import { runModel, type ModelResult, type RunOptions } from '../tlc/runner.ts';
import { traceTable } from '../tlc/table.ts';
import { closingLine } from '../tlc/undecided.ts';
import { HTML_DIR, writeRunPages } from '../show/page.ts';
import { checkTlcArgs } from '../tlc/options.ts';
import { DEFAULT_PORT } from '../tlc/distributed.ts';
import { checkDistributed, checkDistributedUsage } from './tlc-distributed.ts';

const USAGE = `usage: hybrid-bft tlc <name> [options]     check one entry of spec/models.json
       hybrid-bft tlc --ci [options]           check every entry with "ci": true
       hybrid-bft tlc --list [--json]          list the entries (with --models FILE; no other option)
       hybrid-bft tlc <name> --distributed [--workers N] [--server-host H] [--port P] [--wait-workers S]
                                               one entry on TLC's distributed server and workers

Runs SANY, then TLC (-tool, -XX:+UseParallelGC). Exit 0 exactly when the outcome is
the entry's "expected": "holds", or the invariant/property TLC must report violated.

options:
  --workers N      TLC workers (default: the entry's "workers", else 1)
  --num N          simulation entries: number of behaviours per TLC worker (overrides simulate.num)
  --depth D        simulation entries: behaviour length (overrides simulate.depth)
  --seed S         simulation entries: TLC seed (overrides simulate.seed); the three are
                   refused for an exhaustive entry (and with --ci when none is a simulation)
  --json           print the result as JSON (an array with --ci and --list) instead of text
  --record         run TLC and write the measured figures into the entry's "recorded" (only if ok;
                   refused with --num/--depth/--seed, and with a simulation entry's --workers changed)
  --no-cache       run TLC even when the verdict cache (.cache/tlc-verdicts/) holds this run's
                   verdict; the key covers the .tla and .cfg texts, the modules they EXTEND or
                   INSTANCE, the TLC jar's checksum, java's version and every option below
  --jvm-args "<opts>"  JVM options, e.g. "-Xmx8g"
  --tlc-args "<opts>"  TLC options, e.g. "-fpmem 0.5", "-coverage 1", "-checkpoint 10",
                   "-recover <metadir>/<run>" (with --metadir), "-continue" (every counterexample,
                   each its own table and diagram; ok when each violates the expected one); the
                   options the runner sets (-workers, -config, -deadlock, ...), those that change
                   the output it reads (-difftrace, -view, ...) and unknown ones are refused with
                   exit 2 (the table is in docs/tlc.md)
  --metadir DIR    keep TLC's state directory in DIR (for -checkpoint / -recover; not cached);
                   DIR is created if missing, but its parent folder must exist
  --models FILE    use another models.json (default spec/models.json)
  --html DIR       where to write the diagram of each violation TLC reports, one <name>.html,
                   or <name>+1.html ... <name>+N.html for N counterexamples (-continue)
                   (default ${HTML_DIR}/; docs/show.md)
  --no-html        write no diagrams
  --distributed    run TLC's own distributed mode (tlc2.tool.distributed, same jar): a TLCServer
                   and N local TLCWorker processes of one thread each, on Java RMI; prints the
                   command a worker on another machine runs. Exhaustive entries only; refuses
                   temporal properties (TLC's server ignores them); action properties are checked
                   only on transitions into new states; the verdict cache is not used (docs/tlc.md)
  --workers N      with --distributed: local worker processes (default: the cores; 0: remote only)
  --server-host H  with --distributed: this machine's address the workers reach (default 127.0.0.1;
                   a LAN address for remote workers); sets -Djava.rmi.server.hostname
  --port P         with --distributed: the server's RMI registry port (default ${DEFAULT_PORT})
  --wait-workers S with --distributed: seconds to wait for the first worker to register before
                   giving up with exit 2 (default 60; 600 with --workers 0)
  -h, --help       this text

With --ci, independent models run side by side when the cores allow (cores / workers),
with an ETA from the recorded times. Exit code: 0 when every outcome is the expected
one, 1 when one is not, 2 on bad usage, an unknown model, or no java/TLC, and with
--distributed when the run cannot be set up (port in use, the server does not start,
no worker registers, every local worker ends).`;

/** The options --list takes; any other is refused (usage error). */
const LIST_FLAGS = new Set(['list', 'json', 'models']);

const fmt = (n: number | null): string => (n === null ? '-' : n.toLocaleString('en-US'));

function intOpt(v: string | undefined, flag: string, min: number): number | undefined {
  return v === undefined ? undefined : intValue(`--${flag.replace(/^--/, '')}`, v, min);
}

export function summaryLine(r: ModelResult): string {
  const figures = `${r.distinct === null ? '' : `${fmt(r.distinct)} distinct states, `}${fmt(r.generated)} generated, depth ${fmt(r.depth)}, ${r.seconds.toFixed(1)} s, ${r.workers} worker${r.workers === 1 ? '' : 's'}`;
  const cached = r.cached ? ', cached (--no-cache to run TLC)' : '';
  const verdict = r.expected !== 'holds' ? `${r.expected} violated` : r.mode === 'simulate' ? 'holds on every behaviour drawn (a simulation, not exhaustive)' : 'holds';
  const n = r.counterexamples.length;
  if (r.ok) return `ok   ${r.name}: ${verdict}${n > 1 ? ` in each of the ${n} counterexamples (-continue)` : ''}, as expected (${figures}${cached})`;
  return `FAIL ${r.name}: expected ${r.expected}, got ${n > 1 ? `${n} counterexamples (-continue)` : r.outcome}: ${r.detail ?? ''}${r.generated === null ? '' : ` (${figures})`}`;
}

export function resultJson(r: ModelResult): Record<string, unknown> {
  return {
    name: r.name, expected: r.expected, outcome: r.outcome, ok: r.ok, distinct: r.distinct, generated: r.generated,
    depth: r.depth, seconds: r.seconds, workers: r.workers, mode: r.mode, seed: r.seed ?? null,
    tlcVersion: r.tlcVersion ?? null, detail: r.detail ?? null, cached: r.cached,
    counterexamples: r.counterexamples.map((c) => ({ outcome: c.outcome, states: c.trace?.steps.length ?? 0 })),
  };
}

interface Common {
  workers?: number; num?: number; depth?: number; seed?: number; json: boolean; record: boolean; run: RunOptions;
  /** Where to write the diagram of each violation (docs/show.md); none with --no-html. */
  html: string | undefined;
}

function runOptions(c: Common, onProgress?: RunOptions['onProgress']): RunOptions {
  return { ...c.run, ...(c.workers === undefined ? {} : { workers: c.workers }), ...(c.num === undefined ? {} : { num: c.num }),
    ...(c.depth === undefined ? {} : { depth: c.depth }), ...(c.seed === undefined ? {} : { seed: c.seed }),
    ...(onProgress === undefined ? {} : { onProgress }) };
}

function report(file: ModelsFile, entry: ModelEntry, r: ModelResult, c: Common, showTrace: boolean): void {
  if (!c.json) {
    console.log(summaryLine(r));
    const tables = showTrace || !r.ok ? traceTables(r) : '';
    if (tables !== '') console.log(tables);
  }
  if (c.html !== undefined) {
    for (const line of writeRunPages(c.html, entry.name, r.outcome, r.trace, r.counterexamples, `hybrid-bft tlc ${entry.name}`)) console.error(`tlc ${line}`);
  }
  if (!c.record) return;
  if (!r.ok) console.error(`tlc ${entry.name}: not recording figures of a run whose outcome is not the expected one`);
  else if (r.cached) console.error(`tlc ${entry.name}: not recording figures from the cache; run with --no-cache --record`);
  else {
    recordFigures(file, entry.name, { distinctStates: r.distinct ?? 0, statesGenerated: r.generated ?? 0, depth: r.depth ?? 0, wallSeconds: r.seconds, workers: r.workers });
    if (!c.json) console.error(`tlc ${entry.name}: recorded in ${file.path}`);
  }
}

/**
 * The trace of a run as tables: the one trace, or with several counterexamples
 * (-continue) each under its own heading, "counterexample 2 of 13: SumSmall violated".
 * '' when there is none.
 */
export function traceTables(r: Pick<ModelResult, 'outcome' | 'trace' | 'counterexamples'>): string {
  if (r.counterexamples.length <= 1) return r.trace === undefined ? '' : `\n${traceTable(r.trace)}\n${closingLine(r.outcome, r.trace)}`;
  const n = r.counterexamples.length;
  return r.counterexamples.map((cx, i) => {
    const head = `\ncounterexample ${i + 1} of ${n}: ${cx.outcome === 'deadlock' ? 'deadlock' : `${cx.outcome} violated`}`;
    return cx.trace === undefined ? `${head} (TLC printed no trace)` : `${head}\n${traceTable(cx.trace)}\n${closingLine(cx.outcome, cx.trace)}`;
  }).join('');
}

/** What a simulation run draws, as TLC is asked (each worker draws num behaviours): ' (40 behaviours of at most 100 states, seed 1)'. */
function simulationText(entry: ModelEntry, c: Common): string {
  if (entry.mode !== 'simulate') return '';
  const workers = c.workers ?? entry.workers ?? 1;
  const num = (c.num ?? entry.simulate?.num ?? 0) * workers;
  const seed = c.seed ?? entry.simulate?.seed;
  return ` (${num} behaviour${num === 1 ? '' : 's'} of at most ${c.depth ?? entry.simulate?.depth ?? '?'} states${workers === 1 ? '' : `, ${workers} workers drawing ${num / workers} each`}, seed ${seed ?? 'random'}; not exhaustive)`;
}

async function checkOne(file: ModelsFile, entry: ModelEntry, c: Common): Promise<ModelResult> {
  const note = outOfReachNote(entry);
  if (note !== undefined) console.error(note);
  const view = c.json ? undefined : progressView(`tlc ${entry.name}`);
  // The recorded time is for the entry's own settings; --num/--depth/--seed make it another run.
  const own = c.num === undefined && c.depth === undefined && c.seed === undefined;
  if (!c.json) console.error(`tlc ${entry.name}: ${entry.module} with ${entry.config}, ${entry.mode}${simulationText(entry, c)}, expecting ${entry.expected}${entry.recorded === undefined || !own ? '' : `; took ${entry.recorded.wallSeconds} s when recorded`}`);
  let r: ModelResult;
  try {
    r = await runModel(entry, runOptions(c, view?.onProgress));
  } finally {
    view?.stop();
  }
  report(file, entry, r, c, true);
  return r;
}

async function checkCi(file: ModelsFile, entries: ModelEntry[], c: Common): Promise<ModelResult[]> {
  const lanes = concurrency(entries, c.workers);
  if (!c.json) console.error(`tlc --ci: ${entries.length} models, ${lanes} at a time; ${etaText(entries, lanes) || 'no recorded times'}`);
  return runModels(entries, lanes, {
    options: () => runOptions(c),
    onStart: (e, i, eta) => {
      const note = outOfReachNote(e);
      if (note !== undefined) console.error(note);
      if (!c.json) console.error(`tlc ${e.name} (${i + 1}/${entries.length})${eta === '' ? '' : `, ${eta}`}`);
    },
    onDone: (e, _i, r) => report(file, e, r, c, false),
  });
}

function listText(file: ModelsFile): string {
  if (file.models.length === 0) return `no models in ${file.path}`;
  const wName = Math.max(...file.models.map((m) => m.name.length));
  const wExp = Math.max(...file.models.map((m) => m.expected.length));
  return file.models.map((m) => {
    // A simulation's recorded figure is its generated-state count (TLC counts no distinct states there).
    const rec = m.recorded === undefined ? 'not recorded'
      : `${m.mode === 'simulate' ? `${fmt(m.recorded.statesGenerated)} generated` : `${fmt(m.recorded.distinctStates)} distinct`}, ${m.recorded.wallSeconds} s`;
    return `${m.name.padEnd(wName)}  ${m.mode.padEnd(10)} ${m.ci ? 'ci' : '  '}  expect ${m.expected.padEnd(wExp)}  ${rec.padEnd(28)}${m.purpose ?? ''}`.trimEnd();
  }).join('\n');
}

function listJson(file: ModelsFile): string {
  return JSON.stringify(file.models.map(({ dir: _dir, ...m }) => m), null, 2);
}

export async function run(args: string[]): Promise<number> {
  const usage = (msg: string): number => { console.error(`hybrid-bft tlc: ${msg}\n\nRun 'hybrid-bft tlc --help' for the options.`); return 2; };
  let v;
  try {
    v = parseArgs({
      args: joinOptionValues(joinNegativeValues(args, ['--workers', '--num', '--depth', '--seed']), ['--jvm-args', '--tlc-args']), allowPositionals: true, options: {
        list: { type: 'boolean' }, ci: { type: 'boolean' }, json: { type: 'boolean' }, record: { type: 'boolean' },
        workers: { type: 'string' }, num: { type: 'string' }, depth: { type: 'string' }, seed: { type: 'string' },
        models: { type: 'string' }, help: { type: 'boolean', short: 'h' }, 'no-cache': { type: 'boolean' },
        html: { type: 'string' }, 'no-html': { type: 'boolean' },
        'jvm-args': { type: 'string' }, 'tlc-args': { type: 'string' }, metadir: { type: 'string' },
        distributed: { type: 'boolean' }, 'server-host': { type: 'string' }, port: { type: 'string' }, 'wait-workers': { type: 'string' },
      },
    });
  } catch (e) {
    return usage(e instanceof Error ? e.message : String(e));
  }
  const o = v.values;
  if (o.help === true) { console.log(USAGE); return 0; }
  let file: ModelsFile;
  let entries: ModelEntry[];
  let common: Common;
  try {
    if (o.list === true) {
      if (v.positionals.length > 0) throw new UsageError(`--list takes no model name, got ${v.positionals.join(' ')}; drop it, or run 'hybrid-bft tlc ${v.positionals[0]}' to check that entry`);
      const extra = Object.keys(o).filter((k) => !LIST_FLAGS.has(k)).map((k) => `--${k}`);
      if (extra.length > 0) throw new UsageError(`--list takes only --json and --models, not ${extra.join(', ')}; drop ${extra.length === 1 ? 'it' : 'them'}`);
    }
    const metadirProblem = o.metadir === undefined ? undefined : folderProblem('--metadir', o.metadir);
    if (metadirProblem !== undefined) throw new UsageError(metadirProblem);
    file = loadModels(o.models ?? DEFAULT_MODELS);
    if (o.list === true) {
      console.log(o.json === true ? listJson(file) : listText(file));
      return 0;
    }
    common = {
      workers: intOpt(o.workers, '--workers', o.distributed === true ? 0 : 1), num: intOpt(o.num, '--num', 1), depth: intOpt(o.depth, '--depth', 1),
      seed: intOpt(o.seed, '--seed', Number.MIN_SAFE_INTEGER), json: o.json === true, record: o.record === true,
      html: o['no-html'] === true ? undefined : (o.html ?? HTML_DIR),
      // --record measures: TLC runs (the verdict is stored, not read).
      run: { cache: o['no-cache'] === true ? 'off' : o.record === true ? 'refresh' : 'read', jvmArgs: splitArgs(o['jvm-args'] ?? ''), tlcArgs: splitArgs(o['tlc-args'] ?? ''),
        ...(o.metadir === undefined ? {} : { metadir: resolve(o.metadir) }) },
    };
    const tlcArgsChecked = checkTlcArgs(common.run.tlcArgs ?? [], o.distributed === true ? 'distributed' : 'tlc');
    if ('problem' in tlcArgsChecked) throw new UsageError(tlcArgsChecked.problem);
    if (o.record === true && tlcArgsChecked.ok.continue) throw new UsageError("--record writes the figures of the entry's own settings, which CI compares with, and -continue searches past the first violation; drop one of them");
    if (o.distributed !== true && (o['server-host'] !== undefined || o.port !== undefined || o['wait-workers'] !== undefined)) throw new UsageError('--server-host, --port and --wait-workers go with --distributed');
    if (o.distributed === true) {
      const entry = v.positionals.length === 1 ? findModel(file, v.positionals[0]!) : undefined;
      const serverHost = o['server-host'] ?? '127.0.0.1';
      await checkDistributedUsage(o, entry, serverHost);
      if (entry === undefined) throw new UsageError(`--distributed: expected one model name, got ${v.positionals.length}`);
      const port = intOpt(o.port, '--port', 1);
      if (port !== undefined && port > 65535) throw new UsageError(`--port: expected an integer <= 65535, got ${port}`);
      requireJava(); ensureTlc();
      const waitWorkers = intOpt(o['wait-workers'], '--wait-workers', 1);
      return await checkDistributed(entry, { workers: intOpt(o.workers, '--workers', 0), serverHost, port: port ?? DEFAULT_PORT, json: o.json === true, waitWorkers,
        jvmArgs: common.run.jvmArgs ?? [], tlcArgs: common.run.tlcArgs ?? [], metadir: common.run.metadir });
    }
    if (o.ci === true) {
      if (v.positionals.length > 0) throw new UsageError('--ci takes no model name');
      entries = file.models.filter((m) => m.ci);
      if (entries.length === 0 && o.json !== true) console.error(`tlc --ci: no entries with "ci": true in ${file.path}`);
    } else {
      if (v.positionals.length !== 1) throw new UsageError(`expected one model name, got ${v.positionals.length}${file.models.length === 0 ? '' : ` (known: ${file.models.map((m) => m.name).join(', ')})`}`);
      entries = [findModel(file, v.positionals[0]!)];
    }
    const simFlags = (['num', 'depth', 'seed'] as const).filter((k) => o[k] !== undefined).map((k) => `--${k}`);
    if (simFlags.length > 0 && !entries.some((e) => e.mode === 'simulate')) {
      throw new UsageError(o.ci === true
        ? `${simFlags.join(', ')} ${simFlags.length === 1 ? 'is' : 'are'} for simulation entries, and no CI entry is one; drop ${simFlags.length === 1 ? 'it' : 'them'}`
        : `${simFlags.join(', ')} ${simFlags.length === 1 ? 'is' : 'are'} for simulation entries, and ${entries[0]!.name} is exhaustive; drop ${simFlags.length === 1 ? 'it' : 'them'} or name a simulation entry`);
    }
    if (o.record === true) {
      // "recorded" is what CI compares a run of the entry's own settings with: a simulation's
      // generated-state count depends on num, depth, seed and the workers (each draws its own).
      const changed = [...simFlags, ...(o.workers !== undefined && entries.some((e) => e.mode === 'simulate' && (e.workers ?? 1) !== common.workers) ? ['--workers'] : [])];
      if (changed.length > 0) throw new UsageError(`--record writes the figures of the entry's own settings, which CI compares with; ${changed.join(', ')} would record other ones: drop ${changed.length === 1 ? 'it' : 'them'}, or change the entry's "simulate"/"workers" in models.json first`);
    }
    if (entries.length > 0) { requireJava(); ensureTlc(); } // one sentence, before any other output
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    console.error(`hybrid-bft tlc: ${e instanceof Error ? e.message : String(e)}`); // an unknown model, no java or TLC
    return 2;
  }
  const results = o.ci === true ? await checkCi(file, entries, common) : [await checkOne(file, entries[0]!, common)];
  if (o.json === true) console.log(JSON.stringify(o.ci === true ? results.map(resultJson) : resultJson(results[0]!), null, 2));
  else if (o.ci === true) console.log(`tlc --ci: ${results.filter((r) => r.ok).length}/${results.length} ok${results.some((r) => r.cached) ? `, ${results.filter((r) => r.cached).length} from the cache` : ''}`);
  return results.every((r) => r.ok) ? 0 : 1;
}
