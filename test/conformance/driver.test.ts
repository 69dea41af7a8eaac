// The consensus half of the driver protocol: the reference core behind a real driver
// process replays traces with no mismatch; every way a driver misbehaves is reported at
// the step where it happened, with a message that says what happened; a broken core
// behind the protocol is caught (negative control).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CORE_CONVENTIONS, coreSut } from '../../src/conformance/core-sut.ts';
import { readTrace } from '../../src/conformance/corpus.ts';
import {
  answerLine, eventJson, readEvent, readOutputs, readProjection, serveConsensusDriver, type DriverBackend,
} from '../../src/conformance/driver-protocol.ts';
import { driverSut, MAX_CRASHES_IN_A_ROW, transportSut, type DriverSutOptions } from '../../src/conformance/driver-sut.ts';
import { buildMutant, MUTANTS } from '../../src/conformance/mutants.ts';
import { formatMismatch, replayTrace, type ConsensusSut, type Mismatch } from '../../src/conformance/replay.ts';
import { parseOracleArgs, runOracle } from '../../src/cli/oracle.ts';
import { DEFAULT_TIMEOUT_MS, DriverBroken, streamTransport } from '../../src/vectors/driver.ts';
import { referenceImpl } from '../../src/vectors/reference.ts';
import { VECTORS_DIR } from '../../src/vectors/format.ts';
import { tamperedCore } from '../fixtures/tampered-core.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'check', 'fixtures', 'ok');
const CATCHUP = join(FIXTURES, 'catchup.itf.json');
const EQUIVOCATION = join(FIXTURES, 'equivocation.itf.json');
const TS_DRIVER = `node --loader ts-node/esm/transpile-only --no-warnings ${join(ROOT, 'conformance/drivers/ts/driver.ts')}`;
const bad = (mode: string) => `node ${join(ROOT, 'test/fixtures/drivers/bad-driver.mjs')} ${mode}`;

/** A driver served in this process over in-memory streams: the same protocol, no child. */
function inProcess(backend: DriverBackend, opts: DriverSutOptions = {}): ConsensusSut {
  return transportSut(() => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    void serveConsensusDriver(backend, toServer, toClient);
    return streamTransport(toClient, toServer);
  }, { label: 'in-process', ...opts });
}

/** Replays `path` and returns its mismatch (asserting there is one). */
async function mismatchOf(path: string, sut: ConsensusSut): Promise<Mismatch> {
  const r = await replayTrace(readTrace(path), sut);
  await sut.close();
  assert.ok(r.mismatch !== null, `expected a mismatch replaying ${path}`);
  return r.mismatch;
}

describe('driver protocol: the reference core behind a driver process', function () {
  this.timeout(60_000);

  it('replays the fixture traces with no mismatch, step for step like the in-process core', async () => {
    const sut = driverSut(TS_DRIVER);
    try {
      for (const path of [CATCHUP, EQUIVOCATION]) {
        const trace = readTrace(path);
        const direct = await replayTrace(trace, coreSut());
        const viaDriver = await replayTrace(trace, sut);
        assert.equal(viaDriver.mismatch, null, viaDriver.mismatch ? formatMismatch(viaDriver.mismatch) : '');
        assert.equal(viaDriver.steps, trace.steps.length - 1);
        assert.deepEqual(viaDriver.rules, direct.rules);
      }
      assert.match(sut.name, /reference core/);
    } finally {
      await sut.close();
    }
  });

  it('runOracle: traces and vectors through the TS driver pass; a crashing driver fails with the step named', async () => {
    const good = await runOracle({ driver: TS_DRIVER, traces: [FIXTURES], vectors: true,
      vectorFiles: [join(VECTORS_DIR, 'threshold-t1-n1.json'), join(VECTORS_DIR, 'certificates-n4.json')] });
    assert.equal(good.ok, true, good.summary);
    assert.equal(good.traces, 2);
    assert.ok(good.vectors !== null && good.vectors.passed > 10 && good.vectors.failed === 0);
    const broken = await runOracle({ driver: bad('crash'), traces: [CATCHUP] });
    assert.equal(broken.ok, false);
    assert.equal(broken.mismatches.length, 1);
    assert.match(broken.summary, /1 traces, 0 steps judged .*: 1 violations/);
    assert.match(broken.summary, /catchup\.itf\.json: step 1 process c\d: error/);
    assert.match(broken.summary, /driver exited with code 3/);
  });
});

describe('driver protocol: a misbehaving driver is reported at the step, saying what happened', function () {
  this.timeout(30_000);

  const cases: [mode: string, message: RegExp][] = [
    ['crash', /^driver exited with code 3; stderr: panic: index out of range \(while waiting for consensus\.step, id 3\)$/],
    ['hang', /^driver did not answer consensus\.step \(id 3\) within 400 ms \(while waiting for consensus\.step, id 3\)$/],
    ['wrong-shape', /^driver answered consensus\.step with the wrong shape: projection\.round: expected an integer, got "0"; answer: /],
    ['refuse', /^driver refused consensus\.step: ok false, error "failed": Timeout events are not implemented$/],
  ];
  for (const [mode, message] of cases) {
    it(`${mode}`, async () => {
      const m = await mismatchOf(CATCHUP, driverSut(bad(mode), { timeoutMs: 400, startTimeoutMs: 30_000 }));
      assert.equal(m.step, 1);
      assert.equal(m.what, 'error');
      assert.equal(m.action, 'StartHeight');
      assert.match(m.lines[0]!, message);
      const text = formatMismatch(m);
      assert.match(text, /test\/check\/fixtures\/ok\/catchup\.itf\.json: step 1 \(StartHeight\) process c\d: error differs/);
      assert.match(text, /event: \{"kind":"StartHeight","height":1/);
    });
  }

  // A driver that cannot start or breaks the framing cannot be used at all: replay stops
  // with one sentence (DriverBroken) instead of failing each of thousands of traces alike.
  const brokenCases: [what: string, sut: () => ConsensusSut, message: RegExp][] = [
    ['never answers hello: within --timeout, not 30 s', () => driverSut(bad('silent-hello'), { timeoutMs: 300 }),
      /^driver ".*silent-hello" did not start: driver did not answer hello \(id 1\) within 300 ms/],
    ['a command that does not exist', () => driverSut('./no-such-driver-here'),
      /^driver "\.\/no-such-driver-here" did not start: driver exited with code 127; stderr: .*no-such-driver-here.*not found/],
    ['no consensus ops', () => driverSut(bad('vectors-only')), /^driver ".*vectors-only" does not offer consensus\.reset, consensus\.step \(its ops: hello, verify\)$/],
    ['malformed JSON', () => driverSut(bad('malformed')), /^driver sent malformed JSON in answer to consensus\.step \(id 3\): \{"id": 3, "ok": tru$/],
    ['an answer to another id', () => driverSut(bad('wrong-id')), /^driver answered id 103, expected 3 \(consensus\.step\)/],
  ];
  for (const [what, make, message] of brokenCases) {
    it(`the driver is broken (${what}): replay stops with DriverBroken, one sentence`, async () => {
      const sut = make();
      try {
        await assert.rejects(replayTrace(readTrace(CATCHUP), sut), (e: unknown) => e instanceof DriverBroken && message.test(e.message));
        await assert.rejects(replayTrace(readTrace(CATCHUP), sut), DriverBroken);
      } finally {
        await sut.close();
      }
    });
  }

  it('a driver that crashes in every trace is broken after a few traces in a row', async () => {
    const sut = driverSut(bad('crash'));
    const trace = readTrace(CATCHUP);
    try {
      for (let i = 0; i < MAX_CRASHES_IN_A_ROW; i++) assert.match((await replayTrace(trace, sut)).mismatch?.lines[0] ?? '', /^driver exited with code 3/);
      await assert.rejects(replayTrace(trace, sut), /exited or hung in 3 traces in a row \(last: driver exited with code 3/);
    } finally {
      await sut.close();
    }
  });

  it('a crashed driver is restarted at the next trace: one crash fails one trace, with its own message', async () => {
    const sut = driverSut(bad('crash'));
    const trace = readTrace(CATCHUP);
    for (let i = 0; i < 2; i++) {
      const r = await replayTrace(trace, sut);
      assert.match(r.mismatch?.lines[0] ?? '', /^driver exited with code 3/);
    }
    await sut.close();
  });
});

describe('driver protocol: wrong answers and broken cores behind it are caught', () => {
  it('a wrong projection is reported at its step with the field diff', async () => {
    const m = await mismatchOf(CATCHUP, inProcess({ name: 'tampered', sut: tamperedCore(3) }));
    assert.equal(m.step, 3);
    assert.equal(m.what, 'projection');
    assert.deepEqual(m.lines, [`${m.process}.lockedRound: expected -1, got 4`]);
  });

  it('negative control: mutants of the core served through the protocol are caught at the same step as in process', async () => {
    for (const [name, path, step, what] of [['quorum-2f', CATCHUP, 4, 'projection'], ['no-evidence', EQUIVOCATION, 2, 'outputs']] as const) {
      const built = await buildMutant(MUTANTS.find((x) => x.name === name)!);
      try {
        const m = await mismatchOf(path, inProcess({ name: `mutant ${name}`, sut: coreSut({ stepFn: built.stepFn }) }));
        assert.deepEqual([m.step, m.what], [step, what], `${name}: ${formatMismatch(m)}`);
      } finally {
        built.dispose();
      }
    }
  });

  it('the same traces pass through the in-process server over the reference core (the control for the above)', async () => {
    for (const path of [CATCHUP, EQUIVOCATION]) {
      const sut = inProcess({ name: 'core', sut: coreSut(), vectors: referenceImpl });
      const r = await replayTrace(readTrace(path), sut);
      await sut.close();
      assert.equal(r.mismatch, null);
    }
  });
});

describe('driver protocol: the wire form', () => {
  const initial = { height: 0, round: 0, step: 'commit', lockedValue: 'none', lockedRound: -1, validValue: 'none', validRound: -1, decisions: {} };

  it('events survive the wire: eventJson then readEvent gives back every event of a trace', () => {
    for (const s of readTrace(CATCHUP).steps.slice(1)) {
      const e = s.event!.event;
      assert.deepEqual(readEvent(JSON.parse(JSON.stringify(eventJson(e))), 'event'), e);
    }
  });

  it('projections: strict fields and types, certs sorted, decisions keyed by height', () => {
    const p = readProjection({ ...initial, decisions: { 1: { value: 'v1', round: 0, cert: ['c3', 'c1', 'c2'] } } }, 'projection');
    assert.deepEqual({ ...p.decisions }, { 1: { value: 'v1', round: 0, cert: ['c1', 'c2', 'c3'] } });
    assert.throws(() => readProjection({ ...initial, step: 'done' }, 'projection'), /^Error: projection\.step: expected one of propose, prevote, precommit, commit, got "done"$/);
    assert.throws(() => readProjection({ ...initial, extra: 1 }, 'projection'), /projection: unknown field 'extra'/);
    const { lockedRound: _, ...noLocked } = initial;
    assert.throws(() => readProjection(noLocked, 'projection'), /projection: missing field 'lockedRound'/);
    assert.deepEqual({ ...readProjection({ ...initial, height: -1, decisions: { 0: { value: 'v', round: 0, cert: [] } } }, 'p').decisions }, { 0: { value: 'v', round: 0, cert: [] } }); // first height 0
    assert.throws(() => readProjection({ ...initial, decisions: { '01': { value: 'v', round: 0, cert: [] } } }, 'p'), /p\.decisions: key "01" is not a height/);
    assert.throws(() => readProjection({ ...initial, decisions: { '-1': { value: 'v', round: 0, cert: [] } } }, 'p'), /p\.decisions: key "-1" is not a height/);
    assert.throws(() => readProjection({ ...initial, decisions: [] }, 'p'), /p\.decisions: expected an object keyed by height/);
  });

  it('outputs: rejected outputs are dropped, unknown kinds and fields refused', () => {
    const outs = readOutputs([
      { kind: 'rejected', reason: 'past-height', detail: 'x' },
      { kind: 'scheduleTimeout', timeout: 'prevote', height: 1, round: 0 },
    ], 'outputs');
    assert.deepEqual(outs, [{ kind: 'scheduleTimeout', timeout: 'prevote', height: 1, round: 0 }]);
    // durationMs is optional (judged for growth by the verdict), a positive integer; any other field is refused.
    assert.deepEqual(readOutputs([{ kind: 'scheduleTimeout', timeout: 'prevote', height: 1, round: 0, durationMs: 3 }], 'outputs'),
      [{ kind: 'scheduleTimeout', timeout: 'prevote', height: 1, round: 0, durationMs: 3 }]);
    assert.throws(() => readOutputs([{ kind: 'scheduleTimeout', timeout: 'prevote', height: 1, round: 0, durationMs: 'long' }], 'outputs'), /outputs\[0\]\.durationMs: expected an integer/);
    assert.throws(() => readOutputs([{ kind: 'scheduleTimeout', timeout: 'prevote', height: 1, round: 0, ms: 3 }], 'outputs'),
      /outputs\[0\] \(scheduleTimeout\): unknown field 'ms'/);
    assert.throws(() => readOutputs([{ kind: 'gossip' }], 'outputs'), /outputs\[0\]\.kind: expected one of broadcast, .*got "gossip"/);
    assert.throws(() => readOutputs({}, 'outputs'), /outputs: expected an array of outputs/);
  });

  it('the server refuses what it cannot do, with the request id', async () => {
    const session = { backend: { name: 'core', sut: coreSut() }, correct: null };
    const ask = (o: object | string) => answerLine(session, typeof o === 'string' ? o : JSON.stringify(o));
    assert.deepEqual(await ask({ id: 1, op: 'consensus.step', process: 'c1', event: {} }),
      { id: 1, ok: false, error: 'bad-request', detail: 'consensus.step before consensus.reset' });
    assert.deepEqual(await ask({ id: 2, op: 'verify' }), { id: 2, ok: false, error: 'unknown-op', detail: 'unknown op "verify"' });
    assert.deepEqual((await ask('{"id":')).id, null);
    const reset = await ask({ id: 3, op: 'consensus.reset', validators: ['c1', 'c2'], correct: ['c1', 'c3'], validValues: ['v1'], maxRound: 1, maxHeight: 1 });
    assert.deepEqual(reset, { id: 3, ok: false, error: 'bad-request', detail: 'correct: c3 not among the validators' });
    await ask({ id: 4, op: 'consensus.reset', validators: ['c1', 'c2'], correct: ['c1'], validValues: ['v1'], maxRound: 1, maxHeight: 1 });
    assert.match(String((await ask({ id: 5, op: 'consensus.step', process: 'c2', event: { kind: 'StartHeight', height: 1, value: 'v1' } })).detail),
      /process "c2" is not a correct process/);
    assert.match(String((await ask({ id: 6, op: 'consensus.step', process: 'c1', event: { kind: 'StartHeight', height: '1', value: 'v1' } })).detail),
      /^event\.height: expected an integer, got "1"$/);
  });
});

describe('docs/driver-protocol.md', () => {
  it('the worked example is what the reference driver answers (hello up to its name)', async () => {
    const doc = readFileSync(join(ROOT, 'docs', 'driver-protocol.md'), 'utf8');
    const block = /### Worked example[\s\S]*?```\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const lines = block.split('\n').filter((l) => l.startsWith('→ ') || l.startsWith('← '));
    assert.ok(lines.length >= 10, 'the worked example has its request/answer lines');
    const session = { backend: { name: 'x', sut: coreSut(), vectors: referenceImpl, conventions: CORE_CONVENTIONS }, correct: null };
    for (let i = 0; i < lines.length; i += 2) {
      assert.ok(lines[i]!.startsWith('→ ') && lines[i + 1]?.startsWith('← '), `line ${i}: a request then its answer`);
      const got = await answerLine(session, lines[i]!.slice(2));
      const expected = JSON.parse(lines[i + 1]!.slice(2)) as Record<string, unknown>;
      if (expected.name !== undefined) got.name = expected.name;
      assert.deepEqual(JSON.parse(JSON.stringify(got)), expected, lines[i]); // as on the wire: records keyed by ids have no prototype
    }
  });
});

describe('docs/driver-protocol.md: the minimal Python driver', function () {
  this.timeout(30_000);

  it('speaks the protocol: hello and reset pass, a step its implementation cannot do is a refusal at that step', async () => {
    const doc = readFileSync(join(ROOT, 'docs', 'driver-protocol.md'), 'utf8');
    const code = /```python\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(code !== undefined, 'the doc has the Python example');
    const dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-min-driver-'));
    try {
      writeFileSync(join(dir, 'driver.py'), code);
      // An implementation that starts processes but cannot step yet.
      writeFileSync(join(dir, 'my_impl.py'), [
        'def new_process(validators, me, valid_values): return {"me": me}',
        'def projection(proc): return {"height": 0, "round": 0, "step": "commit", "lockedValue": "none", "lockedRound": -1,'
          + ' "validValue": "none", "validRound": -1, "decisions": {}}',
        'def step(proc, event): raise NotImplementedError(event["kind"])', ''].join('\n'));
      const m = await mismatchOf(CATCHUP, driverSut(`cd ${dir} && python3 driver.py`));
      assert.deepEqual([m.step, m.what], [1, 'error']);
      assert.equal(m.lines[0], "driver refused consensus.step: ok false, error \"failed\": NotImplementedError('StartHeight')");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hybrid-bft oracle: arguments', () => {
  it('needs --driver; takes traces, --vectors, --small, --timeout', () => {
    assert.throws(() => parseOracleArgs([]), /--driver "<cmd>" is required/);
    assert.throws(() => parseOracleArgs(['--driver', 'x', '--timeout', '0']), /--timeout: expected an integer >= 1, got "0"/);
    assert.throws(() => parseOracleArgs(['--driver', 'x', '--small']), /--small only applies with --vectors/);
    assert.throws(() => parseOracleArgs(['--driver', 'x', '--frob']), /unknown option '--frob'/);
    assert.deepEqual(parseOracleArgs(['--driver', 'd', '--traces', 'a', 'b', '--vectors', '--small', '--timeout', '50', '--json']),
      { driver: 'd', traces: ['a', 'b'], vectors: true, small: true, timeoutMs: 50, json: true });
  });

  it('the verdict\'s flags: --strict, --first-only, --shrink DIR, and the combinations refused', () => {
    assert.deepEqual(parseOracleArgs(['--driver', 'd', '--first-only', '--shrink', 'out']),
      { driver: 'd', firstOnly: true, shrink: 'out', vectors: false, small: false, timeoutMs: DEFAULT_TIMEOUT_MS, json: false });
    assert.equal(parseOracleArgs(['--driver', 'd', '--strict']).strict, true);
    assert.throws(() => parseOracleArgs(['--driver', 'd', '--strict', '--first-only']), /give one of them/);
    assert.throws(() => parseOracleArgs(['--driver', 'd', '--strict', '--shrink', 'out']), /--shrink .* does not go with --strict/);
    assert.throws(() => parseOracleArgs(['--driver', 'd', '--shrink']), /--shrink/);
  });

  it('a trace path that does not exist is an error naming it', async () => {
    await assert.rejects(runOracle({ driver: 'true', traces: ['no/such/dir'] }), /traces: no\/such\/dir does not exist/);
  });
});
