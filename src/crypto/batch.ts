// Batched verification: many (key, message, signature) items checked with one
// randomized check, and bisection to name the bad ones when it fails.
//
// Why random coefficients. The plain sum check e(g1, Σσ_i) = Π e(pk_i, H(m_i)) only
// tests the SUM: σ_1 + Δ and σ_2 − Δ are both invalid, yet sum to a valid aggregate and
// pass (test/crypto/batch.test.ts builds such a pair). With coefficients r_i that the
// signers cannot predict, e(g1, Σ r_i σ_i) = Π e(r_i pk_i, H(m_i)) holds for a batch with
// a bad signature only if the r_i happen to hit one value, probability ≤ 2^-63 for
// 64-bit r_i (Bellare, Garay, Rabin, "Fast batch verification for modular
// exponentiation and digital signatures", EUROCRYPT 1998, the small exponents test;
// applied to BLS by Boneh, Drijvers, Neven 2018, §3). Same message: one G1 and one G2
// multi-scalar multiplication and two pairings, whatever the number of signatures.
//
// Where the randomness comes from: noble draws the r_i with randomBytes, i.e. the
// platform CSPRNG (crypto.getRandomValues); blst (@chainsafe/blst) draws them in its
// native code from Rust's ThreadRng (ChaCha seeded from the OS). Each check draws fresh
// ones, so a result is a fact about the batch, with the stated error probability.
// Every signature is still decoded and subgroup-checked one by one: a random linear
// combination does not reveal small-order components (the G2 cofactor has the factor
// 13), so that check cannot be batched this way.
import type { BatchItem, BlsBackend } from './backend.ts';
import { DecodeError } from './points.ts';

/** null when the item verified, otherwise why not (one sentence). */
export type BatchVerdict = string | null;

/**
 * One verdict per item, in order: null = valid, else the reason. Checks all items with
 * one randomized check; when it fails, splits the items in halves and checks each
 * (bisection), so b bad items among k cost about 2·b·log2(k) checks, and a single item
 * is judged by decoding it and verifying it alone. `label(i)` names item i in a decoding
 * reason ("partial from index 3: expected 96 bytes, got 95"); a valid encoding that
 * fails the check gives exactly NOT_VERIFIED. Never throws on peer bytes; throws
 * TypeError for a key prepared by another backend.
 */
export function verifyBatch(backend: BlsBackend, items: readonly BatchItem[], label: (i: number) => string = () => 'signature'): BatchVerdict[] {
  const out: BatchVerdict[] = new Array(items.length).fill(null);
  const indices = items.map((_, i) => i);
  const judge = (idx: number[]): void => {
    if (idx.length === 0) return;
    if (idx.length === 1) { out[idx[0]!] = single(backend, items[idx[0]!]!, label(idx[0]!)); return; }
    if (backend.verifyRandomized(idx.map((i) => items[i]!))) return;
    const mid = idx.length >> 1;
    judge(idx.slice(0, mid));
    judge(idx.slice(mid));
  };
  judge(indices);
  return out;
}

/** The verdict for a signature that decodes but does not verify. */
export const NOT_VERIFIED = 'signature does not verify';

function single(backend: BlsBackend, it: BatchItem, where: string): BatchVerdict {
  if (backend.verify(it.key, it.message, it.signature)) return null; // decodes once on the valid path
  try {
    backend.checkSignature(it.signature, where);
  } catch (e) {
    if (e instanceof DecodeError) return e.message;
    throw e;
  }
  return NOT_VERIFIED;
}
