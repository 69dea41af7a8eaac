// The conventions of docs/contract.md that are parameters of the core: voting power
// (thresholds over the total power, certificates by power) and proposer selection
// (round-robin or a table). Each weighted case is paired with its equal-power run,
// which must behave differently (the negative control: a core ignoring power fails).
import assert from 'node:assert/strict';
import { trustingCrypto } from '../../src/core/crypto.ts';
import { proposerOf, ROUND_ROBIN } from '../../src/core/proposer.ts';
import { faulty, quorum, skipThreshold } from '../../src/core/quorum.ts';
import { config, precommit, prevote, proposal, Proc, startHeight } from './helpers.ts';

const HEAVY = { c1: 3, c2: 2, c3: 1, c4: 1 }; // total 7: F = 2, quorum 5, skip 3

describe('conventions: one definition of every threshold (quorum.ts)', () => {
  it('total 1..60: quorum is the least power above 2/3, skip the least above 1/3 (exactly 1/3 when 3 divides the total)', () => {
    for (let t = 1; t <= 60; t++) {
      assert.equal(quorum(t), Math.floor((2 * t) / 3) + 1, `quorum at ${t}`);
      assert.equal(skipThreshold(t), t % 3 === 0 ? t / 3 : Math.floor(t / 3) + 1, `skip at ${t}`);
      // any two quorums share more than the faulty power F; a skip set holds more than F
      assert.ok(2 * quorum(t) - t > faulty(t) && skipThreshold(t) > faulty(t), `intersection at ${t}`);
    }
  });

  it('equal power: the contract\'s n - f and f + 1 for n = 1..60 (today\'s thresholds)', () => {
    for (let n = 1; n <= 60; n++) {
      const f = Math.floor((n - 1) / 3);
      assert.equal(config({ validators: Array.from({ length: n }, (_, i) => `c${i + 1}`) }).totalPower, n);
      assert.equal(quorum(n), n - f);
      assert.equal(skipThreshold(n), f + 1);
    }
  });
});

describe('conventions: voting power in the rules', () => {
  // c1 proposes (1, 0) under round-robin; c1 and c2 hold 5 of 7.
  const run = (power?: Record<string, number>) => {
    const p = new Proc(config(power ? { power } : {}));
    p.on(startHeight(1, 'A'));
    p.deliver(prevote('c2', 1, 0, 'A'));
    const afterPrevote = p.state.step;
    p.deliver(precommit('c2', 1, 0, 'A'));
    return { afterPrevote, p };
  };

  it('c1 (3) and c2 (2) are a quorum of 7: lock, precommit and decide with a 2-signer certificate', () => {
    const { afterPrevote, p } = run(HEAVY);
    assert.equal(afterPrevote, 'precommit');
    assert.deepEqual(p.state.decisions[1], { value: 'A', round: 0, cert: { signers: ['c1', 'c2'] } });
  });

  it('negative control: the same events under equal power (2 of 4 < 3) decide nothing', () => {
    const { afterPrevote, p } = run();
    assert.equal(afterPrevote, 'prevote');
    assert.equal(p.state.decisions[1], undefined);
  });

  it('a round skip on one sender of power >= F + 1 (L55), not on a lighter one', () => {
    const heavy = new Proc(config({ power: { c1: 1, c2: 1, c3: 3, c4: 1 } })); // total 6: F = 1, skip 2
    heavy.on(startHeight(1, 'A'));
    heavy.deliver(prevote('c3', 1, 2, 'nil'));
    assert.equal(heavy.state.round, 2);
    const light = new Proc(config({ power: { c1: 1, c2: 1, c3: 3, c4: 1 } }));
    light.on(startHeight(1, 'A'));
    light.deliver(prevote('c2', 1, 2, 'nil'));
    assert.equal(light.state.round, 0);
  });

  it('certificates are checked by power: 2 heavy signers pass, 3 light ones of 7 do not', () => {
    const c = trustingCrypto(['c1', 'c2', 'c3', 'c4'], HEAVY);
    assert.equal(c.checkCertificate(1, 0, 'A', { signers: ['c1', 'c2'] }), null);
    assert.equal(c.checkCertificate(1, 0, 'A', { signers: ['c2', 'c3', 'c4'] }), 'certificate\'s signers hold power 4, needs 5');
    const equal = trustingCrypto(['c1', 'c2', 'c3', 'c4']);
    assert.equal(equal.checkCertificate(1, 0, 'A', { signers: ['c1', 'c2'] }), 'certificate has 2 signers, needs 3');
  });

  it('makeConfig refuses a power table that misses a validator, names another, or holds a non-positive power', () => {
    assert.throws(() => config({ power: { c1: 1, c2: 1, c3: 1 } }), /power of "c4" to be a positive integer, got undefined/);
    assert.throws(() => config({ power: { ...HEAVY, x9: 1 } }), /power names "x9", which is not a validator/);
    assert.throws(() => config({ power: { ...HEAVY, c2: 0 } }), /power of "c2" to be a positive integer, got 0/);
    assert.throws(() => config({ power: { ...HEAVY, c2: 1.5 } }), /positive integer, got 1.5/);
  });
});

describe('conventions: proposer selection', () => {
  const table = { kind: 'table' as const, table: [['c3', 'c2'], ['c4']] };

  it('a table names proposer(h, r) and repeats beyond its last height and round', () => {
    const cfg = config({ proposer: table });
    const at = (h: number, r: number) => proposerOf(cfg.proposer, cfg.validators, h, r);
    assert.deepEqual([at(1, 0), at(1, 1), at(1, 2), at(2, 0), at(2, 5), at(3, 1)], ['c3', 'c2', 'c3', 'c4', 'c4', 'c2']);
    assert.deepEqual([0, 1, 2, 3].map((r) => proposerOf(config().proposer, config().validators, 1, r)), ['c1', 'c2', 'c3', 'c4']);
  });

  it('with the table, c1 does not propose (1, 0) and prevotes c3\'s proposal; round-robin\'s c1 would propose', () => {
    const p = new Proc(config({ proposer: table }));
    const r = p.on(startHeight(1, 'A'));
    assert.deepEqual(r.outputs.map((o) => o.kind), ['scheduleTimeout']);
    const [got] = p.deliver(proposal('c3', 1, 0, 'B'));
    assert.deepEqual(got!.outputs, [{ kind: 'broadcast', msg: prevote('c1', 1, 0, 'B') }]);
    const rr = new Proc(config());
    assert.equal(rr.on(startHeight(1, 'A')).outputs[0]?.kind, 'broadcast');
  });

  it('a proposal from the round-robin proposer that the table does not name is rejected (not-proposer)', () => {
    const p = new Proc(config({ self: 'c2', proposer: table }));
    p.on(startHeight(1, 'A'));
    const [r] = p.deliver(proposal('c1', 1, 0, 'B'));
    assert.match(r!.outputs[0]?.kind === 'rejected' ? r!.outputs[0].detail : '', /proposer of h=1 r=0 is c3, not c1/);
  });

  it('makeConfig refuses an empty table, an empty row and an unknown proposer', () => {
    assert.throws(() => config({ proposer: { kind: 'table', table: [] } }), /non-empty array of rows/);
    assert.throws(() => config({ proposer: { kind: 'table', table: [[]] } }), /table\[0\] \(height 1\) to be a non-empty array/);
    assert.throws(() => config({ proposer: { kind: 'table', table: [['c1', 'x9']] } }), /table\[0\]\[1\] is "x9", not a validator/);
  });
});

describe('conventions: first height', () => {
  it('first height 0: the process starts committed at height -1, StartHeight(0) runs, round-robin counts from height 0', () => {
    const p = new Proc(config({ firstHeight: 0 }));
    assert.equal(p.state.height, -1);
    const r = p.on(startHeight(0, 'A'));
    // c1 is validators[(0 - 0 + 0) mod 4]: it proposes (0, 0)
    assert.deepEqual(r.outputs[0], { kind: 'broadcast', msg: proposal('c1', 0, 0, 'A') });
    p.deliver(prevote('c2', 0, 0, 'A'), prevote('c3', 0, 0, 'A'), precommit('c2', 0, 0, 'A'), precommit('c3', 0, 0, 'A'));
    assert.deepEqual(p.state.decisions[0], { value: 'A', round: 0, cert: { signers: ['c1', 'c2', 'c3'] } });
    assert.equal(proposerOf(p.cfg.proposer, p.cfg.validators, 1, 0, 0), 'c2');
  });

  it('negative control: under first height 1 a height-0 message is malformed, and StartHeight(0) is not enabled', () => {
    const p = new Proc(config());
    assert.deepEqual(p.on(startHeight(0, 'A')).outputs.map((o) => o.kind === 'rejected' && o.reason), ['not-enabled']);
    p.on(startHeight(1, 'A'));
    const [r] = p.deliver(prevote('c2', 0, 0, 'A'));
    assert.match(r!.outputs[0]?.kind === 'rejected' ? r!.outputs[0].detail : '', /height: expected an integer >= 1, got 0/);
    const z = new Proc(config({ firstHeight: 0 }));
    z.on(startHeight(0, 'A'));
    assert.deepEqual(z.deliver(prevote('c2', -1, 0, 'A'))[0]!.outputs.map((o) => o.kind === 'rejected' && o.reason), ['malformed']);
  });

  it('a proposer table counts its rows from the first height', () => {
    const cfg = config({ firstHeight: 0, proposer: { kind: 'table', table: [['c3'], ['c4']] } });
    assert.deepEqual([0, 1, 2].map((h) => proposerOf(cfg.proposer, cfg.validators, h, 0, 0)), ['c3', 'c4', 'c3']);
    assert.throws(() => config({ firstHeight: 0, proposer: { kind: 'table', table: [['c1'], []] } }), /table\[1\] \(height 1\)/);
  });

  it('makeConfig refuses a first height other than 0 or 1', () => {
    assert.throws(() => config({ firstHeight: 2 as 0 }), /expected firstHeight to be 0 or 1, got 2/);
  });
});

describe('conventions: getValue() answered by a later event', () => {
  const later = () => new Proc(config({ getValue: 'later-event' }));
  const proposeValue = (height: number, round: number, value: string) => ({ kind: 'ProposeValue' as const, height, round, value });

  it('the proposer asks with a getValue output, proposes when ProposeValue answers, and prevotes its proposal (L19, L22)', () => {
    const p = later();
    const r = p.on(startHeight(1, 'A'));
    assert.deepEqual(r.outputs, [{ kind: 'getValue', height: 1, round: 0 }]);
    assert.deepEqual(r.fired, ['StartHeight', 'StartRound']);
    const a = p.on(proposeValue(1, 0, 'B'));
    assert.deepEqual(a.fired, ['ProposeValue', 'UponProposalInPropose']);
    assert.deepEqual(a.outputs, [{ kind: 'broadcast', msg: proposal('c1', 1, 0, 'B') }, { kind: 'broadcast', msg: prevote('c1', 1, 0, 'B') }]);
  });

  it('negative control: within the step (the default) the proposer proposes at once, with the event\'s value', () => {
    const p = new Proc(config());
    assert.deepEqual(p.on(startHeight(1, 'A')).outputs[0], { kind: 'broadcast', msg: proposal('c1', 1, 0, 'A') });
  });

  it('a stale or repeated answer does nothing: another round, after a prevote timeout, twice, or never asked', () => {
    const p = later();
    p.on(startHeight(1, 'A'));
    p.on(proposeValue(1, 0, 'B'));
    assert.deepEqual(p.on(proposeValue(1, 0, 'C')).outputs, []); // answered already
    assert.deepEqual(p.on(proposeValue(1, 1, 'C')).outputs, []); // not this round
    const q = new Proc(config({ getValue: 'later-event', self: 'c2' })); // c2 is not proposer of (1, 0)
    q.on(startHeight(1, 'A'));
    assert.deepEqual(q.on(proposeValue(1, 0, 'C')).outputs, []);
    const w = new Proc(config()); // within the step: nothing is ever asked
    w.on(startHeight(1, 'A'));
    assert.deepEqual(w.on(proposeValue(1, 0, 'C')).fired, ['ProposeValue']);
  });

  it('a proposer with a validValue re-proposes it at once, without asking (L15–L16)', () => {
    const p = new Proc(config({ getValue: 'later-event', self: 'c2' }));
    p.on(startHeight(1, 'A'));
    p.deliver(proposal('c1', 1, 0, 'V'), prevote('c1', 1, 0, 'V'), prevote('c3', 1, 0, 'V')); // L36: validValue V
    assert.equal(p.state.validValue, 'V');
    const [r] = p.deliver(precommit('c1', 1, 1, 'nil'), precommit('c3', 1, 1, 'nil')).slice(-1); // skip to round 1 (L55): c2 proposes
    assert.equal(p.state.round, 1);
    assert.equal(r!.outputs.find((o) => o.kind === 'getValue'), undefined);
    assert.ok(r!.outputs.some((o) => o.kind === 'broadcast' && o.msg.type === 'PROPOSAL' && o.msg.value === 'V' && o.msg.validRound === 0));
  });

  it('makeConfig refuses an unknown getValue mode; an answer of "none" that is needed is a caller error', () => {
    assert.throws(() => config({ getValue: 'eventually' as 'later-event' }), /expected getValue to be 'within-step' or 'later-event', got "eventually"/);
    const p = later();
    p.on(startHeight(1, 'A'));
    assert.throws(() => p.on(proposeValue(1, 0, 'none')), /without a validValue, but the event carries value "none"/);
  });
});

describe('conventions: own messages delivered back', () => {
  const back = (self = 'c1') => new Proc(config({ ownMessages: 'delivered-back', self }));

  it('the proposer\'s own proposal counts only once delivered back: then it prevotes it (L22)', () => {
    const p = back();
    const r = p.on(startHeight(1, 'A'));
    assert.deepEqual(r.outputs, [{ kind: 'broadcast', msg: proposal('c1', 1, 0, 'A') }]);
    assert.equal(p.state.step, 'propose');
    const [d] = p.deliver(proposal('c1', 1, 0, 'A'));
    assert.deepEqual(d!.outputs, [{ kind: 'broadcast', msg: prevote('c1', 1, 0, 'A') }]);
  });

  it('negative control: counted at once (the default), the proposer prevotes within the step', () => {
    const p = new Proc(config());
    assert.deepEqual(p.on(startHeight(1, 'A')).outputs.map((o) => o.kind === 'broadcast' && o.msg.type), ['PROPOSAL', 'PREVOTE']);
  });

  it('an own vote counts towards a quorum only once delivered: 2 others + own = 3 of 4', () => {
    const p = back('c2');
    p.on(startHeight(1, 'A'));
    p.deliver(proposal('c1', 1, 0, 'A')); // c2 prevotes A (not yet counted)
    p.deliver(prevote('c1', 1, 0, 'A'), prevote('c3', 1, 0, 'A'));
    assert.equal(p.state.step, 'prevote', 'two prevotes counted: no polka yet');
    p.deliver(prevote('c2', 1, 0, 'A'));
    assert.equal(p.state.step, 'precommit');
    assert.equal(p.state.lockedValue, 'A');
  });

  it('a message in our name that we did not send is refused (not-sent-by-self), delivered back or not', () => {
    const p = back('c2');
    p.on(startHeight(1, 'A'));
    const [r] = p.deliver(prevote('c2', 1, 0, 'B'));
    assert.deepEqual(r!.outputs.map((o) => o.kind === 'rejected' && o.reason), ['not-sent-by-self']);
  });

  it('with getValue as a later event too, a second answer does not propose again', () => {
    const p = new Proc(config({ ownMessages: 'delivered-back', getValue: 'later-event' }));
    p.on(startHeight(1, 'A'));
    p.on({ kind: 'ProposeValue', height: 1, round: 0, value: 'B' });
    assert.deepEqual(p.on({ kind: 'ProposeValue', height: 1, round: 0, value: 'C' }).outputs, []);
  });

  it('makeConfig refuses an unknown ownMessages mode', () => {
    assert.throws(() => config({ ownMessages: 'echoed' as 'delivered-back' }), /expected ownMessages to be 'counted-at-once' or 'delivered-back', got "echoed"/);
  });
});

describe('conventions: proposer priority (CometBFT\'s weighted round-robin, core only)', () => {
  const at = (cfg: ReturnType<typeof config>, h: number, r: number) => proposerOf(cfg.proposer, cfg.validators, h, r, cfg.firstHeight);

  it('powers 2 and 1, worked by hand: runs elect c1, c2, c1, c1, c2, c1, …; (h, r) is run h - firstHeight + 1 + r', () => {
    const cfg = config({ validators: ['c1', 'c2'], power: { c1: 2, c2: 1 }, proposer: { kind: 'proposer-priority' } });
    // run 1: [0,0]+[2,1] = [2,1], c1 elected, [-1,1]; run 2: [1,2], c2, [1,-1]; run 3: [3,0], c1, [0,0]; and again
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((h) => at(cfg, h, 0)), ['c1', 'c2', 'c1', 'c1', 'c2', 'c1']);
    assert.deepEqual([0, 1, 2].map((r) => at(cfg, 2, r)), ['c2', 'c1', 'c1']);
    const zero = config({ validators: ['c1', 'c2'], power: { c1: 2, c2: 1 }, proposer: { kind: 'proposer-priority' }, firstHeight: 0 });
    assert.equal(at(zero, 1, 0), 'c2');
  });

  it('under equal power it is round-robin (n = 1..7, heights 1..20, rounds 0..5); negative control: unequal power is not', () => {
    for (let n = 1; n <= 7; n++) {
      const validators = Array.from({ length: n }, (_, i) => `c${i + 1}`);
      const cfg = config({ validators, self: 'c1', proposer: { kind: 'proposer-priority' } });
      for (let h = 1; h <= 20; h++) for (let r = 0; r <= 5; r++) assert.equal(at(cfg, h, r), proposerOf(ROUND_ROBIN, validators, h, r), `n=${n} h=${h} r=${r}`);
    }
    const heavy = config({ power: HEAVY, proposer: { kind: 'proposer-priority' } });
    assert.notDeepEqual([1, 2, 3, 4].map((h) => at(heavy, h, 0)), ['c1', 'c2', 'c3', 'c4']);
  });

  it('each validator is elected in proportion to its power: c1 3, c2 2, c3 1, c4 1 over 7 × 100 runs', () => {
    const cfg = config({ power: HEAVY, proposer: { kind: 'proposer-priority' } });
    const count: Record<string, number> = {};
    for (let h = 1; h <= 700; h++) { const p = at(cfg, h, 0); count[p] = (count[p] ?? 0) + 1; }
    assert.deepEqual(count, { c1: 300, c2: 200, c3: 100, c4: 100 });
  });

  it('the core proposes by it: c1 (power 3) proposes (1, 0), and a proposal from another validator is not-proposer', () => {
    const p = new Proc(config({ self: 'c2', power: HEAVY, proposer: { kind: 'proposer-priority' } }));
    p.on(startHeight(1, 'A'));
    const [r] = p.deliver(proposal('c4', 1, 0, 'B'));
    assert.match(r!.outputs[0]?.kind === 'rejected' ? r!.outputs[0].detail : '', /proposer of h=1 r=0 is c1, not c4/);
  });
});
