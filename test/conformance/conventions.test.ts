// The oracle's bookkeeping around a driver: the conventions a driver declares decide
// which traces it is sent (and a driver sent little of the corpus does not pass); a
// deviation list excuses exactly the listed mismatches and is checked both ways.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOracle } from '../../src/cli/oracle.ts';
import { CONTRACT_CONVENTIONS, fitTrace, readConventions, traceConventions, unfit } from '../../src/conformance/conventions.ts';
import { coreSut } from '../../src/conformance/core-sut.ts';
import { readTrace } from '../../src/conformance/corpus.ts';
import { replayTrace } from '../../src/conformance/replay.ts';
import { readDeviationList } from '../../src/conformance/deviations.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'check', 'fixtures', 'ok');
const CATCHUP = join(FIXTURES, 'catchup.itf.json');
const CATCHUP_SOURCE = 'test/check/fixtures/ok/catchup.itf.json';
const TS_DRIVER = `node --loader ts-node/esm/transpile-only --no-warnings ${join(ROOT, 'conformance/drivers/ts/driver.ts')}`;
const bad = (mode: string) => `node ${join(ROOT, 'test/fixtures/drivers/bad-driver.mjs')} ${mode}`;

describe('driver conventions (hello)', () => {
  it('no declaration means the contract\'s conventions; a trace of the contract fits', () => {
    const d = readConventions(undefined);
    assert.deepEqual(unfit(d, { ...CONTRACT_CONVENTIONS }), []);
  });

  it('a driver that does not follow a convention is not sent its traces, with the reason', () => {
    assert.deepEqual(unfit(readConventions({ firstHeight: 0 }), { ...CONTRACT_CONVENTIONS }), ['firstHeight=1']);
    assert.deepEqual(unfit(readConventions({ firstHeight: [0, 1] }), { ...CONTRACT_CONVENTIONS }), []);
    assert.deepEqual(unfit(readConventions({ proposer: 'table', ownMessages: 'delivered-back' }), { ...CONTRACT_CONVENTIONS }),
      ['proposer="round-robin"', 'ownMessages="counted-at-once"']);
  });

  it('an unknown convention or value is an error naming it', () => {
    assert.throws(() => readConventions({ clock: 'wall' }), /unknown convention 'clock'/);
    assert.throws(() => readConventions({ firstHeight: 2 }), /conventions.firstHeight: expected one of 1, 0, got 2/);
    assert.throws(() => readConventions({ proposer: [] }), /non-empty/);
    assert.throws(() => readConventions([]), /expected an object/);
  });
});

describe('oracle: traces not sent, and documented deviations', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-deviations-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const list = (deviations: unknown[]): string => {
    const path = join(dir, `list-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify({ peer: 'test', doc: 'docs/peers/test.md', classes: { X: 'refuses every step' }, deviations }));
    return path;
  };

  it('a driver whose conventions fit no trace is sent none, and fails with the reason counted', async () => {
    const r = await runOracle({ strict: true, driver: bad('height-zero'), traces: [FIXTURES] });
    assert.equal(r.ok, false);
    assert.equal(r.counts.sent, 0);
    assert.equal(r.counts.notSent.length, r.traces);
    assert.ok(r.traces > 0);
    assert.match(r.summary, new RegExp(`${r.traces} not sent — the driver does not follow firstHeight=1 \\(${r.traces}\\)`));
    assert.match(r.summary, /FAIL: the driver was sent 0 of/);
  });

  it('a driver with an unknown convention fails every trace at start, naming it', async () => {
    const r = await runOracle({ strict: true, driver: bad('bad-conventions'), traces: [CATCHUP] });
    assert.equal(r.ok, false);
    assert.match(r.summary, /bad conventions: conventions: unknown convention 'clock'/);
  });

  it('the reference driver: every trace sent and passed, counts per step', async () => {
    const r = await runOracle({ strict: true, driver: TS_DRIVER, traces: [FIXTURES] });
    assert.equal(r.ok, true, r.summary);
    assert.equal(r.counts.sent, r.traces);
    assert.equal(r.counts.passed, r.traces);
    assert.equal(r.counts.stepsPassed, r.steps);
    assert.equal(r.counts.stepsFailed, 0);
  });

  it('a listed mismatch passes; the same mismatch unlisted, or listed at another step, fails', async () => {
    const listed = await runOracle({ strict: true, driver: bad('refuse'), traces: [CATCHUP], expected: list([[CATCHUP_SOURCE, 1, 'X']]) });
    assert.equal(listed.ok, true, listed.summary);
    assert.equal(listed.deviations?.documented.length, 1);
    assert.match(listed.summary, /deviations: 1 documented \(X 1\), 0 undocumented, 0 stale entries/);
    const unlisted = await runOracle({ strict: true, driver: bad('refuse'), traces: [CATCHUP], expected: list([]) });
    assert.equal(unlisted.ok, false);
    assert.equal(unlisted.deviations?.undocumented.length, 1);
    const moved = await runOracle({ strict: true, driver: bad('refuse'), traces: [CATCHUP], expected: list([[CATCHUP_SOURCE, 2, 'X']]) });
    assert.equal(moved.ok, false);
    assert.equal(moved.deviations?.undocumented.length, 1);
    assert.deepEqual(moved.deviations?.stale.map((s) => s.got), ['it failed at step 1 instead']);
  });

  it('a listed deviation that no longer occurs is reported stale and fails; one for a trace not sent is not checked', async () => {
    const r = await runOracle({ strict: true, driver: TS_DRIVER, traces: [CATCHUP], expected: list([[CATCHUP_SOURCE, 5, 'X'], ['traces/not/in/this/run', 3, 'X']]) });
    assert.equal(r.ok, false);
    assert.deepEqual(r.deviations?.stale, [{ trace: CATCHUP_SOURCE, step: 5, cls: 'X', got: 'the trace passed' }]);
    assert.match(r.summary, /stale: test\/check\/fixtures\/ok\/catchup.itf.json step 5 \(X\) is listed, but the trace passed/);
  });

  it('under the paper\'s verdict: a listed violation passes, an unlisted one fails, a stale entry fails, and a list of the other kind is refused', async () => {
    const vlist = (deviations: unknown[]): string => {
      const path = join(dir, `vlist-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(path, JSON.stringify({ peer: 'test', doc: 'docs/peers/test.md', verdict: 'paper', classes: { X: 'refuses every step' }, deviations }));
      return path;
    };
    const listed = await runOracle({ driver: bad('refuse'), traces: [CATCHUP], expected: vlist([[CATCHUP_SOURCE, 1, 'X']]) });
    assert.equal(listed.ok, true, listed.summary);
    assert.equal(listed.deviations?.documented.length, 1);
    const unlisted = await runOracle({ driver: bad('refuse'), traces: [CATCHUP], expected: vlist([]) });
    assert.equal(unlisted.ok, false);
    assert.equal(unlisted.deviations?.undocumented.length, 1);
    const stale = await runOracle({ driver: TS_DRIVER, traces: [CATCHUP], expected: vlist([[CATCHUP_SOURCE, 5, 'X']]) });
    assert.equal(stale.ok, false);
    assert.deepEqual(stale.deviations?.stale.map((x) => x.got), ['the trace passed']);
    await assert.rejects(runOracle({ driver: TS_DRIVER, traces: [CATCHUP], expected: list([]) }), /made under --strict/);
    await assert.rejects(runOracle({ strict: true, driver: TS_DRIVER, traces: [CATCHUP], expected: vlist([]) }), /made under the paper's verdict/);
  });

  it('a malformed deviation list is an error naming the file and the entry', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ peer: 'p', doc: 'd', classes: { X: 'x' }, deviations: [['t', 1, 'Y']] }));
    assert.throws(() => readDeviationList(path), /bad.json: deviations\[0\]: class 'Y' is not among the classes/);
    // a class named like an object's own property is not among the classes either (docs/contract.md, "Identifiers")
    writeFileSync(path, JSON.stringify({ peer: 'p', doc: 'd', classes: { X: 'x' }, deviations: [['t', 1, 'constructor']] }));
    assert.throws(() => readDeviationList(path), /bad.json: deviations\[0\]: class 'constructor' is not among the classes/);
    writeFileSync(path, JSON.stringify({ peer: 'p', doc: 'd', classes: { X: 'x' }, deviations: [['t', 1, 'X'], ['t', 2, 'X']] }));
    assert.throws(() => readDeviationList(path), /trace t is listed twice/);
  });
});

describe('conventions as trace params: voting power and the proposer table', function () {
  this.timeout(60_000);
  const W = join(ROOT, 'traces', 'witness');
  const POWER = join(W, 'w-power-witness.itf.json.gz');
  const TABLE = join(W, 'w-proposer-table-witness.itf.json.gz');
  const DECIDE = join(W, 'w-decide-witness.itf.json.gz');

  it('the witnesses carry them in params, and the core replays both with them', async () => {
    const power = readTrace(POWER);
    const table = readTrace(TABLE);
    assert.deepEqual({ ...power.params.power }, { c1: 3, c2: 2, c3: 1, b1: 1 });
    assert.equal(power.params.proposer, undefined);
    assert.deepEqual(table.params.proposer, [['c3']]);
    assert.equal(table.params.power, undefined);
    assert.deepEqual(traceConventions(power.params), { ...CONTRACT_CONVENTIONS, votingPower: 'weighted' });
    assert.deepEqual(traceConventions(table.params), { ...CONTRACT_CONVENTIONS, proposer: 'table' });
    assert.deepEqual(traceConventions(readTrace(DECIDE).params), CONTRACT_CONVENTIONS);
    for (const t of [power, table]) assert.equal((await replayTrace(t, coreSut())).mismatch, null, t.source);
  });

  it('negative control: without them (equal power, round-robin) the core departs from both witnesses', async () => {
    for (const path of [POWER, TABLE]) {
      const t = readTrace(path);
      const { power: _p, proposer: _q, ...defaults } = t.params;
      const r = await replayTrace({ ...t, params: defaults }, coreSut());
      assert.notEqual(r.mismatch, null, `${t.source} replayed without its conventions`);
    }
  });

  it('the reference driver declares both and is sent both witnesses; every step passes', async () => {
    const r = await runOracle({ strict: true, driver: TS_DRIVER, traces: [POWER, TABLE] });
    assert.equal(r.ok, true, r.summary);
    assert.equal(r.counts.sent, 2);
    assert.equal(r.counts.passed, 2);
    assert.equal(r.counts.notSent.length, 0);
  });

  it('a driver of weighted power and tables only is sent every trace: equal power and round-robin are mapped onto them, and pass', async () => {
    const only = `node --loader ts-node/esm/transpile-only --no-warnings ${join(ROOT, 'test/fixtures/drivers/weighted-table-only.ts')}`;
    const r = await runOracle({ strict: true, driver: only, traces: [POWER, TABLE, DECIDE, FIXTURES] });
    assert.equal(r.ok, true, r.summary);
    assert.equal(r.counts.notSent.length, 0);
    assert.equal(r.counts.passed, r.traces);
    const how = Object.fromEntries(r.counts.mapped.map((m) => [m.source.split('/').pop(), m.how]));
    assert.deepEqual(how['w-power-witness.itf.json.gz'], ['proposer="round-robin" as a table']);
    assert.deepEqual(how['w-proposer-table-witness.itf.json.gz'], ['votingPower="equal" as weighted']);
    assert.deepEqual(how['w-decide-witness.itf.json.gz'], ['votingPower="equal" as weighted', 'proposer="round-robin" as a table']);
    assert.match(r.summary, /^mapped: 5 of the traces sent, onto the driver's conventions: .*proposer="round-robin" as a table \(4\)/m);
    assert.match(r.summary, /^mapped: .*votingPower="equal" as weighted \(4\)/m);
  });

  it('the mapped table is round-robin\'s exactly; negative control: shifted by one round, the core departs from the trace', async () => {
    const t = readTrace(DECIDE); // c1 proposes (1, 0) under round-robin over c1, c2, c3, b1
    const fit = fitTrace(readConventions({ proposer: 'table' }), t.params);
    assert.ok('params' in fit);
    assert.deepEqual(fit.params.proposer, [['c1']]);
    const wide = fitTrace(readConventions({ proposer: 'table' }), { ...t.params, maxHeight: 2, maxRound: 2 });
    assert.ok('params' in wide);
    assert.deepEqual(wide.params.proposer, [['c1', 'c2', 'c3'], ['c2', 'c3', 'b1']]);
    assert.equal((await replayTrace({ ...t, params: fit.params }, coreSut())).mismatch, null);
    const shifted = await replayTrace({ ...t, params: { ...fit.params, proposer: [['c2']] } }, coreSut());
    assert.equal(shifted.mismatch?.step, 1);
  });

  it('a driver of the contract\'s defaults is not sent them; the reasons are counted, and the run fails', async () => {
    const r = await runOracle({ strict: true, driver: bad('refuse'), traces: [POWER, TABLE, DECIDE] });
    assert.equal(r.counts.sent, 1);
    assert.deepEqual(r.counts.notSent.map((t) => t.reasons), [['votingPower="weighted"'], ['proposer="table"']]);
    assert.match(r.summary, /2 not sent — the driver does not follow votingPower="weighted" \(1\), proposer="table" \(1\)/);
    assert.equal(r.ok, false);
  });
});

/** A witness of one convention off its default: not sent to a driver of the defaults (with `reason`); the reference driver passes it. */
async function notSentButPasses(path: string, reason: string): Promise<void> {
  const r = await runOracle({ strict: true, driver: bad('refuse'), traces: [path] });
  assert.deepEqual(r.counts.notSent.map((x) => x.reasons), [[reason]]);
  const ref = await runOracle({ strict: true, driver: TS_DRIVER, traces: [path] });
  assert.equal(ref.ok, true, ref.summary);
  assert.equal(ref.counts.passed, 1);
}

describe('conventions as trace params: the first height', function () {
  this.timeout(60_000);
  const W = join(ROOT, 'traces', 'witness');
  const ZERO = join(W, 'w-first-height0-witness.itf.json.gz');

  it('the witness carries firstHeight 0; the core replays it with it, and departs from it without (negative control)', async () => {
    const t = readTrace(ZERO);
    assert.equal(t.params.firstHeight, 0);
    assert.deepEqual(traceConventions(t.params), { ...CONTRACT_CONVENTIONS, firstHeight: 0 });
    assert.equal((await replayTrace(t, coreSut())).mismatch, null);
    const { firstHeight: _f, ...defaults } = t.params;
    const r = await replayTrace({ ...t, params: defaults }, coreSut());
    assert.equal(r.mismatch?.step, 0, 'a core of first height 1 starts at height 0, not -1');
  });

  it('it is not sent to a driver of first height 1 (not mapped: every height would change), with the reason; the reference driver passes it', async () => {
    const t = readTrace(ZERO);
    assert.deepEqual(fitTrace(readConventions(undefined), t.params), { reasons: ['firstHeight=0'] });
    await notSentButPasses(ZERO, 'firstHeight=0');
  });
});

describe('conventions as trace params: getValue() answered by a later event', function () {
  this.timeout(60_000);
  const LATER = join(ROOT, 'traces', 'witness', 'w-getvalue-later-witness.itf.json.gz');

  it('the witness carries getValue "later-event", a getValue output and a ProposeValue event; the core replays it, and departs from it without (negative control)', async () => {
    const t = readTrace(LATER);
    assert.equal(t.params.getValue, 'later-event');
    assert.deepEqual(traceConventions(t.params), { ...CONTRACT_CONVENTIONS, getValue: 'later-event' });
    const asked = t.steps.findIndex((s) => s.outputs.some((o) => o.kind === 'getValue'));
    const answered = t.steps.findIndex((s) => s.event?.event.kind === 'ProposeValue');
    assert.ok(asked > 0 && answered > asked, `asked at ${asked}, answered at ${answered}`);
    assert.equal((await replayTrace(t, coreSut())).mismatch, null);
    const { getValue: _g, ...defaults } = t.params;
    const r = await replayTrace({ ...t, params: defaults }, coreSut());
    assert.equal(r.mismatch?.step, asked, 'a core answering within the step proposes instead of asking');
  });

  it('it is not sent to a driver that answers within the step (reported with the reason); the reference driver declares both and passes it over the wire', async () => {
    await notSentButPasses(LATER, 'getValue="later-event"');
  });
});

describe('conventions as trace params: own messages delivered back', function () {
  this.timeout(60_000);
  const BACK = join(ROOT, 'traces', 'witness', 'w-own-delivered-witness.itf.json.gz');

  it('the witness carries ownMessages "delivered-back" and own deliveries; the core replays it, and departs from it without (negative control)', async () => {
    const t = readTrace(BACK);
    assert.equal(t.params.ownMessages, 'delivered-back');
    assert.deepEqual(traceConventions(t.params), { ...CONTRACT_CONVENTIONS, ownMessages: 'delivered-back' });
    assert.ok(t.steps.some((s) => s.event?.event.kind === 'Deliver' && s.event.event.msg.src === s.event.p));
    assert.equal((await replayTrace(t, coreSut())).mismatch, null);
    const { ownMessages: _o, ...defaults } = t.params;
    assert.notEqual((await replayTrace({ ...t, params: defaults }, coreSut())).mismatch, null);
  });

  it('it is not sent to a driver that counts its own messages at once (reported with the reason); the reference driver passes it', async () => {
    await notSentButPasses(BACK, 'ownMessages="delivered-back"');
  });
});

describe('conventions as trace params: proposer priority (CometBFT)', function () {
  this.timeout(60_000);
  const PRIORITY = join(ROOT, 'traces', 'witness', 'w-priority-witness.itf.json.gz');
  const DECIDE = join(ROOT, 'traces', 'witness', 'w-decide-witness.itf.json.gz');
  const TABLE_ONLY = `node --loader ts-node/esm/transpile-only --no-warnings ${join(ROOT, 'test/fixtures/drivers/weighted-table-only.ts')}`;

  it('the witness carries it in params, the core replays it, and without it (round-robin) departs', async () => {
    const t = readTrace(PRIORITY);
    assert.equal(t.params.proposer, 'proposer-priority');
    assert.deepEqual({ ...t.params.power }, { c1: 1, c2: 2, c3: 1, b1: 1 });
    assert.deepEqual(traceConventions(t.params), { ...CONTRACT_CONVENTIONS, proposer: 'proposer-priority', votingPower: 'weighted' });
    assert.equal((await replayTrace(t, coreSut())).mismatch, null);
    const { proposer: _q, ...roundRobin } = t.params;
    assert.notEqual((await replayTrace({ ...t, params: roundRobin }, coreSut())).mismatch, null, 'replayed with round-robin');
  });

  it('mapped onto a table for a driver of tables: the priority sequence (c2 first, power 2 of 5), and it passes', async () => {
    const t = readTrace(PRIORITY);
    const fit = fitTrace(readConventions({ votingPower: 'weighted', proposer: 'table' }), t.params);
    assert.ok('params' in fit, JSON.stringify(fit));
    assert.deepEqual(fit.params.proposer, [['c2']]);
    assert.deepEqual(fit.mapped, ['proposer="proposer-priority" as a table']);
    const r = await runOracle({ strict: true, driver: TABLE_ONLY, traces: [PRIORITY, DECIDE] });
    assert.equal(r.ok, true, r.summary);
    assert.equal(r.counts.passed, 2);
    const how = Object.fromEntries(r.counts.mapped.map((m) => [m.source.split('/').pop(), m.how]));
    assert.deepEqual(how['w-priority-witness.itf.json.gz'], ['proposer="proposer-priority" as a table']);
  });

  it('a driver of round-robin only is not sent it, and the report says why', () => {
    const fit = fitTrace(readConventions({ votingPower: 'weighted' }), readTrace(PRIORITY).params);
    assert.deepEqual(fit, { reasons: ['proposer="proposer-priority"'] });
  });
});
