// Torn tail or corruption (docs/node.md, "Reading"), for every cut point and fill of a
// real WAL written by the real writer (issue 23 §2; etcd-io/etcd#6515, SmartBFT#101):
// damage with no intact record after it is a torn tail (the records before it, `torn`
// set, truncated away so later appends read back); damage with an intact record after it
// is refused with WalCorruptionError naming the damaged record's offset.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Cluster } from '../../src/node/cluster.ts';
import { seededRng } from '../../src/node/rng.ts';
import { Wal } from '../../src/node/wal.ts';
import { WalCorruptionError, encodeFrame } from '../../src/node/wal-frame.ts';
import { encodeRecord } from '../../src/node/wal-records.ts';
import type { WalRecord } from '../../src/node/wal-records.ts';
import { assertAgreement, assertNoEquivocation, tmpDir } from './helpers.ts';

const R: WalRecord[] = [
  { kind: 'open', self: 'c1', validators: ['c1', 'c2', 'c3', 'c4'], tag: 'crypto=trusting' },
  { kind: 'event', event: { kind: 'StartHeight', height: 1, value: 'v1' } },
  { kind: 'vote', msg: { type: 'PREVOTE', src: 'c1', height: 1, round: 0, value: 'v1', validRound: -1, signature: new Uint8Array([1, 2, 3, 250]) } },
  { kind: 'event', event: { kind: 'Timeout', timeout: 'prevote', height: 1, round: 2, value: 'none' } },
  { kind: 'decision', height: 1, value: 'v1', round: 0, cert: { signers: ['c1', 'c2', 'c3'], aggregate: new Uint8Array(96) } },
];
const LATER: WalRecord = { kind: 'event', event: { kind: 'StartHeight', height: 2, value: 'v2' } };

/**
 * A scratch WAL path for the damaged copies, in one folder for the whole file; on tmpfs
 * when the machine has one, so the thousands of opens (each truncation fsyncs) do not
 * wait on a disk shared with other jobs.
 */
const SCRATCH = path.join(fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'hbft-torn-')), 'node.wal');
after(() => fs.rmSync(path.dirname(SCRATCH), { recursive: true, force: true }));
let written = 0;

interface Written { file: string; bytes: Uint8Array; starts: number[]; ends: number[]; batchEnds: number[] }

/** Writes `batches` with the real writer, one `sync` per batch; the file's bytes and each record's [start, end). */
function writeReal(batches: WalRecord[][]): Written {
  const file = path.join(path.dirname(SCRATCH), `written-${++written}.wal`);
  const { wal } = Wal.open(file, 'flush');
  const batchEnds: number[] = [];
  for (const b of batches) {
    for (const r of b) wal.append(r);
    wal.sync();
    batchEnds.push(fs.statSync(file).size);
  }
  wal.close();
  const bytes = new Uint8Array(fs.readFileSync(file));
  const starts: number[] = [], ends: number[] = [];
  let at = 8;
  for (const r of batches.flat()) { starts.push(at); at += encodeFrame(encodeRecord(r)).length; ends.push(at); }
  assert.equal(at, bytes.length, 'the frames account for the whole file');
  return { file, bytes, starts, ends, batchEnds };
}

type Fill = 'zeros' | 'garbage' | 'truncate';
const FILLS: readonly Fill[] = ['zeros', 'garbage', 'truncate'];
/** How far past the last batch a zero or garbage tail runs (a file system may extend the file beyond the data). */
const PAD = 100;

function filler(fill: Fill, n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  if (fill === 'garbage') { const rng = seededRng(seed); for (let i = 0; i < n; i++) out[i] = rng.int(0, 255); }
  return out;
}

/** The first `cut` bytes of `w`, then `fill` up to `upTo` (nothing for 'truncate'). */
function damage(w: Written, cut: number, fill: Fill, upTo: number): Uint8Array {
  if (fill === 'truncate') return w.bytes.slice(0, cut);
  return new Uint8Array(Buffer.concat([w.bytes.subarray(0, cut), filler(fill, upTo - cut, cut)]));
}

/** How many records survive in `b`: every byte of each, and of all before it, as written. */
function surviving(w: Written, b: Uint8Array): number {
  let n = 0;
  while (n < w.ends.length && w.ends[n]! <= b.length && Buffer.compare(b.subarray(0, w.ends[n]!), w.bytes.subarray(0, w.ends[n]!)) === 0) n++;
  return n;
}


/** Opens `b` as a WAL with the real reader: the records and `torn`; then one append, and a reopen must read everything back. */
function openTorn(b: Uint8Array, expect: WalRecord[], where: string): string | null {
  const file = SCRATCH;
  fs.writeFileSync(file, b);
  const { wal, records, torn } = Wal.open(file, 'flush');
  assert.deepEqual(records, expect, `${where}: the records before the damage`);
  wal.append(LATER); wal.sync(); wal.close();
  const again = Wal.open(file, 'flush');
  assert.deepEqual(again.records, [...expect, LATER], `${where}: the tail was truncated, the later append reads back`);
  assert.equal(again.torn, null, `${where}: no tail after the reopen`);
  again.wal.close();
  return torn;
}

/** For every cut inside the last batch and every fill: the records before the cut, `torn` set whenever bytes were lost. */
function sweepLastBatch(w: Written): number {
  const [s0, s1] = [w.batchEnds.at(-2)!, w.batchEnds.at(-1)!];
  const flat = R.slice(0, w.ends.length);
  let cases = 0;
  for (let cut = s0; cut <= s1; cut++) {
    for (const fill of FILLS) {
      const b = damage(w, cut, fill, s1 + PAD);
      const n = surviving(w, b);
      const where = `cut at ${cut} (last batch ${s0}..${s1}), ${fill}`;
      const torn = openTorn(b, flat.slice(0, n), where);
      const clean = fill === 'truncate' && (cut === s1 || w.ends.includes(cut));
      if (clean) assert.equal(torn, null, `${where}: a cut at a record's end leaves no tail`);
      else assert.match(torn ?? '', /at offset \d+, and no intact record follows$/, `${where}: torn`);
      cases++;
    }
  }
  return cases;
}

describe('wal: torn tail or corruption, every cut point and fill', () => {
  it('the last sync batch of one record: every cut, zeros / garbage / truncated, gives the records before it', () => {
    const w = writeReal([[R[0]!], [R[1]!], [R[2]!], [R[3]!]]);
    const cases = sweepLastBatch(w);
    assert.equal(cases, 3 * (w.batchEnds[3]! - w.batchEnds[2]! + 1));
  });

  it('the last sync batch of two records: every cut, zeros / garbage / truncated, gives the records before it', () => {
    const w = writeReal([[R[0]!], [R[1]!, R[2]!], [R[3]!, R[4]!]]);
    const cases = sweepLastBatch(w);
    assert.ok(cases > 3 * (w.ends[4]! - w.ends[2]!));
  });

  it("issue 23's three inputs: record 3's header, header + 10 bytes, or only its length, then zeros: records 1 and 2, torn", () => {
    // Records 1 and 2 synced; records 3 and 4 one sync() that never returned.
    const w = writeReal([[R[0]!], [R[1]!], [R[2]!, R[3]!]]);
    const s = w.batchEnds[1]!, end = w.batchEnds[2]!;
    for (const [keep, what] of [[8, 'the 8-byte header'], [18, 'the header and 10 payload bytes'], [4, 'the 4-byte length']] as const) {
      const torn = openTorn(damage(w, s + keep, 'zeros', end), [R[0]!, R[1]!], what);
      assert.match(torn ?? '', new RegExp(`at offset ${s}, and no intact record follows$`), what);
    }
  });

  it('corruption control: the same damage to a record in the middle, an intact record after it, is refused naming the offset', () => {
    const w = writeReal([[R[0]!], [R[1]!], [R[2]!], [R[3]!], [R[4]!]]);
    const victim = 2; // the vote record, between records 2 and 4
    const [start, end] = [w.starts[victim]!, w.ends[victim]!];
    let refused = 0;
    for (let cut = start; cut < end; cut++) {
      for (const fill of FILLS) {
        // zeros / garbage over the rest of the record, or the rest of the record missing; the later records intact.
        const hole = fill === 'truncate' ? new Uint8Array(0) : filler(fill, end - cut, cut);
        if (fill === 'truncate' && cut === start) continue; // the whole record gone is no damage to any record
        const b = new Uint8Array(Buffer.concat([w.bytes.subarray(0, cut), hole, w.bytes.subarray(end)]));
        if (fill !== 'truncate' && Buffer.compare(hole, w.bytes.subarray(cut, end)) === 0) continue; // nothing changed
        const file = SCRATCH;
        fs.writeFileSync(file, b);
        const where = `cut at ${cut} in record ${start}..${end}, ${fill}`;
        assert.throws(() => Wal.open(file, 'flush'), (e: unknown) => {
          assert.ok(e instanceof WalCorruptionError, `${where}: ${String(e)}`);
          assert.equal(e.offset, start, where);
          assert.match(e.message, new RegExp(`^wal ${file}: corrupted record at offset ${start}: .*, and an intact record follows at offset \\d+$`), where);
          return true;
        }, where);
        refused++;
      }
    }
    assert.ok(refused > 2.5 * (end - start), `almost every cut damages the record (${refused})`);
  });

  it('a node whose last batch was torn into a header and zeros restarts from the records before it and decides', () => {
    const c = new Cluster({ n: 4, seed: 9, maxDelayMs: 40, lastHeight: 4, walDir: tmpDir('torn-zeros') }).start();
    assert.ok(c.runUntil(() => c.nodes.get('c2')!.projection.height === 2));
    c.crash('c2');
    const file = c.walFile('c2')!;
    const before = fs.statSync(file).size;
    const frame = encodeFrame(encodeRecord({ kind: 'event', event: { kind: 'StartHeight', height: 9, value: 'x' } }));
    fs.appendFileSync(file, Buffer.concat([frame.subarray(0, 8), new Uint8Array(4096)]));
    c.startNode('c2');
    const rec = c.notices.find((x) => x.id === 'c2' && x.n.kind === 'recovered');
    assert.ok(rec !== undefined && rec.n.kind === 'recovered');
    assert.equal(rec.n.torn, `payload checksum mismatch at offset ${before}, and no intact record follows`);
    assert.ok(c.runUntil(() => c.decided(4)));
    assertAgreement(c, 4);
    assertNoEquivocation(c, 'c2');
  });
});
