// Negative control: the checker must FAIL a wrong implementation, on the vectors that
// target that very mistake. Each broken implementation is the reference with one flaw.
import { strict as assert } from 'node:assert';
import { fastAggregateVerify, verify as blsVerify } from '../../src/crypto/bls.ts';
import { decodeSignature, encodeG2, G2 } from '../../src/crypto/points.ts';
import { combine, lagrangeAtZero, type Partial } from '../../src/crypto/threshold.ts';
import { checkCertificateVector } from '../../src/vectors/certificate.ts';
import type { VectorImpl } from '../../src/vectors/impl.ts';
import { combineOutcome, referenceImpl } from '../../src/vectors/reference.ts';
import { toHex } from '../../src/vectors/hex.ts';
import { G2_INFINITY } from '../../src/vectors/gen-threshold.ts';
import { failing, keys, load, only } from './helpers.ts';

/** Σ λ_k σ_k over the first t partials, except that the first coefficient is replaced by 1. */
function combineDroppingFirstLambda(t: number, n: number, ps: readonly Partial[]): Uint8Array {
  combine(t, n, ps); // the real checks (and errors); only the arithmetic below is wrong
  const used = ps.slice(0, t);
  const lambdas = lagrangeAtZero(used.map((p) => p.index));
  const sum = used.reduce((acc, p, k) => {
    const pt = decodeSignature(p.signature);
    return acc.add(k === 0 ? pt : pt.multiply(lambdas[k] as bigint));
  }, G2.ZERO);
  return encodeG2(sum);
}

const broken = (name: string, patch: Patch): VectorImpl => ({ ...referenceImpl, name, ...patch }) as VectorImpl;
type Patch = { [K in keyof VectorImpl]?: VectorImpl[K] };

describe('vectors: negative control (a broken implementation fails the vectors aimed at it)', () => {
  const all = ['threshold-t1-n1.json', 'threshold-t2-n3.json', 'threshold-t5-n7.json', 'certificates-n4.json'].map(load);
  const files = (...ops: string[]) => all.map((f) => only(ops, f));

  it('combine that drops a Lagrange coefficient fails every positive combination with t >= 2 (t = 1 has λ = 1)', async () => {
    const impl = broken('no-lambda', {
      combine: async (t, n, _m, ps) => combineOutcome(() => combineDroppingFirstLambda(t, n, ps)),
    });
    const bad = await failing(impl, files('combine'));
    assert.ok(bad.length > 0);
    assert.ok(bad.every((r) => /^combine m\d .* = group signature$/.test(r.case)), keys(bad).join('\n'));
    assert.ok(bad.every((r) => r.file !== 'threshold-t1-n1.json'));
    assert.ok(bad.some((r) => r.file === 'threshold-t2-n3.json' && r.case === 'combine m0 first t = group signature'));
    assert.ok(bad.some((r) => r.file === 'threshold-t5-n7.json' && r.case === 'combine m2 shuffled t = group signature'));
  });

  it('verify that accepts the point at infinity fails exactly the infinity-signature verify cases', async () => {
    const impl = broken('accepts-infinity', {
      verify: async (pk, m, sig, dst) => toHex(sig) === G2_INFINITY || blsVerify(pk, m, sig, dst),
    });
    const bad = await failing(impl, files('verify'));
    assert.deepEqual([...new Set(bad.map((r) => r.case))].sort(), [
      'verify infinity signature under group key', 'verify infinity signature under infinity key']);
    assert.ok(bad.every((r) => r.expected === 'invalid' && r.got === 'valid'));
  });

  it('verify that ignores its dst argument fails the DST vectors', async () => {
    const impl = broken('ignores-dst', { verify: async (pk, m, sig) => blsVerify(pk, m, sig) });
    const bad = await failing(impl, files('verify'));
    assert.deepEqual([...new Set(bad.map((r) => r.case))], ['verify signature made under pop dst, checked under pop dst']);
  });

  it('a collector that does not skip a bad partial fails the corrupted-partial vectors, naming the index', async () => {
    const impl = broken('no-skip', {
      collect: async (t, n, _m, _gpk, _shares, ps) => {
        const o = combineOutcome(() => combine(t, n, ps));
        return o.ok ? { ok: true, signature: o.signature, rejected: [] } : { ok: false, error: o.error, rejected: [] };
      },
    });
    const bad = await failing(impl, files('collect'));
    assert.deepEqual(keys(bad), [
      'threshold-t1-n1.json: collect t with partial 1 corrupted',
      'threshold-t1-n1.json: collect twin of combine - combine with partial 1 infinity',
      'threshold-t1-n1.json: collect twin of combine - combine with partial 1 of 95 bytes',
      'threshold-t1-n1.json: collect twin of combine - combine with partial 1 off the curve',
      'threshold-t2-n3.json: collect t with partial 2 corrupted',
      'threshold-t2-n3.json: collect t+1 with partial 2 corrupted',
      'threshold-t2-n3.json: collect t+1 with partial 2 infinity',
      'threshold-t2-n3.json: collect twin of combine - combine with partial 2 infinity',
      'threshold-t2-n3.json: collect twin of combine - combine with partial 2 of 95 bytes',
      'threshold-t2-n3.json: collect twin of combine - combine with partial 2 off the curve',
      'threshold-t2-n3.json: collect twin of combine - t valid partials and a 5-byte partial 3 past them',
      'threshold-t5-n7.json: collect t with partial 5 corrupted',
      'threshold-t5-n7.json: collect t+1 with partial 5 corrupted',
      'threshold-t5-n7.json: collect t+1 with partial 5 infinity',
      'threshold-t5-n7.json: collect twin of combine - combine with partial 5 infinity',
      'threshold-t5-n7.json: collect twin of combine - combine with partial 5 of 95 bytes',
      'threshold-t5-n7.json: collect twin of combine - combine with partial 5 off the curve',
      'threshold-t5-n7.json: collect twin of combine - t valid partials and a 5-byte partial 6 past them',
    ]);
    const row = bad.find((r) => r.case === 'collect t+1 with partial 2 corrupted');
    assert.match(row?.expected ?? '', /^rejected \[2\] signature [0-9a-f]{192}$/);
  });

  it('combine that silently drops duplicates and out-of-range indices fails those vectors', async () => {
    const impl = broken('lenient', {
      combine: async (t, n, _m, ps) => {
        const seen = new Set<number>();
        const kept = ps.filter((p) => p.index >= 1 && p.index <= n && !seen.has(p.index) && seen.add(p.index));
        return combineOutcome(() => combine(t, n, kept));
      },
    });
    const bad = await failing(impl, files('combine'));
    assert.deepEqual([...new Set(bad.map((r) => r.case))].sort(), ['duplicate index', 'index 0 carrying the group signature', 'index n+1 carrying the genuine share f(n+1), among the first t']);
  });

  it('a certificate check that ignores duplicate signers accepts the double-counted aggregate, and fails', async () => {
    const impl = broken('dup-signers', {
      // the flaw: no distinctness check; the list is counted and aggregated as given
      verifyCertificate: async (c) => {
        const key = (id: string) => c.validators.find((v) => v.id === id)?.publicKey;
        if (c.signers.some((s) => key(s) === undefined)) return { valid: false, reason: 'unknown-signer' };
        if (c.signers.length < c.quorum) return { valid: false, reason: 'too-few' };
        const r = checkCertificateVector(c);
        if (r.valid || r.reason !== 'duplicate-signer') return r;
        return fastAggregateVerify(c.signers.map((s) => key(s) as Uint8Array), c.message, c.aggregate) ? { valid: true } : { valid: false, reason: 'bad-aggregate' };
      },
    });
    const bad = await failing(impl, [load('certificates-n4.json')]);
    assert.deepEqual(keys(bad), ['certificates-n4.json: duplicate signer counted twice, aggregate includes it twice']);
    assert.equal(bad[0]?.got, 'valid');
  });
});
