// What the fuzz targets of test/fuzz/ found, each with the smallest input, as it is
// answered since the fix (docs/simulate.md, "Fuzzing").
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificateProblem } from '../../src/crypto/certificate.ts';
import { SignatureAggregator } from '../../src/crypto/collector.ts';
import { backendByName } from '../../src/crypto/select-backend.ts';
import { precommitSignBytes } from '../../src/crypto/signbytes.ts';
import { deal, dealFromSecret, partialSign, ThresholdError } from '../../src/crypto/threshold.ts';
import { checkCertificateVector, classify } from '../../src/vectors/certificate.ts';
import { answer } from '../../src/vectors/driver-server.ts';
import { VECTORS_DIR } from '../../src/vectors/format.ts';
import { fromHex } from '../../src/vectors/hex.ts';
import { referenceImpl } from '../../src/vectors/reference.ts';
import { RUNTIME_ERROR } from './driver-target.ts';
import { cryptoFixture } from './crypto-target.ts';

const malformed = (e: unknown) => e instanceof ThresholdError && e.code === 'malformed';

describe('fuzz findings: the smallest inputs', function () {
  this.timeout(60_000);

  it('driver server: a vector op with a field of the wrong JSON type is a bad-request naming the field, not a runtime error', async () => {
    // Before: "Cannot read properties of null (reading 'index')", "r.partials.map is not a function", ...
    const cases: [object, string][] = [
      [{ id: 1, op: 'combine', t: 2, n: 3, message: '', partials: [null] }, 'combine: partials[0] must be an object, got null'],
      [{ id: 2, op: 'combine', t: 2, n: 3, message: '', partials: 5 }, 'combine: partials must be an array, got number 5'],
      [{ id: 3, op: 'combine', t: 2, n: 3, message: '', partials: [{ index: 1 }] }, 'combine: partials[0].signature must be a string, got nothing'],
      [{ id: 4, op: 'collect', t: 2, n: 3, message: '', groupPublicKey: '', shares: [[]], partials: [] }, 'collect: shares[0] must be an object, got an array'],
      [{ id: 5, op: 'verifyCertificate', validators: [{ id: 'c1' }], quorum: 1, chainId: 'x', height: 1, round: 0, value: 'v', message: '', signers: [1], aggregate: '' },
        'verifyCertificate: validators[0].publicKey must be a string, got nothing'],
      [{ id: 6, op: 'verify', publicKey: '', message: '', signature: '', dst: 7 }, 'verify: dst must be a string, got number 7'],
    ];
    for (const [req, detail] of cases) {
      const a = await answer(referenceImpl, JSON.stringify(req));
      assert.deepEqual(a, { id: (req as { id: number }).id, ok: false, error: 'bad-request', detail });
      assert.doesNotMatch(detail, RUNTIME_ERROR);
    }
  });

  it('deal and partialSign: a bad seed or secret key is ThresholdError malformed, as documented (it was a plain Error or TypeError)', () => {
    const msg = new Uint8Array([1]);
    assert.throws(() => deal(2, 3, new Uint8Array(1)), (e: unknown) => malformed(e) && /at least 32-byte seed, got 1/.test((e as Error).message));
    assert.throws(() => deal(0, 3, new Uint8Array(1)), (e: unknown) => malformed(e) && /deal: t must be an integer in 1\.\.3, got 0/.test((e as Error).message));
    assert.throws(() => dealFromSecret(2, 3, new Uint8Array(32), new Uint8Array(32)), (e: unknown) => malformed(e) && /secret key must be in 1\.\.r-1/.test((e as Error).message));
    assert.throws(() => dealFromSecret(2, 3, new Uint8Array(32).fill(1), 'seed' as never), malformed);
    assert.throws(() => partialSign({ index: 1, secretKey: new Uint8Array(1) }, msg), (e: unknown) => malformed(e) && /partialSign: expected 32-byte secret key, got 1/.test((e as Error).message));
    assert.throws(() => partialSign({ index: 1, secretKey: 'k' as never }, msg), malformed);
  });

  it('SignatureAggregator: a group key that is not bytes is bad-partial, as documented (noble\'s prepareKey threw "bytes.slice is not a function")', () => {
    const fx = cryptoFixture();
    const agg = new SignatureAggregator({ t: 3, n: 4, groupPublicKey: {} as never, sharePublicKeys: fx.dealt.sharePublicKeys }, backendByName('noble'));
    assert.throws(() => agg.aggregate(fx.msg, fx.partials.slice(0, 3)), (e: unknown) => e instanceof ThresholdError && e.code === 'bad-partial');
  });

  it('certificates: a certificate of nil, or without an aggregate, has the reason code malformed (it had none: the driver answered "unclassified")', () => {
    const fx = cryptoFixture();
    const nil = certificateProblem(fx.set, fx.chainId, 5, 1, 'nil', fx.certs[0]!, backendByName('noble'))!;
    const none = certificateProblem(fx.set, fx.chainId, 5, 1, 'v1', { signers: ['c1', 'c2', 'c3'] } as never, backendByName('noble'))!;
    assert.equal(classify(nil), 'malformed');
    assert.equal(classify(none), 'malformed');
    const v = JSON.parse(readFileSync(join(VECTORS_DIR, 'certificates-n4.json'), 'utf8')) as { chainId: string; validators: { id: string; publicKey: string; pop: string }[]; cases: { aggregate: string }[] };
    const validators = v.validators.map((x) => ({ id: x.id, publicKey: fromHex(x.publicKey), pop: fromHex(x.pop) }));
    assert.deepEqual(checkCertificateVector({ validators, quorum: 3, chainId: v.chainId, height: 5, round: 1, value: 'nil',
      message: precommitSignBytes(v.chainId, 5, 1, 'nil'), signers: ['c1', 'c2', 'c3'], aggregate: fromHex(v.cases[0]!.aggregate) }),
    { valid: false, reason: 'malformed', detail: 'a certificate cannot commit nil' });
  });
});
