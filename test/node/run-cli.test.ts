import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from '../../src/cli/run.ts';
import { tmpDir } from './helpers.ts';

async function capture(args: string[]): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log, error = console.error;
  console.log = (...a: unknown[]) => { out.push(a.join(' ')); };
  console.error = (...a: unknown[]) => { err.push(a.join(' ')); };
  try {
    const code = await run(args);
    return { code, out, err: err.join('\n') };
  } finally {
    console.log = log; console.error = error;
  }
}

describe('cli: hybrid-bft run', () => {
  it('prints a header and one line per height: value, round, signers', async () => {
    const r = await capture(['--nodes', '4', '--heights', '3', '--seed', '5', '--crypto', 'trusting']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.length, 4);
    assert.match(r.out[0]!, /^4 nodes, 3 heights, seed 5, trusting signatures: \d+ messages delivered, \d+ virtual ms$/);
    r.out.slice(1).forEach((line, i) => {
      assert.match(line, new RegExp(`^height ${i + 1}  value blk-${i + 1}-c${i + 1}-r0  round 0  signers (c\\d,){2,3}c\\d  \\(4/4 agree\\)$`));
    });
  });

  it('n not of the form 3f+1 (n = 2, 5): slow, reordering networks still agree (quorum n - f)', async () => {
    // With the paper's 2f+1, n = 2 gave a quorum of 1 and disagreement on 7 of 8 seeds.
    for (const nodes of ['2', '5']) {
      for (let seed = 1; seed <= 8; seed++) {
        const r = await capture(['--nodes', nodes, '--heights', '3', '--seed', String(seed), '--crypto', 'trusting', '--max-delay', '8000']);
        assert.equal(r.code, 0, `n=${nodes} seed ${seed}: ${r.err}`);
        assert.match(r.out.at(-1)!, new RegExp(`\\(${nodes}/${nodes} agree\\)$`));
      }
    }
  });

  it('--json: one object per height, deterministic for a seed', async () => {
    const a = await capture(['--heights', '2', '--seed', '9', '--crypto', 'trusting', '--json']);
    const b = await capture(['--heights', '2', '--seed', '9', '--crypto', 'trusting', '--json']);
    assert.equal(a.code, 0);
    assert.deepEqual(a.out, b.out);
    const objs = a.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(objs.length, 2);
    for (const [i, o] of objs.entries()) {
      assert.deepEqual(Object.keys(o), ['height', 'value', 'round', 'signers', 'decidedBy']);
      assert.equal(o.height, i + 1);
      assert.equal(typeof o.value, 'string');
      assert.equal(o.round, 0);
      assert.ok(Array.isArray(o.signers) && o.signers.length >= 3);
      assert.deepEqual(o.decidedBy, ['c1', 'c2', 'c3', 'c4']);
    }
  });

  it('default crypto is real BLS (one height)', async function () {
    this.timeout(60_000);
    const r = await capture(['--heights', '1']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out[0]!, /bls \(noble\) signatures/);
    assert.match(r.out[1]!, /^height 1  value blk-1-c1-r0  round 0  signers /);
  });

  it('--bls-backend blst: the native backend, same decisions', async function () {
    this.timeout(60_000);
    const r = await capture(['--heights', '2', '--bls-backend', 'blst']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out[0]!, /bls \(blst\) signatures/);
    const noble = await capture(['--heights', '2', '--bls-backend', 'noble']);
    assert.deepEqual(r.out.slice(1), noble.out.slice(1));
  });

  it('--drop-rate/--duplicate-rate: a lossy network still decides every height, all agreeing', async () => {
    const r = await capture(['--heights', '3', '--crypto', 'trusting', '--drop-rate', '0.3', '--duplicate-rate', '0.2', '--json']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.out.map((l) => (JSON.parse(l) as { decidedBy: string[] }).decidedBy.length), [4, 4, 4]);
  });

  it('--wal-dir keeps one WAL per node', async () => {
    const dir = tmpDir('cli');
    const r = await capture(['--heights', '1', '--crypto', 'trusting', '--wal-dir', dir]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['c1.wal', 'c2.wal', 'c3.wal', 'c4.wal']);
    assert.ok(fs.statSync(path.join(dir, 'c1.wal')).size > 8);
  });

  const bad: [string[], RegExp][] = [
    [['--nodes', '0'], /^hybrid-bft run: --nodes: expected 1\.\.64, got 0\n/],
    [['--nodes', '65'], /--nodes: expected 1\.\.64, got 65/],
    [['--heights', 'x'], /^hybrid-bft run: --heights: expected an integer, got 'x'\n/],
    [['--heights', '1.5'], /--heights: expected an integer, got '1\.5'/],
    [['--seed=-1'], /--seed: expected 0\.\.4294967295, got -1/],
    [['--crypto', 'rsa'], /--crypto: expected bls or trusting, got 'rsa'/],
    [['--bls-backend', 'mcl'], /--bls-backend: expected noble or blst, got 'mcl'/],
    [['--nodes'], /--nodes/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['extra'], /extra/],
    [['--wal-dir', ''], /--wal-dir: expected a directory, got an empty string/],
    [['--drop-rate', '0.95'], /--drop-rate: expected a probability in 0\.\.0\.9, got '0\.95'/],
    [['--duplicate-rate', 'lots'], /--duplicate-rate: expected a probability in 0\.\.0\.9, got 'lots'/],
    [['--channels', '0'], /--channels: expected 1\.\.10000, got 0/],
    [['--channels', 'x'], /--channels: expected an integer, got 'x'/],
    [['--channels', '4', '--heights', '3'], /--channels: 4 updates need at least 4 heights, got --heights 3; raise --heights/],
  ];
  for (const [args, re] of bad) {
    it(`rejects ${JSON.stringify(args)} with exit 2 and a clear message`, async () => {
      const r = await capture(args);
      assert.equal(r.code, 2);
      assert.deepEqual(r.out, []);
      assert.match(r.err, re);
      assert.match(r.err, /Run 'hybrid-bft run --help' for the options\.$/);
    });
  }

  it('--channels K: K updates decided, certified by t shares over the transport and accepted, in text and --json', async () => {
    const base = ['--nodes', '4', '--heights', '3', '--crypto', 'trusting', '--channels', '2'];
    const r = await capture(base);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out[0]!, /^4 nodes, 3 heights, seed 1, trusting signatures, 2 channel updates \(threshold 3 of 4, counterparty cp\): \d+ messages delivered, \d+ virtual ms$/);
    assert.equal(r.out.length, 1 + 3 + 2);
    assert.match(r.out[3]!, /^height 3  value blk-3-c3-r0 /);
    for (const [k, line] of r.out.slice(4).entries())
      assert.match(line, new RegExp(`^update alice-bob#${k + 1}  decided at height ${k + 1}  shares \\d,\\d,\\d \\(c\\d,c\\d,c\\d\\)  certificate [0-9a-f]{8}…[0-9a-f]{8}  ledger: accepted$`));
    const j = await capture([...base, '--json']);
    assert.equal(j.code, 0, j.err);
    const objs = j.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    const ups = objs.filter((o) => 'update' in o);
    assert.equal(ups.length, 2);
    for (const [k, u] of ups.entries()) {
      assert.equal(u.verdict, 'accepted');
      assert.equal(u.height, k + 1);
      assert.equal(objs[k]!.value, u.digest); // the height's value is the update's digest
      assert.match(String(u.certificate), /^[0-9a-f]{192}$/);
      assert.equal((u.signers as number[]).length, 3);
    }
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await capture(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out.join('\n'), /^usage: hybrid-bft run \[--nodes N\] \[--heights H\] \[--seed S\]/);
  });

  it('works through the real entry point (bin/hybrid-bft.mjs)', function () {
    this.timeout(60_000);
    const out = execFileSync(process.execPath, ['bin/hybrid-bft.mjs', 'run', '--heights', '2', '--crypto', 'trusting', '--json'],
      { encoding: 'utf8' });
    const lines = out.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.equal((JSON.parse(lines[1]!) as { height: number }).height, 2);
  });
});
