// The real CLI honours a --timeout above 2^31 − 1 ms (docs/node.md, "Timers of any
// length"; issue 23 §3): Node's setTimeout would fire it after 1 ms, so `oracle` would
// give up on a driver at once, saying it "did not answer hello within 3000000000 ms".
// A driver that never answers hello is still waited for; the control is the same run
// with --timeout 1000, which ends with exit 2.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, interruptAndReap, ROOT, until } from './procs.ts';

const OK = join(ROOT, 'test/check/fixtures/ok');
const SILENT = `cd . && node ${join(ROOT, 'test/fixtures/drivers/bad-driver.mjs')} silent-hello-with-child`;

describe('the CLI honours a --timeout above 2^31 − 1 ms', function () {
  this.timeout(300_000);
  let T: string;
  beforeEach(() => { T = mkdtempSync(join(tmpdir(), 'hybrid-bft-longtimeout-')); mkdirSync(join(T, 'tmp')); });
  afterEach(() => { rmSync(T, { recursive: true, force: true }); });

  async function oracle(timeout: string) {
    const pids = join(T, `pids-${timeout}`);
    const run = cli(['oracle', '--driver', SILENT, '--traces', OK, '--timeout', timeout], { BAD_DRIVER_PIDS: pids, TMPDIR: join(T, 'tmp') });
    let stderr = '';
    run.child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    const started = (): boolean => existsSync(pids) && readFileSync(pids, 'utf8').trim().split('\n').length === 2;
    await until('the driver to start or oracle to end', () => started() || run.child.exitCode !== null, 120_000);
    return { run, pids, stderr: () => stderr };
  }

  it('oracle --timeout 3000000000 still waits for hello 2 s after the driver started, with no TimeoutOverflowWarning', async () => {
    const { run, pids, stderr } = await oracle('3000000000');
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(run.child.exitCode, null, `oracle is still waiting; it said: ${stderr()}`);
    assert.doesNotMatch(stderr(), /TimeoutOverflowWarning|did not answer/);
    await interruptAndReap(run, pids);
  });

  it('control: oracle --timeout 1000 with the same driver gives up, exit 2', async () => {
    const { run } = await oracle('1000');
    const r = await run.done;
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /did not answer hello \(id 1\) within 1000 ms/);
  });
});
