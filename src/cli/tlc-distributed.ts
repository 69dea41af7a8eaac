// `hybrid-bft tlc <name> --distributed`: one entry on TLC's distributed server with
// local (and remote) workers (src/tlc/distributed.ts; docs/tlc.md "Distributed mode").
// The verdict cache is neither read nor written: the result also depends on workers
// this command does not start (remote ones may run another jar or java), which the
// cache key cannot cover, and a distributed run must not stand in for the
// single-process verdict that `check` reads after `npm test`.
import { UsageError } from '../check/args.ts';
import {
  assertPortFree, DistributedSetupError, isLoopbackHost, JAR_NOTE, loopbackNote, remoteWorkerCommand, runDistributed, serverHostError, type DistributedResult,
} from '../tlc/distributed.ts';
import { outOfReachNote, type ModelEntry } from '../tlc/models.ts';
import { cfgProperties } from '../tlc/props.ts';
import { progressView } from '../tlc/progress.ts';
import { traceTable } from '../tlc/table.ts';
import { closingLine } from '../tlc/undecided.ts';

export interface DistributedFlags {
  workers: number | undefined;
  serverHost: string;
  port: number;
  json: boolean;
  jvmArgs: readonly string[];
  tlcArgs: readonly string[];
  metadir: string | undefined;
  /** Seconds to wait for the first worker (runDistributed's registerTimeout). */
  waitWorkers: number | undefined;
}

/** Flags that make no sense with --distributed, as a UsageError; and the server host, checked. */
export async function checkDistributedUsage(o: Record<string, unknown>, entry: ModelEntry | undefined, serverHost: string): Promise<void> {
  const bad = ['ci', 'record', 'num', 'depth', 'seed', 'list'].filter((k) => o[k] !== undefined);
  if (bad.length > 0) throw new UsageError(`--distributed takes one model and no ${bad.map((b) => `--${b}`).join(', ')} (${bad.includes('record') ? '"recorded" holds the single-process figures' : 'it model-checks one exhaustive entry'})`);
  if (entry?.mode === 'simulate') throw new UsageError(`model ${entry.name} is a simulation; --distributed only model-checks exhaustive entries`);
  const temporal = entry === undefined ? [] : cfgProperties(entry.dir, entry.module, entry.config).temporal;
  if (temporal.length > 0) throw new UsageError(`model ${entry!.name} checks the temporal propert${temporal.length === 1 ? 'y' : 'ies'} ${temporal.join(', ')}, which TLC's distributed mode does not check; run it without --distributed`);
  const err = await serverHostError(serverHost);
  if (err !== undefined) throw new UsageError(err);
}

/** The summary's figures part for a distributed run. */
function figures(r: DistributedResult): string {
  const d = r.distributed;
  const n = (x: number | null): string => (x === null ? '-' : x.toLocaleString('en-US'));
  return `${n(r.distinct)} distinct states, ${n(r.generated)} generated, ${r.seconds.toFixed(1)} s, TLC distributed: ${d.localWorkers} local worker${d.localWorkers === 1 ? '' : 's'}, ${d.registered} registered`;
}

export function distributedSummary(r: DistributedResult): string {
  const weaker = r.distributed.weakerProperties.length === 0 ? ''
    : `; ${r.distributed.weakerProperties.join(', ')} checked only on transitions into new states`;
  if (r.ok) return `ok   ${r.name}: ${r.expected === 'holds' ? 'holds' : `${r.expected} violated`}, as expected (${figures(r)}${weaker})`;
  return `FAIL ${r.name}: expected ${r.expected}, got ${r.outcome}: ${r.detail ?? ''} (${figures(r)}${weaker})`;
}

/** Runs it and prints; the exit code (0 ok, 1 not the expected outcome, 2 the run could not be set up). */
export async function checkDistributed(entry: ModelEntry, f: DistributedFlags): Promise<number> {
  const port = f.port;
  const say = (l: string): void => { if (!f.json) console.error(`tlc ${entry.name}: ${l}`); };
  const view = f.json ? undefined : progressView(`tlc ${entry.name}`);
  let r: DistributedResult;
  try {
    await assertPortFree(port); // before anything is printed
    const note = outOfReachNote(entry);
    if (note !== undefined) console.error(note);
    say(`${entry.module} with ${entry.config} on TLC's distributed server at ${f.serverHost}:${port}, expecting ${entry.expected}`);
    // The worker command once (runDistributed's messages refer to it).
    say(await isLoopbackHost(f.serverHost)
      ? `a worker on this machine runs: ${remoteWorkerCommand(f.serverHost, port, f.serverHost)} (${JAR_NOTE}); ${loopbackNote(f.serverHost)}`
      : `a worker on another machine runs: ${remoteWorkerCommand(f.serverHost, port)} (${JAR_NOTE})`);
    r = await runDistributed(entry, {
      workers: f.workers, serverHost: f.serverHost, port, jvmArgs: f.jvmArgs, tlcArgs: f.tlcArgs,
      ...(f.metadir === undefined ? {} : { metadir: f.metadir }),
      ...(f.waitWorkers === undefined ? {} : { registerTimeout: f.waitWorkers }),
      onNote: say, ...(view === undefined ? {} : { onProgress: view.onProgress }),
    });
  } catch (e) {
    view?.stop();
    if (e instanceof DistributedSetupError) { console.error(`hybrid-bft tlc: ${e.message}`); return 2; }
    throw e;
  }
  view?.stop();
  const d = r.distributed;
  if (f.json) {
    console.log(JSON.stringify({
      name: r.name, expected: r.expected, outcome: r.outcome, ok: r.ok, distinct: r.distinct, generated: r.generated, depth: r.depth,
      seconds: r.seconds, mode: r.mode, tlcVersion: r.tlcVersion ?? null, detail: r.detail ?? null, cached: false, distributed: d,
    }, null, 2));
    return r.ok ? 0 : 1;
  }
  console.log(distributedSummary(r));
  if (d.weakerProperties.length > 0) say(`TLC's distributed mode checks ${d.weakerProperties.join(', ')} only on transitions into states it had not seen, so "holds" covers less than the single-process run`);
  if (d.lastTransition !== undefined) {
    const one = d.lastTransition.steps.length === 1;
    const what = one ? 'the state it ended in' : `its last transition${d.namedByRecheck ? ', named by a single-process TLC run on it' : ''}`;
    // The server labels the first state it prints "1: <Initial predicate>" whatever its
    // depth: it is the source of the last transition (or the state the run ended in).
    const table = traceTable(d.lastTransition, { firstLabel: one ? '(last state)' : '(source state)', numbered: false });
    console.log(`\nTLC's distributed server prints only the end of a counterexample (${what}); for the whole trace run hybrid-bft tlc ${r.name} without --distributed\n${table}\n${closingLine(r.outcome, d.lastTransition)}`);
  } else if (r.trace !== undefined) console.log(`\n${traceTable(r.trace)}\n${closingLine(r.outcome, r.trace)}`);
  return r.ok ? 0 : 1;
}
