// Canonical sign-bytes of consensus messages (docs/crypto.md, "Sign-bytes", gives the
// layout byte by byte and a worked example). Fixed-width big-endian integers and
// length-prefixed strings: one message has exactly one encoding, and no two
// (chain, type, height, round, value, validRound) tuples share one.
//
// The sender is NOT in the bytes: the signer is identified by its key, and leaving it
// out is what lets 2f+1 precommits for the same (height, round, value) be aggregated
// into one signature checked with one fast-aggregate-verify.
import { utf8ToBytes, concatBytes } from '@noble/hashes/utils.js';
import { NIL, assertNever, type MessageType, type ConsensusMessage } from '../core/types.ts';

/** Domain separation: no other signed object of this project starts with these bytes. */
export const SIGN_BYTES_PREFIX = 'HYBRID-BFT/CONSENSUS';
export const SIGN_BYTES_VERSION = 1;

export function messageTypeCode(type: MessageType): number {
  switch (type) {
    case 'PROPOSAL': return 1;
    case 'PREVOTE': return 2;
    case 'PRECOMMIT': return 3;
    case 'COMMIT': return 4;
    default: return assertNever(type);
  }
}

/** u8 or u16 length + UTF-8 bytes; throws when empty or too long for the prefix. */
function lengthPrefixed(where: string, what: string, s: unknown, lenBytes: 1 | 2): Uint8Array {
  if (typeof s !== 'string') throw new TypeError(`${where}: expected ${what} to be a string, got ${typeof s}`);
  const b = utf8ToBytes(s);
  const max = lenBytes === 1 ? 0xff : 0xffff;
  if (b.length === 0 || b.length > max) throw new Error(`${where}: ${what} must be 1..${max} UTF-8 bytes, got ${b.length}`);
  return concatBytes(lenBytes === 1 ? new Uint8Array([b.length]) : u16(b.length), b);
}

function u16(x: number): Uint8Array {
  return new Uint8Array([x >>> 8, x & 0xff]);
}

function u32(x: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, x);
  return out;
}

function checkInt(where: string, what: string, x: unknown, min: number, max: number): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min || x > max)
    throw new Error(`${where}: ${what} must be an integer in ${min}..${max}, got ${String(x)}`);
  return x;
}

/**
 * The bytes a validator signs for `msg` on chain (entity) `chainId`:
 *   prefix "HYBRID-BFT/CONSENSUS" (20) ‖ version u8 ‖ chainId (u8 len ‖ UTF-8)
 *   ‖ type u8 ‖ height u64 ‖ round u32 ‖ value (u8 0 = nil | u8 1 ‖ u16 len ‖ UTF-8)
 *   ‖ validRound+1 u32.
 * Throws on fields outside their range (the caller rejects the message as malformed).
 */
export function signBytes(chainId: string, msg: Pick<ConsensusMessage, 'type' | 'height' | 'round' | 'value' | 'validRound'>): Uint8Array {
  const where = 'signBytes';
  const type = messageTypeCode(msg.type);
  const height = checkInt(where, 'height', msg.height, 0, Number.MAX_SAFE_INTEGER);
  const round = checkInt(where, 'round', msg.round, 0, 0xffffffff);
  const validRound = checkInt(where, 'validRound', msg.validRound, -1, 0xfffffffe);
  if (msg.value === NIL && msg.type !== 'PREVOTE' && msg.type !== 'PRECOMMIT')
    throw new Error(`${where}: a ${msg.type} cannot carry nil`);
  const heightBytes = new Uint8Array(8);
  new DataView(heightBytes.buffer).setBigUint64(0, BigInt(height));
  const value = msg.value === NIL
    ? new Uint8Array([0])
    : concatBytes(new Uint8Array([1]), lengthPrefixed(where, 'value', msg.value, 2));
  return concatBytes(
    utf8ToBytes(SIGN_BYTES_PREFIX),
    new Uint8Array([SIGN_BYTES_VERSION]),
    lengthPrefixed(where, 'chainId', chainId, 1),
    new Uint8Array([type]),
    heightBytes,
    u32(round),
    value,
    u32(validRound + 1), // -1 ("none") is encoded as 0, so the field stays unsigned
  );
}

/** The sign-bytes of the precommits a commit certificate for (height, round, value) aggregates. */
export function precommitSignBytes(chainId: string, height: number, round: number, value: string): Uint8Array {
  return signBytes(chainId, { type: 'PRECOMMIT', height, round, value, validRound: -1 });
}
