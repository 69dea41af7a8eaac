// Agreement under an adversarial scheduler: three correct processes run the core and a
// Byzantine b1 (f = 1 of n = 4) sends arbitrary, equivocating messages signed as
// itself, and mirrors every vote a correct process sends back to that process (so each
// one sees b1 agree with it: the split-brain attack a wrong quorum or lock falls to). fast-check chooses the delivery order, the timeouts and b1's messages; no
// two correct processes may decide differently at any height, and every decided value
// is valid. The core is the only logic under test; the network here is a bag of
// pending deliveries.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { makeConfig, type CoreConfig } from '../../src/core/config.ts';
import { initState, step, type ConsensusState } from '../../src/core/step.ts';
import type { ConsensusEvent, ConsensusMessage, TimeoutKind } from '../../src/core/types.ts';
import { commit, precommit, prevote, proposal } from './helpers.ts';

const RUNS = Number(process.env.CORE_PROPERTY_RUNS ?? 150);
/**
 * The time limit only bounds shrinking a counterexample of long event lists (which can
 * take minutes); a failure found is still reported. A passing run takes about a second.
 */
const FC_OPTIONS = { numRuns: RUNS, interruptAfterTimeLimit: 30_000 };
const VALIDATORS = ['c1', 'c2', 'c3', 'b1'];
const CORRECT = ['c1', 'c2', 'c3'];
const VALID = new Set(['A', 'B', 'C']);
/** Each correct process proposes its own fresh value, so disagreement would show. */
const FRESH: Record<string, string> = { c1: 'A', c2: 'B', c3: 'C' };

interface Proc { cfg: CoreConfig; state: ConsensusState; timers: { kind: TimeoutKind; height: number; round: number }[] }

const byzantine = fc.record({
  to: fc.constantFrom(...CORRECT),
  kind: fc.constantFrom('proposal', 'prevote', 'precommit', 'commit'),
  h: fc.integer({ min: 1, max: 2 }), r: fc.integer({ min: 0, max: 4 }),
  v: fc.constantFrom('A', 'B', 'C', 'bad', 'nil'),
}).map(({ to, kind, h, r, v }) => {
  const value = v === 'nil' && (kind === 'proposal' || kind === 'commit') ? 'A' : v;
  const msg = kind === 'proposal' ? proposal('b1', h, r, value)
    : kind === 'prevote' ? prevote('b1', h, r, value)
      : kind === 'precommit' ? precommit('b1', h, r, value)
        : commit('b1', h, r, value, ['c1', 'c2', 'b1']); // a forged certificate
  return { to, msg };
});

describe('core simulation: agreement with one Byzantine validator', function () {
  this.timeout(60_000);

  it('no two correct processes decide differently; decided values are valid', () => {
    let decisions = 0;
    fc.assert(fc.property(
      fc.array(byzantine, { maxLength: 40 }),
      // b1's own proposals (h=1 r=3 and h=2 r=2, where it is the proposer): a fresh value per receiver.
      fc.array(fc.constantFrom('A', 'B', 'C'), { minLength: 6, maxLength: 6 }),
      fc.array(fc.nat(), { minLength: 100, maxLength: 400 }),
      (randomByz, ownProposals, choices) => {
        const byz = [...randomByz, ...CORRECT.flatMap((to, i) => [
          { to, msg: proposal('b1', 1, 3, ownProposals[i]!) }, { to, msg: proposal('b1', 2, 2, ownProposals[i + 3]!) }])];
        // Model-like certificates: 2f+1 distinct validators who did send that PRECOMMIT.
        const sentPrecommits = new Set<string>();
        const procs = new Map<string, Proc>();
        for (const self of CORRECT) {
          const cfg = makeConfig({
            validators: VALIDATORS, self, isValid: (v) => VALID.has(v),
            crypto: {
              sign: () => undefined, verify: () => true,
              certify: (_h, _r, _v, pcs) => ({ signers: [...new Set(pcs.map((m) => m.src))].sort() }),
              checkCertificate: (h, r, v, cert) => (new Set(cert.signers).size === cert.signers.length && cert.signers.length >= 3
                && cert.signers.every((s) => sentPrecommits.has(`${s}/${h}/${r}/${v}`)) ? null : 'not a certificate'),
            },
          });
          procs.set(self, { cfg, state: initState(cfg), timers: [] });
        }
        for (const { msg } of byz) if (msg.type === 'PRECOMMIT') sentPrecommits.add(`${msg.src}/${msg.height}/${msg.round}/${msg.value}`);
        const precommitted = (m: ConsensusMessage) => m.type === 'PRECOMMIT' && sentPrecommits.add(`${m.src}/${m.height}/${m.round}/${m.value}`);
        const pending: { to: string; event: ConsensusEvent }[] = byz.map(({ to, msg }) => ({ to, event: { kind: 'Deliver', msg, value: FRESH[to]! } }));
        const decided = new Map<number, string>();

        const apply = (to: string, event: ConsensusEvent) => {
          const p = procs.get(to)!;
          const r = step(p.cfg, p.state, { ...event, value: FRESH[to]! });
          p.state = r.state;
          for (const o of r.outputs) {
            switch (o.kind) {
              case 'broadcast':
                if (o.msg.type === 'PRECOMMIT') sentPrecommits.add(`${o.msg.src}/${o.msg.height}/${o.msg.round}/${o.msg.value}`);
                for (const q of CORRECT) if (q !== to) pending.push({ to: q, event: { kind: 'Deliver', msg: o.msg as ConsensusMessage, value: 'none' } });
                if (o.msg.type !== 'PROPOSAL') { // b1 mirrors every vote back to its sender: the split-brain attack
                  const mirror = { ...o.msg, src: 'b1', signature: undefined };
                  delete mirror.signature;
                  precommitted(mirror);
                  pending.push({ to, event: { kind: 'Deliver', msg: mirror, value: 'none' } });
                }
                break;
              case 'scheduleTimeout': p.timers.push({ kind: o.timeout, height: o.height, round: o.round }); break;
              case 'decide': {
                decisions++;
                assert.ok(VALID.has(o.value), `${to} decided invalid ${o.value}`);
                const other = decided.get(o.height);
                if (other !== undefined) assert.equal(o.value, other, `disagreement at height ${o.height}`);
                decided.set(o.height, o.value);
                if (o.height < 2) pending.push({ to, event: { kind: 'StartHeight', height: o.height + 1, value: 'none' } });
                break;
              }
              case 'evidence': case 'rejected': break;
              default: throw new Error(`unexpected output ${JSON.stringify(o)}`);
            }
          }
        };

        for (const self of CORRECT) apply(self, { kind: 'StartHeight', height: 1, value: 'none' });
        for (const c of choices) {
          const timers = CORRECT.flatMap((q) => procs.get(q)!.timers.map((t, i) => ({ q, t, i })));
          if (timers.length > 0 && (c % 6 === 0 || pending.length === 0)) {
            const { q, t, i } = timers[Math.floor(c / 6) % timers.length]!;
            procs.get(q)!.timers.splice(i, 1); // a timeout fires at most once
            apply(q, { kind: 'Timeout', timeout: t.kind, height: t.height, round: t.round, value: 'none' });
          } else if (pending.length > 0) {
            const [d] = pending.splice(c % pending.length, 1);
            apply(d!.to, d!.event);
          } else {
            break;
          }
        }
      }), FC_OPTIONS);
    assert.ok(decisions > RUNS, `only ${decisions} decisions in ${RUNS} runs: the scheduler is too hostile to test agreement`);
  });
});
