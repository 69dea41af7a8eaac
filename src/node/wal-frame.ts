// The byte framing of the write-ahead log, kept apart from file I/O so it can be tested
// (and fuzzed) on plain byte arrays.
//
// File:   MAGIC (8 bytes, "HBFTWAL1"), then records back to back.
// Record: len u32 BE | crc32(len bytes) u32 BE | payload (len bytes) | crc32(payload) u32 BE
//
// The header has its own checksum so that a damaged length field is known as damage at
// once instead of being trusted as a record that runs on (or past the end of the file).
// Whether damage is a torn tail or corruption is decided by what follows it (scanFrames).
import { crc32 } from './crc32.ts';

export const MAGIC = new TextEncoder().encode('HBFTWAL1');
const HEADER = 8;
const TRAILER = 4;
/** A record larger than this is refused on write (and is damage on read). */
export const MAX_PAYLOAD = 16 * 1024 * 1024;

/** A damaged record with an intact record after it (or a bad magic): the log cannot be trusted. */
export class WalCorruptionError extends Error {
  constructor(readonly offset: number, readonly what: string, file?: string) {
    super(`wal${file === undefined ? '' : ` ${file}`}: corrupted record at offset ${offset}: ${what}`);
    this.name = 'WalCorruptionError';
  }
}

export interface ScanResult {
  /** Payloads of the intact records, in order, with the offset of each record. */
  records: { offset: number; payload: Uint8Array }[];
  /** Bytes from the start of the file up to the end of the last intact record. */
  validLength: number;
  /** Why the tail after `validLength` was dropped, or null when there was no tail. */
  torn: string | null;
}

/** The bytes of one record. Throws on a payload larger than MAX_PAYLOAD. */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_PAYLOAD)
    throw new RangeError(`encodeFrame: expected payload of at most ${MAX_PAYLOAD} bytes, got ${payload.length}`);
  const out = new Uint8Array(HEADER + payload.length + TRAILER);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, payload.length);
  dv.setUint32(4, crc32(out.subarray(0, 4)));
  out.set(payload, HEADER);
  dv.setUint32(HEADER + payload.length, crc32(payload));
  return out;
}

function allZero(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/**
 * The offset of the first intact record (header checksum, length at most MAX_PAYLOAD,
 * whole inside the file, payload checksum) starting at or after `from`, or -1. Tried at
 * every byte: after damage nothing says where the next record would start.
 */
function nextIntact(bytes: Uint8Array, dv: DataView, from: number): number {
  for (let p = from; p + HEADER + TRAILER <= bytes.length; p++) {
    const len = dv.getUint32(p);
    if (len > MAX_PAYLOAD || p + HEADER + len + TRAILER > bytes.length) continue;
    if (len === 0 && dv.getUint32(p + 4) === 0) continue; // 8 zero bytes: crc32 of a zero length is 0x2144df1c
    if (dv.getUint32(p + 4) !== crc32(bytes.subarray(p, p + 4))) continue;
    if (dv.getUint32(p + HEADER + len) === crc32(bytes.subarray(p + HEADER, p + HEADER + len))) return p;
  }
  return -1;
}

/**
 * Splits a log file's bytes into record payloads.
 *
 * At the first damaged record (its header fails its checksum, its length exceeds
 * MAX_PAYLOAD, it runs past the end of the file, or its payload fails its checksum) the
 * rest of the file is searched, at every byte, for an intact record:
 * - none: the damage is a *torn tail*, what a crash inside a write leaves (a cut file, a
 *   zero-filled or garbage tail; etcd-io/etcd#6515). The records before it are returned,
 *   `validLength` is the damage's offset and `torn` says why;
 * - one: the damage is *corruption* (a torn write cannot be followed by a completed
 *   one): throws WalCorruptionError naming the damaged record's offset and the intact
 *   record's.
 * A bad magic is corruption. A file that is a strict prefix of MAGIC (a crash while
 * creating it) scans as empty and torn. Cost: one pass, plus one pass over the tail
 * after damage.
 */
export function scanFrames(bytes: Uint8Array): ScanResult {
  if (bytes.length < MAGIC.length) {
    if (bytes.every((b, i) => b === MAGIC[i]))
      return { records: [], validLength: 0, torn: bytes.length === 0 ? null : 'file ends inside the magic' };
    throw new WalCorruptionError(0, 'not a hybrid-bft WAL (bad magic)');
  }
  for (let i = 0; i < MAGIC.length; i++)
    if (bytes[i] !== MAGIC[i]) throw new WalCorruptionError(0, 'not a hybrid-bft WAL (bad magic)');

  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: ScanResult['records'] = [];
  let off = MAGIC.length;
  const damaged = (why: string): ScanResult => {
    const next = nextIntact(bytes, dv, off + 1);
    if (next >= 0) throw new WalCorruptionError(off, `${why}, and an intact record follows at offset ${next}`);
    const what = allZero(bytes.subarray(off)) ? 'zero-filled tail' : why;
    return { records, validLength: off, torn: `${what} at offset ${off}, and no intact record follows` };
  };
  while (off < bytes.length) {
    if (bytes.length - off < HEADER) return damaged('file ends inside a record header');
    const len = dv.getUint32(off);
    if (dv.getUint32(off + 4) !== crc32(bytes.subarray(off, off + 4))) return damaged('header checksum mismatch');
    if (len > MAX_PAYLOAD) return damaged(`length ${len} exceeds ${MAX_PAYLOAD}`);
    const end = off + HEADER + len + TRAILER;
    if (end > bytes.length) return damaged('file ends inside a record');
    const payload = bytes.subarray(off + HEADER, off + HEADER + len);
    if (dv.getUint32(off + HEADER + len) !== crc32(payload)) return damaged('payload checksum mismatch');
    records.push({ offset: off, payload });
    off = end;
  }
  return { records, validLength: off, torn: null };
}
