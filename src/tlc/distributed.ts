// `hybrid-bft tlc <model> --distributed`: TLC's own distributed mode, from the same jar.
// One tlc2.tool.distributed.TLCServer holds the state queue and the fingerprint set
// and hands blocks of states over Java RMI to TLCWorker processes, local ones started
// here and remote ones the user starts with the printed command. What TLC 2.18's
// server prints, and what it does not, was read off real runs
// (test/fixtures/tlc/out/distributed/; docs/tlc.md "Distributed mode"):
//   - the same -tool messages for progress, statistics and "holds";
//   - a counterexample without the message naming what it violates, and only its last
//     transition (recheck.ts names it by a single-process run of that transition);
//   - no temporal property checked, action properties only on transitions into new
//     states (props.ts);
//   - exit status 0 even when it fails to start ("Port already in use").
import { lookup } from 'node:dns/promises';
import { createServer } from 'node:net';
import { availableParallelism, networkInterfaces } from 'node:os';
import { basename, join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { ensureTlc, requireJava, TLC_ARTIFACT, TLC_SHA256 } from '../../scripts/tlc-jar.mjs';
import { kill, makeTemp, removeTemp, spawnTracked } from '../proc/lifetime.ts';
import { ToolSplitter } from './messages.ts';
import type { ModelEntry } from './models.ts';
import { LOCALE_JVM_ARGS } from './numbers.ts';
import { cfgProperties } from './props.ts';
import { nameViolation } from './recheck.ts';
import { ToolReducer, type Progress } from './report.ts';
import { judge, outcomeName, runModel, runSany, type ModelResult } from './runner.ts';
import type { Trace } from './trace.ts';

/** TLC's default registry port (TLCServer.Port). */
export const DEFAULT_PORT = 10997;
const SERVER = 'tlc2.tool.distributed.TLCServer';
const WORKER = 'tlc2.tool.distributed.TLCWorker';

/** The run could not be set up (port in use, no worker, server did not start): one sentence, exit 2. */
export class DistributedSetupError extends Error {}

export interface DistributedOptions {
  /** Local TLCWorker processes, one thread each (0: only remote workers). Default: the cores. */
  workers?: number;
  /** The address the server's RMI objects announce (java.rmi.server.hostname), an address of this machine. */
  serverHost?: string;
  /** The RMI registry port of the server (TLCServer.port). */
  port?: number;
  jvmArgs?: readonly string[];
  tlcArgs?: readonly string[];
  metadir?: string;
  /**
   * Seconds after the server is ready within which a worker must register: default 60
   * with local workers, 600 with remote workers only (workers = 0).
   */
  registerTimeout?: number;
  onProgress?: (p: Progress) => void;
  /** One line for the user (stderr): workers lost, waiting for remote workers. */
  onNote?: (line: string) => void;
}

export interface DistributedInfo {
  serverHost: string;
  port: number;
  localWorkers: number;
  /** Workers that registered with the server (local and remote), and that it lost or that left. */
  registered: number;
  left: number;
  /** Action properties of the cfg that the server checks only on transitions into new states. */
  weakerProperties: string[];
  /** All the server prints of a counterexample: its last transition (source state first). */
  lastTransition: Trace | undefined;
  /** The outcome was named by a single-process TLC run on that transition (recheck.ts). */
  namedByRecheck: boolean;
  /** What a worker on another machine runs. */
  remoteWorkerCommand: string;
}

export type DistributedResult = ModelResult & { distributed: DistributedInfo };

export const defaultWorkers = (): number => availableParallelism();

/**
 * The command a worker runs (it needs the same jar and java >= 11): by default one on
 * another machine, with a placeholder for that machine's address and the jar's file
 * name (copied there); given `workerHost`, one on this machine, with the jar's path here.
 */
export function remoteWorkerCommand(serverHost: string, port: number, workerHost?: string): string {
  const jar = workerHost === undefined ? basename(ensureTlc()) : ensureTlc();
  return `java -Djava.rmi.server.hostname=${workerHost ?? '<address of that machine>'} -Dtlc2.tool.distributed.TLCServer.port=${port} -XX:+UseParallelGC -cp ${jar} ${WORKER} ${serverHost}`;
}

const isLoopbackAddress = (a: string): boolean => /^127\./.test(a) || a === '::1';

/**
 * Whether every address `host` resolves to is a loopback one (127.0.0.1, ::1, and
 * 127.0.1.1, Debian's address for the machine's own name): a server there is
 * reachable only from this machine. False when it does not resolve.
 */
export async function isLoopbackHost(host: string): Promise<boolean> {
  try {
    return (await lookup(host, { all: true })).every((a) => isLoopbackAddress(a.address));
  } catch {
    return false;
  }
}

/** The sentence for a server host that only this machine reaches. */
export const loopbackNote = (host: string): string =>
  `${host} is a loopback address, so workers on other machines need --server-host <reachable address>`;

/** Where a remote worker gets the jar. */
export const JAR_NOTE = `the jar is Maven's ${TLC_ARTIFACT} (sha256 ${TLC_SHA256.slice(0, 8)}…${TLC_SHA256.slice(-6)})`;

function localAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((l) => (l ?? []).map((a) => a.address));
}

/** Why `host` cannot be the server's address (one sentence), or undefined when it is an address of this machine. */
export async function serverHostError(host: string): Promise<string | undefined> {
  let addrs: string[];
  try {
    addrs = (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return `--server-host: cannot resolve "${host}"; give an address or name of this machine (e.g. 127.0.0.1, or its LAN address for remote workers)`;
  }
  const mine = localAddresses();
  if (addrs.some((a) => isLoopbackAddress(a) || mine.includes(a))) return undefined;
  return `--server-host: "${host}" (${addrs.join(', ')}) is not an address of this machine (${mine.join(', ')}); the server runs here, so give one of these`;
}

/** Whether a TCP port can be listened on (all interfaces, as RMI's registry does). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen({ port, exclusive: true }, () => s.close(() => res(true)));
  });
}

const portInUse = (port: number | string): string => `port ${port} is in use on this machine (another TLC server?); pick a free one with --port`;

/** Throws DistributedSetupError (one sentence) when the server's port is taken. */
export async function assertPortFree(port: number): Promise<void> {
  if (!(await portFree(port))) throw new DistributedSetupError(portInUse(port));
}

/** Keeps the last lines a process printed (for the sentence when it fails). */
function tail(child: ChildProcess, keep = 4): () => string {
  const lines: string[] = [];
  const add = (d: string): void => {
    for (const l of d.split('\n')) if (l.trim() !== '' && !/^(Parsing file|Semantic processing)/.test(l)) lines.push(l.trim());
    lines.splice(0, Math.max(0, lines.length - keep));
  };
  child.stdout?.setEncoding('utf8').on('data', add);
  child.stderr?.setEncoding('utf8').on('data', add);
  return () => lines.join(' | ');
}

interface Worker { child: ChildProcess; exit: string | undefined; last: () => string }

function exited(child: ChildProcess): Promise<string> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) { res(child.signalCode ?? `exit ${child.exitCode}`); return; }
    child.on('error', (e) => res(`could not start java: ${e.message}`));
    child.on('close', (code, signal) => res(signal !== null ? `killed by ${signal}` : `exit ${code}`));
  });
}

/**
 * Model-checks one exhaustive entry with TLC's distributed server and `workers` local
 * workers. Throws DistributedSetupError (one sentence) when the run cannot be set up
 * or loses every worker; every process it started is ended first. Otherwise returns
 * the result, judged like runModel's, with what distributed mode checked less.
 */
export async function runDistributed(entry: ModelEntry, opts: DistributedOptions = {}): Promise<DistributedResult> {
  const java = requireJava();
  const jar = ensureTlc();
  const host = opts.serverHost ?? '127.0.0.1';
  const port = opts.port ?? DEFAULT_PORT;
  const nLocal = opts.workers ?? defaultWorkers();
  const wait = opts.registerTimeout ?? (nLocal > 0 ? 60 : 600);
  const note = opts.onNote ?? (() => {});
  if (entry.mode !== 'exhaustive') throw new DistributedSetupError(`model ${entry.name} is a simulation; TLC's distributed mode only model-checks exhaustively`);
  const props = cfgProperties(entry.dir, entry.module, entry.config);
  if (props.temporal.length > 0) {
    throw new DistributedSetupError(`model ${entry.name} checks the temporal propert${props.temporal.length === 1 ? 'y' : 'ies'} ${props.temporal.join(', ')}, which TLC's distributed mode does not check; run it without --distributed`);
  }
  await assertPortFree(port);
  const loopback = await isLoopbackHost(host);
  const info: DistributedInfo = {
    serverHost: host, port, localWorkers: nLocal, registered: 0, left: 0, weakerProperties: props.action,
    lastTransition: undefined, namedByRecheck: false, remoteWorkerCommand: remoteWorkerCommand(host, port),
  };
  const base = {
    name: entry.name, expected: entry.expected, mode: entry.mode, workers: nLocal,
    distinct: null, generated: null, depth: null, seed: undefined, tlcVersion: undefined, trace: undefined, counterexamples: [], cached: false,
  };
  const t0 = Date.now();
  const seconds = (): number => Math.round((Date.now() - t0) / 100) / 10;
  const tmp = makeTemp('hybrid-bft-tlc-dist-');
  const workers: Worker[] = [];
  const dirs = [tmp];
  let server: ChildProcess | undefined;
  try {
    const sany = runSany(java, jar, join(entry.dir, entry.module), tmp);
    if (sany !== undefined) return { ...base, outcome: 'parse error', verdict: { kind: 'parse-error', message: sany }, ok: false, detail: sany, seconds: seconds(), distributed: info };
    const rmi = [`-Djava.rmi.server.hostname=${host}`, `-Dtlc2.tool.distributed.TLCServer.port=${port}`];
    const serverArgs = ['-XX:+UseParallelGC', `-Djava.io.tmpdir=${tmp}`, ...LOCALE_JVM_ARGS, ...rmi,
      // progress every 5 s (TLC's default is a minute); the server also waits this long before its first check for the end
      '-Dtlc2.tool.distributed.TLCServer.report=5000', ...(opts.jvmArgs ?? []), '-cp', jar, SERVER,
      '-tool', '-metadir', opts.metadir ?? join(tmp, 'states'), '-config', entry.config,
      ...(entry.checkDeadlock === false ? ['-deadlock'] : []), ...(opts.tlcArgs ?? []), entry.module];
    const reducer = new ToolReducer(opts.onProgress);
    const splitter = new ToolSplitter();
    server = spawnTracked(java, serverArgs, { cwd: entry.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const srv = server;
    let stderr = '';
    srv.stdout!.setEncoding('utf8').on('data', (d: string) => reducer.feed(splitter.push(d)));
    srv.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const serverExit = exited(srv);
    let failure: string | undefined;
    let readyAt: number | undefined;
    const startWorkers = (): void => {
      for (let i = 0; i < nLocal; i++) {
        const wtmp = makeTemp('hybrid-bft-tlc-worker-');
        dirs.push(wtmp);
        const child = spawnTracked(java, ['-XX:+UseParallelGC', `-Djava.io.tmpdir=${wtmp}`, ...LOCALE_JVM_ARGS, ...rmi,
          '-Dtlc2.tool.distributed.TLCWorker.threadCount=1', ...(opts.jvmArgs ?? []), '-cp', jar, WORKER, host],
        { cwd: wtmp, stdio: ['ignore', 'pipe', 'pipe'] });
        const w: Worker = { child, exit: undefined, last: tail(child) };
        void exited(child).then((e) => { w.exit = e; });
        workers.push(w);
      }
      if (nLocal === 0) note(`waiting up to ${wait} s for a worker to register`);
    };
    // Watch until the server ends; fail early when it cannot go on.
    let done = false;
    void serverExit.then(() => { done = true; });
    let lostNoted = 0;
    while (!done) {
      await Promise.race([serverExit, new Promise((r) => setTimeout(r, 200))]);
      if (done) break;
      const ev = reducer.serverEvents();
      if (readyAt === undefined && ev.ready) { readyAt = Date.now(); startWorkers(); }
      if (ev.ending) continue; // the server tells its workers to exit now
      const dead = workers.filter((w) => w.exit !== undefined);
      if (dead.length > lostNoted && dead.length < nLocal) {
        for (const w of dead.slice(lostNoted)) note(`a local TLC worker ended (${w.exit}); the server hands its states to the others`);
        lostNoted = dead.length;
      }
      const remoteSeen = ev.registered > nLocal;
      if (nLocal > 0 && dead.length === nLocal && !remoteSeen) {
        failure = `all ${nLocal} local TLC worker${nLocal === 1 ? '' : 's'} ended before the model was checked (${dead[0]!.exit}${dead[0]!.last() === '' ? '' : `: ${dead[0]!.last()}`})`;
        break;
      }
      if (readyAt !== undefined && ev.registered === 0 && Date.now() - readyAt > wait * 1000) {
        failure = nLocal > 0
          ? `no TLC worker registered with the server within ${wait} s; --server-host ${host} and port ${port} must be reachable from this machine (a worker said: ${workers[0]?.last() || 'nothing'})`
          : `no remote TLC worker registered with the server within ${wait} s; start one with the worker command printed at the start${loopback ? ` (${loopbackNote(host)})` : ''}, or give --workers N for local ones, or a longer --wait-workers`;
        break;
      }
    }
    if (failure !== undefined) {
      kill(srv);
      await serverExit;
      throw new DistributedSetupError(failure);
    }
    const exit = await serverExit;
    // The server tells its workers to exit when it is done; give them a moment, then end them.
    await Promise.race([Promise.all(workers.map((w) => exited(w.child))), new Promise((r) => setTimeout(r, 5000))]);
    reducer.feed(splitter.end());
    if (stderr.trim() !== '') reducer.feed(stderr.split('\n').map((line) => ({ kind: 'plain' as const, line })));
    const report = reducer.result(exit);
    info.registered = report.server.registered;
    info.left = report.server.left;
    const port_ = /Port already in use: (\d+)/.exec(report.errors.join('\n'));
    if (port_ !== null) throw new DistributedSetupError(portInUse(port_[1]!));
    let outcome = report.outcome;
    let trace = report.trace;
    if (!report.server.ready && outcome.kind === 'error') {
      const why = [...report.plain.filter((l) => /^Error:/.test(l)), outcome.message].join(' ').replace(/\s*\n\s*/g, ' ');
      throw new DistributedSetupError(`TLC's distributed server did not start: ${why}`);
    }
    if (outcome.kind === 'error' && report.errors.length === 0 && trace !== undefined) {
      // The server's counterexample: its last transition, unnamed.
      info.lastTransition = trace;
      trace = undefined;
      info.namedByRecheck = true;
      outcome = await nameViolation(entry, info.lastTransition, (e) => runModel(e, { jvmArgs: opts.jvmArgs }));
    }
    const { ok, detail } = judge(entry.expected, outcome);
    // -continue is refused here (src/tlc/options.ts): one counterexample at most.
    const violated = outcome.kind === 'invariant' || outcome.kind === 'property' || outcome.kind === 'deadlock';
    return {
      ...base, outcome: outcomeName(outcome), verdict: outcome, ok, detail, seconds: seconds(), trace,
      counterexamples: violated ? [{ outcome: outcomeName(outcome), verdict: outcome, trace }] : [],
      distinct: report.stats.distinct, generated: report.stats.generated, depth: report.stats.depth,
      tlcVersion: report.version ?? report.plain.map((l) => /TLC Server Version (.*)$/.exec(l)?.[1]).find((v) => v !== undefined), distributed: info,
    };
  } finally {
    for (const w of workers) kill(w.child);
    if (server !== undefined) kill(server);
    await Promise.all([...workers.map((w) => exited(w.child)), ...(server === undefined ? [] : [exited(server)])]);
    for (const d of dirs) removeTemp(d);
  }
}
