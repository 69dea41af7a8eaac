// The real CLI (bin/hybrid-bft.mjs) in child processes: no command outlives its work.
// A driver that never answers hello ends `check` within --timeout, as one failing
// stage, with nothing of the driver left running; SIGTERM to the process group (a CI
// timeout) and SIGINT to the wrapper (Ctrl-C) end TLC's java and the driver's process
// group and remove the temporary folders; `check`'s fresh trace batch is removed at the
// end. Each child gets its own TMPDIR, so "nothing left behind" is checked exactly.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, cli, interruptAndReap, ours, pidsMentioning, ROOT, until } from './procs.ts';

const OK = join(ROOT, 'test/check/fixtures/ok');
const HANGING = `cd . && node ${join(ROOT, 'test/fixtures/drivers/bad-driver.mjs')} silent-hello-with-child`;

describe('the CLI ends what it starts (child processes)', function () {
  this.timeout(300_000);
  let T: string;
  let tmp: string;
  beforeEach(() => {
    T = mkdtempSync(join(tmpdir(), 'hybrid-bft-lifecycle-'));
    tmp = join(T, 'tmp');
    mkdirSync(tmp);
  });
  afterEach(() => { rmSync(T, { recursive: true, force: true }); });

  it('check with a driver that never answers hello: ends within --timeout, one failing stage, no process left', async () => {
    const pids = join(T, 'pids');
    const r = await cli(['check', '--skip', 'tlc,traces,mutants,vectors', '--corpus', OK, '--driver', HANGING, '--timeout', '1000',
      '--report', join(T, 'r.json'), '--junit', join(T, 'j.xml')], { BAD_DRIVER_PIDS: pids, TMPDIR: tmp }).done;
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(readFileSync(join(T, 'r.json'), 'utf8')) as { stages: { name: string; status: string; seconds: number; summary: string }[] };
    const driver = report.stages.find((s) => s.name === 'driver')!;
    assert.equal(driver.status, 'fail');
    assert.match(driver.summary, /^driver cannot be used: driver ".*" did not start: driver did not answer hello \(id 1\) within 1000 ms/);
    assert.ok(driver.seconds < 1 + 5, `the driver stage took ${driver.seconds} s with --timeout 1000`);
    assert.ok(r.stderr.split('\n').length < 40, `a short log, got ${r.stderr.split('\n').length} lines`);
    const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    assert.equal(started.length, 2, 'the driver and its child both started');
    await until('the driver and its child to be gone', () => started.every((p) => !alive(p)), 5000);
    assert.deepEqual(ours(tmp), [], 'no temporary folder left');
  });

  it('SIGTERM to the process group while TLC runs: java ends, the TLC folder is removed, exit 143', async () => {
    const run = cli(['tlc', 'ci', '--no-cache', '--workers', '1'], { TMPDIR: tmp }, true);
    await until('TLC to start', () => readdirSync(tmp).some((d) => d.startsWith('hybrid-bft-tlc-')) && pidsMentioning(`${tmp}/hybrid-bft-tlc-`).some((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('tlc2.TLC')), 120_000);
    const java = pidsMentioning(`${tmp}/hybrid-bft-tlc-`);
    process.kill(-run.child.pid!, 'SIGTERM');
    const r = await run.done;
    assert.equal(r.code, 143, r.stderr);
    await until('java to be gone', () => java.every((p) => !alive(p)), 5000);
    assert.deepEqual(ours(tmp), [], 'the TLC metadir is removed');
  });

  it('SIGINT to the wrapper while a driver hangs: the driver group ends, exit 130', async () => {
    const pids = join(T, 'pids');
    const run = cli(['oracle', '--driver', HANGING, '--traces', OK, '--timeout', '120000'], { BAD_DRIVER_PIDS: pids, TMPDIR: tmp });
    await until('the driver to start', () => existsSync(pids) && readFileSync(pids, 'utf8').trim().split('\n').length === 2, 120_000);
    await interruptAndReap(run, pids);
  });

  it("check removes its fresh trace batch (/tmp/hybrid-bft-check-sim-*) when it ends", async () => {
    const r = await cli(['check', '--skip', 'tlc,replay,mutants,vectors', '--sim', '1', '--seed', '7',
      '--report', join(T, 'r.json'), '--junit', join(T, 'j.xml')], { TMPDIR: tmp }).done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /simulating 1 behaviours of sim with seed 7 into .*hybrid-bft-check-sim-7-/);
    assert.deepEqual(ours(tmp), []);
  });
});
