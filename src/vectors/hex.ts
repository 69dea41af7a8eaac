// Hex as used in conformance/vectors/: lowercase, no `0x` prefix, two digits a byte.
// One codec for the generator, the loader and the driver protocol, so a vector file
// never mixes spellings.

const HEX_RE = /^(?:[0-9a-f]{2})*$/;

/** Lowercase hex of `bytes`, no prefix. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/**
 * Bytes of `hex` (lowercase, even length, no `0x`). Throws with `where` in the message
 * on anything else: a vector file or a driver answer in another spelling is a bug there.
 */
export function fromHex(hex: string, where = 'fromHex'): Uint8Array {
  if (typeof hex !== 'string') throw new TypeError(`${where}: expected hex string, got ${typeof hex}`);
  if (!HEX_RE.test(hex)) {
    throw new Error(`${where}: expected lowercase hex of even length without 0x, got ${JSON.stringify(hex.slice(0, 20))}${hex.length > 20 ? '…' : ''}`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
