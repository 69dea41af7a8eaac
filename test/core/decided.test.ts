// Evidence at a decided height (issue 9 §3): a conflicting vote that arrives after the
// height is decided is equivocation all the same. The store keeps the last decided
// height, so it is evidence there; one height further back it is past-height.
import { strict as assert } from 'node:assert';
import { trustingCrypto, type ConsensusCrypto } from '../../src/core/crypto.ts';
import type { ConsensusOutput } from '../../src/core/types.ts';
import { config, precommit, prevote, proposal, Proc, startHeight } from './helpers.ts';

const kinds = (outs: ConsensusOutput[]) => outs.map((o) => (o.kind === 'rejected' ? `rejected:${o.reason}` : o.kind));

/** c1 decides `value` at `h` (round 0) with c2, c3; c1 proposes at h = 1, c2 at h = 2. */
function decide(p: Proc, h: number, value: string): void {
  p.on(startHeight(h, value));
  if (h !== 1) p.deliver(proposal(`c${h}`, h, 0, value));
  p.deliver(prevote('c2', h, 0, value), prevote('c3', h, 0, value), precommit('c2', h, 0, value), precommit('c3', h, 0, value));
  assert.equal(p.state.decisions[h]?.value, value, `decided ${value} at ${h}`);
}

describe('core: evidence at a decided height (issue 9 §3)', () => {
  it('a conflicting precommit for the height just decided (step commit) is evidence, not past-height', () => {
    const p = new Proc();
    decide(p, 1, 'A');
    const [r] = p.deliver(precommit('c2', 1, 0, 'B'));
    assert.deepEqual(kinds(r!.outputs), ['evidence']);
    const e = r!.outputs[0]!;
    assert.ok(e.kind === 'evidence' && e.first.value === 'A' && e.second.value === 'B' && e.src === 'c2' && e.height === 1);
  });

  it('after StartHeight(2): a conflicting precommit for height 1 (the last decided) is still evidence', () => {
    const p = new Proc();
    decide(p, 1, 'A');
    p.on(startHeight(2, 'C'));
    const [r] = p.deliver(precommit('c3', 1, 0, 'nil'));
    assert.deepEqual(kinds(r!.outputs), ['evidence']);
    // An identical copy, or a first message from a sender we had not heard: past-height.
    assert.deepEqual(kinds(p.deliver(precommit('c3', 1, 0, 'A'))[0]!.outputs), ['rejected:past-height']);
    assert.deepEqual(kinds(p.deliver(precommit('c4', 1, 0, 'B'))[0]!.outputs), ['rejected:past-height']);
  });

  it('memory bound: two heights back nothing is kept (past-height); the last decided one is', () => {
    const p = new Proc();
    decide(p, 1, 'A');
    decide(p, 2, 'C');
    p.on(startHeight(3, 'D'));
    assert.deepEqual(kinds(p.deliver(precommit('c2', 1, 0, 'B'))[0]!.outputs), ['rejected:past-height']);
    assert.deepEqual(kinds(p.deliver(prevote('c2', 2, 0, 'X'))[0]!.outputs), ['evidence']);
    assert.ok(!(1 in p.state.store), 'height 1 dropped');
  });

  it('a conflicting message at a decided height whose signature does not verify is bad-signature, never evidence', () => {
    const base = trustingCrypto(['c1', 'c2', 'c3', 'c4']);
    const crypto: ConsensusCrypto = { ...base, verify: (m) => !(m.src === 'c2' && m.value === 'B') };
    const p = new Proc(config({ crypto }));
    decide(p, 1, 'A');
    assert.deepEqual(kinds(p.deliver(precommit('c2', 1, 0, 'B'))[0]!.outputs), ['rejected:bad-signature']);
  });

  it('a conflicting message in our own name at a decided height stays past-height (never evidence against ourselves)', () => {
    const p = new Proc();
    decide(p, 1, 'A');
    assert.deepEqual(kinds(p.deliver(precommit('c1', 1, 0, 'B'))[0]!.outputs), ['rejected:past-height']);
  });
});
