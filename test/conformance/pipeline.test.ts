// Pipelining in the driver protocol: to a driver whose hello says `pipeline: true`, the
// client sends the steps of a trace ahead of their answers; everything it reports is
// what it reports sending one step at a time. A driver that dies or hangs mid-batch
// fails the step it died in, with the same message; one that answers out of order is
// broken, in one sentence; no driver process outlives the replay; and no answer of a
// trace that stopped at a mismatch spills into the next trace.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { coreSut } from '../../src/conformance/core-sut.ts';
import { readTrace } from '../../src/conformance/corpus.ts';
import { serveConsensusDriver, type DriverBackend } from '../../src/conformance/driver-protocol.ts';
import { driverSut, PIPELINE_WINDOW, transportSut, type DriverSutOptions } from '../../src/conformance/driver-sut.ts';
import { formatMismatch, replayTrace, type ConsensusSut, type Mismatch } from '../../src/conformance/replay.ts';
import { DriverBroken, streamTransport } from '../../src/vectors/driver.ts';
import { alive, until } from '../fixtures/processes.ts';
import { tamperedCore } from '../fixtures/tampered-core.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CATCHUP = join(ROOT, 'test', 'check', 'fixtures', 'ok', 'catchup.itf.json');
const failing = (mode: string, k: number) =>
  `node --loader ts-node/esm/transpile-only --no-warnings ${join(ROOT, 'test/fixtures/drivers/failing-core-driver.ts')} ${mode} ${k}`;

/** Replays CATCHUP through the failing driver (pipelined or not); returns the mismatch or the DriverBroken, and checks that the driver is gone after close. */
async function replayFailing(mode: string, k: number, pipeline: boolean): Promise<Mismatch | DriverBroken> {
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-pipeline-'));
  const pidFile = join(dir, 'pids');
  process.env.FAILING_DRIVER_PIDS = pidFile;
  // A crash must fail every step in flight at once: with a long timeout, waiting for
  // timeouts instead (one per step still in flight) would outlast the test.
  const sut = driverSut(failing(mode, k), { timeoutMs: mode === 'hang' ? 1500 : 60_000, startTimeoutMs: 30_000, pipeline });
  try {
    let outcome: Mismatch | DriverBroken;
    try {
      const r = await replayTrace(readTrace(CATCHUP), sut);
      assert.ok(r.mismatch !== null, `expected a mismatch (${mode} at ${k}, pipeline ${pipeline})`);
      outcome = r.mismatch;
    } catch (e) {
      if (!(e instanceof DriverBroken)) throw e;
      outcome = e;
    }
    assert.equal(sut.window, pipeline ? PIPELINE_WINDOW : 1);
    await sut.close();
    const pids = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
    assert.equal(pids.length, 1);
    await until('the driver to be gone', () => pids.every((p) => !alive(p)), 5000);
    return outcome;
  } finally {
    delete process.env.FAILING_DRIVER_PIDS;
    await sut.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('driver protocol: pipelined steps are reported as steps sent one at a time', function () {
  this.timeout(120_000);

  for (const [mode, message] of [
    ['crash', /^driver exited with code 3; stderr: panic at step 3 \(while waiting for consensus\.step, id 5\)$/],
    ['hang', /^driver did not answer consensus\.step \(id 5\) within 1500 ms \(while waiting for consensus\.step, id 5\)$/],
  ] as const) {
    it(`a driver that ${mode === 'crash' ? 'crashes' : 'hangs'} at step 3 of a batch: that step fails, with the same message as one at a time; nothing is left running`, async () => {
      const one = await replayFailing(mode, 3, false);
      const piped = await replayFailing(mode, 3, true);
      assert.ok(!(one instanceof DriverBroken) && !(piped instanceof DriverBroken));
      assert.deepEqual(piped, one);
      assert.deepEqual([piped.step, piped.what], [3, 'error']);
      assert.match(piped.lines[0]!, message, formatMismatch(piped));
    });
  }

  it('a driver that answers step 4 before step 3 is broken: one sentence naming both ids', async () => {
    const e = await replayFailing('out-of-order', 3, true);
    assert.ok(e instanceof DriverBroken, `expected DriverBroken, got ${JSON.stringify(e)}`);
    assert.match(e.message, /^driver answered id 6, expected 5 \(consensus\.step\): \{"id":6,"ok":true,/);
  });
});

/** The reference server in this process, counting the requests sent before the first answer of each step batch. */
function counted(backend: DriverBackend, opts: DriverSutOptions = {}, rewrite = (line: string) => line): { sut: ConsensusSut; maxAhead: () => number } {
  let ahead = 0;
  let maxAhead = 0;
  const sut = transportSut(() => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    void serveConsensusDriver(backend, toServer, toClient);
    const t = streamTransport(toClient, toServer);
    return {
      send: (line) => { ahead++; maxAhead = Math.max(maxAhead, ahead); t.send(line); },
      onLine: (cb) => t.onLine((line) => { ahead--; cb(rewrite(line)); }),
      onClose: (cb) => t.onClose(cb),
      close: () => t.close(),
    };
  }, { label: 'in-process', ...opts });
  return { sut, maxAhead: () => maxAhead };
}

describe('driver protocol: pipelining is used when offered, and only then', () => {
  const trace = readTrace(CATCHUP);
  const steps = trace.steps.length - 1;

  it('the reference server offers it: the steps of a trace go out before their answers, and replay still passes', async () => {
    const { sut, maxAhead } = counted({ name: 'core', sut: coreSut() });
    const r = await replayTrace(trace, sut);
    await sut.close();
    assert.equal(r.mismatch, null);
    assert.equal(maxAhead(), Math.min(steps, PIPELINE_WINDOW));
  });

  it('negative control: with pipeline false, or a driver whose hello does not offer it, one request at a time', async () => {
    const off = counted({ name: 'core', sut: coreSut() }, { pipeline: false });
    assert.equal((await replayTrace(trace, off.sut)).mismatch, null);
    await off.sut.close();
    assert.equal(off.maxAhead(), 1);
    const notOffered = counted({ name: 'core', sut: coreSut() }, {}, (line) => line.replace(',"pipeline":true', ''));
    assert.equal((await replayTrace(trace, notOffered.sut)).mismatch, null);
    await notOffered.sut.close();
    assert.equal(notOffered.maxAhead(), 1);
  });

  it('a hello whose pipeline is not true or false is a broken driver, in one sentence', async () => {
    const odd = counted({ name: 'core', sut: coreSut() }, {}, (line) => line.replace('"pipeline":true', '"pipeline":"yes"'));
    await assert.rejects(replayTrace(trace, odd.sut),
      (e: unknown) => e instanceof DriverBroken && /^driver "in-process" answered hello with pipeline "yes"; expected true or false/.test(e.message));
    await odd.sut.close();
  });

  it('a mismatch mid-batch: reported at its step; the answers still in flight do not reach the next trace', async () => {
    const { sut, maxAhead } = counted({ name: 'tampered', sut: tamperedCore(3) });
    for (let i = 0; i < 3; i++) {
      const r = await replayTrace(trace, sut);
      assert.deepEqual([r.mismatch?.step, r.mismatch?.what, r.mismatch?.lines], [3, 'projection', [`${r.mismatch?.process}.lockedRound: expected -1, got 4`]]);
    }
    await sut.close();
    assert.ok(maxAhead() > 3, 'steps after the mismatch were in flight');
    const clean = counted({ name: 'core', sut: coreSut() });
    assert.equal((await replayTrace(trace, clean.sut)).mismatch, null);
    await clean.sut.close();
  });
});
