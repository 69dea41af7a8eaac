// Issue 23 §1, the two minimal reports: a validator named `__proto__` keeps its voting
// power in the core's thresholds and in the BLS validator set. Each is paired with the
// same run under the id `b1` (the control: both must behave alike).
import assert from 'node:assert/strict';
import { aggregateSignatures, sign } from '../../src/crypto/bls.ts';
import { certificateProblem } from '../../src/crypto/certificate.ts';
import { precommitSignBytes } from '../../src/crypto/signbytes.ts';
import { validatorSet } from '../../src/crypto/validators.ts';
import { backendByName } from '../../src/crypto/select-backend.ts';
import { answerLine, type Session } from '../../src/conformance/driver-protocol.ts';
import { coreSut } from '../../src/conformance/core-sut.ts';
import { config, prevote, Proc, startHeight } from '../core/helpers.ts';
import { testKeys } from '../crypto/helpers.ts';

describe('ids: the minimal reports of issue 23 §1', () => {
  for (const id of ['__proto__', 'b1']) {
    it(`core: with ${id} at power 1 (total 4, skip 2), one PREVOTE of round 5 from c2 leaves c1 in round 0`, () => {
      const validators = ['c1', 'c2', 'c3', id];
      const power = JSON.parse(`{"c1":1,"c2":1,"c3":1,${JSON.stringify(id)}:1}`) as Record<string, number>;
      const cfg = config({ validators, power });
      assert.equal(cfg.totalPower, 4);
      const p = new Proc(cfg);
      p.on(startHeight(1, 'A'));
      p.deliver(prevote('c2', 1, 5, 'A'));
      assert.equal(p.state.round, 0);
      // the control of the control: a second sender (power 2 of 4) does move it
      p.deliver(prevote('c3', 1, 5, 'A'));
      assert.equal(p.state.round, 5);
    });

    it(`BLS: with ${id} at power 2 (total 5, quorum 4), a certificate by c1, c2, c3 (power 3) is refused`, () => {
      const { entries, secretKeys } = testKeys(4);
      const set = validatorSet(entries.map((e, i) => (i === 3 ? { ...e, id, power: 2 } : e)));
      assert.equal(set.totalPower, 5);
      assert.equal(set.f, 1);
      assert.equal(set.quorum, 4);
      const msg = precommitSignBytes('chain', 1, 0, 'v1');
      const signers = ['c1', 'c2', 'c3'];
      const aggregate = aggregateSignatures(signers.map((s) => sign(secretKeys.get(s)!, msg)));
      const noble = backendByName('noble');
      assert.equal(certificateProblem(set, 'chain', 1, 0, 'v1', { signers, aggregate }, noble), "certificate's signers hold power 3, needs 4");
      // with the heavy validator signing too, the same check accepts
      const all = [...signers, id];
      const aggregate4 = aggregateSignatures(['c1', 'c2', 'c3', 'c4'].map((s) => sign(secretKeys.get(s)!, msg)));
      assert.equal(certificateProblem(set, 'chain', 1, 0, 'v1', { signers: all, aggregate: aggregate4 }, noble), null);
    });
  }

  it('refused ids: "", nil and a repeated id, each in one sentence naming it, at the driver protocol and the BLS set', async () => {
    const session: Session = { backend: { name: 't', sut: coreSut() }, correct: null };
    const reset = (validators: string[]) => answerLine(session, JSON.stringify({ id: 1, op: 'consensus.reset', validators, correct: ['c1'], validValues: ['v1'], maxRound: 1, maxHeight: 1 }));
    assert.deepEqual(await reset(['c1', '']), { id: 1, ok: false, error: 'bad-request', detail: 'validators[1]: expected validator ids to be non-empty strings, got "": name every validator with a non-empty string' });
    assert.deepEqual(await reset(['c1', 'none']), { id: 1, ok: false, error: 'bad-request', detail: 'validators[1]: validator id "none" is reserved (the contract\'s unset value): rename the validator' });
    assert.deepEqual(await reset(['c1', 'c2', 'c1']), { id: 1, ok: false, error: 'bad-request', detail: 'validators[2]: "c1" is listed twice: list each validator once' });
    const ok = await reset(['c1', '__proto__', 'constructor', 'toString']);
    assert.equal(ok.ok, true);
    assert.deepEqual(Object.keys(ok.projections as object), ['c1']);
    const { entries } = testKeys(2);
    assert.throws(() => validatorSet([entries[0]!, { ...entries[1]!, id: 'nil' }]), /^Error: validatorSet: validator id "nil" is reserved \(the contract's nil vote\): rename the validator$/);
    assert.throws(() => validatorSet([entries[0]!, { ...entries[1]!, id: '' }]), /validatorSet: expected validator ids to be non-empty strings, got "": name every validator with a non-empty string/);
  });
});
