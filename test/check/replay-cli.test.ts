// `hybrid-bft replay` and `hybrid-bft check` as a user runs them (a child process):
// good traces exit 0, a trace broken at step 4 exits 1 naming the step and the field,
// bad flags exit 2 with a clear message (args.test.ts).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIX = 'test/check/fixtures';

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/hybrid-bft.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('replay and check on the command line', function () {
  this.timeout(60_000);

  it('replay of two good traces exits 0 with per-trace progress, coverage and steps/s', () => {
    const r = cli('replay', '--traces', `${FIX}/ok/catchup.itf.json`, `${FIX}/ok/equivocation.itf.json`);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stderr, /\[1\/2\] test\/check\/fixtures\/ok\/catchup\.itf\.json: 14 steps ok/);
    assert.match(r.stderr, /\[2\/2\] test\/check\/fixtures\/ok\/equivocation\.itf\.json: 2 steps ok/);
    assert.match(r.stdout, /^UponCommit\s+rule\s+1\s/m);
    assert.match(r.stdout, /covered: \d+\/\d+/);
    assert.match(r.stdout, /2 traces, 16 steps in [\d.]+ s \(\d+ steps\/s\) against reference core: 0 mismatches/);
  });

  it('a trace broken at step 4 exits 1 and names the step, the process and the field', () => {
    const r = cli('replay', '--traces', `${FIX}/ok`, '--traces', `${FIX}/broken`);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stderr, /catchup-broken-step4\.itf\.json: MISMATCH at step 4/);
    assert.match(r.stdout, /catchup-broken-step4\.itf\.json: step 4 \(Deliver\) process c1: projection differs/);
    assert.match(r.stdout, /c1\.round: expected 3, got 0/);
    assert.match(r.stdout, /: 1 mismatches/);
  });

  it('--json gives the replay section; --mutants judges mutants only on traces the core passes', () => {
    const r = cli('replay', '--traces', `${FIX}/ok/catchup.itf.json`, `${FIX}/broken`, '--json', '--mutants');
    assert.equal(r.code, 1);
    const j = JSON.parse(r.stdout) as { ok: boolean; replay: { traces: number; mismatches: { step: number; source: string }[] }; mutants: { mutants: { killedBy: string | null }[] } };
    assert.equal(j.ok, false);
    assert.equal(j.replay.traces, 2);
    assert.deepEqual(j.replay.mismatches.map((m) => [m.source, m.step]), [[`${FIX}/broken/catchup-broken-step4.itf.json`, 4]]);
    assert.ok(j.mutants.mutants.every((m) => m.killedBy === null || !m.killedBy.includes('broken')), 'a mutant was "killed" by the broken trace');
  });

  it('replay --mutants prints the kill table on stdout, after the coverage table', () => {
    const r = cli('replay', '--traces', `${FIX}/ok`, '--mutants');
    assert.equal(r.code, 1, 'two fixture traces do not kill every mutant');
    assert.match(r.stdout, /^mutant\s+result\s+first failing trace:step \(what\)$/m);
    assert.match(r.stdout, /^quorum-2f\s+killed /m);
    assert.match(r.stdout, /^killed: \d+\/\d+$/m);
    assert.doesNotMatch(r.stderr, /first failing trace:step/);
  });

  it('an unreadable trace file exits 1 with the file and the reason among readable ones; alone, exit 2 and no coverage table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-replay-test-'));
    try {
      writeFileSync(join(dir, 'bad.itf.json'), '{"states": [');
      const r = cli('replay', '--traces', join(dir, 'bad.itf.json'), `${FIX}/ok/catchup.itf.json`);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /unreadable: .*bad\.itf\.json: not valid JSON/);
      const alone = cli('replay', '--traces', join(dir, 'bad.itf.json'));
      assert.equal(alone.code, 2);
      assert.match(alone.stderr, /none of the 1 trace files could be read, so nothing was replayed/);
      assert.doesNotMatch(alone.stdout + alone.stderr, /NOT COVERED/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--driver replays through a driver process: good traces exit 0, the broken one exits 1 at step 4', () => {
    const driver = 'node --loader ts-node/esm/transpile-only --no-warnings conformance/drivers/ts/driver.ts';
    const r = cli('replay', '--driver', driver, '--traces', `${FIX}/ok`, `${FIX}/broken`);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /catchup-broken-step4\.itf\.json: step 4 \(Deliver\) process c1: projection differs/);
    assert.match(r.stdout, /3 traces, 19 steps in [\d.]+ s \(\d+ steps\/s\) against hybrid-bft reference core \(conformance\/drivers\/ts\): 1 mismatches/);
  });
});
