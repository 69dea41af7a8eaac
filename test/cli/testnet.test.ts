// `hybrid-bft testnet` and `hybrid-bft node` as real processes: four node processes over
// TCP decide 3 heights and nothing is left running or on disk; bad usage exits 2 with
// one sentence naming the flag. (SIGINT mid-run: testnet-interrupt.test.ts.)
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as nodeCmd } from '../../src/cli/node.ts';
import { run as testnetCmd } from '../../src/cli/testnet.ts';
import { alive, cli, ours, pidsMentioning, until } from './procs.ts';

async function capture(run: (a: string[]) => Promise<number>, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log, error = console.error;
  console.log = (...a: unknown[]) => { out.push(a.join(' ')); };
  console.error = (...a: unknown[]) => { err.push(a.join(' ')); };
  try {
    return { code: await run(args), out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log; console.error = error;
  }
}

describe('cli: hybrid-bft testnet (processes over TCP)', function () {
  this.timeout(60_000);
  let T: string;
  let tmp: string;
  beforeEach(() => {
    T = mkdtempSync(join(tmpdir(), 'hbft-testnet-'));
    tmp = join(T, 'tmp');
    mkdirSync(tmp);
  });
  afterEach(() => { rmSync(T, { recursive: true, force: true }); });

  it('4 node processes decide 3 heights, agreeing; the nodes end and the WAL folder is removed', async () => {
    const r = await cli(['testnet', '--nodes', '4', '--heights', '3', '--crypto', 'trusting', '--json'], { TMPDIR: tmp }).done;
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const decided = lines.filter((l) => l.event === 'decided');
    assert.equal(decided.length, 12, 'each of 4 nodes reports each of 3 heights');
    const heights = lines.filter((l) => l.event === 'height');
    assert.deepEqual(heights.map((h) => h.height), [1, 2, 3]);
    for (const h of heights) {
      assert.deepEqual(h.decidedBy, ['c1', 'c2', 'c3', 'c4']);
      assert.ok(decided.filter((d) => d.height === h.height).every((d) => d.value === h.value), `all agree at ${String(h.height)}`);
    }
    const done = lines.at(-1)!;
    assert.equal(done.event, 'done');
    assert.equal(done.heights, 3);
    assert.equal(typeof done.heightsPerSecond, 'number');
    assert.deepEqual(ours(tmp), [], 'the temporary WAL folder is removed');
    // Each node's command line names its WAL folder under tmp: none may be left running.
    await until('every node process to end', () => pidsMentioning(tmp).filter(alive).length === 0, 5000);
  });

  it('bad usage: exit 2 and one sentence naming the flag', async () => {
    const wal = join(T, 'w');
    const file = join(T, 'a-file');
    writeFileSync(file, '');
    const cases: [(a: string[]) => Promise<number>, string[], RegExp][] = [
      [nodeCmd, ['--peers', 'c1=127.0.0.1:9', '--wal', wal], /--id is required/],
      [nodeCmd, ['--id', 'c1', '--wal', wal], /--peers is required/],
      [nodeCmd, ['--id', 'c1', '--peers', 'c1=127.0.0.1:9'], /--wal is required/],
      [nodeCmd, ['--id', 'c9', '--peers', 'c1=127.0.0.1:9', '--wal', wal], /--id: 'c9' is not in --peers \(c1\)/],
      [nodeCmd, ['--id', 'c1', '--peers', 'c1=192.168.1.2:9', '--wal', wal], /--peers: c1: address 192.168.1.2 is not loopback/],
      [nodeCmd, ['--id', 'c1', '--peers', 'c1=127.0.0.1:9', '--wal', wal, '--heights', '0'], /--heights: expected an integer in 1..10000, got '0'/],
      [nodeCmd, ['--id', 'c1', '--peers', 'c1=127.0.0.1:9', '--wal', wal, '--crypto', 'rsa'], /--crypto: expected bls or trusting, got 'rsa'/],
      [nodeCmd, ['--id', 'c1', '--peers', 'c1=127.0.0.1:9', '--wal', join(file, 'w')], /--wal: .*a-file/],
      [nodeCmd, ['--bogus'], /Unknown option '--bogus'/],
      [testnetCmd, ['--nodes', '17'], /--nodes: expected an integer in 1..16, got '17'/],
      [testnetCmd, ['--base-port', '80'], /--base-port: expected an integer in 1024..65532/],
      [testnetCmd, ['--timeout', 'x'], /--timeout: expected an integer/],
    ];
    for (const [cmd, args, re] of cases) {
      const r = await capture(cmd, args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, re);
      assert.equal(r.err.split('\n').length, 2, 'one sentence, then where the options are');
    }
    assert.equal((await capture(nodeCmd, ['--help'])).code, 0);
    assert.match((await capture(testnetCmd, ['--help'])).out, /^usage: hybrid-bft testnet/);
  });
});
