// `npm run bench`: what the BLS operations of the protocol cost, measured in one run, on
// both backends side by side (noble: pure TypeScript, the reference; blst: native, via
// @chainsafe/blst), each also as a multiple of ONE verification on the same backend.
//   node --loader ts-node/esm/transpile-only --no-warnings bench/run.ts [--json] [--quick] [--bls-backend noble|blst]
// Figures are medians of several runs after one warm-up run, in CPU time of this
// process (user + system): the machine is shared, and wall-clock time under contention
// measures the neighbours. --quick runs each once (a smoke run of the benchmark code
// itself, not for figures). --bls-backend measures one backend only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, tmpdir } from 'node:os';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { BACKEND_NAMES, BackendError, backendNameFrom, type BackendName, type BlsBackend } from '../src/crypto/backend.ts';
import { verifyBatch } from '../src/crypto/batch.ts';
import { publicKey, secretKeyFromSeed, sign } from '../src/crypto/bls.ts';
import { SignatureAggregator, SignatureCollector } from '../src/crypto/collector.ts';
import { backendByName } from '../src/crypto/select-backend.ts';
import { combine, combineNaive, deal, lagrangeAtZero, partialSign } from '../src/crypto/threshold.ts';
import { Cluster } from '../src/node/cluster.ts';
import { spawnSync } from 'node:child_process';
import { corpusBatches, loadTraces, replayBatches } from '../src/check/traces.ts';
import { coreSut } from '../src/conformance/core-sut.ts';
import { DEFAULT_CORPUS } from '../src/conformance/corpus.ts';
import { driverSut } from '../src/conformance/driver-sut.ts';
import type { ConsensusSut } from '../src/conformance/replay.ts';
import { FULL } from '../src/conformance/verdict/level.ts';
import { judgeTrace } from '../src/conformance/verdict/trace.ts';
import { entryKind } from '../scripts/build-stamp.mjs';
import { demoBlsCrypto } from '../src/node/demo-keys.ts';
import { DkgParticipant, demoDkgSeed, type DkgMessage } from '../src/crypto/dkg.ts';
import { runDkg } from '../src/node/dkg-run.ts';
import { runChannels } from '../src/channel/cluster-run.ts';
import { channelThreshold } from '../src/channel/entity.ts';

const args = process.argv.slice(2);
const usage = 'usage: bench/run.ts [--json] [--quick] [--bls-backend noble|blst]';
let only: BackendName | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--help' || a === '-h') {
    console.log(`${usage}\n\nOne run, one table: BLS, batched, certificate, threshold and node figures (multiples of\none verification on the same backend), replay steps/s and start-up times; the last\ncolumn is the issue-13 target where there is one. --json prints the same as JSON;\n--quick runs each once (a smoke run, not figures); --bls-backend measures one backend.`);
    process.exit(0);
  }
  if (a === '--json' || a === '--quick') continue;
  if (a === '--bls-backend') {
    const v = args[++i];
    if (v === undefined || v.startsWith('-')) { console.error(`bench: --bls-backend needs a value, noble or blst; ${usage}`); process.exit(2); }
    try { only = backendNameFrom(v); } catch (e) { console.error(`bench: ${(e as Error).message}; ${usage}`); process.exit(2); }
    continue;
  }
  console.error(`bench: unknown option '${a}'; ${usage}`);
  process.exit(2);
}
const json = args.includes('--json');
const quick = args.includes('--quick');
const names: BackendName[] = only !== undefined ? [only] : [...BACKEND_NAMES];
const backends: BlsBackend[] = [];
for (const n of names) {
  try { backends.push(backendByName(n)); } catch (e) {
    if (!(e instanceof BackendError)) throw e;
    console.error(`bench: ${e.message}`);
    process.exit(2);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const cpuNow = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
/** Median CPU ms of `runs` calls of f after one warm-up call (JIT, noble's precomputed tables). */
async function measure(runs: number, f: () => unknown): Promise<{ runs: number; cpuMs: number }> {
  if (quick) runs = 1;
  else await f();
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = cpuNow();
    await f();
    cpu.push(cpuNow() - c0);
  }
  return { runs, cpuMs: median(cpu) };
}
function must(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bench: ${what} did not verify: the benchmark would be measuring a failure path`);
}

const N = 100;
const T = 67; // 2f+1 for n = 100
const seed = (label: string) => sha256(utf8ToBytes(`hybrid-bft/bench/${label}`));
const msg = utf8ToBytes('hybrid-bft bench: PRECOMMIT(h=5, r=0, v=block)');
const sks = Array.from({ length: N }, (_, i) => secretKeyFromSeed(seed(`validator/${i}`)));
const pks = sks.map(publicKey);
const votes = sks.map((sk) => sign(sk, msg));
const dealt = deal(T, N, seed('dealer'));
const partials = dealt.shares.slice(0, T).map((s) => partialSign(s, msg));
/** Fresh copies: noble remembers decoded signatures per array (points.ts), which a real peer's bytes never hit. */
const fresh = (sigs: readonly Uint8Array[]) => sigs.map((s) => s.slice());

interface Row { name: string; what: string; target?: number; cells: Partial<Record<BackendName, { runs: number; cpuMs: number; ratio: number } | null>> }
const rows: Row[] = [];
const row = (name: string, what: string, target?: number): Row => {
  const r: Row = { name, what, cells: {} };
  if (target !== undefined) r.target = target;
  rows.push(r);
  return r;
};
const unit: Partial<Record<BackendName, number>> = {};

for (const b of backends) {
  const keys = pks.map((pk) => b.prepareKey(pk));
  const shareKeys = dealt.sharePublicKeys.map((pk) => b.prepareKey(pk));
  const groupKey = b.prepareKey(dealt.groupPublicKey);
  must(votes.every((v, i) => b.verify(keys[i]!, msg, v)), `${b.name}: the 100 votes`);
  const cert = b.aggregateSignatures(votes);
  must(b.fastAggregateVerify(keys, msg, cert), `${b.name}: the 100-signer certificate`);
  const set = async (r: Row, runs: number, f: () => unknown) => {
    const m = await measure(runs, f);
    r.cells[b.name] = { ...m, ratio: 0 };
  };
  const verifyRow = rows.find((r) => r.name === 'verify') ?? row('verify', 'one signature verification from bytes (decode, hash to G2, 2 pairings): the unit');
  await set(verifyRow, 15, () => must(b.verify(keys[0]!, msg, votes[0]!.slice()), 'verify'));
  unit[b.name] = verifyRow.cells[b.name]!.cpuMs;
  const r = (name: string, what: string, runs: number, f: () => unknown, target?: number) =>
    set(rows.find((x) => x.name === name) ?? row(name, what, target), runs, f);
  await r('100 votes, one by one', '100 verifications of one message, each from bytes', 3, () => fresh(votes).forEach((v, i) => b.verify(keys[i]!, msg, v)));
  await r('100 votes, batched', 'verifyBatch: 100 same-message votes from bytes, one randomized check', 5,
    () => must(verifyBatch(b, fresh(votes).map((signature, i) => ({ key: keys[i]!, message: msg, signature }))).every((v) => v === null), 'batch'), 5);
  await r('100 votes, batched, 1 bad', 'as above with one bad vote: the randomized check fails, bisection names it', 3,
    () => verifyBatch(b, fresh(votes).map((signature, i) => ({ key: keys[i]!, message: msg, signature: i === 37 ? votes[38]! : signature }))));
  await r('certificate verify (100 signers)', 'fastAggregateVerify: sum 100 admitted keys, one verification', 10, () => b.fastAggregateVerify(keys, msg, cert.slice()));
  await r('67 partials, one by one', '67 verifications under 67 share keys', 3, () => fresh(partials.map((p) => p.signature)).forEach((s, k) => b.verify(shareKeys[k]!, msg, s)));
  await r('67 partials, batched', 'verifyBatch: the 67 partials of one message, one randomized check', 5,
    () => must(verifyBatch(b, partials.map((p, k) => ({ key: shareKeys[k]!, message: msg, signature: p.signature.slice() }))).every((v) => v === null), 'partials'), 4);
  const pub = { t: T, n: N, groupPublicKey: dealt.groupPublicKey, sharePublicKeys: dealt.sharePublicKeys };
  await r('threshold signature, end to end', 'SignatureCollector (67 partials, one batch) + combine + verify under the group key', 3, async () => {
    const byIndex = new Map(partials.map((p) => [p.index, { index: p.index, signature: p.signature.slice() }]));
    const got = await new SignatureCollector(pub, { requestPartial: async (i) => byIndex.get(i)! }, b).collect(msg);
    return new SignatureAggregator(pub, b).aggregate(msg, got.partials);
  });
  must(b.verify(groupKey, msg, combine(T, N, partials)), `${b.name}: the combination`);
}
// Combining is noble's on both backends (@chainsafe/blst has no scalar multiplication):
// one column, as multiples of noble's verification.
const noble = backendByName('noble');
const nobleOnly = async (name: string, what: string, runs: number, f: () => unknown, target?: number) => {
  const r = row(name, what, target);
  r.cells.noble = { ...(await measure(runs, f)), ratio: 0 };
};
if (names.includes('noble')) {
  const ps = () => partials.map((p) => ({ index: p.index, signature: p.signature.slice() }));
  await nobleOnly('lagrange at 0 (67 indices)', 'the 67 coefficients over Fr (one inversion, Montgomery)', 20, () => lagrangeAtZero(partials.map((p) => p.index)));
  await nobleOnly('combine 67, decoded partials', 'Σ λ_i σ_i as one bucket MSM over partials the batch check decoded (the collector path)', 5, () => combine(T, N, partials), 3);
  await nobleOnly('combine 67, from bytes', 'the same, decoding (square root + subgroup check) the 67 partials first', 3, () => combine(T, N, ps()));
  await nobleOnly('combine 67, naive', '67 separate scalar multiplications, summed (decoded partials)', 3, () => combineNaive(T, N, partials));
  await nobleOnly('deal 67-of-100', 'dealer: polynomial, 100 shares, 100 share keys (G1 mults)', 3, () => deal(T, N, seed('dealer')));
  must(noble.verify(noble.prepareKey(dealt.groupPublicKey), msg, combine(T, N, partials)), 'combine');
  // The DKG (joint-Feldman, src/crypto/dkg.ts), noble's G1 on both backends. One
  // validator's work: the others' commits and shares are made first, untimed; in a
  // deployment the validators run in parallel, so this is the DKG's CPU cost per node.
  for (const [t, n] of [[3, 4], [11, 16], [67, 100]] as const) {
    const inbox = dkgInbox(t, n);
    await nobleOnly(`DKG, one validator, n = ${n}, t = ${t}`, `joint-Feldman, no faults: deal (t G1 mults, n shares), check ${n - 1} shares (decode ${(n - 1) * t} commitments, Horner), ${n} share keys`,
      n >= 100 ? 1 : 3, () => must(dkgOneValidator(t, n, inbox) === n, `DKG n = ${n}`));
  }
}

/** What validator 1 receives in the deal phase of an honest DKG: the other n − 1 commits and its shares. */
function dkgInbox(t: number, n: number): [number, DkgMessage][] {
  const inbox: [number, DkgMessage][] = [];
  for (let i = 2; i <= n; i++) {
    for (const o of new DkgParticipant(t, n, i, demoDkgSeed('bench', i)).start()) if (o.to === 'all' || o.to === 1) inbox.push([i, o.msg]);
  }
  return inbox;
}
/** Validator 1's whole DKG over `inbox` (deal, receive, three phase ends); returns |QUAL|. */
function dkgOneValidator(t: number, n: number, inbox: readonly [number, DkgMessage][]): number {
  const p = new DkgParticipant(t, n, 1, demoDkgSeed('bench', 1));
  p.start();
  for (const [from, m] of inbox) p.receive(from, m);
  for (let k = 0; k < 3; k++) p.endPhase();
  return p.output!.qualified.length;
}

// The node: four validators deciding heights on the virtual clock, in CPU ms per height.
// Setting up (keys, proofs of possession, the validator set) is outside the timing.
function perHeight(crypto: 'trusting' | BlsBackend, heights: number, batchWindowMs = 0): number {
  const opts: ConstructorParameters<typeof Cluster>[0] = { n: 4, seed: 1, maxDelayMs: 40, lastHeight: heights, batchWindowMs };
  if (crypto !== 'trusting') opts.crypto = demoBlsCrypto(crypto);
  const c = new Cluster(opts);
  const c0 = cpuNow();
  c.start();
  if (!c.runUntil(() => c.decided(heights))) throw new Error('bench: the cluster made no progress');
  const ms = cpuNow() - c0;
  c.stop();
  return ms / heights;
}
const heights = quick ? 2 : 10;
const nodeRuns = quick ? 1 : 3;
const perHeightMedian = (crypto: 'trusting' | BlsBackend, windowMs = 0) => {
  perHeight(crypto, quick ? 1 : heights, windowMs); // warm-up
  return median(Array.from({ length: nodeRuns }, () => perHeight(crypto, heights, windowMs)));
};
const trusting = perHeightMedian('trusting');
const nodeRows: Row[] = [];
for (const windowMs of [0, 10]) {
  const r = row(`node: one height, n = 4, window ${windowMs} ms`, `four nodes, ${heights} heights, delays 1..40 virtual ms, batch window ${windowMs} virtual ms; CPU ms per height; x = multiple of trusting crypto (${trusting.toFixed(2)} ms/height)`, 5);
  nodeRows.push(r);
  for (const b of backends) { const ms = perHeightMedian(b, windowMs); r.cells[b.name] = { runs: nodeRuns, cpuMs: ms, ratio: ms / trusting }; }
}

for (const r of rows) {
  if (nodeRows.includes(r)) continue;
  for (const n of names) { const c = r.cells[n]; if (c) c.ratio = c.cpuMs / unit[n]!; }
}

// Replay of the committed corpus (traces/), in model steps per second: in-process against
// the reference core (CPU time of this process, and wall), and through the TypeScript
// driver (wall: two processes and a pipe). Then start-up: the CLI and the driver, from
// source (ts-node) and compiled (dist/, needs `npm run build`), median wall of 5.
interface Extra { name: string; value: number; unit: string; target?: number; what: string }
const extras: Extra[] = [];
{
  const { loaded } = loadTraces(corpusBatches(DEFAULT_CORPUS).filter((f) => !quick || !f.batch.includes('cover')));
  await replayBatches(loaded, [], coreSut()); // warm-up
  const c0 = cpuNow();
  const r = await replayBatches(loaded, [], coreSut());
  const cpuS = (cpuNow() - c0) / 1000;
  extras.push({ name: 'replay in-process (CPU)', value: Math.round(r.result.steps / cpuS), unit: 'steps/s', target: 100_000, what: `${r.result.steps} steps of ${r.result.traces} traces against the reference core, CPU time` });
  extras.push({ name: 'replay in-process (wall)', value: r.section.stepsPerSecond, unit: 'steps/s', what: 'the same, wall clock (what `hybrid-bft replay` prints)' });
  const compiled = entryKind(new URL('..', import.meta.url).pathname) === 'dist';
  const driverCmd = compiled ? 'node bin/driver.mjs' : 'node --loader ts-node/esm/transpile-only --no-warnings conformance/drivers/ts/driver.ts';
  // Pipelined (the driver's hello offers it: steps sent up to 64 ahead), then one step at a time, in this run.
  for (const pipeline of [true, false]) {
    const sut = driverSut(driverCmd, { pipeline });
    const d = await replayBatches(loaded, [], sut);
    await sut.close();
    extras.push(pipeline
      ? { name: 'replay through the TS driver', value: d.section.stepsPerSecond, unit: 'steps/s', target: 30_000, what: `wall clock, steps pipelined, driver "${driverCmd}"` }
      : { name: 'replay through the TS driver, unpipelined', value: d.section.stepsPerSecond, unit: 'steps/s', what: 'the same, one step at a time (pipeline: false)' });
  }
  // The paper's verdict (src/conformance/verdict/) over the same traces, against strict
  // equality just measured: in process (CPU) and through the TS driver (pipelined, wall).
  // Issue 20's bound: no worse than half of the strict figure.
  {
    const all = loaded.map((l) => l.trace);
    const judgeAll = async (sut: ConsensusSut): Promise<number> => {
      let n = 0;
      for (const t of all) n += (await judgeTrace(t, sut, { level: FULL })).judged;
      return n;
    };
    await judgeAll(coreSut()); // warm-up
    const v0 = cpuNow();
    const judged = await judgeAll(coreSut());
    const inProcess = Math.round(judged / ((cpuNow() - v0) / 1000));
    const strictCpu = Math.round(r.result.steps / cpuS);
    extras.push({ name: 'verdict in-process (CPU)', value: inProcess, unit: 'steps/s', target: Math.round(strictCpu / 2), what: `${judged} steps judged by the paper's verdict against the reference core, CPU time; target: half of strict replay's ${strictCpu} in this run` });
    const sut = driverSut(driverCmd, { pipeline: true });
    const w0 = performance.now();
    const viaDriver = await judgeAll(sut);
    await sut.close();
    const strictDriver = extras.find((e) => e.name === 'replay through the TS driver')!.value;
    extras.push({ name: 'verdict through the TS driver', value: Math.round(viaDriver / ((performance.now() - w0) / 1000)), unit: 'steps/s', target: Math.round(strictDriver / 2),
      what: `wall clock, pipelined up to each event whose fit depends on the shadow; target: half of strict replay through the driver (${strictDriver}) in this run` });
  }
  // The whole DKG, all n validators in this process over the in-memory transport (CPU).
  for (const [t, n] of [[3, 4], [11, 16]] as const) {
    const m = await measure(quick ? 1 : 3, () => must(runDkg({ t, n, label: 'bench' }).nodes.get(1)!.output!.qualified.length === n, 'runDkg'));
    extras.push({ name: `DKG n = ${n}, t = ${t}, whole run`, value: Math.round(m.cpuMs), unit: 'ms', what: `all ${n} validators in one process, in-memory transport (runDkg), CPU; n = 100 would be ≈ 100 × its one-validator row` });
  }
  const wall = (cmd: string[]) => median(Array.from({ length: quick ? 1 : 5 }, () => {
    const t0 = performance.now();
    spawnSync(process.execPath, cmd, { stdio: ['ignore', 'ignore', 'ignore'] });
    return performance.now() - t0;
  }));
  extras.push({ name: 'start-up: hybrid-bft --help, source', value: Math.round(wall(['bin/hybrid-bft.mjs', '--help'])), unit: 'ms', what: 'bin/hybrid-bft.mjs (ts-node), median wall' });
  extras.push({ name: 'start-up: reference driver, source', value: Math.round(wall(['--loader', 'ts-node/esm/transpile-only', '--no-warnings', 'conformance/drivers/ts/driver.ts'])), unit: 'ms', what: 'ts-node, until it exits on end of input' });
  if (compiled) {
    extras.push({ name: 'start-up: hybrid-bft --help, compiled', value: Math.round(wall(['bin/cli.mjs', '--help'])), unit: 'ms', what: 'bin/cli.mjs (dist/), median wall' });
    extras.push({ name: 'start-up: reference driver, compiled', value: Math.round(wall(['bin/driver.mjs'])), unit: 'ms', what: 'bin/driver.mjs (dist/), until it exits on end of input' });
  } else {
    extras.push({ name: 'start-up: compiled', value: NaN, unit: 'ms', what: 'dist/ is missing or stale: run npm run build' });
  }
}

// Channel updates certified per second (docs/channels.md): runChannels on the in-memory
// cluster with trusting consensus crypto. Each update is decided at a height and signed by
// all n validators after the decision; the counterparty collects t partials over the
// transport, verifies them, combines them, and its ledger accepts. The figure is CPU time
// of the run per update; "consensus" is the same run with no updates in the pool.
{
  const cpuOf = async (n: number, heights: number, updates: number, b: BlsBackend) => {
    const c0 = cpuNow();
    const r = await runChannels({ cluster: { n, seed: 1, minDelayMs: 1, maxDelayMs: 40 }, heights, updates, budgetMs: 600_000, backend: b });
    must(r.updates.every((u) => u.verdict === 'accepted'), `channel run n = ${n}: every update accepted`);
    return cpuNow() - c0;
  };
  if (!quick) await cpuOf(4, 1, 1, backends[0]!); // warm-up (JIT, noble's tables)
  for (const [n, k] of [[4, quick ? 1 : 5], [100, quick ? 1 : 2]] as const) {
    for (const b of backends) {
      const consensus = await cpuOf(n, k, 0, b);
      const all = await cpuOf(n, k, k, b);
      extras.push({
        name: `channel updates certified, n = ${n} (t = ${channelThreshold(n)}), ${b.name}`, value: Math.round((k / all) * 100_000) / 100, unit: 'updates/s',
        what: `runChannels, ${k} updates at ${k} heights, trusting consensus: ${(all / k).toFixed(0)} CPU ms per update, of which consensus alone ${(consensus / k).toFixed(0)} ms`,
      });
    }
  }
}

// Heights per second: the TCP testnet (four `hybrid-bft node` processes on loopback, fsync
// WALs, real clock; `testnet` measures from height 1 decided by all to height H, so
// process start-up is left out) against the in-memory cluster on the virtual clock in
// wall time (with fsync WALs as the processes have, and without). Trusting crypto both
// ways, so the figure is the transport, the clock and the processes, not BLS.
{
  const hs = quick ? 5 : 30;
  const inMemory = (wal: boolean): number => {
    const dir = wal ? mkdtempSync(join(tmpdir(), 'hybrid-bft-bench-wal-')) : undefined;
    try {
      const c = new Cluster({ n: 4, seed: 1, maxDelayMs: 40, lastHeight: hs, ...(dir === undefined ? {} : { walDir: dir }) });
      const t0 = performance.now();
      c.start();
      if (!c.runUntil(() => c.decided(hs))) throw new Error('bench: the cluster made no progress');
      const s = (performance.now() - t0) / 1000;
      c.stop();
      return hs / s;
    } finally {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  };
  extras.push({ name: 'in-memory cluster, fsync WALs', value: Number(inMemory(true).toFixed(1)), unit: 'heights/s', what: `run's Cluster, n = 4, trusting, ${hs} heights, WALs with fsync, wall clock (virtual time costs nothing)` });
  extras.push({ name: 'in-memory cluster, no WAL', value: Number(inMemory(false).toFixed(1)), unit: 'heights/s', what: 'the same without WALs' });
  const tn = spawnSync(process.execPath, ['bin/hybrid-bft.mjs', 'testnet', '--nodes', '4', '--heights', String(hs), '--crypto', 'trusting', '--json'], { encoding: 'utf8', timeout: 300_000 });
  const done = tn.stdout.trim().split('\n').map((l) => { try { return JSON.parse(l) as { event?: string; heightsPerSecond?: number }; } catch { return {}; } }).find((o) => o.event === 'done');
  if (tn.status !== 0 || done?.heightsPerSecond == null) throw new Error(`bench: testnet failed (exit ${tn.status}): ${tn.stderr.trim().split('\n').at(-1) ?? ''}`);
  extras.push({ name: 'TCP testnet, 4 processes', value: done.heightsPerSecond, unit: 'heights/s', what: `hybrid-bft testnet --nodes 4 --heights ${hs} --crypto trusting: loopback TCP, fsync WALs, real clock, after height 1 (start-up left out)` });
}

const version = (pkg: string) => (JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;
const env = {
  node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, quick,
  backends: Object.fromEntries(backends.map((b) => [b.name, `${b.library} ${version(b.library)}`])),
};
const met = (r: Row, n: BackendName) => (r.target === undefined || !r.cells[n] ? undefined : r.cells[n]!.ratio <= r.target);
if (json) {
  console.log(JSON.stringify({ env, rows: rows.map((r) => ({ ...r, met: Object.fromEntries(names.map((n) => [n, met(r, n)])) })),
    replayAndStartup: extras.map((e) => ({ ...e, met: e.target === undefined ? undefined : e.value >= e.target })) }, null, 1));
} else {
  console.log(`BLS12-381 (min-pk), ${Object.values(env.backends).join(' | ')}, node ${env.node}, ${env.cpu} (${env.cores} cores)${quick ? ' — QUICK RUN, not figures' : ''}`);
  console.log('cpu ms = median CPU time of this process; x = multiple of one verification on the same backend (node row: of trusting crypto); target = the issue\'s bound on x\n');
  const w = Math.max(...rows.map((r) => r.name.length));
  const cell = (r: Row, n: BackendName) => {
    const c = r.cells[n];
    if (c === undefined) return `${'(noble)'.padStart(10)} ${''.padStart(8)}`;
    if (c === null) return `${'-'.padStart(10)} ${''.padStart(8)}`;
    const ok = met(r, n);
    return `${c.cpuMs.toFixed(2).padStart(10)} ${(c.ratio.toFixed(2) + (ok === undefined ? ' ' : ok ? '✓' : '✗')).padStart(8)}`;
  };
  console.log(`${'operation'.padEnd(w)}  ${names.map((n) => `${(n + ' ms').padStart(10)} ${'x'.padStart(8)}`).join('  ')}  target  what`);
  for (const r of rows) console.log(`${r.name.padEnd(w)}  ${names.map((n) => cell(r, n)).join('  ')}  ${(r.target === undefined ? '' : `≤ ${r.target}x`).padEnd(6)}  ${r.what}`);
  console.log('');
  const we = Math.max(...extras.map((e) => e.name.length));
  for (const e of extras) {
    const mark = e.target === undefined ? '' : e.value >= e.target ? ` ✓ (≥ ${e.target})` : ` ✗ (target ≥ ${e.target})`;
    console.log(`${e.name.padEnd(we)}  ${String(e.value).padStart(8)} ${e.unit}${mark}  ${e.what}`);
  }
}
