// `hybrid-bft tlc --distributed` (src/tlc/distributed.ts): what TLC 2.18's distributed
// server prints (captured in test/fixtures/tlc/out/distributed/), the recheck that
// names its unnamed counterexamples, the property classification, and the real CLI on
// the loopback interface: the same distinct-state count as the single-process run
// (the entry's recorded figure, which npm test holds the single-process run to), a
// witness, a taken port, a lost worker and SIGTERM, with no java left behind.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { alive, cli, ours, pidsMentioning, until } from '../cli/procs.ts';
import { splitToolOutput } from '../../src/tlc/messages.ts';
import { isLoopbackHost } from '../../src/tlc/distributed.ts';
import { findModel, loadModels } from '../../src/tlc/models.ts';
import { cfgProperties, definitionBody, isActionProperty } from '../../src/tlc/props.ts';
import { nameViolation, recheckCfg } from '../../src/tlc/recheck.ts';
import { ToolReducer } from '../../src/tlc/report.ts';
import { runModel } from '../../src/tlc/runner.ts';
import { parseState } from '../../src/tlc/value.ts';
import { captured, FIXTURES, TOY_MODELS } from './helpers.ts';
import { run as tlc } from '../../src/cli/tlc.ts';

const OUT = join(FIXTURES, 'out', 'distributed');
const SPEC = join(import.meta.dirname, '..', '..', 'spec');
const reduce = (file: string): ReturnType<ToolReducer['result']> => {
  const r = new ToolReducer();
  r.feed(splitToolOutput(readFileSync(join(OUT, file), 'utf8')));
  return r.result('exit 0');
};

/** A port nothing listens on (the kernel's pick, released). */
function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, () => { const p = (s.address() as { port: number }).port; s.close(() => res(p)); });
  });
}

describe("TLC's distributed server output (captured, TLC 2.18)", () => {
  it('holds: the same statistics messages, the server ready and one worker registered', () => {
    const r = reduce('CounterHolds.server.txt');
    assert.deepEqual(r.outcome, { kind: 'holds' });
    assert.equal(r.stats.distinct, 16); // as the single-process run of CounterHolds
    assert.deepEqual(r.server, { ready: true, registered: 1, left: 0, ending: true });
  });

  it('an invariant violation: a trace of two states and no message naming it (hence the recheck)', () => {
    const r = reduce('CounterViolated.server.txt');
    assert.equal(r.outcome.kind, 'error');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.trace?.steps.map((s) => [s.index, s.action, s.state.get('x')]), [[1, undefined, { kind: 'int', value: 1n }], [2, 'IncX', { kind: 'int', value: 2n }]]);
  });

  it('a deadlock prints the deadlocked state alone, an evaluation error its last transition, both unnamed', () => {
    const d = reduce('Deadlock.server.txt');
    assert.deepEqual([d.outcome.kind, d.errors, d.trace?.steps.map((s) => s.state.get('n'))], ['error', [], [{ kind: 'int', value: 3n }]]);
    const e = reduce('EvalError.server.txt');
    assert.deepEqual([e.outcome.kind, e.errors, e.trace?.steps.map((s) => s.state.get('x'))], ['error', [], [{ kind: 'int', value: 2n }, { kind: 'int', value: 3n }]]);
  });

  it('a violation by an initial state (2102) names the invariant and carries the state', () => {
    const r = reduce('InitViolated.server.txt');
    assert.deepEqual(r.outcome, { kind: 'invariant', name: 'Inv' });
    assert.deepEqual(r.trace?.steps[0]?.state.get('s'), { kind: 'str', value: 'a"b\\c' });
  });

  it('an action property violated only on a transition into a seen state goes unreported (why tlc says "checked less")', () => {
    // The single-process run of the same cfg reports XMonotone (test/fixtures/tlc/out/CounterProperty.tool.txt).
    assert.deepEqual(reduce('CounterProperty.server.txt').outcome, { kind: 'holds' });
    assert.match(readFileSync(join(FIXTURES, 'out', 'CounterProperty.tool.txt'), 'utf8'), /XMonotone is violated/);
  });

  it('a temporal property is silently not checked (why tlc refuses it): EventuallyMax "holds"', () => {
    // The single-process run reports it violated (test/fixtures/tlc/out/CounterLiveness.tool.txt).
    assert.deepEqual(reduce('CounterLiveness.server.txt').outcome, { kind: 'holds' });
    assert.match(readFileSync(join(FIXTURES, 'out', 'CounterLiveness.tool.txt'), 'utf8'), /Temporal properties were violated/);
  });

  it('a taken port is a general error naming it; the server never gets ready', () => {
    const r = reduce('PortInUse.server.txt');
    assert.match(r.errors.join('\n'), /Port already in use: 11997/);
    assert.equal(r.server.ready, false);
  });
});

describe('the server host', () => {
  it('loopback when every address it resolves to is (localhost, 127.0.0.1, ::1); not a LAN address or a name that does not resolve', async () => {
    for (const h of ['localhost', '127.0.0.1', '127.0.1.1', '::1']) assert.equal(await isLoopbackHost(h), true, h);
    const lan = Object.values(networkInterfaces()).flatMap((l) => l ?? []).find((a) => !a.internal)?.address;
    for (const h of ['192.0.2.1', 'no-such-host.invalid', ...(lan === undefined ? [] : [lan])]) assert.equal(await isLoopbackHost(h), false, h);
  });
});

describe('properties and the recheck cfg', () => {
  it('[][A]_v is an action property; <>P, ~>, WF_ and unknown names are not', () => {
    assert.ok(isActionProperty(" [][x' >= x]_x"));
    assert.ok(!isActionProperty(' <>(x = Max)'));
    assert.ok(!isActionProperty(' [](P ~> Q)'));
    assert.ok(!isActionProperty(' [][Next]_v /\\ WF_v(Next)'));
    assert.deepEqual(cfgProperties(FIXTURES, 'Counter.tla', 'CounterProperty.cfg'), { action: ['XMonotone'], temporal: [] });
    assert.deepEqual(cfgProperties(FIXTURES, 'Counter.tla', 'CounterLiveness.cfg'), { action: [], temporal: ['EventuallyMax'] });
    assert.deepEqual(cfgProperties(SPEC, 'MCConsensus.tla', 'MCConsensus_ci.cfg'), { action: ['LockChangesOnlyOnPOL'], temporal: [] });
    assert.match(definitionBody('A == 1\nB ==\n  [][x\' > x]_x\nC == 2\n', 'B') ?? '', /^\s*\[\]\[x' > x\]_x\s*$/);
  });

  it('recheckCfg keeps constants, invariants and properties and replaces INIT/NEXT; drops VIEW and CONSTRAINT', () => {
    const cfg = recheckCfg('\\* c\nCONSTANTS\n  A <- B\n  S = "a b"\nINIT Init\nNEXT Next\nVIEW V\nCONSTRAINT C\nINVARIANTS I J\nPROPERTY P\n');
    assert.equal(cfg, 'CONSTANTS A <- B S = "a b"\nINVARIANTS I J\nPROPERTY P\nINIT HybridBftRecheckInit\nNEXT HybridBftRecheckNext\n');
  });
});

describe('nameViolation: a single-process TLC run on the last transition', function () {
  this.timeout(120_000);
  const toys = loadModels(TOY_MODELS);
  const step = (index: number, text: string) => ({ index, action: undefined, location: undefined, state: parseState(text) });

  it('names the invariant the transition violates (XSmall), and nothing for a harmless transition (negative control)', async () => {
    const caught = findModel(toys, 'caught');
    const named = await nameViolation(caught, { steps: [step(1, '/\\ x = 1\n/\\ y = 0'), step(2, '/\\ x = 2\n/\\ y = 0')] }, (e) => runModel(e));
    assert.deepEqual(named, { kind: 'invariant', name: 'XSmall' });
    const harmless = await nameViolation(caught, { steps: [step(1, '/\\ x = 0\n/\\ y = 0'), step(2, '/\\ x = 0\n/\\ y = 1')] }, (e) => runModel(e));
    assert.equal(harmless.kind, 'error');
    assert.match(harmless.kind === 'error' ? harmless.message : '', /violates none of the cfg's invariants/);
  });
});

describe('hybrid-bft tlc --distributed on the loopback interface (real processes)', function () {
  this.timeout(300_000);
  let T: string;
  let tmp: string;
  beforeEach(() => {
    T = mkdtempSync(join(tmpdir(), 'hybrid-bft-dist-test-'));
    tmp = join(T, 'tmp');
    mkdirSync(tmp);
  });
  afterEach(() => { rmSync(T, { recursive: true, force: true }); });
  const javaOf = (): number[] => pidsMentioning(`${tmp}/hybrid-bft-tlc-`);

  it('channel with 2 local workers: holds with the recorded distinct-state count of the single-process run; nothing left', async () => {
    const entry = findModel(loadModels(), 'channel');
    const r = await cli(['tlc', 'channel', '--distributed', '--workers', '2', '--port', String(await freePort()), '--json'], { TMPDIR: tmp }).done;
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { outcome: string; distinct: number; cached: boolean; distributed: { registered: number; localWorkers: number } };
    assert.equal(j.outcome, 'holds');
    assert.equal(j.distinct, entry.recorded?.distinctStates);
    assert.equal(j.cached, false);
    assert.equal(j.distributed.localWorkers, 2);
    assert.deepEqual(javaOf().filter(alive), []);
    assert.deepEqual(ours(tmp), [], 'no temporary folder left');
  });

  it('a witness (toy caught, in-process): XSmall violated, named by the recheck, its last transition shown', async () => {
    const r = await captured(async () => tlc(['--models', TOY_MODELS, 'caught', '--distributed', '--workers', '1', '--port', String(await freePort())]));
    assert.equal(r.value, 0, r.err);
    assert.match(r.out, /^ok {3}caught: XSmall violated, as expected \(.*TLC distributed: 1 local worker/m);
    assert.match(r.out, /prints only the end of a counterexample \(its last transition, named by a single-process TLC run on it\)/);
    assert.match(r.out, /IncX +x +1 → 2/);
    // The server prints the source state (x = 1, not Init's x = 0) as "1: <Initial predicate>".
    assert.match(r.out, /^ +\(source state\) +x +1$/m);
    assert.doesNotMatch(r.out, /\(initial\)|^ +[12] +/m, 'neither "(initial)" nor TLC\'s step numbers 1 and 2');
    // on loopback: the command for a worker on this machine, once, and what remote workers need
    assert.match(r.err, /a worker on this machine runs: java -Djava\.rmi\.server\.hostname=127\.0\.0\.1 -Dtlc2\.tool\.distributed\.TLCServer\.port=\d+ .*tlc2\.tool\.distributed\.TLCWorker 127\.0\.0\.1 .*; 127\.0\.0\.1 is a loopback address, so workers on other machines need --server-host <reachable address>$/m);
    assert.equal(r.err.split('TLCWorker').length - 1, 1, 'the worker command printed once');
    // runnable as printed from any folder: the jar's path on this machine, not its bare name
    const jar = /a worker on this machine runs: java .* -cp (\S+) tlc2/.exec(r.err)?.[1];
    assert.ok(jar !== undefined && isAbsolute(jar) && existsSync(jar), `the local worker command names the jar's path: ${jar}`);
  });

  it('a taken port: one sentence, exit 2, no java started', async () => {
    const port = await freePort();
    const blocker: Server = await new Promise((res) => { const s = createServer().listen(port, () => res(s)); });
    try {
      const r = await cli(['tlc', '--models', TOY_MODELS, 'holds', '--distributed', '--port', String(port)], { TMPDIR: tmp }).done;
      assert.equal(r.code, 2, r.stderr);
      // the refusal comes first: no worker command printed before it
      assert.equal(r.stderr.trim(), `hybrid-bft tlc: port ${port} is in use on this machine (another TLC server?); pick a free one with --port`);
      assert.deepEqual(ours(tmp), []);
    } finally {
      blocker.close();
    }
  });

  it('usage errors exit 2 before any java (in-process): a simulation, a temporal property, --ci, --record, a host not of this machine', async () => {
    for (const [args, says] of [
      [['--models', TOY_MODELS, 'values-sim', '--distributed'], /values-sim is a simulation/],
      [['--models', TOY_MODELS, 'liveness', '--distributed'], /temporal property EventuallyMax, which TLC's distributed mode does not check/],
      [['--ci', '--distributed'], /--distributed takes one model and no --ci/],
      [['--models', TOY_MODELS, 'holds', '--distributed', '--record'], /no --record \("recorded" holds the single-process figures\)/],
      [['--models', TOY_MODELS, 'holds', '--distributed', '--server-host', '192.0.2.123'], /is not an address of this machine/],
      [['--models', TOY_MODELS, 'holds', '--port', '9999'], /--server-host, --port and --wait-workers go with --distributed/],
      [['--models', TOY_MODELS, 'holds', '--wait-workers', '5'], /--server-host, --port and --wait-workers go with --distributed/],
      [['--models', TOY_MODELS, 'holds', '--distributed', '--wait-workers', '0'], /--wait-workers: expected an integer >= 1, got "0"/],
      [['--models', TOY_MODELS, 'holds', '--depth', '5'], /^hybrid-bft tlc: --depth is for simulation entries, and holds is exhaustive; drop it or name a simulation entry$/m],
      [['--models', TOY_MODELS, 'holds', '--num', '5', '--seed', '1'], /--num, --seed are for simulation entries, and holds is exhaustive; drop them/],
      [['--models', TOY_MODELS, 'values-sim', '--record', '--num', '5'], /^hybrid-bft tlc: --record writes the figures of the entry's own settings, which CI compares with; --num would record other ones: drop it/m],
    ] as const) {
      const r = await captured(() => tlc([...args]));
      assert.equal(r.value, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, says);
    }
  });

  it('remote workers only (--workers 0) and none comes: one sentence after --wait-workers, exit 2, nothing left', async () => {
    const r = await cli(['tlc', '--models', TOY_MODELS, 'holds', '--distributed', '--workers', '0', '--wait-workers', '3', '--port', String(await freePort())], { TMPDIR: tmp }).done;
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^hybrid-bft tlc: no remote TLC worker registered with the server within 3 s; start one with the worker command printed at the start \(127\.0\.0\.1 is a loopback address, so workers on other machines need --server-host <reachable address>\), or give --workers N for local ones, or a longer --wait-workers$/m);
    assert.equal(r.stderr.split('TLCWorker').length - 1, 1, `the worker command printed once:\n${r.stderr}`);
    assert.deepEqual(javaOf().filter(alive), []);
    assert.deepEqual(ours(tmp), []);
  });

  it('its only local worker killed: one sentence, exit 2, the server ended too', async () => {
    const run = cli(['tlc', '--models', TOY_MODELS, 'huge', '--distributed', '--workers', '1', '--port', String(await freePort())], { TMPDIR: tmp });
    const worker = (): number[] => pidsMentioning(`${tmp}/hybrid-bft-tlc-worker-`).filter(alive);
    await until('the worker to start', () => worker().length === 1, 120_000);
    const java = javaOf();
    process.kill(worker()[0]!, 'SIGKILL');
    const r = await run.done;
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^hybrid-bft tlc: all 1 local TLC worker ended before the model was checked \(killed by SIGKILL/m);
    await until('java to be gone', () => java.every((p) => !alive(p)), 5000);
    assert.deepEqual(ours(tmp), []);
  });

  it('SIGTERM to the process group (a CI timeout): server and workers end, folders removed, exit 143', async () => {
    const run = cli(['tlc', '--models', TOY_MODELS, 'huge', '--distributed', '--workers', '2', '--port', String(await freePort())], { TMPDIR: tmp }, true);
    await until('both workers to start', () => pidsMentioning(`${tmp}/hybrid-bft-tlc-worker-`).filter(alive).length === 2, 120_000);
    const java = javaOf();
    assert.equal(java.length, 3, 'a server and two workers');
    process.kill(-run.child.pid!, 'SIGTERM');
    const r = await run.done;
    assert.equal(r.code, 143, r.stderr);
    await until('java to be gone', () => java.every((p) => !alive(p)), 5000);
    assert.deepEqual(ours(tmp), []);
  });
});
