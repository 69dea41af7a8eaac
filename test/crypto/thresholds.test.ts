// One source for every threshold (issue 9 §1): the BLS certificate check and the
// trusting one must accept exactly the same signer counts, which are the core's quorum.
import { strict as assert } from 'node:assert';
import { blsConsensusCrypto } from '../../src/crypto/consensus.ts';
import { validatorSet } from '../../src/crypto/validators.ts';
import { trustingCrypto } from '../../src/core/crypto.ts';
import { makeConfig } from '../../src/core/config.ts';
import { faulty, quorum } from '../../src/core/quorum.ts';
import { initState, step } from '../../src/core/step.ts';
import type { ConsensusMessage } from '../../src/core/types.ts';
import { testKeys } from './helpers.ts';

const chain = 'entity-1';

// Keys and precommit signatures for c1..c20, made once: the sets for n < 20 are prefixes.
const MAX = 20;
const KEYS = testKeys(MAX);
const SIGNED = new Map<string, ConsensusMessage>();

function setup(n: number) {
  const entries = KEYS.entries.slice(0, n);
  const set = validatorSet(entries);
  const bls = (id: string) => blsConsensusCrypto(set, id, KEYS.secretKeys.get(id)!, chain);
  const signed = (src: string): ConsensusMessage => {
    let m = SIGNED.get(src);
    if (m === undefined) {
      const u: ConsensusMessage = { type: 'PRECOMMIT', src, height: 1, round: 0, value: 'v', validRound: -1 };
      m = { ...u, signature: bls(src).sign(u) };
      SIGNED.set(src, m);
    }
    return m;
  };
  return { set, bls, signed, ids: entries.map((e) => e.id) };
}

describe('one quorum for the core, the trusting crypto and the BLS certificate check', function () {
  this.timeout(300_000); // about 300 pairings; slow on a loaded machine

  it('property, n = 1..20: the validator set has the core\'s f and quorum, and BLS and trusting checks accept exactly the certificates with >= n - f signers', () => {
    for (let n = 1; n <= MAX; n++) {
      const { set, bls, signed, ids } = setup(n);
      assert.equal(set.f, faulty(n), `f at n = ${n}`);
      assert.equal(set.quorum, quorum(n), `quorum at n = ${n}`);
      const checker = bls(ids[0]!);
      const trusting = trustingCrypto(ids);
      const precommits = ids.map(signed);
      for (let k = 1; k <= n; k++) {
        const cert = checker.certify(1, 0, 'v', precommits.slice(0, k));
        const b = checker.checkCertificate(1, 0, 'v', cert);
        const t = trusting.checkCertificate(1, 0, 'v', { signers: cert.signers });
        assert.equal(b, t, `n = ${n}, ${k} signers: BLS says ${b}, trusting says ${t}`);
        assert.equal(b === null, k >= quorum(n), `n = ${n}, ${k} signers`);
      }
    }
  });

  // The inputs: a COMMIT whose certificate has fewer than n - f signers.
  for (const [n, k] of [[5, 3], [2, 1], [6, 3]] as const) {
    it(`n = ${n}: a BLS COMMIT certificate with ${k} signers is rejected ("needs ${n - faulty(n)}"), not decided`, () => {
      const { bls, signed, ids } = setup(n);
      const self = ids[n - 1]!;
      const cfg = makeConfig({ validators: ids, self, isValid: () => true, crypto: bls(self) });
      let s = step(cfg, initState(cfg), { kind: 'StartHeight', height: 1, value: 'none' }).state;
      const cert = bls('c1').certify(1, 0, 'v', ids.slice(0, k).map(signed));
      const c: ConsensusMessage = { type: 'COMMIT', src: 'c1', height: 1, round: 0, value: 'v', validRound: -1, cert };
      const r = step(cfg, s, { kind: 'Deliver', msg: { ...c, signature: bls('c1').sign(c) }, value: 'none' });
      s = r.state;
      assert.ok(!r.outputs.some((o) => o.kind === 'decide'), `n = ${n}: decided on ${k} signers`);
      const rej = r.outputs.find((o) => o.kind === 'rejected');
      assert.equal(rej?.kind === 'rejected' && rej.reason, 'bad-certificate');
      assert.match(rej?.kind === 'rejected' ? rej.detail : '', new RegExp(`has ${k} signers, needs ${n - faulty(n)}`));
    });
  }
});
