// Rough per-operation timings of the crypto layer (not a test; the project benchmark is
// bench/). Run: node --loader ts-node/esm/transpile-only --no-warnings test/crypto/measure.ts
import { aggregateSignatures, fastAggregateVerify, popProve, publicKey, secretKeyFromSeed, sign, verify } from '../../src/crypto/bls.ts';
import { combine, combineNaive, deal, partialSign } from '../../src/crypto/threshold.ts';
import { blsConsensusCrypto } from '../../src/crypto/consensus.ts';
import { validatorSet } from '../../src/crypto/validators.ts';
import type { ConsensusMessage } from '../../src/core/types.ts';

function time(label: string, reps: number, f: () => unknown): void {
  f(); // warm-up (precomputed tables, JIT)
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  console.log(`${label.padEnd(44)} ${((performance.now() - t0) / reps).toFixed(2).padStart(8)} ms/op  (${reps} reps)`);
}

const msg = new TextEncoder().encode('measure');
const sks = Array.from({ length: 100 }, (_, i) => secretKeyFromSeed(new Uint8Array(32).fill(i + 1)));
const pks = sks.map(publicKey);
const sig0 = sign(sks[0]!, msg);
time('sign', 20, () => sign(sks[0]!, msg));
time('verify', 20, () => verify(pks[0]!, msg, sig0));
for (const n of [4, 100]) {
  const agg = aggregateSignatures(sks.slice(0, n).map((k) => sign(k, msg)));
  time(`fastAggregateVerify n=${n}`, 10, () => fastAggregateVerify(pks.slice(0, n), msg, agg));
}
for (const [t, n] of [[3, 5], [7, 10], [34, 50], [67, 100]] as const) {
  const d = deal(t, n, new Uint8Array(32).fill(9));
  const ps = d.shares.slice(0, t).map((s) => partialSign(s, msg));
  time(`combine (MSM) t=${t} n=${n}`, 5, () => combine(t, n, ps));
  time(`combineNaive t=${t} n=${n}`, 5, () => combineNaive(t, n, ps));
}
const entries = sks.slice(0, 4).map((sk, i) => ({ id: `c${i + 1}`, publicKey: publicKey(sk), proofOfPossession: popProve(sk) }));
const set = validatorSet(entries);
const cr = entries.map((e, i) => blsConsensusCrypto(set, e.id, sks[i]!, 'entity-1'));
const pcs = cr.slice(0, 3).map((c, i) => {
  const m: ConsensusMessage = { type: 'PRECOMMIT', src: `c${i + 1}`, height: 1, round: 0, value: 'v1', validRound: -1 };
  return { ...m, signature: c.sign(m) };
});
const cert = cr[0]!.certify(1, 0, 'v1', pcs);
time('checkCertificate n=4 (3 signers)', 10, () => cr[0]!.checkCertificate(1, 0, 'v1', cert));
{
  // n = 100: 67 signers, keys decoded once at admission.
  const big = sks.map((sk, i) => ({ id: `v${String(i).padStart(3, '0')}`, publicKey: pks[i]!, proofOfPossession: popProve(sk) }));
  const bigSet = validatorSet(big);
  const c = blsConsensusCrypto(bigSet, big[0]!.id, sks[0]!, 'entity-1');
  const signed = big.slice(0, 67).map((e, i) => {
    const m: ConsensusMessage = { type: 'PRECOMMIT', src: e.id, height: 1, round: 0, value: 'v1', validRound: -1 };
    return { ...m, signature: blsConsensusCrypto(bigSet, e.id, sks[i]!, 'entity-1').sign(m) };
  });
  const bigCert = c.certify(1, 0, 'v1', signed);
  time('checkCertificate n=100 (67 signers)', 10, () => c.checkCertificate(1, 0, 'v1', bigCert));
}
