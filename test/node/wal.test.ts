import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { crc32 } from '../../src/node/crc32.ts';
import { MAGIC, WalCorruptionError, encodeFrame, scanFrames } from '../../src/node/wal-frame.ts';
import { decodeRecord, encodeRecord } from '../../src/node/wal-records.ts';
import type { WalRecord } from '../../src/node/wal-records.ts';
import { Wal } from '../../src/node/wal.ts';

function tmpFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hbft-wal-')), 'node.wal');
}

const sample: WalRecord[] = [
  { kind: 'open', self: 'c1', validators: ['c1', 'c2', 'c3', 'c4'], tag: '' },
  { kind: 'event', event: { kind: 'StartHeight', height: 1, value: 'v1' } },
  { kind: 'vote', msg: { type: 'PREVOTE', src: 'c1', height: 1, round: 0, value: 'v1', validRound: -1,
    signature: new Uint8Array([1, 2, 3, 250]) } },
  { kind: 'event', event: { kind: 'Timeout', timeout: 'prevote', height: 1, round: 2, value: 'none' } },
  { kind: 'decision', height: 1, value: 'v1', round: 0, cert: { signers: ['c1', 'c2', 'c3'], aggregate: new Uint8Array(96) } },
];

function logBytes(records: readonly WalRecord[]): { bytes: Uint8Array; ends: number[] } {
  const parts: Uint8Array[] = [MAGIC];
  const ends: number[] = [];
  let n = MAGIC.length;
  for (const r of records) { const f = encodeFrame(encodeRecord(r)); parts.push(f); n += f.length; ends.push(n); }
  return { bytes: new Uint8Array(Buffer.concat(parts)), ends };
}

describe('wal: crc32', () => {
  it('matches the standard check value and zlib', () => {
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => crc32(b) === zlib.crc32(b)), { numRuns: 200 });
  });
});

describe('wal: records', () => {
  it('round-trips every record kind, bytes included', () => {
    for (const r of sample) assert.deepEqual(decodeRecord(encodeRecord(r), 'r'), r);
  });
  it('rejects a record of unknown kind or shape with the field named', () => {
    const enc = (x: unknown) => new TextEncoder().encode(JSON.stringify(x));
    assert.throws(() => decodeRecord(enc({ kind: 'nope' }), 'rec@8'), /rec@8: expected 'kind' in open\|event\|vote\|decision, got 'nope'/);
    assert.throws(() => decodeRecord(enc({ kind: 'event', event: { kind: 'StartHeight', height: -1, value: 'v' } }), 'rec@8'),
      /rec@8.event: expected integer 'height' >= 0, got -1/);
    assert.throws(() => decodeRecord(new Uint8Array([0xff, 0x00]), 'rec@8'), /rec@8: payload is not valid JSON/);
  });
  it('refuses an oversized payload on write', () => {
    assert.throws(() => encodeFrame(new Uint8Array(16 * 1024 * 1024 + 1)), /encodeFrame: expected payload of at most 16777216 bytes, got 16777217/);
  });
});

describe('wal: file', () => {
  it('appends, syncs and reads back in order', () => {
    const file = tmpFile();
    const { wal, records } = Wal.open(file);
    assert.deepEqual(records, []);
    for (const r of sample) wal.append(r);
    wal.sync();
    wal.close();
    const again = Wal.open(file);
    assert.deepEqual(again.records, sample);
    assert.equal(again.torn, null);
    again.wal.close();
  });

  it('records appended but never synced are lost, the rest survive (crash)', () => {
    const file = tmpFile();
    const { wal } = Wal.open(file);
    wal.append(sample[0]!); wal.sync();
    wal.append(sample[1]!);
    wal.abandon();
    const again = Wal.open(file);
    assert.deepEqual(again.records, [sample[0]]);
    again.wal.close();
  });

  it('a torn last record is dropped, truncated away, and later appends read back', () => {
    const file = tmpFile();
    const { bytes } = logBytes(sample);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 3));
    const { wal, records, torn } = Wal.open(file);
    assert.deepEqual(records, sample.slice(0, -1));
    assert.match(torn ?? '', /file ends inside a record at offset \d+/);
    wal.append(sample[4]!); wal.sync(); wal.close();
    const again = Wal.open(file);
    assert.deepEqual(again.records, sample);
    assert.equal(again.torn, null);
    again.wal.close();
  });

  it('a corrupted record in the middle is an error naming the file and offset', () => {
    const file = tmpFile();
    const { bytes, ends } = logBytes(sample);
    const victim = ends[1]!; // the third record starts here
    bytes[victim + 12] = bytes[victim + 12]! ^ 0x40; // a payload byte
    fs.writeFileSync(file, bytes);
    assert.throws(() => Wal.open(file), (e: unknown) => {
      assert.ok(e instanceof WalCorruptionError);
      assert.equal(e.offset, victim);
      assert.equal(e.message, `wal ${file}: corrupted record at offset ${victim}: payload checksum mismatch, and an intact record follows at offset ${ends[2]}`);
      return true;
    });
  });

  it('a flipped length bit in the middle is corruption, not a torn tail', () => {
    const { bytes, ends } = logBytes(sample);
    bytes[ends[0]! + 3] = bytes[ends[0]! + 3]! ^ 0x01;
    assert.throws(() => scanFrames(bytes), /corrupted record at offset \d+: header checksum mismatch/);
  });

  it('a zero-filled tail (size grew, data never written) is torn', () => {
    const { bytes } = logBytes(sample.slice(0, 2));
    const padded = new Uint8Array(bytes.length + 64);
    padded.set(bytes);
    const scan = scanFrames(padded);
    assert.equal(scan.records.length, 2);
    assert.equal(scan.validLength, bytes.length);
    assert.match(scan.torn ?? '', /zero-filled tail/);
  });

  it('a file that is not a WAL is refused', () => {
    const file = tmpFile();
    fs.writeFileSync(file, 'hello, world, this is not a log');
    assert.throws(() => Wal.open(file), /corrupted record at offset 0: not a hybrid-bft WAL \(bad magic\)/);
  });

  it('random truncation points never produce a misread record', () => {
    const { bytes, ends } = logBytes(sample);
    fc.assert(fc.property(fc.integer({ min: 0, max: bytes.length }), (cut) => {
      const scan = scanFrames(bytes.subarray(0, cut));
      const whole = ends.filter((e) => e <= cut).length;
      const got = scan.records.map((r) => decodeRecord(r.payload, 'r'));
      assert.deepEqual(got, sample.slice(0, whole));
      assert.equal(scan.torn === null, cut === 0 || cut === MAGIC.length || ends.includes(cut));
    }), { numRuns: 300 });
  });

  it('a random flipped byte is reported or dropped as a torn tail, never misread', () => {
    const { bytes } = logBytes(sample);
    fc.assert(fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
      const b = bytes.slice();
      b[at] = b[at]! ^ mask;
      let scan;
      try { scan = scanFrames(b); } catch (e) { assert.ok(e instanceof WalCorruptionError); return; }
      const got = scan.records.map((r) => decodeRecord(r.payload, 'r'));
      assert.deepEqual(got, sample.slice(0, got.length));
      assert.ok(got.length === sample.length - 1 && scan.torn !== null, 'only the last record may be dropped');
    }), { numRuns: 300 });
  });
});
