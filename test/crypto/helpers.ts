// Deterministic validator keys for tests: c1..cN from KeyGen over a fixed seed each.
import { CURVE_ORDER, popProve, publicKey, scalarToSecretKey, secretKeyFromSeed, secretKeyToScalar } from '../../src/crypto/bls.ts';
import type { ValidatorEntry } from '../../src/crypto/validators.ts';
import type { Share } from '../../src/crypto/threshold.ts';

export function testKeys(n: number, prefix = 'c'): { entries: ValidatorEntry[]; secretKeys: Map<string, Uint8Array> } {
  const entries: ValidatorEntry[] = [];
  const secretKeys = new Map<string, Uint8Array>();
  for (let i = 1; i <= n; i++) {
    const sk = secretKeyFromSeed(new Uint8Array(32).fill(100 + i));
    const id = `${prefix}${i}`;
    secretKeys.set(id, sk);
    entries.push({ id, publicKey: publicKey(sk), proofOfPossession: popProve(sk) });
  }
  return { entries, secretKeys };
}

export const INF_G1 = (() => { const b = new Uint8Array(48); b[0] = 0xc0; return b; })();
export const INF_G2 = (() => { const b = new Uint8Array(96); b[0] = 0xc0; return b; })();

/** The share with its scalar plus `delta` (mod r): a dealer's arithmetic slip, or a lie. */
export function shifted(s: Share, delta = 1n): Share {
  const x = (secretKeyToScalar(s.secretKey) + delta) % CURVE_ORDER;
  return { index: s.index, secretKey: scalarToSecretKey(x === 0n ? 1n : x) };
}
