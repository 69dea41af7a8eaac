// Hostile ids through every layer keyed by them (docs/contract.md, "Identifiers"): names
// that are special to a JavaScript object (`__proto__`, `constructor`, `toString`, …),
// non-ASCII, very long, and ids holding the characters other layers join with. Each
// property checks a layer against an oracle computed here over a Map, so a layer that
// loses, invents or mixes up an id's entry fails; the ids `c1`.. are among those drawn
// and behave the same (the control).
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { CORE_CONVENTIONS, coreSut } from '../../src/conformance/core-sut.ts';
import { readProjection, serveConsensusDriver } from '../../src/conformance/driver-protocol.ts';
import { transportSut } from '../../src/conformance/driver-sut.ts';
import { normalOutputs, normalProjection, sameJson } from '../../src/conformance/normal.ts';
import type { ConsensusSut, TraceParams } from '../../src/conformance/replay.ts';
import { makeConfig } from '../../src/core/config.ts';
import { idRecord, validatorIdProblem } from '../../src/core/ids.ts';
import { proposerOf } from '../../src/core/proposer.ts';
import { quorum, skipThreshold } from '../../src/core/quorum.ts';
import { initState, project, step } from '../../src/core/step.ts';
import type { ConsensusEvent } from '../../src/core/types.ts';
import { aggregateSignatures, sign } from '../../src/crypto/bls.ts';
import { certificateProblem, decodeCertificate, encodeCertificate } from '../../src/crypto/certificate.ts';
import { backendByName } from '../../src/crypto/select-backend.ts';
import { precommitSignBytes } from '../../src/crypto/signbytes.ts';
import { validatorSet } from '../../src/crypto/validators.ts';
import { itfToTrace, traceToItf } from '../../src/tlc/itf.ts';
import type { Trace } from '../../src/tlc/trace.ts';
import { parseValue, printSource, str, int, TlaWriteError, valueEquals, type TlaValue } from '../../src/tlc/value.ts';
import { batchModule } from '../../src/validate/tla-module.ts';
import { checkBatch } from '../../src/validate/tlc-check.ts';
import { normalEvent, type Recording } from '../../src/validate/recording.ts';
import { streamTransport } from '../../src/vectors/driver.ts';
import { testKeys } from '../crypto/helpers.ts';

/** Names an object answers without holding them, and the one whose write sets the prototype. */
export const SPECIAL = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf',
  'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__'];
const OTHER = ['c1', 'c2', 'b1', 'ü', 'Ω∀', '验证者', '😀', 'a,b', 'a.b', 'a|b', '"q"', 'x\\y', ' ', '0', '1e3', 'x'.repeat(5000)];

const idArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 3, arbitrary: fc.constantFrom(...OTHER) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }) },
);
/** 4..6 distinct ids, at least one of them SPECIAL, none refused (validatorIdProblem). */
const idsArb = fc.tuple(fc.constantFrom(...SPECIAL), fc.uniqueArray(idArb, { minLength: 3, maxLength: 5 }))
  .map(([s, rest]) => [...new Set([s, ...rest])].filter((v) => validatorIdProblem(v) === null))
  .filter((ids) => ids.length >= 4)
  .chain((ids) => fc.shuffledSubarray(ids, { minLength: ids.length, maxLength: ids.length }));
/** ids, a power per id, and a subset of the others (not ids[0]) in delivery order. */
const setupArb = idsArb.chain((ids) => fc.record({
  ids: fc.constant(ids),
  powers: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: ids.length, maxLength: ids.length }),
  senders: fc.shuffledSubarray(ids.slice(1), { minLength: 1 }),
  value: fc.constantFrom('v1', ...SPECIAL),
}));

type Setup = { ids: string[]; powers: number[]; senders: string[]; value: string };
const powerMap = (s: Setup): Map<string, number> => new Map(s.ids.map((v, i) => [v, s.powers[i]!]));
const sumOf = (m: Map<string, number>, ids: readonly string[]): number => ids.reduce((a, v) => a + m.get(v)!, 0);
/** The power table as it arrives from outside: JSON with an own key per id, `__proto__` too. */
const powerJson = (s: Setup): Record<string, number> => JSON.parse(JSON.stringify(idRecord(s.ids.map((v, i) => [v, s.powers[i]!] as const)))) as Record<string, number>;
const coreConfig = (s: Setup, extra: object = {}) =>
  makeConfig({ validators: s.ids, self: s.ids[0]!, power: powerJson(s), isValid: (v) => v !== 'bad', ...extra });
const vote = (type: 'PREVOTE' | 'PRECOMMIT', src: string, round: number, value: string) =>
  ({ kind: 'Deliver', msg: { type, src, height: 1, round, value, validRound: -1 }, value: 'X' }) as ConsensusEvent;

describe('ids: hostile validator ids and values through every layer (property)', function () {
  this.timeout(60_000);

  it('core: the total power, the skip threshold (L55) and the proposer count every id', () => {
    fc.assert(fc.property(setupArb, (s) => {
      const cfg = coreConfig(s);
      const pm = powerMap(s);
      const total = sumOf(pm, s.ids);
      assert.equal(cfg.totalPower, total);
      let state = step(cfg, initState(cfg), { kind: 'StartHeight', height: 1, value: s.value }).state;
      const seen: string[] = [];
      for (const src of s.senders) {
        state = step(cfg, state, vote('PREVOTE', src, 5, s.value)).state;
        seen.push(src);
        assert.equal(state.round, sumOf(pm, seen) >= skipThreshold(total) ? 5 : 0, `after PREVOTEs of round 5 from ${seen.join(' ')}`);
      }
      // round-robin, and proposer priority: over `total` runs each id is elected its power's times
      for (let r = 0; r < 2 * s.ids.length; r++) assert.equal(proposerOf(cfg.proposer, cfg.validators, 1, r), s.ids[r % s.ids.length]);
      const prio = coreConfig(s, { proposer: { kind: 'proposer-priority' } });
      const wins = new Map<string, number>();
      for (let h = 1; h <= total; h++) { const p = proposerOf(prio.proposer, prio.validators, h, 0); wins.set(p, (wins.get(p) ?? 0) + 1); }
      for (const v of s.ids) assert.equal(wins.get(v) ?? 0, pm.get(v), `wins of ${v}`);
    }), { numRuns: 150 });
  });

  it('core: a decision (L49) needs a quorum of power, and its projection keeps every id and value', () => {
    fc.assert(fc.property(setupArb, (s) => {
      const cfg = coreConfig(s);
      const pm = powerMap(s);
      const q = quorum(sumOf(pm, s.ids));
      let state = step(cfg, initState(cfg), { kind: 'StartHeight', height: 1, value: s.value }).state; // ids[0] proposes
      const seen: string[] = [];
      for (const src of s.senders) {
        state = step(cfg, state, vote('PRECOMMIT', src, 0, s.value)).state;
        seen.push(src);
        const d = project(state).decisions[1];
        if (sumOf(pm, seen) < q) { assert.equal(d, undefined); continue; }
        assert.equal(d?.value, s.value);
        assert.deepEqual([...d!.cert.signers].sort(), [...seen].sort()); // the senders that made the quorum
        break;
      }
      // the normal projection survives the driver protocol's JSON and its strict reader
      const n = normalProjection(project(state));
      assert.ok(sameJson(readProjection(JSON.parse(JSON.stringify(n)), 'projection'), n));
    }), { numRuns: 150 });
  });

  it('reference driver over the JSON-lines protocol: reset and steps agree with the core and the threshold', async () => {
    const inProcess = (): ConsensusSut => transportSut(() => {
      const toServer = new PassThrough();
      const toClient = new PassThrough();
      void serveConsensusDriver({ name: 'reference (in process)', sut: coreSut(), conventions: CORE_CONVENTIONS }, toServer, toClient);
      return streamTransport(toClient, toServer);
    }, { label: 'in-process' });
    const driver = inProcess();
    try {
      await fc.assert(fc.asyncProperty(setupArb, async (s) => {
        const params: TraceParams = { validators: s.ids, correct: [s.ids[0]!], validValues: [s.value], maxRound: 10, maxHeight: 2, power: powerJson(s) };
        const direct = coreSut();
        const init = await driver.reset(params);
        assert.ok(sameJson(init, await direct.reset(params)));
        const pm = powerMap(s);
        const skip = skipThreshold(sumOf(pm, s.ids));
        const events: ConsensusEvent[] = [{ kind: 'StartHeight', height: 1, value: s.value }, ...s.senders.map((src) => vote('PREVOTE', src, 5, s.value))];
        for (const [k, e] of events.entries()) {
          const got = await driver.step(s.ids[0]!, e);
          const want = await direct.step(s.ids[0]!, e);
          assert.ok(sameJson(got, { ...want, outputs: want.outputs }), `step ${k}: the driver's answer differs from the core's`);
          assert.equal(got.projection.round, sumOf(pm, s.senders.slice(0, k)) >= skip ? 5 : 0);
        }
        await direct.close();
      }), { numRuns: 40 });
    } finally {
      await driver.close();
    }
  });

  // Six fixed keys; the ids are drawn, so the set's table is keyed by hostile names.
  const keys = testKeys(6);
  const CHAIN = 'hostile-ids';
  const msg = precommitSignBytes(CHAIN, 1, 0, 'v1');
  const sigs = [...keys.secretKeys.values()].map((sk) => sign(sk, msg));
  const noble = backendByName('noble');

  it('BLS: validatorSet\'s power, f and quorum, and certificateProblem by the signers\' power', () => {
    fc.assert(fc.property(setupArb, (s) => {
      const set = validatorSet(s.ids.map((id, i) => ({ ...keys.entries[i]!, id, power: s.powers[i]! })));
      const pm = powerMap(s);
      const total = sumOf(pm, s.ids);
      assert.equal(set.totalPower, total);
      assert.equal(set.quorum, quorum(total));
      for (const id of s.ids) assert.equal(set.power[id], pm.get(id));
      const signers = s.senders;
      const aggregate = aggregateSignatures(signers.map((id) => sigs[s.ids.indexOf(id)]!));
      const cert = { signers, aggregate };
      const held = sumOf(pm, signers);
      const problem = certificateProblem(set, CHAIN, 1, 0, 'v1', cert, noble);
      if (held >= set.quorum) assert.equal(problem, null);
      else assert.equal(problem, total === s.ids.length ? `certificate has ${signers.length} signers, needs ${set.quorum}` : `certificate's signers hold power ${held}, needs ${set.quorum}`);
      // the wire form (a bitmap over the set's order) gives back the same signers
      assert.deepEqual([...decodeCertificate(set, encodeCertificate(set, cert)).signers].sort(), [...signers].sort());
    }), { numRuns: 10 }); // each run admits 4..6 keys (a pairing for each proof of possession)
  });

  it('TLC trace path: ITF written and read back keeps every id as a record field, a function key and a string', () => {
    fc.assert(fc.property(setupArb, (s) => {
      const ids = s.ids.filter((v) => !v.startsWith('#')); // ITF reserves '#' fields (refused by toItfValue, below)
      const ps: TlaValue = { kind: 'record', fields: ids.map((v, i) => [v, { kind: 'record', fields: [['round', int(i)], ['value', str(s.value)]] }]) };
      const power: TlaValue = { kind: 'fun', pairs: s.ids.map((v, i) => [str(v), int(s.powers[i]!)]) };
      const state = new Map<string, TlaValue>([['params', { kind: 'record', fields: [['validators', { kind: 'seq', elems: s.ids.map(str) }], ['power', power]] }], ['ps', ps]]);
      if (ids.length === 0) return;
      const trace: Trace = { steps: [{ index: 1, action: undefined, location: undefined, state }, { index: 2, action: 'Next', location: undefined, state }] };
      const back = itfToTrace(JSON.parse(JSON.stringify(traceToItf(trace, { ids: s.ids }))));
      assert.equal(back.trace.steps.length, 2);
      for (const st of back.trace.steps) for (const [k, v] of state) assert.ok(valueEquals(st.state.get(k)!, v), `variable ${k}`);
    }), { numRuns: 150 });
    assert.throws(() => traceToItf({ steps: [{ index: 1, action: undefined, location: undefined, state: new Map([['ps', { kind: 'record', fields: [['#p', int(1)]] }]]) }] }, {}),
      /record field "#p" starts with '#', which ITF reserves/);
  });

  it('TLC trace path: validate\'s module writes every printable ASCII id so that it reads back, and refuses others naming the id', () => {
    fc.assert(fc.property(setupArb, (s) => {
      const rec = recording(s);
      const ascii = (v: string) => /^[\x20-\x7e]*$/.test(v);
      const bad = [...s.ids, s.value].find((v) => !ascii(v));
      if (bad !== undefined) {
        assert.throws(() => batchModule([rec]), (e: unknown) => e instanceof TlaWriteError
          && e.message.includes(JSON.stringify(bad).slice(0, 40))
          && /holds U\+[0-9A-F]{4,}, which a TLA\+ string literal cannot hold .*: use ids and values of printable ASCII/.test(e.message));
        return;
      }
      const text = batchModule([rec]).moduleText;
      const def = (name: string): TlaValue => parseValue(new RegExp(`^${name} == (.*)$`, 'm').exec(text)![1]!);
      assert.ok(valueEquals(def('TOrder'), { kind: 'seq', elems: s.ids.map(str) }));
      assert.ok(valueEquals(def('TCorr'), { kind: 'set', elems: [str(s.ids[0]!)] }));
      assert.equal(printSource({ kind: 'set', elems: s.ids.map(str) }, 'ids').length > 0, true);
    }), { numRuns: 150 });
  });
});

describe('ids: hostile ids in a module TLC checks (validate)', function () {
  this.timeout(120_000);

  it('TLC reads the generated module back: the proposer\'s first step with ids __proto__, constructor, "q,x\\y" and 2000 chars is accepted, a tampered one rejected', async () => {
    const s: Setup = { ids: ['__proto__', 'constructor', 'q,"x\\y', 'z'.repeat(2000)], powers: [1, 1, 1, 1], senders: [], value: 'blk-1' };
    const cfg = coreConfig(s);
    const e: ConsensusEvent = { kind: 'StartHeight', height: 1, value: s.value };
    const r = step(cfg, initState(cfg), e); // __proto__ proposes blk-1 and prevotes it
    const good: Recording = { name: 'hostile', order: s.ids, correct: s.ids, faulty: [], heights: 1, byzantine: [], leftOut: { undone: 0, noCounterpart: 0 },
      steps: [{ seq: 0, at: 0, p: s.ids[0]!, event: normalEvent(s.ids[0]!, e), outputs: normalOutputs(r.outputs), fired: [...r.fired], proj: normalProjection(project(r.state)) }] };
    const bad: Recording = { ...good, name: 'tampered', steps: [{ ...good.steps[0]!, proj: { ...good.steps[0]!.proj, lockedRound: 0, lockedValue: s.value } }] };
    const ok = await checkBatch([good]);
    assert.equal(ok.error, null);
    assert.deepEqual(ok.accepted, ['hostile']);
    const no = await checkBatch([bad]);
    assert.equal(no.rejected?.recording, 'tampered');
  });
});

/** A recording of ids[0] deciding on `value` with PRECOMMITs of all others (Byzantine here). */
export function recording(s: Setup): Recording {
  const cfg = coreConfig(s);
  const p = s.ids[0]!;
  let state = initState(cfg);
  const steps: Recording['steps'] = [];
  const events: ConsensusEvent[] = [{ kind: 'StartHeight', height: 1, value: s.value }, ...s.ids.slice(1).map((src) => vote('PRECOMMIT', src, 0, s.value))];
  for (const [k, e] of events.entries()) {
    const r = step(cfg, state, e);
    state = r.state;
    steps.push({ seq: k, p, at: k, event: normalEvent(p, e), outputs: normalOutputs(r.outputs), fired: [...r.fired], proj: normalProjection(project(state)) });
  }
  return { name: 'hostile', order: s.ids, correct: [p], faulty: s.ids.slice(1), heights: 1, steps,
    byzantine: s.ids.slice(1).map((src) => ({ type: 'PRECOMMIT', src, height: 1, round: 0, value: s.value, validRound: -1, cert: [] })),
    leftOut: { undone: 0, noCounterpart: 0 } };
}
