// The paper verdict twice: TLC's trace validation with Verdict = "paper"
// (spec/ConsensusAny.tla's ReactAny, spec/TraceConsensus.tla) and the TypeScript
// judgment (src/conformance/verdict/judge.ts, through src/validate/verdict-twin.ts)
// must agree step by step on recorded runs of the real node: the reference core, two
// legal variants that take the rule-order freedom and one that takes proposal-choice
// (both accept every step), and
// core mutants (both reject, at the same step, or both accept a run where the bug does
// not show). The variants' runs are the negative control of the freedom: the contract's
// verdict rejects them, at the first step the TypeScript judgment says is not the
// contract's reaction.
import { strict as assert } from 'node:assert';
import { MUTANTS } from '../../src/conformance/mutants.ts';
import { LEGAL_VARIANTS } from '../../src/conformance/verdict/variants.ts';
import { buildMutantNode } from '../../src/sim/mutant-node.ts';
import { variantNode } from '../../src/sim/variant-node.ts';
import { simulate, type NodeImpl } from '../../src/sim/world.ts';
import { recordRun, type Recording } from '../../src/validate/recording.ts';
import { validationSchedules } from '../../src/validate/run.ts';
import { batchModule } from '../../src/validate/tla-module.ts';
import { checkBatch, formatRejection } from '../../src/validate/tlc-check.ts';
import { judgeRecording } from '../../src/validate/verdict-twin.ts';

// Runs 1 and 3 are short (46 and 19 steps), run 0 deep (5 heights, round 4: 795 steps).
const SCHEDULES = validationSchedules(4, 1);
const variant = (n: string) => LEGAL_VARIANTS.find((v) => v.name === n)!;
const VARIANTS = ['polka-before-prevote-quorum', 'reversed-rule-order'].map(variant);
// Freedom proposal-choice: the first run of seed 6 is the first of seeds 1..12 (8 runs
// each) where an equivocating proposer's second proposal changes the variant's step.
const LAST_PROPOSAL = variant('last-proposal-counts');
const recordLastProposal = (): Recording => recordRun(simulate(validationSchedules(1, 6)[0]!, { impl: variantNode(LAST_PROPOSAL) }), 'last-proposal-counts-s6');

const record = (name: string, ks: readonly number[], impl?: NodeImpl): Recording[] =>
  ks.map((k) => recordRun(simulate(SCHEDULES[k]!, impl ? { impl } : {}), `${name}-${k}`));

async function withMutant<T>(name: string, f: (impl: NodeImpl) => T): Promise<T> {
  const built = await buildMutantNode(MUTANTS.find((m) => m.name === name)!);
  try { return f(built.impl); } finally { built.dispose(); }
}

/** The TS judgment with the bounds TLC checks the batch with. */
const judge = (rec: Recording, batch: readonly Recording[]) => {
  const b = batchModule(batch);
  return judgeRecording(rec, { maxRound: b.maxRound, maxHeight: b.maxHeight });
};

describe('validate --verdict paper: TLC and the TypeScript judgment agree step by step', function () {
  this.timeout(300_000);
  // Seconds of TLC per check: the first run, and the diagnosis run of a rejection (wall clock, JVM starts included).
  const tlc: { what: string; steps: number; seconds: number }[] = [];
  after(() => { for (const t of tlc) console.log(`      TLC ${t.what}: ${t.steps} steps, ${t.seconds.toFixed(1)} s`); });
  const timed = async (what: string, recs: readonly Recording[], verdict: 'contract' | 'paper') => {
    const t0 = performance.now();
    const v = await checkBatch(recs, { verdict });
    tlc.push({ what: `${verdict} verdict, ${what}`, steps: recs.reduce((n, r) => n + r.steps.length, 0), seconds: (performance.now() - t0) / 1000 });
    return v;
  };

  it('accepts the reference core, three legal variants (rule order twice, proposal-choice), and a mutant whose bug does not show: both, every step', async () => {
    const recs = [
      ...record('reference', [0, 1, 3]),
      ...VARIANTS.flatMap((v) => record(v.name, [1, 3], variantNode(v))),
      recordLastProposal(),
      ...await withMutant('skip-threshold-f', (impl) => record('skip-threshold-f', [1, 3], impl)),
    ];
    const v = await timed(`${recs.length} recordings, accepted`, recs, 'paper');
    assert.equal(v.error, null);
    assert.equal(v.rejected, null, v.rejected ? formatRejection(v.rejected) : '');
    assert.deepEqual(v.accepted, recs.map((r) => r.name));
    for (const r of recs) {
      const t = judge(r, recs);
      assert.equal(t.rejectedAt, null, `${r.name}: TS rejects step ${t.rejectedAt}: ${t.lines.join(' | ')}`);
      // The reference core's every step is the contract's reaction; each variant takes the rule-order freedom.
      if (r.name.startsWith('reference')) assert.equal(t.firstFreedomAt, null, `${r.name}: ${JSON.stringify([...t.freedoms])}`);
      if (VARIANTS.some((x) => r.name.startsWith(x.name))) assert.ok((t.freedoms.get('rule-order') ?? 0) > 0, r.name);
      if (r.name.startsWith(LAST_PROPOSAL.name)) assert.ok((t.freedoms.get('proposal-choice') ?? 0) > 0, r.name);
    }
  });

  // The control for two freedoms (each TLC run costs seconds): Malachite's rule order, and proposal-choice.
  const controls: [string, () => Recording][] = [
    [VARIANTS[0]!.name, () => record(VARIANTS[0]!.name, [1], variantNode(VARIANTS[0]!))[0]!],
    [LAST_PROPOSAL.name, recordLastProposal],
  ];
  for (const [name, make] of controls) {
    it(`the contract's verdict rejects ${name} at the first step the TS judgment calls a freedom`, async () => {
      const rec = make();
      const t = judge(rec, [rec]);
      assert.equal(t.rejectedAt, null);
      assert.ok(t.firstFreedomAt !== null, 'the run takes no freedom: not a control');
      const v = await timed(`${rec.name}, rejected`, [rec], 'contract');
      assert.ok(v.rejected !== null, `${rec.name}: the contract's verdict accepts it`);
      assert.equal(v.rejected.step, t.firstFreedomAt, formatRejection(v.rejected));
    });
  }

  // Mutants of the kill table, each on a run where its bug shows: rejected by both at the same step.
  for (const [name, k] of [['valid-round-not-updated', 1], ['no-prevote-timeout', 3], ['quorum-2f', 3]] as const) {
    it(`rejects the core mutant ${name} (run ${k}): both, at the same step`, async () => {
      const [rec] = await withMutant(name, (impl) => record(name, [k], impl));
      const t = judge(rec!, [rec!]);
      assert.ok(t.rejectedAt !== null, `${name}: the TS judgment accepts every step`);
      const v = await timed(`${rec!.name}, rejected`, [rec!], 'paper');
      assert.ok(v.rejected !== null, `${name}: TLC accepts every step; TS rejects step ${t.rejectedAt}: ${t.lines.join(' | ')}`);
      assert.equal(v.rejected.step, t.rejectedAt, `TLC: ${formatRejection(v.rejected)}\nTS: ${t.lines.join(' | ')}`);
    });
  }
});
