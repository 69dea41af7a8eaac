// Unit tests per upon-rule, named after the paper line they check. Shape: a few
// messages, then assert on outputs, fired rules and the projection.
import { strict as assert } from 'node:assert';
import { project } from '../../src/core/step.ts';
import type { ConsensusOutput } from '../../src/core/types.ts';
import { config, precommit, prevote, Proc, proposal, startHeight, timeout } from './helpers.ts';

const broadcasts = (outs: ConsensusOutput[]) =>
  outs.flatMap((o) => (o.kind === 'broadcast' ? [`${o.msg.type} ${o.msg.round} ${o.msg.value}`] : []));
const schedules = (outs: ConsensusOutput[]) =>
  outs.flatMap((o) => (o.kind === 'scheduleTimeout' ? [`${o.timeout} ${o.height}/${o.round} ${o.durationMs}`] : []));

/** c2 is not the proposer of h=1 r=0 (c1 is), r=1 (c2 is: we skip it), r=2 (c3). */
function follower(): Proc {
  const p = new Proc(config({ self: 'c2' }));
  p.on(startHeight(1));
  return p;
}

/** A follower locked on A in round 0 (proposal A, polka A), then moved to round 1 by timeout. */
function lockedOnA(): Proc {
  const p = follower();
  p.deliver(proposal('c1', 1, 0, 'A'), prevote('c1', 1, 0, 'A'), prevote('c3', 1, 0, 'A'));
  assert.equal(p.state.lockedValue, 'A');
  p.deliver(precommit('c1', 1, 0, 'nil'), precommit('c3', 1, 0, 'nil'));
  p.on(timeout('precommit', 1, 0, 'X'));
  assert.equal(p.state.round, 1);
  return p;
}

describe('core rules (paper Algorithm 1)', () => {
  it('L11–L21: the proposer of round 0 proposes getValue(); others schedule timeoutPropose', () => {
    const leader = new Proc(config({ self: 'c1' }));
    const r = leader.on(startHeight(1, 'A'));
    assert.deepEqual(r.fired, ['StartHeight', 'StartRound', 'UponProposalInPropose']);
    assert.deepEqual(broadcasts(r.outputs), ['PROPOSAL 0 A', 'PREVOTE 0 A']);
    const f = follower();
    assert.deepEqual(f.last.fired, ['StartHeight', 'StartRound']);
    assert.deepEqual(schedules(f.last.outputs), ['propose 1/0 3000']);
    assert.equal(f.state.step, 'propose');
  });

  it('L15–L18: the proposer re-proposes its validValue with its validRound', () => {
    const p = new Proc(config({ self: 'c2' }));
    p.on(startHeight(1));
    p.deliver(proposal('c1', 1, 0, 'A'), prevote('c3', 1, 0, 'A'), prevote('c4', 1, 0, 'A'));
    assert.equal(p.state.validValue, 'A');
    p.deliver(precommit('c3', 1, 0, 'nil'), precommit('c4', 1, 0, 'nil'));
    const r = p.on(timeout('precommit', 1, 0, 'Z'));
    assert.deepEqual(broadcasts(r.outputs), ['PROPOSAL 1 A', 'PREVOTE 1 A']);
    const prop = r.outputs.find((o) => o.kind === 'broadcast' && o.msg.type === 'PROPOSAL');
    assert.equal(prop?.kind === 'broadcast' && prop.msg.validRound, 0);
    assert.deepEqual(r.fired, ['OnTimeoutPrecommit', 'StartRound', 'UponProposalInProposeAndPrevote']);
  });

  it('L22–L24: an unlocked process prevotes a valid proposal', () => {
    const p = follower();
    const [r] = p.deliver(proposal('c1', 1, 0, 'A'));
    assert.deepEqual(r!.fired, ['Receive', 'UponProposalInPropose']);
    assert.deepEqual(broadcasts(r!.outputs), ['PREVOTE 0 A']);
    assert.equal(p.state.step, 'prevote');
  });

  it('L23/L26: an invalid proposal gets a nil prevote', () => {
    const p = follower();
    const [r] = p.deliver(proposal('c1', 1, 0, 'bad'));
    assert.deepEqual(broadcasts(r!.outputs), ['PREVOTE 0 nil']);
  });

  it('L23/L26: a process locked on A prevotes nil for a fresh proposal of B', () => {
    const p = lockedOnA();
    // round 1's proposer is c2 = self; move on to round 2 (proposer c3) by another timeout.
    p.deliver(precommit('c1', 1, 1, 'nil'), precommit('c3', 1, 1, 'nil'));
    p.on(timeout('precommit', 1, 1));
    assert.equal(p.state.round, 2);
    const [r] = p.deliver(proposal('c3', 1, 2, 'B'));
    assert.deepEqual(broadcasts(r!.outputs), ['PREVOTE 2 nil']);
    assert.equal(p.state.lockedValue, 'A');
  });

  it('L23/L24: a process locked on A prevotes a fresh proposal of A', () => {
    const p = lockedOnA();
    p.deliver(precommit('c1', 1, 1, 'nil'), precommit('c3', 1, 1, 'nil'));
    p.on(timeout('precommit', 1, 1));
    const [r] = p.deliver(proposal('c3', 1, 2, 'A'));
    assert.deepEqual(broadcasts(r!.outputs), ['PREVOTE 2 A']);
  });

  it('L28/L29: a locked process does not prevote another value whose POL is older than its lock', () => {
    // Locked on A at round 1; B re-proposed in round 2 with a POL from round 0 (< lockedRound).
    const p = follower();
    p.deliver(proposal('c1', 1, 0, 'B'), prevote('c1', 1, 0, 'B'), prevote('c3', 1, 0, 'B'));
    assert.equal(p.state.lockedValue, 'B'); // round 0 locks B
    p.deliver(precommit('c1', 1, 0, 'nil'), precommit('c3', 1, 0, 'nil'));
    p.on(timeout('precommit', 1, 0, 'A')); // round 1: we (c2) propose validValue B
    p.deliver(prevote('c1', 1, 1, 'nil'), prevote('c3', 1, 1, 'nil')); // no polka for B in round 1
    p.on(timeout('prevote', 1, 1));
    p.deliver(precommit('c1', 1, 1, 'nil'), precommit('c3', 1, 1, 'nil'));
    p.on(timeout('precommit', 1, 1));
    assert.equal(p.state.round, 2);
    assert.equal(p.state.lockedRound, 0);
    // c3 proposes A with vr=0 but there is no POL for A in round 0: L28 is not enabled.
    const [r] = p.deliver(proposal('c3', 1, 2, 'A', 0));
    assert.deepEqual(r!.fired, ['Receive']);
    assert.equal(p.state.step, 'propose');
  });

  /** Locked on A at round 1, in round 2 (proposer c3), with a POL for `polValue` in round 0. */
  function lockedAtRound1WithOldPol(polValue: string): Proc {
    const p = follower();
    // Round 0: we time out and prevote nil; c1, c3, c4 prevote polValue (a POL) but the
    // proposal never reaches us, so nothing locks.
    p.on(timeout('propose', 1, 0));
    p.deliver(prevote('c1', 1, 0, polValue), prevote('c3', 1, 0, polValue), prevote('c4', 1, 0, polValue));
    p.on(timeout('prevote', 1, 0));
    p.deliver(precommit('c1', 1, 0, 'nil'), precommit('c3', 1, 0, 'nil'));
    p.on(timeout('precommit', 1, 0, 'A')); // round 1 is ours: we propose A
    p.deliver(prevote('c1', 1, 1, 'A'), prevote('c3', 1, 1, 'A')); // polka for A: lock A at round 1
    assert.deepEqual([p.state.lockedValue, p.state.lockedRound], ['A', 1]);
    p.deliver(precommit('c1', 1, 1, 'nil'), precommit('c3', 1, 1, 'nil'));
    p.on(timeout('precommit', 1, 1));
    assert.equal(p.state.round, 2);
    return p;
  }

  it('L28/L29/L32: a POL older than the lock (vr < lockedRound) for another value does not unlock: prevote nil', () => {
    const p = lockedAtRound1WithOldPol('B');
    // c3 re-proposes B with vr=0. L28 is enabled (the POL exists), but 0 < lockedRound 1.
    const [r] = p.deliver(proposal('c3', 1, 2, 'B', 0));
    assert.deepEqual(r!.fired, ['Receive', 'UponProposalInProposeAndPrevote']);
    assert.deepEqual(broadcasts(r!.outputs), ['PREVOTE 2 nil']);
  });

  it('L29/L30: an old POL for the value we are locked on gets our prevote (lockedValue = v)', () => {
    const p = lockedAtRound1WithOldPol('A');
    const [r] = p.deliver(proposal('c3', 1, 2, 'A', 0));
    assert.deepEqual(r!.fired, ['Receive', 'UponProposalInProposeAndPrevote']);
    assert.deepEqual(broadcasts(r!.outputs), ['PREVOTE 2 A']);
  });

  it('L28–L30: a POL newer than the lock (vr >= lockedRound) unlocks: prevote the re-proposed value', () => {
    const p = lockedOnA(); // locked A at round 0, now round 1 (we propose A)
    assert.equal(p.state.lockedRound, 0);
    // Round 1: a polka for B forms (c1, c3, c4) while we prevoted A; we precommit nil then move on.
    p.deliver(prevote('c1', 1, 1, 'B'), prevote('c3', 1, 1, 'B'), prevote('c4', 1, 1, 'B'));
    assert.equal(p.state.lockedValue, 'A', 'no proposal for B in round 1: nothing locks');
    p.on(timeout('prevote', 1, 1));
    p.deliver(precommit('c1', 1, 1, 'nil'), precommit('c3', 1, 1, 'nil'));
    p.on(timeout('precommit', 1, 1));
    // Round 2: c3 re-proposes B with vr=1; POL(1, B) >= lockedRound 0.
    const [r] = p.deliver(proposal('c3', 1, 2, 'B', 1));
    assert.deepEqual(r!.fired, ['Receive', 'UponProposalInProposeAndPrevote']);
    assert.deepEqual(broadcasts(r!.outputs), ['PREVOTE 2 B']);
  });

  it('L28/L32: with a POL, an invalid value still gets a nil prevote', () => {
    const p = follower();
    p.deliver(prevote('c1', 1, 0, 'bad'), prevote('c3', 1, 0, 'bad'), prevote('c4', 1, 0, 'bad'));
    p.on(timeout('propose', 1, 0));
    p.on(timeout('prevote', 1, 0));
    p.deliver(precommit('c1', 1, 0, 'nil'), precommit('c3', 1, 0, 'nil'));
    p.on(timeout('precommit', 1, 0, 'Z'));
    p.deliver(precommit('c1', 1, 1, 'nil'), precommit('c3', 1, 1, 'nil'), precommit('c4', 1, 1, 'nil'));
    p.on(timeout('precommit', 1, 1));
    const [r] = p.deliver(proposal('c3', 1, 2, 'bad', 0));
    assert.deepEqual(r!.fired, ['Receive', 'UponProposalInProposeAndPrevote']);
    assert.deepEqual(broadcasts(r!.outputs), ['PREVOTE 2 nil']);
  });

  it('L34: 2f+1 prevotes of mixed values lock nothing and only schedule timeoutPrevote', () => {
    const p = follower();
    p.deliver(proposal('c1', 1, 0, 'A')); // we prevote A
    const [r1, r2] = p.deliver(prevote('c3', 1, 0, 'B'), prevote('c4', 1, 0, 'nil'));
    assert.deepEqual(r1!.fired, ['Receive']);
    assert.deepEqual(r2!.fired, ['Receive', 'UponQuorumPrevotesAny']);
    assert.deepEqual(schedules(r2!.outputs), ['prevote 1/0 1000']);
    assert.deepEqual(broadcasts(r2!.outputs), []);
    assert.equal(p.state.lockedValue, 'none');
    assert.equal(p.state.step, 'prevote');
  });

  it('L34: timeoutPrevote is scheduled once per round ("for the first time")', () => {
    const p = follower();
    p.deliver(proposal('c1', 1, 0, 'A'), prevote('c3', 1, 0, 'B'), prevote('c4', 1, 0, 'nil'));
    const [r] = p.deliver(prevote('c1', 1, 0, 'C'));
    assert.deepEqual(r!.fired, ['Receive']);
  });

  it('L36: a polka for v locks v and precommits it', () => {
    const p = follower();
    p.deliver(proposal('c1', 1, 0, 'A'), prevote('c3', 1, 0, 'A'));
    const [r] = p.deliver(prevote('c4', 1, 0, 'A'));
    assert.deepEqual(r!.fired, ['Receive', 'UponQuorumPrevotesAny', 'UponProposalInPrevoteOrCommitAndPrevote']);
    assert.deepEqual(broadcasts(r!.outputs), ['PRECOMMIT 0 A']);
    const s = project(p.state);
    assert.deepEqual([s.step, s.lockedValue, s.lockedRound, s.validValue, s.validRound], ['precommit', 'A', 0, 'A', 0]);
  });

  it('L36: the polka counts per value: 2 for A + 1 for B is no polka', () => {
    const p = follower();
    p.deliver(proposal('c1', 1, 0, 'A'), prevote('c3', 1, 0, 'A'));
    const [r] = p.deliver(prevote('c4', 1, 0, 'B'));
    assert.ok(!r!.fired.includes('UponProposalInPrevoteOrCommitAndPrevote'));
    assert.equal(p.state.lockedValue, 'none');
  });

  it('L36: a polka for an invalid value locks nothing and sets no validValue', () => {
    const p = follower();
    p.deliver(proposal('c1', 1, 0, 'bad')); // we prevote nil (L26)
    p.deliver(prevote('c1', 1, 0, 'bad'), prevote('c3', 1, 0, 'bad'));
    const [r] = p.deliver(prevote('c4', 1, 0, 'bad'));
    assert.deepEqual(r!.fired, ['Receive']); // L34 already fired with c1, c3 and our nil
    const s = project(p.state);
    assert.deepEqual([s.step, s.lockedValue, s.validValue], ['prevote', 'none', 'none']);
  });

  it('L36: a polka without the proposal does nothing until the proposal arrives (in step prevote)', () => {
    const p = follower();
    p.on(timeout('propose', 1, 0)); // prevote nil
    p.deliver(prevote('c1', 1, 0, 'A'), prevote('c3', 1, 0, 'A'), prevote('c4', 1, 0, 'A'));
    assert.equal(p.state.lockedValue, 'none');
    const [r] = p.deliver(proposal('c1', 1, 0, 'A'));
    assert.deepEqual(r!.fired, ['Receive', 'UponProposalInPrevoteOrCommitAndPrevote']);
    assert.equal(p.state.lockedValue, 'A');
  });

  it('L36/L42–L43: in step precommit a polka sets validValue only (no lock, no precommit)', () => {
    const p = follower();
    p.deliver(proposal('c1', 1, 0, 'A'));
    p.on(timeout('prevote', 1, 0)); // precommit nil
    assert.equal(p.state.step, 'precommit');
    p.deliver(prevote('c3', 1, 0, 'A'));
    const [r] = p.deliver(prevote('c4', 1, 0, 'A'));
    assert.ok(r!.fired.includes('UponProposalInPrevoteOrCommitAndPrevote'));
    assert.deepEqual(broadcasts(r!.outputs), []);
    const s = project(p.state);
    assert.deepEqual([s.lockedValue, s.lockedRound, s.validValue, s.validRound], ['none', -1, 'A', 0]);
  });

  it('L44: 2f+1 nil prevotes precommit nil', () => {
    const p = follower();
    p.on(timeout('propose', 1, 0));
    p.deliver(prevote('c3', 1, 0, 'nil'));
    const [r] = p.deliver(prevote('c4', 1, 0, 'nil'));
    assert.deepEqual(r!.fired, ['Receive', 'UponQuorumPrevotesAny', 'UponQuorumPrevotesNil']);
    assert.deepEqual(broadcasts(r!.outputs), ['PRECOMMIT 0 nil']);
    assert.equal(p.state.step, 'precommit');
  });

  it('L47: 2f+1 precommits of any values schedule timeoutPrecommit once, in any step but commit', () => {
    const p = follower();
    p.deliver(precommit('c1', 1, 0, 'A'), precommit('c3', 1, 0, 'nil'));
    const [r] = p.deliver(precommit('c4', 1, 0, 'B'));
    assert.deepEqual(r!.fired, ['Receive', 'UponQuorumPrecommitsAny']);
    assert.deepEqual(schedules(r!.outputs), ['precommit 1/0 1000']);
    assert.equal(p.state.step, 'propose');
  });

  it('L49: a proposal and 2f+1 precommits for its value decide it, with the precommitters as cert', () => {
    const p = follower();
    p.deliver(precommit('c1', 1, 0, 'A'), precommit('c3', 1, 0, 'A'), precommit('c4', 1, 0, 'A'));
    const [r] = p.deliver(proposal('c1', 1, 0, 'A'));
    assert.deepEqual(r!.fired, ['Receive', 'UponProposalAndPrecommitValue']);
    const d = r!.outputs.find((o) => o.kind === 'decide');
    assert.deepEqual(d, { kind: 'decide', height: 1, value: 'A', round: 0, cert: { signers: ['c1', 'c3', 'c4'] } });
    assert.equal(p.state.step, 'commit');
    assert.equal(p.state.height, 1, 'the height advances only at StartHeight');
  });

  it('project returns a fresh copy: changing it does not change the state', () => {
    const p = follower();
    p.deliver(precommit('c1', 1, 0, 'A'), precommit('c3', 1, 0, 'A'), precommit('c4', 1, 0, 'A'), proposal('c1', 1, 0, 'A'));
    const view = project(p.state);
    view.decisions[1]!.cert.signers.push('x');
    view.height = 99;
    assert.deepEqual(project(p.state).decisions[1]?.cert.signers, ['c1', 'c3', 'c4']);
    assert.equal(p.state.height, 1);
  });

  it('L49: a decision in an earlier round r < round_p counts ("any round r")', () => {
    const p = follower();
    p.deliver(proposal('c1', 1, 0, 'A'));
    p.deliver(precommit('c1', 1, 1, 'nil'), precommit('c3', 1, 1, 'nil')); // f+1 in round 1: skip
    assert.equal(p.state.round, 1);
    p.deliver(precommit('c1', 1, 0, 'A'), precommit('c3', 1, 0, 'A'));
    const [r] = p.deliver(precommit('c4', 1, 0, 'A'));
    assert.deepEqual(r!.fired, ['Receive', 'UponProposalAndPrecommitValue']);
    assert.equal(p.state.decisions[1]?.round, 0);
  });

  it('L49/L50: 2f+1 precommits for an invalid value decide nothing', () => {
    const p = follower();
    p.deliver(proposal('c1', 1, 0, 'bad'), precommit('c1', 1, 0, 'bad'), precommit('c3', 1, 0, 'bad'), precommit('c4', 1, 0, 'bad'));
    assert.equal(p.state.decisions[1], undefined);
    assert.notEqual(p.state.step, 'commit');
  });

  it('L55: f+1 senders in a higher round skip to that round', () => {
    const p = follower();
    p.deliver(prevote('c1', 1, 2, 'A'), prevote('c3', 1, 6, 'A'), prevote('c4', 1, 2, 'nil'));
    assert.equal(p.state.round, 2);
    const [r] = p.deliver(precommit('c4', 1, 6, 'nil'));
    assert.deepEqual(r!.fired, ['Receive', 'UponFPlusOneHigherRound', 'StartRound']);
    assert.equal(p.state.round, 6);
  });

  it('L55: f+1 counts distinct senders, not messages', () => {
    const p = follower();
    p.deliver(prevote('c3', 1, 3, 'A'), precommit('c3', 1, 3, 'A'));
    assert.equal(p.state.round, 0);
  });

  it('L55: with several higher rounds enabled at once, the largest wins', () => {
    // Buffered messages of height 2 enable rounds 3 and 6 together at StartHeight(2); the
    // skip (rule 3) outranks our own fresh proposal's prevote (rule 4).
    const p = follower();
    p.deliver(proposal('c1', 1, 0, 'A'), precommit('c1', 1, 0, 'A'), precommit('c3', 1, 0, 'A'), precommit('c4', 1, 0, 'A'));
    assert.equal(p.state.step, 'commit');
    p.deliver(prevote('c1', 2, 3, 'B'), prevote('c3', 2, 3, 'B'), prevote('c1', 2, 6, 'nil'), prevote('c3', 2, 6, 'nil'));
    const r = p.on(startHeight(2, 'V'));
    assert.deepEqual(r.fired, ['StartHeight', 'StartRound', 'UponFPlusOneHigherRound', 'StartRound']);
    assert.equal(p.state.round, 6);
  });

  it('L57: timeoutPropose in (h, round, propose) prevotes nil; stale ones do nothing', () => {
    const p = follower();
    const stale = p.on(timeout('propose', 1, 3));
    assert.deepEqual([stale.fired, stale.outputs], [['OnTimeoutPropose'], []]);
    const r = p.on(timeout('propose', 1, 0));
    assert.deepEqual(broadcasts(r.outputs), ['PREVOTE 0 nil']);
    const again = p.on(timeout('propose', 1, 0));
    assert.deepEqual([again.fired, again.outputs], [['OnTimeoutPropose'], []]);
  });

  it('L61: timeoutPrevote in step prevote precommits nil; in another step nothing', () => {
    const p = follower();
    const stale = p.on(timeout('prevote', 1, 0));
    assert.deepEqual([stale.fired, stale.outputs], [['OnTimeoutPrevote'], []]);
    p.on(timeout('propose', 1, 0));
    const r = p.on(timeout('prevote', 1, 0));
    assert.deepEqual(broadcasts(r.outputs), ['PRECOMMIT 0 nil']);
  });

  it('L65: timeoutPrecommit starts the next round; after a decision it does nothing', () => {
    const p = follower();
    const r = p.on(timeout('precommit', 1, 0, 'V'));
    assert.deepEqual(r.fired, ['OnTimeoutPrecommit', 'StartRound', 'UponProposalInPropose']);
    assert.equal(p.state.round, 1);
    const d = follower();
    d.deliver(proposal('c1', 1, 0, 'A'), precommit('c1', 1, 0, 'A'), precommit('c3', 1, 0, 'A'), precommit('c4', 1, 0, 'A'));
    assert.equal(d.state.step, 'commit');
    const s = d.on(timeout('precommit', 1, 0));
    assert.deepEqual([s.fired, s.outputs, s.state.step], [['OnTimeoutPrecommit'], [], 'commit']);
  });

  it('RULES lists every rule name once with its paper lines; the reaction order is the contract table', async () => {
    const { RULES, REACTION_ORDER } = await import('../../src/core/rules.ts');
    const names = RULES.map((r) => r.name);
    assert.equal(new Set(names).size, names.length);
    assert.equal(names.length, 16); // with ProposeValue (getValue as a later event)
    assert.deepEqual(RULES.find((r) => r.name === 'UponProposalInPropose')?.lines, 'L22–L27');
    assert.deepEqual(REACTION_ORDER.map(([n]) => n), [
      'UponProposalAndPrecommitValue', 'UponCommit', 'UponFPlusOneHigherRound', 'UponProposalInPropose',
      'UponProposalInProposeAndPrevote', 'UponQuorumPrevotesAny', 'UponProposalInPrevoteOrCommitAndPrevote',
      'UponQuorumPrevotesNil', 'UponQuorumPrecommitsAny']);
    for (const [n, f] of REACTION_ORDER) assert.equal(f.name, n[0]!.toLowerCase() + n.slice(1), 'one name, three places');
  });

  it('stepWithRules runs a mutant rule list (negative controls): without L36 nothing locks', async () => {
    const { stepWithRules } = await import('../../src/core/step.ts');
    const { REACTION_ORDER } = await import('../../src/core/rules.ts');
    const mutant = stepWithRules(REACTION_ORDER.filter(([n]) => n !== 'UponProposalInPrevoteOrCommitAndPrevote'));
    const cfg = config({ self: 'c2' });
    let s = mutant(cfg, new Proc(cfg).state, startHeight(1)).state;
    for (const m of [proposal('c1', 1, 0, 'A'), prevote('c1', 1, 0, 'A'), prevote('c3', 1, 0, 'A')]) {
      s = mutant(cfg, s, { kind: 'Deliver', msg: m, value: 'none' }).state;
    }
    assert.equal(s.lockedValue, 'none');
    assert.equal(s.step, 'prevote');
  });

  it('proposer round-robin: proposer(h, r) = validators[(h - 1 + r) mod n]', async () => {
    const { proposer } = await import('../../src/core/proposer.ts');
    const vs = ['c1', 'c2', 'c3', 'c4'];
    const got = [[1, 0], [1, 1], [1, 3], [1, 4], [2, 0], [2, 3], [5, 0], [3, 7]].map(([h, r]) => proposer(vs, h!, r!));
    assert.deepEqual(got, ['c1', 'c2', 'c4', 'c1', 'c2', 'c1', 'c1', 'c2']);
    assert.throws(() => proposer([], 1, 0), /non-empty validator set/);
    assert.throws(() => proposer(vs, 0, 0), /expected height >= 1, got 0/);
  });
});
