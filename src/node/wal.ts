// The node's write-ahead log: one append-only file of checksummed records (wal-frame.ts).
//
// Durability: `append` only buffers; `sync` writes the buffer and, in the default
// "fsync" mode, fdatasync's the file. The node calls `sync` before any message leaves
// and before a decision is reported, so everything the outside world could have seen
// survives a crash, including power loss. Records appended but not synced may be lost;
// that is safe because nothing depended on them (to peers it looks like a lost message
// or a timer that has not fired yet). "flush" mode writes to the OS without fdatasync:
// it survives a process crash but not power loss, and is for simulations and tests on
// slow disks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAGIC, WalCorruptionError, encodeFrame, scanFrames } from './wal-frame.ts';
import { decodeRecord, encodeRecord } from './wal-records.ts';
import type { WalRecord } from './wal-records.ts';

export type Durability = 'fsync' | 'flush';

export interface WalOpenResult {
  wal: Wal;
  /** Every intact record, in append order. */
  records: WalRecord[];
  /** Why a torn tail was dropped (and truncated away), or null. */
  torn: string | null;
}

export class Wal {
  private pending: Uint8Array[] = [];
  private closed = false;
  /** Number of sync calls that wrote something (for benchmarks). */
  syncs = 0;

  private constructor(private readonly fd: number, readonly file: string,
    readonly durability: Durability, private size: number) {}

  /**
   * Opens (creating if absent) the log at `file` and reads it back. A torn tail is
   * dropped and truncated so new records never follow garbage. Throws
   * WalCorruptionError (naming file and offset) on damage anywhere else, and an Error
   * naming the offset on an intact record of unknown shape.
   */
  static open(file: string, durability: Durability = 'fsync'): WalOpenResult {
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, MAGIC);
      syncFileAndDir(file);
    }
    const bytes = new Uint8Array(fs.readFileSync(file));
    let scan;
    try {
      scan = scanFrames(bytes);
    } catch (e) {
      if (e instanceof WalCorruptionError) throw new WalCorruptionError(e.offset, e.what, file);
      throw e;
    }
    const records = scan.records.map((r) => decodeRecord(r.payload, `wal ${file}: record at offset ${r.offset}`));
    const fd = fs.openSync(file, 'r+');
    let size = scan.validLength;
    if (scan.torn !== null) {
      fs.ftruncateSync(fd, size);
      if (size < MAGIC.length) { fs.writeSync(fd, MAGIC, 0, MAGIC.length, 0); size = MAGIC.length; }
      fs.fsyncSync(fd);
    }
    return { wal: new Wal(fd, file, durability, size), records, torn: scan.torn };
  }

  /** Buffers one record; it reaches the file at the next `sync`. */
  append(r: WalRecord): void {
    if (this.closed) throw new Error(`wal ${this.file}: append after close`);
    this.pending.push(encodeFrame(encodeRecord(r)));
  }

  /** Writes buffered records and (mode "fsync") waits until they are on disk. */
  sync(): void {
    if (this.closed) throw new Error(`wal ${this.file}: sync after close`);
    if (this.pending.length === 0) return;
    const buf = Buffer.concat(this.pending);
    this.pending = [];
    let done = 0;
    while (done < buf.length) done += fs.writeSync(this.fd, buf, done, buf.length - done, this.size + done);
    this.size += buf.length;
    if (this.durability === 'fsync') fs.fdatasyncSync(this.fd);
    this.syncs++;
  }

  /** Syncs, then closes. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.sync();
    this.closed = true;
    fs.closeSync(this.fd);
  }

  /** Closes WITHOUT syncing: what a crash does to buffered records (tests, simulation). */
  abandon(): void {
    if (this.closed) return;
    this.pending = [];
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

/** A new file's directory entry must be durable too, or the file can vanish on power loss. */
function syncFileAndDir(file: string): void {
  const fd = fs.openSync(file, 'r');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  const dfd = fs.openSync(path.dirname(path.resolve(file)), 'r');
  try { fs.fsyncSync(dfd); } finally { fs.closeSync(dfd); }
}
