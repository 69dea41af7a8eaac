// Benchmarks of the node layer (figures in docs/node.md). Run:
//   node --loader ts-node/esm/transpile-only --no-warnings src/node/bench.ts [--bls]
// Prints one line per measurement. Nothing here is asserted: timings are machine facts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Cluster } from './cluster.ts';
import { demoBlsCrypto } from './demo-keys.ts';
import { Wal } from './wal.ts';
import type { Durability } from './wal.ts';
import type { WalRecord } from './wal-records.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hbft-bench-'));
const vote: WalRecord = {
  kind: 'vote',
  msg: { type: 'PRECOMMIT', src: 'c1', height: 12345, round: 0, value: 'blk-12345-c1-r0', validRound: -1, signature: new Uint8Array(96).fill(7) },
};

function walAppend(durability: Durability, n: number): void {
  const file = path.join(tmp(), 'b.wal');
  const { wal } = Wal.open(file, durability);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) { wal.append(vote); wal.sync(); }
  const ms = performance.now() - t0;
  wal.close();
  console.log(`wal append+sync (${durability}), one record per sync: ${(n / (ms / 1000)).toFixed(0)} records/s (${(ms / n).toFixed(3)} ms each, n=${n})`);
}

function walScan(n: number): void {
  const file = path.join(tmp(), 'b.wal');
  const { wal } = Wal.open(file, 'flush');
  for (let i = 0; i < n; i++) wal.append(vote);
  wal.close();
  const t0 = performance.now();
  const r = Wal.open(file, 'flush');
  const ms = performance.now() - t0;
  r.wal.close();
  console.log(`wal open+scan+decode: ${n} records (${fs.statSync(file).size} bytes) in ${ms.toFixed(1)} ms`);
}

function cluster(heights: number, bls: boolean, walDir?: string): void {
  const opts: ConstructorParameters<typeof Cluster>[0] = { n: 4, seed: 1, maxDelayMs: 40, lastHeight: heights };
  if (bls) opts.crypto = demoBlsCrypto();
  if (walDir !== undefined) opts.walDir = walDir;
  const t0 = performance.now();
  const c = new Cluster(opts).start();
  if (!c.runUntil(() => c.decided(heights))) throw new Error('bench: no progress');
  const ms = performance.now() - t0;
  c.stop();
  console.log(`cluster n=4 ${bls ? 'bls' : 'trusting'}${walDir !== undefined ? ' +wal(fsync)' : ''}: ${heights} heights in ${ms.toFixed(0)} ms wall `
    + `(${(ms / heights).toFixed(1)} ms/height, ${c.net.delivered} messages)`);
}

function recovery(heights: number): void {
  const dir = tmp();
  const c = new Cluster({ n: 4, seed: 1, maxDelayMs: 40, lastHeight: heights, walDir: dir }).start();
  c.runUntil(() => c.decided(heights));
  c.stop();
  const size = fs.statSync(path.join(dir, 'c1.wal')).size;
  const c2 = new Cluster({ n: 4, seed: 1, maxDelayMs: 40, lastHeight: heights, walDir: dir });
  const t0 = performance.now();
  const node = c2.startNode('c1');
  const ms = performance.now() - t0;
  console.log(`recovery: replayed ${node.eventsFed} events (${heights} heights, ${size} bytes of WAL) in ${ms.toFixed(0)} ms`);
}

walAppend('fsync', 300);
walAppend('flush', 3000);
walScan(20_000);
cluster(100, false);
cluster(20, false, tmp());
recovery(100);
if (process.argv.includes('--bls')) cluster(5, true);
