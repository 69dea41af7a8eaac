// The receive path (docs/contract.md, "Receiving a message"): every rejection with its
// reason and detail, duplicates, equivocation evidence, future-height buffering.
import { strict as assert } from 'node:assert';
import type { ConsensusCrypto } from '../../src/core/crypto.ts';
import { trustingCrypto } from '../../src/core/crypto.ts';
import type { ConsensusMessage, ConsensusOutput } from '../../src/core/types.ts';
import { tally } from '../../src/core/votes.ts';
import { VOTE_SLOTS } from '../../src/core/store.ts';
import { commit, config, deliver, precommit, prevote, Proc, proposal, startHeight, timeout } from './helpers.ts';

function follower(over = {}): Proc {
  const p = new Proc(config({ self: 'c2', ...over }));
  p.on(startHeight(1));
  return p;
}

/** Delivers `m` and asserts one rejection with this reason and a detail matching `detail`. */
function rejects(p: Proc, m: unknown, reason: string, detail: RegExp): void {
  const before = p.state;
  const r = p.on(deliver(m as ConsensusMessage, 'X'));
  assert.equal(r.outputs.length, 1, JSON.stringify(r.outputs));
  const o = r.outputs[0]!;
  assert.equal(o.kind, 'rejected');
  if (o.kind !== 'rejected') return;
  assert.equal(o.reason, reason);
  assert.match(o.detail, detail);
  assert.deepEqual(r.fired, ['Receive']);
  assert.equal(r.state.store, before.store, 'a rejected message is not stored');
  assert.deepEqual({ ...r.state }, { ...before });
}

const kinds = (outs: ConsensusOutput[]) => outs.map((o) => o.kind);

describe('core receive checks', () => {
  describe('malformed', () => {
    const p = follower();
    const ok = prevote('c3', 1, 0, 'A');
    const cases: [string, unknown, RegExp][] = [
      ['not an object', 42, /message: expected an object, got 42/],
      ['null', null, /expected an object, got null/],
      ['unknown type', { ...ok, type: 'VOTE' }, /message.type: expected one of PROPOSAL\|PREVOTE\|PRECOMMIT\|COMMIT, got "VOTE"/],
      ['numeric src', { ...ok, src: 3 }, /PREVOTE.src: expected a non-empty string, got 3/],
      ['negative height', { ...ok, height: -1 }, /PREVOTE.height: expected an integer >= 1, got -1/],
      ['height 0', { ...ok, height: 0 }, /PREVOTE.height: expected an integer >= 1, got 0/],
      ['fractional round', { ...ok, round: 0.5 }, /PREVOTE.round: expected an integer >= 0, got 0.5/],
      ['string height', { ...ok, height: '1' }, /PREVOTE.height: expected an integer >= 1, got "1"/],
      ['value none', { ...ok, value: 'none' }, /PREVOTE.value: expected a value or "nil", got "none"/],
      ['empty value', { ...ok, value: '' }, /PREVOTE.value: expected a value or "nil", got ""/],
      ['nil proposal', proposal('c1', 1, 0, 'nil'), /PROPOSAL.value: expected a value, got "nil"/],
      ['validRound >= round', proposal('c1', 1, 2, 'A', 2), /PROPOSAL.validRound: expected -1..1 \(below round 2\), got 2/],
      ['validRound < -1', proposal('c1', 1, 2, 'A', -2), /PROPOSAL.validRound: expected -1..1 \(below round 2\), got -2/],
      ['validRound on a vote', { ...ok, validRound: 0 }, /PREVOTE.validRound: expected -1, got 0/],
      ['cert on a PRECOMMIT', { ...precommit('c3', 1, 0, 'A'), cert: { signers: [] } }, /PRECOMMIT.cert: expected no certificate on a PRECOMMIT/],
      ['COMMIT without cert', { ...commit('c3', 1, 0, 'A', []), cert: undefined }, /COMMIT.cert: expected a certificate object, got undefined/],
      ['COMMIT with numeric signer', commit('c3', 1, 0, 'A', [1 as unknown as string]), /COMMIT.cert.signers: expected strings, got 1/],
      ['signature not bytes', { ...ok, signature: 'sig' }, /PREVOTE.signature: expected a Uint8Array, got "sig"/],
    ];
    for (const [name, m, detail] of cases) it(`rejects ${name}`, () => rejects(p, m, 'malformed', detail));
  });

  it('rejects an unknown sender', () => rejects(follower(), prevote('x9', 1, 0, 'A'), 'unknown-sender', /sender x9 is not a validator/));

  it('rejects a bad signature, and a verifier that throws, as bad-signature', () => {
    const base = trustingCrypto(['c1', 'c2', 'c3', 'c4']);
    const picky: ConsensusCrypto = { ...base, verify: (m) => m.src !== 'c3' };
    rejects(follower({ crypto: picky }), prevote('c3', 1, 0, 'A'), 'bad-signature', /PREVOTE c3 h=1 r=0 A: signature of c3 does not verify/);
    const throwing: ConsensusCrypto = { ...base, verify: () => { throw new Error('expected 96-byte signature, got 95'); } };
    rejects(follower({ crypto: throwing }), prevote('c3', 1, 0, 'A'), 'bad-signature', /verify threw: expected 96-byte signature, got 95/);
  });

  it('rejects past heights, and the current height once decided', () => {
    const p = follower();
    p.deliver(proposal('c1', 1, 0, 'A'), precommit('c1', 1, 0, 'A'), precommit('c3', 1, 0, 'A'), precommit('c4', 1, 0, 'A'));
    assert.equal(p.state.step, 'commit');
    rejects(p, prevote('c4', 1, 0, 'A'), 'past-height', /height 1 is decided \(process at height 1, step commit\)/);
    p.on(startHeight(2, 'V'));
    rejects(p, prevote('c4', 1, 3, 'A'), 'past-height', /height 1 is decided \(process at height 2, step prevote\)/);
  });

  it('rejects rounds above maxRound', () => {
    rejects(follower({ maxRound: 5 }), prevote('c3', 1, 6, 'A'), 'round-out-of-range', /round 6 exceeds maxRound 5/);
  });

  it('rejects a proposal from a validator that is not the proposer of its round', () => {
    rejects(follower(), proposal('c3', 1, 0, 'A'), 'not-proposer', /proposer of h=1 r=0 is c1, not c3/);
  });

  it('rejects a COMMIT with a bad certificate', () => {
    rejects(follower(), commit('c3', 1, 0, 'A', ['c3', 'c4']), 'bad-certificate', /certificate has 2 signers, needs 3/);
    rejects(follower(), commit('c3', 1, 0, 'A', ['c3', 'c3', 'c4']), 'bad-certificate', /lists a signer twice/);
    const base = trustingCrypto(['c1', 'c2', 'c3', 'c4']);
    const throwing: ConsensusCrypto = { ...base, checkCertificate: () => { throw new Error('bad point'); } };
    rejects(follower({ crypto: throwing }), commit('c3', 1, 0, 'A', ['c1', 'c3', 'c4']), 'bad-certificate', /checkCertificate threw: bad point/);
  });

  it('an identical duplicate is a no-op: no outputs, counted once', () => {
    const p = follower();
    p.deliver(prevote('c3', 1, 0, 'A'));
    const [r] = p.deliver(prevote('c3', 1, 0, 'A'));
    assert.deepEqual([r!.outputs, r!.fired], [[], ['Receive']]);
    assert.deepEqual([...tally(p.state.store, 1, 0, 'PREVOTE')], [['A', 1]]);
  });

  it('a message in our name that we did not send is rejected (it could only be forged)', () => {
    const p = follower();
    rejects(p, proposal('c2', 2, 0, 'B'), 'not-sent-by-self', /PROPOSAL c2 h=2 r=0 B vr=-1: claims to come from this process \(c2\), which did not send it/);
    p.deliver(proposal('c1', 1, 0, 'A')); // we prevote A
    rejects(p, prevote('c2', 1, 0, 'B'), 'not-sent-by-self', /PREVOTE c2 h=1 r=0 B: claims to come from this process/);
  });

  it('our own broadcast delivered back is an identical duplicate', () => {
    const p = follower();
    const [r] = p.deliver(proposal('c1', 1, 0, 'A'));
    const own = r!.outputs.find((o) => o.kind === 'broadcast');
    assert.ok(own?.kind === 'broadcast');
    const [back] = p.deliver(own.msg);
    assert.deepEqual(back!.outputs, []);
  });

  it('equivocation: a vote for a second value gives evidence with both and counts for that value', () => {
    const p = follower();
    p.deliver(proposal('c1', 1, 0, 'A'), prevote('c3', 1, 0, 'A'));
    const [r] = p.deliver(prevote('c3', 1, 0, 'B'));
    assert.deepEqual(kinds(r!.outputs), ['evidence']);
    const e = r!.outputs[0]!;
    assert.ok(e.kind === 'evidence');
    assert.deepEqual([e.src, e.type, e.height, e.round, e.first.value, e.second.value], ['c3', 'PREVOTE', 1, 0, 'A', 'B']);
    // Distinct senders per value (L28, L36, L49): c3 counts for A and for B.
    assert.deepEqual([...tally(p.state.store, 1, 0, 'PREVOTE')], [['A', 2], ['B', 1]]);
    // Re-delivering either of c3's votes is a duplicate: no output, counted once.
    for (const v of ['A', 'B']) assert.deepEqual(p.deliver(prevote('c3', 1, 0, v))[0]!.outputs, []);
    assert.deepEqual([...tally(p.state.store, 1, 0, 'PREVOTE')], [['A', 2], ['B', 1]]);
  });

  it(`equivocation: votes beyond ${VOTE_SLOTS} values per sender and round are dropped (bounded memory)`, () => {
    const p = follower();
    p.deliver(prevote('c3', 1, 0, 'A'), prevote('c3', 1, 0, 'B'));
    const [r] = p.deliver(prevote('c3', 1, 0, 'nil'));
    assert.deepEqual([r!.outputs.map((o) => o.kind === 'rejected' ? o.reason : o.kind), r!.fired], [['vote-limit'], ['Receive']]);
    assert.deepEqual([...tally(p.state.store, 1, 0, 'PREVOTE')], [['A', 1], ['B', 1]]);
    // The bound is per (height, round, type): c3's precommits and next round are separate.
    assert.deepEqual(p.deliver(precommit('c3', 1, 0, 'nil'))[0]!.outputs, []);
  });

  it('equivocation: an equivocator counts once towards 2f+1 votes of any value (L34)', () => {
    const p = follower();
    p.deliver(proposal('c1', 1, 0, 'bad')); // we (c2) prevote nil
    const [r] = p.deliver(prevote('c3', 1, 0, 'A'), prevote('c3', 1, 0, 'B'));
    assert.ok(!r!.fired.includes('UponQuorumPrevotesAny'), 'c2 and c3: two senders, not three');
    const [q] = p.deliver(prevote('c4', 1, 0, 'A'));
    assert.ok(q!.fired.includes('UponQuorumPrevotesAny'));
  });

  it('issue 10: a polka completed by an equivocator\'s second vote is a POL for a re-proposal (L28-L30)', () => {
    // n = 4: c3 is the process under test, c4 Byzantine; proposers c1 (round 0), c2 (round 1).
    const p = new Proc(config({ self: 'c3' }));
    p.on(startHeight(1));
    p.on(timeout('propose', 1, 0)); // c3 never got round 0's proposal: prevote nil
    const [first, second] = p.deliver(prevote('c4', 1, 0, 'nil'), prevote('c4', 1, 0, 'V'), prevote('c1', 1, 0, 'V'), prevote('c2', 1, 0, 'V'));
    assert.deepEqual([first!.outputs, kinds(second!.outputs)], [[], ['evidence']]);
    p.on(timeout('prevote', 1, 0)); // precommit nil
    p.deliver(precommit('c1', 1, 0, 'V'), precommit('c2', 1, 0, 'V'));
    p.on(timeout('precommit', 1, 0)); // round 1, proposer c2
    const [r] = p.deliver(proposal('c2', 1, 1, 'V', 0));
    assert.deepEqual(r!.fired, ['Receive', 'UponProposalInProposeAndPrevote']);
    assert.deepEqual(r!.outputs.map((o) => o.kind === 'broadcast' ? [o.msg.type, o.msg.round, o.msg.value] : o.kind), [['PREVOTE', 1, 'V']]);
  });

  it('equivocating proposer: only the first proposal of (h, r) counts; validRound differences are evidence too', () => {
    const p = follower();
    p.deliver(proposal('c1', 1, 4, 'A'));
    const [r] = p.deliver(proposal('c1', 1, 4, 'A', 0));
    assert.deepEqual(kinds(r!.outputs), ['evidence']);
  });

  it('COMMIT duplicates compare height, round and value only', () => {
    const p = follower();
    p.deliver(commit('c3', 3, 0, 'A', ['c1', 'c3', 'c4']));
    const [dup] = p.deliver(commit('c3', 3, 0, 'A', ['c2', 'c3', 'c4']));
    assert.deepEqual(dup!.outputs, []);
    const [ev] = p.deliver(commit('c3', 3, 0, 'B', ['c2', 'c3', 'c4']));
    assert.deepEqual(kinds(ev!.outputs), ['evidence']);
  });

  describe('future heights', () => {
    it('are buffered and take effect at the StartHeight that reaches them', () => {
      const p = follower();
      const [r] = p.deliver(prevote('c3', 2, 0, 'V'));
      assert.deepEqual(r!.outputs, []);
      p.deliver(proposal('c1', 1, 0, 'A'), precommit('c1', 1, 0, 'A'), precommit('c3', 1, 0, 'A'), precommit('c4', 1, 0, 'A'));
      p.deliver(prevote('c4', 2, 0, 'V'));
      // height 2: we (c2) propose V and prevote it; with the buffered c3 and c4 that is a polka.
      const s = p.on(startHeight(2, 'V'));
      assert.deepEqual(s.fired, ['StartHeight', 'StartRound', 'UponProposalInPropose', 'UponQuorumPrevotesAny', 'UponProposalInPrevoteOrCommitAndPrevote']);
      assert.equal(s.state.lockedValue, 'V');
      assert.deepEqual(Object.keys(s.state.store).map(Number), [1, 2], 'height 1, the last decided, is kept for late evidence (decided.ts)');
    });

    it('a buffered proposal and polka act at once when their height starts', () => {
      const p = new Proc(config({ self: 'c4' }));
      p.deliver(proposal('c1', 1, 0, 'A'), prevote('c1', 1, 0, 'A'), prevote('c2', 1, 0, 'A'), prevote('c3', 1, 0, 'A'));
      assert.equal(p.state.height, 0);
      const r = p.on(startHeight(1));
      assert.deepEqual(r.fired, ['StartHeight', 'StartRound', 'UponProposalInPropose', 'UponQuorumPrevotesAny', 'UponProposalInPrevoteOrCommitAndPrevote']);
      assert.equal(p.state.lockedValue, 'A');
    });

    it('more than maxHeightsAhead heights ahead: rejected', () => {
      const p = follower({ futureBuffer: { maxHeightsAhead: 2, maxMessages: 100 } });
      p.deliver(prevote('c3', 3, 0, 'A'));
      rejects(p, prevote('c3', 4, 0, 'A'), 'future-height-buffer-full', /height 4 is 3 heights ahead of 1, buffer keeps at most 2/);
    });

    it('a full buffer rejects new messages but still recognizes duplicates and equivocation', () => {
      const p = follower({ futureBuffer: { maxHeightsAhead: 5, maxMessages: 2 } });
      p.deliver(prevote('c3', 2, 0, 'A'), prevote('c4', 2, 0, 'A'));
      rejects(p, prevote('c1', 2, 0, 'A'), 'future-height-buffer-full', /future-height buffer holds 2 messages, the maximum/);
      const [dup] = p.deliver(prevote('c3', 2, 0, 'A'));
      assert.deepEqual(dup!.outputs, []);
      const [ev] = p.deliver(prevote('c3', 2, 0, 'B')); // evidence, but no room to count it
      assert.deepEqual(kinds(ev!.outputs), ['evidence', 'rejected']);
      // current-height messages are not limited by the future buffer
      const [cur] = p.deliver(prevote('c3', 1, 0, 'A'));
      assert.deepEqual(cur!.outputs, []);
    });

    it('the buffer frees up when its height starts', () => {
      const p = new Proc(config({ self: 'c2', futureBuffer: { maxHeightsAhead: 5, maxMessages: 1 } }));
      p.deliver(prevote('c3', 1, 0, 'A'));
      rejects(p, prevote('c4', 1, 0, 'A'), 'future-height-buffer-full', /holds 1 messages/);
      p.on(startHeight(1));
      const [r] = p.deliver(prevote('c4', 1, 0, 'A'));
      assert.deepEqual(r!.outputs, []);
    });
  });

  it('a StartHeight that is not enabled is rejected and changes nothing', () => {
    const p = follower();
    const before = p.state;
    const r = p.on(startHeight(3));
    assert.deepEqual(r.fired, []);
    assert.equal(r.state, before);
    assert.ok(r.outputs[0]?.kind === 'rejected' && r.outputs[0].reason === 'not-enabled');
    assert.match(r.outputs[0].detail, /StartHeight\(3\): enabled only at height 2 in step commit, process is at height 1 in step propose/);
  });

  it('a reaction that needs getValue() with event value "none" throws (a driver bug)', () => {
    const p = new Proc(config({ self: 'c1' }));
    assert.throws(() => p.on(startHeight(1)), /c1 proposes at h=1 r=0 without a validValue, but the event carries value "none"/);
  });

  it('caller bugs in the event itself throw a TypeError naming the field', () => {
    const p = follower();
    assert.throws(() => p.on(null as never), /step: expected an event object, got null/);
    assert.throws(() => p.on({ kind: 'Tick', value: 'none' } as never), /step: expected event.kind to be one of StartHeight\|Deliver\|Timeout\|ProposeValue, got "Tick"/);
    assert.throws(() => p.on({ kind: 'Timeout', timeout: 'commit', height: 1, round: 0, value: 'none' } as never), /expected event.timeout to be one of propose\|prevote\|precommit, got "commit"/);
    assert.throws(() => p.on({ kind: 'StartHeight', height: 2 } as never), /expected event.value to be a value or "none", got undefined/);
  });

  it('a stored message cannot be changed by its sender object afterwards', () => {
    const p = follower();
    const m = prevote('c3', 1, 0, 'A');
    p.deliver(m);
    m.value = 'B';
    assert.deepEqual([...tally(p.state.store, 1, 0, 'PREVOTE')], [['A', 1]]);
  });
});

describe('core commitMessage (height sync, sending side)', () => {
  it('builds a COMMIT from a decision that a lagging process accepts and decides on', async () => {
    const { commitMessage } = await import('../../src/core/commit.ts');
    const a = new Proc(config({ self: 'c2' }));
    a.on(startHeight(1));
    a.deliver(proposal('c1', 1, 0, 'A'), precommit('c1', 1, 0, 'A'), precommit('c3', 1, 0, 'A'), precommit('c4', 1, 0, 'A'));
    const c = commitMessage(a.cfg, 1, a.state.decisions[1]!);
    assert.deepEqual({ ...c, cert: { ...c.cert } }, { type: 'COMMIT', src: 'c2', height: 1, round: 0, value: 'A', validRound: -1, cert: { signers: ['c1', 'c3', 'c4'] } });
    const lagging = new Proc(config({ self: 'c4' }));
    lagging.on(startHeight(1));
    const [r] = lagging.deliver(c);
    assert.deepEqual(r!.fired, ['Receive', 'UponCommit']);
    assert.equal(lagging.state.decisions[1]?.value, 'A');
    assert.throws(() => commitMessage(a.cfg, 0, a.state.decisions[1]!), /commitMessage: expected height >= 1, got 0/);
  });
});
