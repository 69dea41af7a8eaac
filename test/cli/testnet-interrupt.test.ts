// `hybrid-bft testnet` interrupted: SIGINT mid-run ends every node process and removes
// the temporary WAL folder (src/proc/lifetime.ts), exit 130.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, cli, ours, pidsMentioning, until } from './procs.ts';

describe('cli: hybrid-bft testnet, interrupted', function () {
  this.timeout(60_000);
  let T: string;
  let tmp: string;
  beforeEach(() => {
    T = mkdtempSync(join(tmpdir(), 'hbft-testnet-int-'));
    tmp = join(T, 'tmp');
    mkdirSync(tmp);
  });
  afterEach(() => { rmSync(T, { recursive: true, force: true }); });

  it('SIGINT mid-run: every node process ends, the folder is removed, exit 130', async () => {
    const run = cli(['testnet', '--nodes', '4', '--heights', '10000', '--crypto', 'trusting', '--json'], { TMPDIR: tmp });
    let out = '';
    run.child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    await until('the first height', () => out.includes('"event":"height"'), 50_000);
    const nodes = pidsMentioning(tmp).filter(alive);
    assert.equal(nodes.length, 4, 'four node processes, each naming its WAL folder');
    run.child.kill('SIGINT');
    const r = await run.done;
    assert.equal(r.code, 130, r.stderr);
    await until('the nodes to be gone', () => nodes.every((p) => !alive(p)), 5000);
    assert.deepEqual(ours(tmp), []);
  });
});
