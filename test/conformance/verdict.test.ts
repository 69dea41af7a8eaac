// The verdict by the paper (src/conformance/verdict/): the reference core passes it on
// the corpus at both levels; every legal variant (a correct reading of Algorithm 1 that
// differs from the contract where the paper allows) passes it and takes its freedom,
// though strict equality fails it; every mutant of the kill table fails it; and near
// misses just outside each freedom fail it too.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTrace } from '../../src/conformance/corpus.ts';
import { shrinkFailures } from '../../src/conformance/verdict/shrink.ts';
import type { ConsensusOutput } from '../../src/core/types.ts';
import { step } from '../../src/core/step.ts';
import { coreSut, type StepFn } from '../../src/conformance/core-sut.ts';
import { buildMutant, MUTANTS } from '../../src/conformance/mutants.ts';
import { replayTrace, type ModelTrace } from '../../src/conformance/replay.ts';
import { FREEDOMS } from '../../src/conformance/verdict/freedoms.ts';
import { FULL, OBSERVABLE, readLevel, type Level } from '../../src/conformance/verdict/level.ts';
import { freedomScenarios } from '../../src/conformance/verdict/scenarios.ts';
import { judgeTrace, type TraceVerdict } from '../../src/conformance/verdict/trace.ts';
import { LEGAL_VARIANTS } from '../../src/conformance/verdict/variants.ts';
import { traces } from './corpus-once.ts';

const scenarios = freedomScenarios();
// The whole corpus for the reference core at the full level; for the rest the traces
// outside the cover graph, the first 1,500 of its paths (the rule-order freedom is taken
// in hundreds of them) and the scripted scenarios.
const sample: ModelTrace[] = [...traces.filter((t) => !t.source.includes('#path-')), ...traces.filter((t) => t.source.includes('#path-')).slice(0, 1500),
  ...scenarios.map((s) => s.trace)];

interface Totals { traces: number; judged: number; skipped: number; notReached: number; violations: string[]; taken: Set<string>; strictFailures: number }

async function judgeAll(ts: readonly ModelTrace[], stepFn: StepFn | undefined, level: Level, opts: { strict?: boolean; firstOnly?: boolean; stopAtFirst?: boolean } = {}): Promise<Totals> {
  const sut = coreSut({ ...(stepFn ? { stepFn } : {}), durations: true });
  const t: Totals = { traces: 0, judged: 0, skipped: 0, notReached: 0, violations: [], taken: new Set(), strictFailures: 0 };
  for (const trace of ts) {
    const v: TraceVerdict = await judgeTrace(trace, sut, { level, ...(opts.firstOnly ? { firstOnly: true } : {}) });
    t.traces++;
    t.judged += v.judged;
    t.skipped += [...v.skipped.values()].reduce((a, b) => a + b, 0);
    t.notReached += v.notReached;
    for (const x of v.violations) t.violations.push(`${trace.source}:${x.step} ${x.process} ${x.class}: ${x.lines.join(' | ')}`);
    for (const f of v.taken) t.taken.add(f);
    if (opts.strict && (await replayTrace(trace, coreSut(stepFn ? { stepFn } : {}), { compareFired: false })).mismatch !== null) t.strictFailures++;
    if (opts.stopAtFirst && t.violations.length > 0) break;
  }
  return t;
}

describe('conformance: the verdict by the paper', function () {
  this.timeout(20 * 60 * 1000);

  for (const [name, level] of [['full', FULL], ['observable', OBSERVABLE]] as const) {
    it(`the reference core: every step of the ${name === 'full' ? 'corpus' : 'sample'} judged, no violation (${name} level)`, async () => {
      const t = await judgeAll(name === 'full' ? [...traces, ...scenarios.map((s) => s.trace)] : sample, undefined, level);
      console.log(`      ${t.traces} traces, ${t.judged} steps judged, ${t.skipped} not applicable`);
      assert.deepEqual(t.violations, []);
      assert.equal(t.skipped + t.notReached, 0);
      assert.deepEqual([...t.taken], [], 'the reference core takes no freedom: it is the contract');
    });
  }

  it('every freedom has a legal variant, and a scripted scenario where the corpus has none', () => {
    const covered = new Set(LEGAL_VARIANTS.map((v) => v.freedom));
    assert.deepEqual(FREEDOMS.map((f) => f.name).filter((f) => !covered.has(f)), []);
  });

  for (const v of LEGAL_VARIANTS) {
    it(`legal variant ${v.name} (${v.freedom}): strict equality fails it, the verdict passes it and names the freedom`, async () => {
      const t = await judgeAll(sample, v.stepFn, FULL, { strict: v.freedom !== 'timeout-durations' });
      assert.deepEqual(t.violations.slice(0, 5), []);
      assert.ok(t.taken.has(v.freedom), `${v.name} never took ${v.freedom}: the suite does not reach its choice`);
      if (v.freedom !== 'timeout-durations') assert.ok(t.strictFailures > 0, `${v.name} is never told apart from the contract by strict equality`);
      const obs = await judgeAll(sample, v.stepFn, OBSERVABLE);
      assert.deepEqual(obs.violations.slice(0, 5), [], 'observable level');
    });
  }

  // Which mutants each level kills (docs/driver-protocol.md "Levels" says why the others need the full level).
  const FULL_ONLY = new Set(['valid-value-not-updated', 'accept-out-of-turn-proposal', 'no-evidence', 'no-prevote-timeout']);
  for (const m of MUTANTS) {
    it(`mutant ${m.name} is a violation at the full level${FULL_ONLY.has(m.name) ? '' : ' and at the observable level'}`, async () => {
      const built = await buildMutant(m);
      try {
        // The sample first (it catches each of them today), then the rest of the corpus.
        const caught = async (level: Level): Promise<boolean> => {
          for (const ts of [sample, traces.filter((t) => !sample.includes(t))]) {
            if ((await judgeAll(ts, built.stepFn, level, { firstOnly: true, stopAtFirst: true })).violations.length > 0) return true;
          }
          return false;
        };
        assert.ok(await caught(FULL), `${m.name} survived the full level`);
        if (!FULL_ONLY.has(m.name)) assert.ok(await caught(OBSERVABLE), `${m.name} survived the observable level`);
      } finally {
        built.dispose();
      }
    });
  }

  // Near misses: just outside a freedom, each must be a violation of its class.
  const mapOutputs = (f: (o: ConsensusOutput) => ConsensusOutput[]): StepFn => (c, s, e) => {
    const r = step(c, s, e);
    return { ...r, outputs: r.outputs.flatMap(f) };
  };
  const NEAR_MISSES: { name: string; stepFn: StepFn; cls: RegExp; traces: readonly ModelTrace[] }[] = [
    { name: 'certificate one signer short', cls: /decision certificate/, traces: sample,
      stepFn: mapOutputs((o) => [o.kind === 'decide' ? { ...o, cert: { signers: o.cert.signers.slice(1) } } : o]) },
    { name: 'certificate naming a validator without a precommit', cls: /decision certificate/, traces: scenarios.filter((s) => s.freedom === 'certificate-subset').map((s) => s.trace),
      stepFn: mapOutputs((o) => [o.kind === 'decide' ? { ...o, cert: { signers: [...o.cert.signers.filter((x) => x !== 'c1'), 'c6'] } } : o]) },
    { name: 'timeouts shrinking with the round', cls: /durations/, traces: sample,
      stepFn: mapOutputs((o) => [o.kind === 'scheduleTimeout' ? { ...o, durationMs: 1000 - 100 * o.round } : o]) },
    { name: 'evidence naming a message never received', cls: /evidence/, traces: sample,
      stepFn: mapOutputs((o) => [o, ...(o.kind === 'broadcast' && o.msg.type === 'PREVOTE'
        ? [{ kind: 'evidence' as const, src: 'b1', type: 'PREVOTE' as const, height: o.msg.height, round: o.msg.round,
            first: { ...o.msg, src: 'b1', value: 'v1' }, second: { ...o.msg, src: 'b1', value: 'v2' } }] : [])]) },
  ];
  for (const n of NEAR_MISSES) {
    it(`near miss: ${n.name}`, async () => {
      const t = await judgeAll(n.traces, n.stepFn, FULL, { stopAtFirst: true });
      assert.ok(t.violations.length > 0, `${n.name} passed`);
      assert.match(t.violations[0]!, n.cls);
    });
  }

  it('a failing trace shrinks to its prefix up to the first violation, which fails again there (and only there)', async () => {
    const built = await buildMutant(MUTANTS.find((m) => m.name === 'no-lock-check')!);
    const dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-shrink-'));
    try {
      const sut = coreSut({ stepFn: built.stepFn });
      const failing = traces.filter((t) => t.source.includes('w-lock-witness'));
      const v = await judgeTrace(failing[0]!, sut, { level: FULL, firstOnly: true });
      assert.ok(v.violations.length > 0);
      const out = await shrinkFailures(v.violations.map((x) => ({ ...x, source: failing[0]!.source })), failing, sut, FULL, dir);
      assert.equal(out.length, 1);
      assert.equal(out[0]!.failsAgain, true);
      assert.equal(readTrace(out[0]!.file).steps.length, v.violations[0]!.step + 1);
      // The reference core passes the cut trace: the failure is the mutant's.
      assert.equal((await judgeTrace(readTrace(out[0]!.file), coreSut(), { level: FULL })).violations.length, 0);
    } finally {
      built.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hello\'s judge field: levels, defaults and bad shapes', () => {
    assert.deepEqual(readLevel(undefined), FULL);
    assert.deepEqual(readLevel({ level: 'observable', timeouts: true }), { ...OBSERVABLE, timeouts: true });
    assert.throws(() => readLevel({ level: 'most' }), /judge\.level: expected "full" or "observable"/);
    assert.throws(() => readLevel({ level: 'full', fired: 'yes' }), /judge\.fired: expected true or false/);
    assert.throws(() => readLevel({ level: 'full', projection: true }), /unknown field "projection"/);
    assert.throws(() => readLevel([]), /expected an object/);
  });
});
