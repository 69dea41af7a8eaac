// Threshold arithmetic and configuration validation (bad caller input throws at the edge).
import { strict as assert } from 'node:assert';
import { DEFAULT_MAX_ROUND, makeConfig, timeoutDuration, type ConfigInput } from '../../src/core/config.ts';
import { faulty, quorum, skipThreshold } from '../../src/core/quorum.ts';

const base: ConfigInput = { validators: ['c1', 'c2', 'c3', 'c4'], self: 'c1', isValid: () => true };

describe('core quorum arithmetic', () => {
  it('f = floor((n-1)/3), quorum n-f (= 2f+1 when n = 3f+1), skip f+1', () => {
    const table = [1, 2, 3, 4, 5, 6, 7, 10, 100].map((n) => [n, faulty(n), quorum(n), skipThreshold(n)]);
    assert.deepEqual(table, [
      [1, 0, 1, 1], [2, 0, 2, 1], [3, 0, 3, 1], [4, 1, 3, 2], [5, 1, 4, 2],
      [6, 1, 5, 2], [7, 2, 5, 3], [10, 3, 7, 4], [100, 33, 67, 34],
    ]);
  });
  it('any two quorums share at least f+1 validators (one of them correct), for every n up to 300', () => {
    for (let n = 1; n <= 300; n++) {
      assert.ok(2 * quorum(n) - n >= faulty(n) + 1, `n=${n}: quorums ${quorum(n)} intersect in ${2 * quorum(n) - n}`);
      assert.ok(quorum(n) <= n - faulty(n), `n=${n}: a quorum must be reachable without the f faulty`);
      if (n % 3 === 1) assert.equal(quorum(n), 2 * faulty(n) + 1, `n=${n}: the paper's 2f+1`);
    }
  });
  it('throws on a total power < 1 or not an integer', () => {
    assert.throws(() => quorum(0), /quorum: expected a positive integer total power, got 0/);
    assert.throws(() => faulty(2.5), /faulty: expected a positive integer total power, got 2.5/);
  });
});

describe('core makeConfig', () => {
  it('fills defaults and freezes', () => {
    const c = makeConfig(base);
    assert.equal(c.maxRound, DEFAULT_MAX_ROUND);
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.validators) && Object.isFrozen(c.timeouts));
    assert.equal(timeoutDuration(c, 'propose', 2), 3000 + 2 * 500);
    assert.equal(c.crypto.checkCertificate(1, 0, 'A', { signers: ['c1', 'c2'] }), 'certificate has 2 signers, needs 3');
  });
  it('copies the validator list (later changes by the caller do not leak in)', () => {
    const vs = ['c1', 'c2'];
    const c = makeConfig({ ...base, validators: vs });
    vs.push('c3');
    assert.deepEqual(c.validators, ['c1', 'c2']);
  });
  const bad: [string, Partial<ConfigInput> | Record<string, unknown>, RegExp][] = [
    ['no validators', { validators: [] }, /expected at least 1 validator, got 0/],
    ['validators not an array', { validators: 'c1' }, /expected validators to be an array/],
    ['a duplicate', { validators: ['c1', 'c2', 'c1'] }, /duplicate validator "c1"/],
    ['an empty id', { validators: ['c1', ''] }, /expected validator ids to be non-empty strings, got ""/],
    ['a reserved id', { validators: ['c1', 'nil'] }, /validator id "nil" is reserved/],
    ['self not in the set', { self: 'c9' }, /self "c9" is not in the validator set/],
    ['no isValid', { isValid: undefined }, /expected isValid to be a function/],
    ['a negative maxRound', { maxRound: -1 }, /expected maxRound to be a non-negative integer, got -1/],
    ['a fractional timeout', { timeouts: { prevote: { baseMs: 1.5, deltaMs: 0 } } }, /expected timeouts.prevote.baseMs to be a non-negative integer, got 1.5/],
    ['a negative buffer bound', { futureBuffer: { maxMessages: -3 } }, /expected futureBuffer.maxMessages to be a non-negative integer, got -3/],
  ];
  for (const [name, over, msg] of bad) {
    it(`throws on ${name}`, () => assert.throws(() => makeConfig({ ...base, ...over } as ConfigInput), msg));
  }
});
