// explore (src/explore/): the reference core explored gives no finding; a mutant of the
// kill table is found, shrunk, written as an ITF trace that TLC accepts as a behaviour
// of the model and that fails the mutant under the oracle's replay; same seed, same
// runs; and the negative controls of the judge and the cross-process properties.
// (test/cli/exit-codes.test.ts runs the command through the reference and a mutant driver.)
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coreSut } from '../../src/conformance/core-sut.ts';
import { modelTraceFromItf } from '../../src/conformance/model-trace.ts';
import { buildMutant, MUTANTS, type BuiltMutant } from '../../src/conformance/mutants.ts';
import { replayTrace } from '../../src/conformance/replay.ts';
import { explore } from '../../src/explore/campaign.ts';
import { processFinding } from '../../src/explore/finding.ts';
import { runParams } from '../../src/explore/layout.ts';
import { modelRun } from '../../src/explore/model-run.ts';
import { Ledger } from '../../src/explore/properties.ts';
import { strictJudge } from '../../src/explore/strict-judge.ts';
import { tlcAccepts } from '../../src/explore/tlc-accept.ts';

const base = { judge: 'strict' as const, validators: 4, byzantine: 1, heights: 2 };

describe('explore', function () {
  this.timeout(120_000);
  let dir: string;
  let mutant: BuiltMutant;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-explore-test-'));
    mutant = await buildMutant(MUTANTS.find((m) => m.name === 'quorum-2f')!);
  });
  after(() => { mutant.dispose(); rmSync(dir, { recursive: true, force: true }); });

  it('finds nothing on the reference core (300 runs of 2 heights, one Byzantine validator)', async () => {
    const r = await explore({ ...base, sut: coreSut(), seed: 7, runs: 300, keepGoing: true });
    assert.deepEqual(r.findings.map((f) => `${f.property}: ${f.detail.join(' ')}`), []);
    assert.equal(r.runs, 300);
    assert.ok(r.lines.covered >= r.lines.total - 6, `Algorithm 1 lines reached: ${r.lines.covered} of ${r.lines.total}`);
  });

  it('replays a seed bit for bit', async () => {
    const a = await explore({ ...base, sut: coreSut(), seed: 3, runs: 30 });
    const b = await explore({ ...base, sut: coreSut(), seed: 3, runs: 30 });
    const c = await explore({ ...base, sut: coreSut(), seed: 4, runs: 30 });
    assert.equal(a.steps, b.steps);
    assert.equal(a.coverage, b.coverage);
    assert.notEqual(a.steps, c.steps);
  });

  it('catches the quorum-2f mutant, shrinks it to a trace TLC accepts and the oracle fails', async () => {
    const sut = coreSut({ stepFn: mutant.stepFn, name: 'quorum-2f' });
    const r = await explore({ ...base, sut, seed: 1, runs: 200 });
    const f = r.findings[0];
    assert.ok(f !== undefined, 'no finding on the mutant');
    const done = await processFinding(f, { sut, judge: 'strict', outDir: dir, index: 1, tlc: true, command: 'test' });
    assert.ok(done.shrunkSteps <= done.steps, `${done.shrunkSteps} > ${done.steps}`);
    assert.equal(done.tlc?.accepted, true, done.tlc?.detail);
    assert.notEqual(done.oracle, null, 'the mutant passes its own finding\'s trace');
    // The same trace passes the reference core: the finding is the mutant's, not the model's.
    const trace = modelTraceFromItf(JSON.parse(readFileSync(done.itf, 'utf8')), done.itf);
    assert.equal((await replayTrace(trace, coreSut())).mismatch, null);
    assert.match(readFileSync(done.html, 'utf8'), /<svg/);
    // Negative control of TLC's word: the same run with a decision the model never took.
    const run = modelRun(f.params, f.outcome.events.slice(0, done.steps));
    const last = run.steps.at(-1)!;
    last.projections[last.p] = { ...last.projections[last.p]!, lockedRound: last.projections[last.p]!.lockedRound + 5 };
    assert.equal((await tlcAccepts(run, 'tampered')).accepted, false);
  });

  it('the strict judge flags a dropped broadcast; the properties flag two decisions', () => {
    const params = runParams(4, 1, 1, 0);
    const j = strictJudge();
    j.reset(params);
    const ev = { kind: 'StartHeight' as const, height: 1, value: 'blk-1' };
    const v = j.step('c1', ev, { projection: { height: 1, round: 0, step: 'prevote', lockedValue: 'none', lockedRound: -1, validValue: 'none', validRound: -1, decisions: {} }, outputs: [] });
    assert.equal(v.ok, false);
    const l = new Ledger(params);
    const p0 = { height: 1, round: 0, step: 'precommit', lockedValue: 'none', lockedRound: -1, validValue: 'none', validRound: -1, decisions: {} };
    const decide = (value: string) => [{ kind: 'decide' as const, height: 1, value, round: 0, cert: ['c1', 'c2', 'c3'] }];
    assert.deepEqual(l.step('c1', decide('blk-1'), p0, p0).map((x) => x.property), ['Validity', 'DecisionBacked']);
    assert.ok(l.step('c2', decide('blk-2'), p0, p0).some((x) => x.property === 'Agreement'));
  });
});
