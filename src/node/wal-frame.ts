// The byte framing of the write-ahead log, kept apart from file I/O so it can be tested
// (and fuzzed) on plain byte arrays.
//
// File:   MAGIC (8 bytes, "HBFTWAL1"), then records back to back.
// Record: len u32 BE | crc32(len bytes) u32 BE | payload (len bytes) | crc32(payload) u32 BE
//
// The header has its own checksum so that a flipped bit in a length field in the middle
// of the file is reported as corruption instead of looking like a record that runs past
// the end of the file (which would be mistaken for a torn tail and silently drop the rest).
import { crc32 } from './crc32.ts';

export const MAGIC = new TextEncoder().encode('HBFTWAL1');
const HEADER = 8;
const TRAILER = 4;
/** A record larger than this is refused on write (and is corruption on read). */
export const MAX_PAYLOAD = 16 * 1024 * 1024;

/** A record in the middle of the log fails its checksum: the log cannot be trusted. */
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
 * Splits a log file's bytes into record payloads.
 *
 * A torn tail (what a crash during an append leaves: the file ends inside the last
 * record, the last record fails its checksum and nothing follows it, or the rest of the
 * file is zeros) is dropped and described in `torn`; it is never returned as a record.
 * Any other damage throws WalCorruptionError naming the record's offset. A file that is
 * a strict prefix of MAGIC (a crash while creating it) scans as empty and torn.
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
  while (off < bytes.length) {
    const rest = bytes.length - off;
    const tail = (why: string): ScanResult => ({ records, validLength: off, torn: `${why} at offset ${off}` });
    if (rest < HEADER) return tail('file ends inside a record header');
    const len = dv.getUint32(off);
    if (dv.getUint32(off + 4) !== crc32(bytes.subarray(off, off + 4))) {
      if (allZero(bytes.subarray(off))) return tail('zero-filled tail');
      throw new WalCorruptionError(off, 'header checksum mismatch');
    }
    if (len > MAX_PAYLOAD) throw new WalCorruptionError(off, `length ${len} exceeds ${MAX_PAYLOAD}`);
    const end = off + HEADER + len + TRAILER;
    if (end > bytes.length) return tail('file ends inside a record');
    const payload = bytes.subarray(off + HEADER, off + HEADER + len);
    if (dv.getUint32(off + HEADER + len) !== crc32(payload)) {
      if (end === bytes.length) return tail('last record fails its checksum');
      throw new WalCorruptionError(off, 'payload checksum mismatch');
    }
    records.push({ offset: off, payload });
    off = end;
  }
  return { records, validLength: off, torn: null };
}
