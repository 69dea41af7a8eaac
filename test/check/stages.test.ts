// The real stages on small inputs: TLC on the toy fixture specs (one CI entry whose
// recorded count is wrong must fail), a simulated batch of a toy spec, and replay plus
// mutants on the fixture traces; the resulting report validates against the schema.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentDisplay } from '../../src/check/display.ts';
import { runCheck } from '../../src/check/run.ts';
import { validateReport } from '../../src/check/schema.ts';
import { mutantsStage, oracleStage, replayStage, tlcStage, tracesStage, type StageContext } from '../../src/check/stages.ts';
import { runOracle } from '../../src/cli/oracle.ts';
import { fakeStage, OPTS, type Calls } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIX = join(ROOT, 'test', 'check', 'fixtures');
export const TS_DRIVER = 'node --loader ts-node/esm/transpile-only --no-warnings conformance/drivers/ts/driver.ts';

function ctx(over: Partial<StageContext['opts']>): StageContext {
  return { opts: { ...OPTS, ...over }, display: silentDisplay, fresh: [], traces: [], temp: [] };
}

describe('check: the real stages on small inputs', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    // A copy of the toy TLC fixtures whose "holds" entry records a wrong state count.
    dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-check-stages-'));
    cpSync(join(ROOT, 'test', 'fixtures', 'tlc'), dir, { recursive: true, filter: (src) => !src.includes(`${join('tlc', 'out')}`) });
    const models = JSON.parse(readFileSync(join(dir, 'models.json'), 'utf8')) as { models: { name: string; recorded?: { distinctStates: number } }[] };
    models.models.find((m) => m.name === 'holds')!.recorded!.distinctStates = 17;
    writeFileSync(join(dir, 'models.json'), JSON.stringify(models));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('tlc: every CI entry is run and judged against expected and its recorded distinct states', async () => {
    const out = await tlcStage(ctx({ modelsFile: join(dir, 'models.json'), cache: false }));
    assert.equal(out.status, 'fail');
    assert.deepEqual(out.section?.models.map((m) => [m.name, m.outcome, m.ok, m.distinct, m.recordedDistinct, m.cached]),
      [['holds', 'holds', false, 16, 17, false], ['caught', 'XSmall', true, 4, 4, false]]);
    assert.match(out.cases[0]?.failure ?? '', /holds: expected 17 distinct states \(recorded\), TLC found 16/);
    assert.equal(out.cases[1]?.failure, null);
    assert.match(out.summary, /^1\/2 models as expected/);
  });

  it('tlc: with the cache, a second run takes the verdicts from it, judged the same, and says so', async () => {
    await tlcStage(ctx({ modelsFile: join(dir, 'models.json') }));
    const out = await tlcStage(ctx({ modelsFile: join(dir, 'models.json') }));
    assert.deepEqual(out.section?.models.map((m) => [m.name, m.ok, m.distinct, m.cached]), [['holds', false, 16, true], ['caught', true, 4, true]]);
    assert.deepEqual(out.cases.map((c) => c.name), ['holds (cached)', 'caught (cached)']);
    assert.match(out.summary, /^1\/2 models as expected, 20 distinct states, 2 cached$/);
  });

  it('traces: a fresh simulated batch of N traces with the given seed', async () => {
    const c = ctx({ modelsFile: join(dir, 'models.json'), simModel: 'values-sim', sim: 2, seed: 5 });
    const out = await tracesStage(c);
    try {
      assert.equal(out.status, 'pass', out.summary);
      assert.equal(out.section?.files.length, 2);
      assert.equal(out.section?.seed, 5);
      assert.equal(c.fresh.length, 2);
      assert.match(c.fresh[0]!.file, /values-sim-sim-5-0\.itf\.json$/);
    } finally {
      if (out.section) rmSync(out.section.outDir, { recursive: true, force: true });
    }
  });

  it('replay and mutants on the fixture traces: figures in a report that validates', async () => {
    const calls: Calls = { names: [] };
    const { report, exitCode } = await runCheck({
      opts: { ...OPTS, corpus: join(FIX, 'ok') }, reportPath: null, junitPath: null, print: () => {},
      deps: { tlc: fakeStage('tlc', calls), traces: fakeStage('traces', calls), vectors: fakeStage('vectors', calls) },
    });
    assert.deepEqual(validateReport(JSON.parse(JSON.stringify(report))), []);
    assert.equal(report.replay?.traces, 2);
    assert.equal(report.replay?.steps, 16);
    assert.deepEqual(report.replay?.mismatches, []);
    assert.ok((report.replay?.covered ?? 0) > 0 && report.replay!.covered < report.replay!.coverable);
    // Two witnesses do not kill every mutant: the stage must say so.
    assert.ok(report.mutants !== null && report.mutants.killed > 0 && report.mutants.killed < report.mutants.total);
    assert.equal(report.stages.find((s) => s.name === 'mutants')?.status, 'fail');
    assert.equal(exitCode, 1);
  });

  it('replay: a broken trace in the corpus fails the stage, and mutants use only the clean traces', async () => {
    const corpus = mkdtempSync(join(tmpdir(), 'hybrid-bft-check-corpus-'));
    try {
      cpSync(FIX, corpus, { recursive: true });
      const c = ctx({ corpus });
      const out = await replayStage(c);
      assert.equal(out.status, 'fail');
      assert.deepEqual(out.section?.mismatches.map((m) => [m.step, m.process, m.what]), [[4, 'c1', 'projection']]);
      assert.deepEqual(out.cases.map((k) => k.failure === null), [false, true], 'one case per batch (broken/, ok/)');
      assert.equal(c.traces.length, 2);
      const m = await mutantsStage(c);
      assert.ok(m.section?.mutants.every((r) => r.killedBy === null || !r.killedBy.includes('broken')));
    } finally {
      rmSync(corpus, { recursive: true, force: true });
    }
  });

  it('replay: a missing corpus is a clear error', async () => {
    await assert.rejects(replayStage(ctx({ corpus: join(dir, 'no-such-corpus') })), /trace corpus .*no-such-corpus does not exist/);
  });
  it('driver: the oracle replays the corpus through the driver and checks vectors through it', async () => {
    const stage = oracleStage(runOracle, { vectorFiles: [join(ROOT, 'conformance', 'vectors', 'threshold-t1-n1.json')] });
    const good = await stage(ctx({ corpus: join(FIX, 'ok'), driver: TS_DRIVER }));
    assert.equal(good.status, 'pass', good.section?.summary);
    assert.equal(good.section?.traces, 2);
    assert.equal(good.section?.mismatches, 0);
    assert.ok((good.section?.vectorsPassed ?? 0) > 0 && good.section?.vectorsFailed === 0);
    assert.match(good.summary, /2 traces, 16 steps, 0 violations of the paper's verdict; vectors \d+\/\d+ passed/);
    // The paper's verdict judges the implementation, not the trace's own states: a trace
    // whose expected projection was tampered with still passes the reference core...
    const tampered = await oracleStage(runOracle, { vectors: false })(ctx({ corpus: join(FIX, 'broken'), driver: TS_DRIVER }));
    assert.equal(tampered.status, 'pass', tampered.section?.summary);
    // ...and strict equality, which compares with those states, fails it at the step.
    const bad = await oracleStage(runOracle, { vectors: false, strict: true })(ctx({ corpus: join(FIX, 'broken'), driver: TS_DRIVER }));
    assert.equal(bad.status, 'fail');
    assert.equal(bad.section?.mismatches, 1);
    assert.match(bad.cases[0]?.failure ?? '', /catchup-broken-step4\.itf\.json: step 4 \(Deliver\) process c1: projection differs/);
  });
});
