// Generates a commit-certificate vector file: n validators with keys and proofs of
// possession from documented seeds, and certificates (aggregates of PRECOMMIT
// signatures over the sign-bytes of src/crypto/signbytes.ts) that must be accepted or
// refused with a given reason. Each negative case breaks exactly one rule.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { aggregateSignatures, fastAggregateVerify, popProve, publicKey, secretKeyFromSeed, sign } from '../crypto/bls.ts';
import { quorum as quorumOf } from '../core/quorum.ts';
import { precommitSignBytes, signBytes } from '../crypto/signbytes.ts';
import { toHex } from './hex.ts';
import { CERTIFICATE_FORMAT, type CertificateCase, type CertificateFile } from './format.ts';
import { G2_INFINITY, SUITE } from './gen-threshold.ts';

export const CERTIFICATE_SIZES: readonly number[] = [4, 100];
export const CHAIN_ID = 'hybrid-bft-vectors';

export function certificateFileName(n: number): string {
  return `certificates-n${n}.json`;
}

export function certificateSeed(n: number): string {
  return `hybrid-bft/vectors/certificate/n=${n}`;
}

/**
 * The bitmap of the certificate wire form, written out here rather than taken from
 * encodeCertificate so the vectors check that function: validators[i] is bit
 * 0x80 >> (i & 7) of byte i >> 3 (most significant bit first).
 */
export function signerBitmap(n: number, positions: readonly number[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(n / 8));
  for (const i of positions) out[i >> 3] = (out[i >> 3] as number) | (0x80 >> (i & 7));
  return out;
}

export function generateCertificates(n: number): CertificateFile {
  const seedText = certificateSeed(n);
  const ids = Array.from({ length: n }, (_, i) => `c${i + 1}`);
  const sks = ids.map((id) => secretKeyFromSeed(sha256(utf8ToBytes(`${seedText}/${id}`))));
  const quorum = quorumOf(n); // n - f: the core's quorum, the one source (core/quorum.ts)
  const [height, round, value] = [5, 1, 'v1'];
  const msg = precommitSignBytes(CHAIN_ID, height, round, value);
  const sigOf = (pos: number, m = msg) => sign(sks[pos] as Uint8Array, m);
  const agg = (positions: number[], m = msg) => aggregateSignatures(positions.map((p) => sigOf(p, m)));
  const range = (k: number, from = 0) => Array.from({ length: k }, (_, i) => from + i);
  const base = { op: 'verifyCertificate' as const, height, round, value, message: toHex(msg) };
  const positive = (name: string, positions: number[]): CertificateCase => {
    const a = agg(positions);
    if (!fastAggregateVerify(positions.map((p) => publicKey(sks[p]!)), msg, a)) throw new Error(`gen-vectors: ${name} does not verify`);
    return { name, ...base, signers: positions.map((p) => ids[p]!), bitmap: toHex(signerBitmap(n, positions)), aggregate: toHex(a), expect: { valid: true } };
  };
  const negative = (name: string, signers: string[], aggregate: string, reason: CertificateCase['expect'] & { valid: false }): CertificateCase =>
    ({ name, ...base, signers, aggregate, expect: reason });

  const q = range(quorum);
  const spread = range(quorum).map((i) => (i * 3) % n); // distinct since gcd(3, n) = 1 for n = 4, 100
  const qIds = q.map((p) => ids[p]!);
  const otherValue = precommitSignBytes(CHAIN_ID, height, round, 'v2');
  const prevote = signBytes(CHAIN_ID, { type: 'PREVOTE', height, round, value, validRound: -1 });
  const withDup = [...q.slice(0, quorum - 1), 0]; // quorum entries, one of them twice
  const cases: CertificateCase[] = [
    positive('n-f precommits, first validators', q),
    positive('n-f precommits, spread validators', [...new Set(spread)].sort((a, b) => a - b)),
    positive('all n precommits', range(n)),
    negative('n-f-1 signers', qIds.slice(0, quorum - 1), toHex(agg(q.slice(0, quorum - 1))), { valid: false, reason: 'too-few' }),
    negative('unknown signer among n-f known', [...qIds, 'mallory'], toHex(agg(q)), { valid: false, reason: 'unknown-signer' }),
    negative('duplicate signer counted twice, aggregate includes it twice', withDup.map((p) => ids[p]!),
      toHex(aggregateSignatures(withDup.map((p) => sigOf(p)))), { valid: false, reason: 'duplicate-signer' }),
    negative('infinity aggregate', qIds, G2_INFINITY, { valid: false, reason: 'infinity' }),
    negative('aggregate of 95 bytes', qIds, toHex(agg(q)).slice(0, 190), { valid: false, reason: 'malformed' }),
    negative('aggregate over another value', qIds, toHex(agg(q, otherValue)), { valid: false, reason: 'bad-aggregate' }),
    negative('aggregate over prevotes', qIds, toHex(agg(q, prevote)), { valid: false, reason: 'bad-aggregate' }),
    negative('aggregate missing the last signer', qIds, toHex(agg(q.slice(0, quorum - 1))), { valid: false, reason: 'bad-aggregate' }),
  ];
  return {
    format: CERTIFICATE_FORMAT,
    description: `Commit certificates for ${n} validators (quorum ${quorum}): aggregates of PRECOMMIT(${height}, ${round}, ${value}) signatures with signer lists and bitmaps, and refusals with their reason.`,
    suite: { ...SUITE },
    seed: seedText,
    chainId: CHAIN_ID,
    validators: ids.map((id, i) => ({ id, publicKey: toHex(publicKey(sks[i]!)), pop: toHex(popProve(sks[i]!)) })),
    quorum,
    cases,
  };
}
