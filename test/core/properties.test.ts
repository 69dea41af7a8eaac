// Property tests (fast-check) of the pure core: delivery order, duplicates, Byzantine
// senders, totality and purity of `step`.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { makeConfig, type CoreConfig } from '../../src/core/config.ts';
import { trustingCrypto, type ConsensusCrypto } from '../../src/core/crypto.ts';
import { newCtx } from '../../src/core/context.ts';
import { REACTION_ORDER } from '../../src/core/rules.ts';
import { initState, project, step, type ConsensusState } from '../../src/core/step.ts';
import type { ConsensusEvent, ConsensusMessage, ConsensusOutput } from '../../src/core/types.ts';
import { config, deepFreeze, precommit, prevote, proposal } from './helpers.ts';

const RUNS = Number(process.env.CORE_PROPERTY_RUNS ?? 150);
/**
 * The time limit only bounds shrinking a counterexample of long event lists (which can
 * take minutes); a failure found is still reported. A passing run takes about a second.
 */
const FC_OPTIONS = { numRuns: RUNS, interruptAfterTimeLimit: 30_000 };

/** Runs events from the initial state; returns the final state and every output. */
function run(cfg: CoreConfig, events: ConsensusEvent[]): { state: ConsensusState; outputs: ConsensusOutput[] } {
  let state = initState(cfg);
  const outputs: ConsensusOutput[] = [];
  for (const e of events) {
    const r = step(cfg, state, e);
    state = r.state;
    outputs.push(...r.outputs);
  }
  return { state, outputs };
}

const key = (m: ConsensusMessage) => `${m.type}/${m.src}/${m.height}/${m.round}`;
const deliverX = (msg: ConsensusMessage): ConsensusEvent => ({ kind: 'Deliver', msg, value: 'X' });
/** getValue() answers A, the generators' favourite value, so our own proposals can win too. */
const deliverA = (msg: ConsensusMessage): ConsensusEvent => ({ kind: 'Deliver', msg, value: 'A' });
const START1: ConsensusEvent = { kind: 'StartHeight', height: 1, value: 'X' };
const START1A: ConsensusEvent = { kind: 'StartHeight', height: 1, value: 'A' };

/** A deterministic shuffle from a seed (the seed comes from fast-check, so it shrinks). */
function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const a = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

// Biased towards A so that quorums (and decisions) actually happen in random runs.
const VALUE = fc.oneof({ weight: 4, arbitrary: fc.constant('A') }, { weight: 1, arbitrary: fc.constantFrom('B', 'bad') });
const VOTE = fc.oneof({ weight: 4, arbitrary: fc.constant('A') }, { weight: 1, arbitrary: fc.constantFrom('B', 'bad', 'nil') });
const PROPOSERS_H1 = ['c1', 'c2', 'c3', 'c4'];

/** Any well-formed message from `srcs` at heights 1..2, rounds 0..maxRound (proposals from the round's proposer). */
function anyMessage(srcs: string[], validators: string[], maxRound = 2): fc.Arbitrary<ConsensusMessage> {
  const hr = fc.record({ h: fc.integer({ min: 1, max: 2 }), r: fc.integer({ min: 0, max: maxRound }) });
  return fc.oneof(
    fc.tuple(hr, VALUE, fc.integer({ min: -1, max: 2 })).map(([{ h, r }, v, vr]) =>
      proposal(validators[(h - 1 + r) % validators.length]!, h, r, v, Math.min(vr, r - 1))),
    fc.tuple(fc.constantFrom(...srcs), hr, VOTE).map(([s, { h, r }, v]) => prevote(s, h, r, v)),
    fc.tuple(fc.constantFrom(...srcs), hr, VOTE).map(([s, { h, r }, v]) => precommit(s, h, r, v)),
    fc.tuple(fc.constantFrom(...srcs), hr, VALUE, fc.subarray(validators)).map(([s, { h, r }, v, signers]): ConsensusMessage =>
      ({ type: 'COMMIT', src: s, height: h, round: r, value: v, validRound: -1, cert: { signers } })),
  );
}

const anyTimeout: fc.Arbitrary<ConsensusEvent> = fc.record({
  kind: fc.constant('Timeout' as const), timeout: fc.constantFrom('propose' as const, 'prevote' as const, 'precommit' as const),
  height: fc.integer({ min: 0, max: 3 }), round: fc.integer({ min: -1, max: 4 }), value: fc.constant('X'),
});
const anyStart: fc.Arbitrary<ConsensusEvent> = fc.integer({ min: -1, max: 3 }).map((height) => ({ kind: 'StartHeight', height, value: 'X' }));

describe('core properties (fast-check)', function () {
  this.timeout(60_000);

  it('any delivery order of a decisive message set decides the same value', () => {
    // We are c4; rounds 0..2 of height 1 have proposers c1..c3. The set holds a proposal
    // of v in round r* and precommits for v from c1..c3, plus extra messages whose
    // precommits are for v or nil only (so no other value can gather 2f+1 precommits).
    const cfg = config({ self: 'c4' });
    const scenario = fc.record({
      v: fc.constantFrom('A', 'B'), rStar: fc.integer({ min: 0, max: 2 }),
      extra: fc.array(fc.oneof(
        fc.tuple(fc.constantFrom('c1', 'c2', 'c3'), fc.integer({ min: 0, max: 2 }), VOTE).map(([s, r, v]) => prevote(s, 1, r, v)),
        fc.tuple(fc.constantFrom('c1', 'c2', 'c3'), fc.integer({ min: 0, max: 2 }), fc.boolean()).map(([s, r, nil]) => precommit(s, 1, r, nil ? 'nil' : 'V*')),
        fc.tuple(fc.integer({ min: 0, max: 2 }), VALUE).map(([r, v]) => proposal(PROPOSERS_H1[r]!, 1, r, v)),
      ), { maxLength: 12 }),
      seeds: fc.tuple(fc.integer(), fc.integer()),
    });
    fc.assert(fc.property(scenario, ({ v, rStar, extra, seeds }) => {
      const required = [proposal(PROPOSERS_H1[rStar]!, 1, rStar, v), ...['c1', 'c2', 'c3'].map((s) => precommit(s, 1, rStar, v))];
      const byKey = new Map<string, ConsensusMessage>();
      for (const m of [...required, ...extra.map((m) => (m.value === 'V*' ? { ...m, value: v } : m))]) {
        if (!byKey.has(key(m))) byKey.set(key(m), m); // one message per key: no equivocation here
      }
      const msgs = [...byKey.values()];
      const decided = seeds.map((seed) => {
        const { state } = run(cfg, [START1, ...shuffle(msgs, seed).map(deliverX)]);
        return project(state).decisions[1]?.value;
      });
      assert.deepEqual(decided, [v, v]);
    }), FC_OPTIONS);
  });

  it('delivering duplicates never changes the outcome', () => {
    const cfg = config({ self: 'c1' });
    const events = fc.array(fc.oneof(
      { weight: 10, arbitrary: anyMessage(['c2', 'c3', 'c4'], ['c1', 'c2', 'c3', 'c4'], 1).map(deliverA) },
      { weight: 1, arbitrary: anyTimeout },
      { weight: 1, arbitrary: anyStart },
    ), { minLength: 10, maxLength: 60 });
    let decided = 0;
    const dupPlan = fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 15 });
    // Evidence and rejections are reports about the input and repeat with it; compare the rest.
    const effects = (outs: ConsensusOutput[]) => outs.filter((o) => o.kind !== 'evidence' && o.kind !== 'rejected');
    fc.assert(fc.property(events, dupPlan, (evs, plan) => {
      const base = [START1A, ...evs];
      const withDups = [...base];
      for (const [a, b] of plan) {
        const delivered = withDups.map((e, i) => [e, i] as const).filter(([e]) => e.kind === 'Deliver');
        if (delivered.length === 0) break;
        const [e, i] = delivered[a % delivered.length]!;
        const at = i + 1 + (b % (withDups.length - i)); // somewhere after the original
        withDups.splice(at, 0, e);
      }
      const x = run(cfg, base);
      const y = run(cfg, withDups);
      assert.deepEqual(project(y.state), project(x.state));
      assert.deepEqual(effects(y.outputs), effects(x.outputs));
      if (Object.keys(x.state.decisions).length > 0) decided++;
    }), FC_OPTIONS);
    assert.ok(decided > 0, 'the generator never produced a decision: the property would be vacuous');
  });

  it('a Byzantine sender never makes a correct process decide without 2f+1 distinct precommits', () => {
    // Validators c1, c2, c3, b1 (f = 1); we are c1. Everyone else sends arbitrary messages
    // signed as themselves. Certificates are checked as in the model: 2f+1 distinct
    // validators who did send that PRECOMMIT (here: appear in the scenario or our outputs).
    const validators = ['c1', 'c2', 'c3', 'b1'];
    let byCommit = 0;
    let byPrecommits = 0;
    fc.assert(fc.property(fc.array(fc.oneof(
      { weight: 10, arbitrary: anyMessage(['c2', 'c3', 'b1'], validators, 1).map(deliverA) },
      { weight: 1, arbitrary: anyTimeout },
      { weight: 1, arbitrary: anyStart },
    ), { minLength: 10, maxLength: 80 }), fc.array(fc.record({
      h: fc.integer({ min: 1, max: 2 }), r: fc.integer({ min: 0, max: 1 }), v: VALUE, seed: fc.integer(),
    }), { maxLength: 2 }), (randomEvents, bundles) => {
      // Decisive bundles: c2, c3 and b1 precommit (h, r, v) and one of them sends the
      // COMMIT that those precommits justify, scattered through the random events.
      let generated = randomEvents;
      for (const { h, r, v, seed } of bundles) {
        const msgs = ['c2', 'c3', 'b1'].map((s) => precommit(s, h, r, v));
        msgs.push({ type: 'COMMIT', src: ['c2', 'c3', 'b1'][(seed >>> 0) % 3]!, height: h, round: r, value: v, validRound: -1, cert: { signers: [] } });
        generated = shuffle([...generated, ...msgs.map(deliverA)], seed);
      }
      const sent = new Set<string>();
      const pcKey = (src: string, h: number, r: number, v: string) => `${src}/${h}/${r}/${v}`;
      for (const e of generated) if (e.kind === 'Deliver' && e.msg.type === 'PRECOMMIT') sent.add(pcKey(e.msg.src, e.msg.height, e.msg.round, e.msg.value));
      // A COMMIT generated with no signers carries instead everyone who sent that
      // PRECOMMIT in the scenario, so valid certificates occur too (not only forged ones).
      const evs = generated.map((e): ConsensusEvent => {
        if (e.kind !== 'Deliver' || e.msg.type !== 'COMMIT' || e.msg.cert?.signers.length !== 0) return e;
        const m = e.msg;
        return { ...e, msg: { ...m, cert: { signers: validators.filter((v) => sent.has(pcKey(v, m.height, m.round, m.value))) } } };
      });
      const base = trustingCrypto(validators);
      const crypto: ConsensusCrypto = {
        ...base,
        checkCertificate: (h, r, v, cert) => base.checkCertificate(h, r, v, cert)
          ?? (cert.signers.every((s) => sent.has(pcKey(s, h, r, v))) ? null : 'a signer did not send that PRECOMMIT'),
      };
      const cfg = makeConfig({ validators, self: 'c1', isValid: (v) => v !== 'bad', crypto });
      let state = initState(cfg);
      // The votes counted: every (key, value) accepted without rejection (an equivocator's
      // vote for a second value counts too, contract receive step 4; beyond the vote
      // limit it is rejected).
      const counted = new Set<string>();
      for (const e of [START1A, ...evs]) {
        const r = step(cfg, state, e);
        state = r.state;
        if (e.kind === 'Deliver' && !r.outputs.some((o) => o.kind === 'rejected')) counted.add(`${key(e.msg)}/${e.msg.value}`);
        for (const o of r.outputs) {
          if (o.kind === 'broadcast') {
            counted.add(`${key(o.msg)}/${o.msg.value}`);
            if (o.msg.type === 'PRECOMMIT') sent.add(pcKey(o.msg.src, o.msg.height, o.msg.round, o.msg.value));
          }
          if (o.kind !== 'decide') continue;
          if (r.fired.includes('UponCommit')) byCommit++; else byPrecommits++;
          const signers = o.cert.signers;
          assert.equal(new Set(signers).size, signers.length, 'distinct signers');
          assert.ok(signers.length >= 3, `decided with ${signers.length} precommits`);
          for (const s of signers) {
            const byUs = counted.has(`PRECOMMIT/${s}/${o.height}/${o.round}/${o.value}`);
            const viaCommit = r.fired.includes('UponCommit');
            assert.ok(viaCommit ? sent.has(pcKey(s, o.height, o.round, o.value)) : byUs,
              `${s} did not precommit ${o.value} at h=${o.height} r=${o.round}`);
          }
        }
      }
    }), FC_OPTIONS);
    assert.ok(byPrecommits > 0 && byCommit > 0, `vacuous generator: ${byPrecommits} decisions by L49, ${byCommit} by COMMIT`);
  });

  it('step never throws on well-typed events, never mutates its input, and ends at a fixpoint', () => {
    const cfg = config({ self: 'c2', maxRound: 3 });
    const weird = fc.record({
      type: fc.constantFrom('PROPOSAL', 'PREVOTE', 'PRECOMMIT', 'COMMIT') as fc.Arbitrary<ConsensusMessage['type']>,
      src: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'x9', ''),
      height: fc.integer({ min: -1, max: 3 }), round: fc.integer({ min: -1, max: 5 }),
      value: fc.constantFrom('A', 'B', 'bad', 'nil', 'none', ''),
      validRound: fc.integer({ min: -2, max: 5 }),
      cert: fc.option(fc.record({ signers: fc.subarray(['c1', 'c2', 'c3', 'c4', 'c1']) }), { nil: undefined }),
    }).map((m) => (m.cert === undefined ? { ...m, cert: undefined } : m) as ConsensusMessage);
    const events = fc.array(fc.oneof(
      { weight: 3, arbitrary: weird.map(deliverX) },
      { weight: 3, arbitrary: anyMessage(['c1', 'c3', 'c4'], ['c1', 'c2', 'c3', 'c4']).map(deliverX) },
      { weight: 1, arbitrary: anyTimeout },
      { weight: 1, arbitrary: anyStart },
    ), { maxLength: 40 });
    fc.assert(fc.property(events, (evs) => {
      let state = initState(cfg);
      for (const e of [START1, ...evs]) {
        deepFreeze(state);
        deepFreeze(e);
        const before = JSON.stringify(state);
        const eventBefore = JSON.stringify(e);
        const r = step(cfg, state, e); // frozen input: any write would throw here
        assert.equal(JSON.stringify(state), before);
        assert.equal(JSON.stringify(e), eventBefore);
        state = r.state;
        // The reaction ran to a fixpoint: no rule is enabled in the resulting state.
        for (const [name, rule] of REACTION_ORDER) assert.equal(rule(newCtx(cfg, state, 'X')), false, `${name} still enabled`);
      }
    }), FC_OPTIONS);
  });
});
