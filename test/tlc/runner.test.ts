// Runs TLC on the toy specs of test/fixtures/tlc (about 2-3 s per run).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, summaryLine } from '../../src/cli/tlc.ts';
import { findModel, loadModels } from '../../src/tlc/models.ts';
import { compareRecorded, runModel, type ModelResult } from '../../src/tlc/runner.ts';
import { captured, FIXTURES, TOY_MODELS } from './helpers.ts';

const toys = loadModels(TOY_MODELS);
const tlc = (...args: string[]) => captured(() => run(['--models', TOY_MODELS, '--no-html', ...args]));

describe('tlc/runner and `hybrid-bft tlc` on toy specs', function () {
  this.timeout(60_000);

  let holds: ModelResult;

  it('a model that holds: ok, the state count, a summary line', async () => {
    holds = await runModel(findModel(toys, 'holds'));
    assert.equal(holds.ok, true, holds.detail);
    assert.deepEqual([holds.outcome, holds.distinct, holds.generated, holds.depth, holds.workers], ['holds', 16, 26, 7, 1]);
    assert.match(summaryLine(holds), /^ok {3}holds: holds, as expected \(16 distinct states, 26 generated, depth 7, [\d.]+ s, 1 worker\)$/);
    assert.match(summaryLine({ ...holds, mode: 'simulate', distinct: null }), /^ok {3}holds: holds on every behaviour drawn \(a simulation, not exhaustive\), as expected \(26 generated/);
  });

  it('the expected violation reported: exit 0, and its trace as a table of changes', async () => {
    const { value, out } = await tlc('caught');
    assert.equal(value, 0);
    assert.match(out, /ok {3}caught: XSmall violated, as expected/);
    assert.match(out, /^ +3 +IncX +x +1 → 2$/m);
  });

  it('the expected violation not reported (a mutant not caught): exit 1', async () => {
    const { value, out } = await tlc('not-caught');
    assert.equal(value, 1);
    assert.match(out, /FAIL not-caught: expected XSmall, got holds: .*a mutant not caught/);
  });

  it('a different invariant violated: exit 1, naming both', async () => {
    const { value, out } = await tlc('wrong-invariant');
    assert.equal(value, 1);
    assert.match(out, /expected YSmall to be violated, but TLC reported invariant XSmall/);
  });

  it('a parse error: exit 1 with SANY\'s message, TLC not run', async () => {
    const { value, out } = await tlc('parse-error');
    assert.equal(value, 1);
    assert.match(out, /FAIL parse-error: expected holds, got parse error: \*\*\*Parse Error\*\*\*\nWas expecting "Expression or Instance"\nEncountered "Beginning of definition" at line 5, column 9/);
    assert.doesNotMatch(out, /generated/);
  });

  it('an unexpected deadlock: exit 1; the same spec with checkDeadlock false holds', async () => {
    const { value, out } = await tlc('deadlock');
    assert.equal(value, 1);
    assert.match(out, /FAIL deadlock: expected holds, got deadlock/);
    assert.equal((await tlc('no-deadlock-check')).value, 0);
  });

  it('an unnamed temporal violation is attributed to the cfg\'s only PROPERTY', async () => {
    const r = await runModel(findModel(toys, 'liveness'));
    assert.equal(r.outcome, 'EventuallyMax');
    assert.equal(r.ok, true);
    assert.equal(r.trace?.stuttering, true);
  });

  it('a simulation entry runs with its num/depth/seed', async () => {
    const r = await runModel(findModel(toys, 'values-sim'));
    assert.equal(r.ok, true, r.detail);
    assert.equal(r.mode, 'simulate');
    assert.equal(r.seed, '5');
    assert.ok(r.generated !== null && r.generated > 0);
    assert.equal(r.distinct, null);
  });

  it('a simulation run says what it draws (TLC draws --num per worker) and that it is not exhaustive', async () => {
    const own = await tlc('values-sim');
    assert.equal(own.value, 0, own.err);
    assert.match(own.err, /^tlc values-sim: Values\.tla with ValuesHolds\.cfg, simulate \(3 behaviours of at most 6 states, seed 5; not exhaustive\), expecting holds$/m);
    const other = await tlc('values-sim', '--num', '2', '--workers', '2', '--seed', '9');
    assert.match(other.err, /simulate \(4 behaviours of at most 6 states, 2 workers drawing 2 each, seed 9; not exhaustive\)/);
  });

  it('--json prints the result fields', async () => {
    const { value, out } = await tlc('values', '--json');
    assert.equal(value, 0);
    const j = JSON.parse(out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(j).slice(0, 9), ['name', 'expected', 'outcome', 'ok', 'distinct', 'generated', 'depth', 'seconds', 'workers']);
    assert.deepEqual([j.name, j.expected, j.outcome, j.ok, j.distinct, j.generated, j.depth, j.workers], ['values', 'NotDone', 'NotDone', true, 8, 8, 4, 1]);
    assert.equal(j.tlcVersion, '2.18 of 20 March 2023');
  });

  it('--record writes the figures into that entry only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlc-record-'));
    try {
      for (const f of readdirSync(FIXTURES)) if (/\.(tla|cfg|json)$/.test(f)) copyFileSync(join(FIXTURES, f), join(dir, f));
      const { value } = await captured(() => run(['--models', join(dir, 'models.json'), 'small', '--record', '--workers', '2']));
      assert.equal(value, 0);
      const after = loadModels(join(dir, 'models.json'));
      const rec = findModel(after, 'small').recorded!;
      assert.deepEqual([rec.distinctStates, rec.statesGenerated, rec.depth, rec.workers], [4, 6, 3, 2]);
      assert.deepEqual({ ...findModel(after, 'holds'), dir: '' }, { ...findModel(toys, 'holds'), dir: '' });
      // A run whose outcome is wrong is not recorded.
      const { value: bad, err } = await captured(() => run(['--models', join(dir, 'models.json'), 'deadlock', '--record', '--no-html']));
      assert.equal(bad, 1);
      assert.match(err, /not recording/);
      assert.equal(findModel(loadModels(join(dir, 'models.json')), 'deadlock').recorded, undefined);
      // Figures of other simulation settings than the entry's would fail CI's comparison: refused, nothing run or written.
      for (const extra of [['--num', '2'], ['--seed', '9', '--depth', '3'], ['--workers', '2']]) {
        const r = await captured(() => run(['--models', join(dir, 'models.json'), 'values-sim', '--record', '--no-html', ...extra]));
        assert.equal(r.value, 2, r.err);
        assert.match(r.err, /^hybrid-bft tlc: --record writes the figures of the entry's own settings, which CI compares with; --\w+.* would record other ones: drop /m);
        assert.equal(r.out, '');
      }
      assert.equal(findModel(loadModels(join(dir, 'models.json')), 'values-sim').recorded, undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--ci runs the ci entries only, exit 0 when all are as expected', async () => {
    const { value, out } = await tlc('--ci');
    assert.equal(value, 0);
    assert.match(out, /tlc --ci: 2\/2 ok/);
  });

  it('bad arguments and names: exit 2 with a message', async () => {
    assert.equal((await tlc('nope')).value, 2);
    assert.match((await tlc('nope')).err, /no model named "nope" in .*known: holds, caught/);
    assert.match((await tlc('holds', '--workers', '0')).err, /--workers: expected an integer >= 1, got "0"/);
    assert.equal((await tlc('--bogus')).value, 2);
    const help = await tlc('--help');
    assert.equal(help.value, 0);
    assert.match(help.out, /Exit 0 exactly when the outcome is\nthe entry's "expected"/);
  });

  it('missing java: exit 2 with one sentence', () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'nojava-'));
    try {
      const r = spawnSync(process.execPath, [join(FIXTURES, '..', '..', '..', 'bin', 'hybrid-bft.mjs'), 'tlc', '--models', TOY_MODELS, 'holds'],
        { encoding: 'utf8', env: { ...process.env, JAVA_HOME: join(emptyDir, 'nowhere'), PATH: emptyDir } });
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, /^hybrid-bft tlc: java not found \(tried ".*nowhere\/bin\/java"\): TLC needs a Java runtime >= 11; .*\.$/);
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  it('models.json validation names the entry and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlc-models-'));
    const write = (models: unknown[]): string => {
      const p = join(dir, 'models.json');
      writeFileSync(p, JSON.stringify({ models }));
      return p;
    };
    try {
      assert.throws(() => loadModels(write([{ name: 'a', module: 'M.tla', config: 'M.cfg', mode: 'fast', expected: 'holds', ci: true }])), /models\[0\] \("a"\): expected "mode" to be "exhaustive" or "simulate", got "fast"/);
      assert.throws(() => loadModels(write([{ name: 'a', module: 'M.tla', config: 'M.cfg', mode: 'simulate', expected: 'holds', ci: true }])), /expected "simulate": \{num, depth, seed\}/);
      assert.throws(() => loadModels(write([{ name: 'a', module: 'M.tla', config: 'M.cfg', mode: 'exhaustive', expected: 'holds', ci: true, workers: 0 }])), /expected "workers" to be an integer >= 1, got 0/);
      assert.throws(() => loadModels(write([{ name: 'a', module: 'M.tla', config: 'M.cfg', mode: 'exhaustive', expected: 'holds', ci: false, outOfReach: 'yes' }])), /models\[0\] \("a"\): expected "outOfReach" to be true or false, got "yes"/);
      const ok = { name: 'a', module: 'M.tla', config: 'M.cfg', mode: 'exhaustive', expected: 'holds', ci: true };
      assert.throws(() => loadModels(write([ok, ok])), /model name "a" appears twice/);
      assert.throws(() => loadModels(join(dir, 'missing.json')), /does not exist/);
      assert.deepEqual(loadModels(join(dir, 'missing.json'), { optional: true }).models, []);
      const p = join(dir, 'models.json');
      writeFileSync(p, '{"models": [');
      assert.throws(() => loadModels(p), /is not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--list gives a simulation entry\'s recorded generated count, not a distinct count TLC never made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlc-list-'));
    try {
      const rec = (distinct: number, generated: number) => ({ distinctStates: distinct, statesGenerated: generated, depth: 0, wallSeconds: 1.5, workers: 1 });
      writeFileSync(join(dir, 'models.json'), JSON.stringify({ models: [
        { name: 's', module: 'M.tla', config: 'M.cfg', mode: 'simulate', simulate: { num: 2, depth: 5, seed: 1 }, expected: 'holds', ci: false, recorded: rec(0, 1234) },
        { name: 'e', module: 'M.tla', config: 'M.cfg', mode: 'exhaustive', expected: 'holds', ci: false, recorded: rec(56, 78) }] }));
      const { value, out } = await captured(() => run(['--list', '--models', join(dir, 'models.json')]));
      assert.equal(value, 0);
      assert.match(out, /^s +simulate +expect holds +1,234 generated, 1\.5 s$/m);
      assert.match(out, /^e +exhaustive +expect holds +56 distinct, 1\.5 s$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a recorded state count that TLC does not reproduce is reported', () => {
    const entry = findModel(toys, 'holds');
    const r = holds;
    assert.equal(compareRecorded(entry, r), undefined);
    const wrong = { ...entry, recorded: { ...entry.recorded!, distinctStates: 17 } };
    assert.equal(compareRecorded(wrong, r), 'holds: expected 17 distinct states (recorded), TLC found 16');
    assert.match(compareRecorded({ ...entry, recorded: undefined }, r)!, /holds: no "recorded.distinctStates" to compare with/);
    assert.match(compareRecorded(entry, { ...r, ok: false, outcome: 'deadlock', detail: 'x' })!, /holds: expected holds, got deadlock: x/);
  });

  it('a simulation entry is compared by its generated states if it holds, by its outcome if it must fail', () => {
    const entry = findModel(toys, 'holds');
    const sim = { ...entry, mode: 'simulate' as const, simulate: { num: 5, depth: 10, seed: 3 },
      recorded: { distinctStates: 0, statesGenerated: 40, depth: 0, wallSeconds: 1, workers: 1 } };
    const ran = { ...holds, mode: 'simulate' as const, distinct: null, generated: 40 };
    assert.equal(compareRecorded(sim, ran), undefined);
    assert.equal(compareRecorded(sim, { ...ran, generated: 41 }), 'holds: expected 40 generated states (recorded; simulation with seed 3), TLC generated 41');
    assert.match(compareRecorded({ ...sim, recorded: undefined }, ran)!, /no "recorded.statesGenerated" to compare with/);
    const mustFail = { ...sim, expected: 'Inv' };
    assert.equal(compareRecorded(mustFail, { ...ran, generated: 7 }), undefined);
    assert.match(compareRecorded(mustFail, { ...ran, ok: false, outcome: 'holds', detail: 'no violation' })!, /expected Inv, got holds/);
  });
});
