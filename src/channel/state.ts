// Channel states and their canonical bytes: what an entity's validators threshold-sign
// (docs/crypto.md, "Channel state updates", has the layout). One state, one encoding:
// fixed-width integers, length-prefixed strings, balances sorted by party.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { assertNever } from '../core/types.ts';

export const CHANNEL_PREFIX = 'HYBRID-BFT/CHANNEL';
export const CHANNEL_VERSION = 1;
export const STATE_HASH_BYTES = 32;

export interface Balance { party: string; amount: bigint }

/** A channel state: either an opaque 32-byte state hash, or explicit balances. */
export type ChannelState =
  | { kind: 'hash'; channelId: string; nonce: bigint; stateHash: Uint8Array }
  | { kind: 'balances'; channelId: string; nonce: bigint; balances: readonly Balance[] };

function str(where: string, what: string, s: unknown): Uint8Array {
  if (typeof s !== 'string') throw new TypeError(`${where}: expected ${what} to be a string, got ${typeof s}`);
  const b = utf8ToBytes(s);
  if (b.length === 0 || b.length > 255) throw new Error(`${where}: ${what} must be 1..255 UTF-8 bytes, got ${b.length}`);
  return concatBytes(new Uint8Array([b.length]), b);
}

/** Throws unless `entityId` is a 1..255-byte string (its encoding in the canonical bytes). */
export function assertEntityId(where: string, entityId: unknown): asserts entityId is string {
  str(where, 'entityId', entityId);
}

function uint(where: string, what: string, x: unknown, bytes: number): Uint8Array {
  if (typeof x !== 'bigint') throw new TypeError(`${where}: expected ${what} to be a bigint, got ${typeof x}`);
  const bits = BigInt(bytes * 8);
  if (x < 0n || x >> bits !== 0n) throw new Error(`${where}: ${what} must be in 0..2^${bits}-1, got ${x}`);
  const out = new Uint8Array(bytes);
  let v = x;
  for (let i = bytes - 1; i >= 0; i--) { out[i] = Number(v & 0xffn); v >>= 8n; }
  return out;
}

function body(where: string, s: ChannelState): Uint8Array {
  const kind: unknown = s.kind;
  if (kind !== 'hash' && kind !== 'balances') throw new Error(`${where}: unknown state kind ${String(kind)}`);
  switch (s.kind) {
    case 'hash':
      if (!(s.stateHash instanceof Uint8Array) || s.stateHash.length !== STATE_HASH_BYTES)
        throw new Error(`${where}: expected ${STATE_HASH_BYTES}-byte stateHash, got ${s.stateHash instanceof Uint8Array ? s.stateHash.length : typeof s.stateHash}`);
      return concatBytes(new Uint8Array([1]), s.stateHash);
    case 'balances': {
      if (!Array.isArray(s.balances) || s.balances.length === 0 || s.balances.length > 0xffff)
        throw new Error(`${where}: balances must list 1..65535 parties, got ${Array.isArray(s.balances) ? s.balances.length : typeof s.balances}`);
      const parts: Uint8Array[] = [new Uint8Array([2, s.balances.length >>> 8, s.balances.length & 0xff])];
      let prev: string | undefined;
      for (const b of s.balances) {
        // Strictly ascending parties: no duplicates, and one order, so one encoding.
        if (prev !== undefined && !(prev < b.party))
          throw new Error(`${where}: balances must be sorted by party without duplicates, got ${b.party} after ${prev}`);
        parts.push(str(where, 'party', b.party), uint(where, `amount of ${b.party}`, b.amount, 16));
        prev = b.party;
      }
      return concatBytes(...parts);
    }
    default:
      return assertNever(s);
  }
}

/**
 * prefix "HYBRID-BFT/CHANNEL" (18) ‖ version u8 ‖ entityId (u8 len ‖ UTF-8)
 * ‖ channelId (u8 len ‖ UTF-8) ‖ nonce u64 ‖ kind u8 (1 = hash ‖ 32 bytes;
 * 2 = balances ‖ u16 count ‖ count × (party u8 len ‖ UTF-8 ‖ amount u128)).
 * Integers big-endian. Throws on any field out of range (noble-style messages).
 */
export function channelStateBytes(entityId: string, s: ChannelState): Uint8Array {
  const where = 'channelStateBytes';
  if (s === null || typeof s !== 'object') throw new TypeError(`${where}: expected a channel state object`);
  return concatBytes(
    utf8ToBytes(CHANNEL_PREFIX),
    new Uint8Array([CHANNEL_VERSION]),
    str(where, 'entityId', entityId),
    str(where, 'channelId', s.channelId),
    uint(where, 'nonce', s.nonce, 8),
    body(where, s),
  );
}

/** The consensus value for an update: hex SHA-256 of its canonical bytes. */
export function updateDigest(entityId: string, s: ChannelState): string {
  return bytesToHex(sha256(channelStateBytes(entityId, s)));
}
