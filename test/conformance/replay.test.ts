// Replay of the committed trace corpus (traces/) against the reference core, the
// replayer's own negative control, and the kill table of the core's mutants.
import { strict as assert } from 'node:assert';
import { coreSut } from '../../src/conformance/core-sut.ts';
import { MUTANTS } from '../../src/conformance/mutants.ts';
import { formatMismatch, replayTrace, type ModelTrace } from '../../src/conformance/replay.ts';
import { coverage, formatCoverage, formatKillTable, killTable, replayCorpus } from '../../src/conformance/suite.ts';

import { files, traces } from './corpus-once.ts';

describe(`conformance: replay of the trace corpus (${files.length} traces)`, function () {
  this.timeout(10 * 60 * 1000);

  it('the corpus has witnesses, random behaviours and a transition cover', () => {
    for (const kind of ['witness', 'sim', 'cover']) {
      assert.ok(files.some((f) => f.includes(`/${kind}/`)), `no ${kind} traces under traces/${kind}/`);
    }
  });

  it('every trace replays against the core with no mismatch, and every rule is exercised', async () => {
    const res = await replayCorpus(traces, coreSut());
    assert.deepEqual(res.mismatches.map(formatMismatch), []);
    const rows = coverage(res);
    console.log(`      ${res.traces} traces, ${res.steps} steps in ${res.seconds.toFixed(1)} s\n${formatCoverage(rows).replace(/^/gm, '      ')}`);
    assert.deepEqual(rows.filter((r) => r.steps === 0).map((r) => r.name), [], 'rules or actions never exercised');
  });

  it('a trace whose expected projection is altered is reported at that step, with a field diff', async () => {
    const t = traces.find((x) => x.steps.length > 3)!;
    const i = 2;
    const p = t.steps[i]!.event!.p;
    const tampered: ModelTrace = { ...t, steps: t.steps.map((s, j) => j !== i ? s
      : { ...s, projections: { ...s.projections, [p]: { ...s.projections[p]!, round: s.projections[p]!.round + 7 } } }) };
    const r = await replayTrace(tampered, coreSut());
    assert.ok(r.mismatch !== null);
    assert.equal(r.mismatch.step, i);
    assert.equal(r.mismatch.what, 'projection');
    assert.match(r.mismatch.lines.join('\n'), new RegExp(`${p}\\.round: expected ${t.steps[i]!.projections[p]!.round + 7}, got ${t.steps[i]!.projections[p]!.round}`));
  });

  it('a trace whose expected outputs are altered is reported', async () => {
    const t = traces.find((x) => x.steps.some((s) => s.outputs.length > 0))!;
    const i = t.steps.findIndex((s) => s.outputs.length > 0);
    const tampered: ModelTrace = { ...t, steps: t.steps.map((s, j) => j !== i ? s : { ...s, outputs: s.outputs.slice(1) }) };
    const r = await replayTrace(tampered, coreSut());
    assert.equal(r.mismatch?.step, i);
    assert.equal(r.mismatch?.what, 'outputs');
  });

  it('negative control: replay kills every mutant of the core', async () => {
    const rows = await killTable(traces, MUTANTS);
    console.log(formatKillTable(rows).replace(/^/gm, '      '));
    assert.deepEqual(rows.filter((r) => r.killedBy === null).map((r) => r.mutant), [], 'mutants that survived replay');
  });
});

describe('conformance: replay with real BLS signatures end to end (the witnesses)', function () {
  this.timeout(10 * 60 * 1000);
  const witnesses = traces.filter((t) => t.source.includes('/witness/'));

  it('every witness replays with every message signed by its sender and every certificate aggregated', async () => {
    const { blsSut } = await import('../../src/conformance/bls-sut.ts');
    const res = await replayCorpus(witnesses, blsSut());
    assert.ok(res.traces >= 9, `only ${res.traces} witness traces`);
    assert.deepEqual(res.mismatches.map(formatMismatch), []);
  });

  it('negative control: a forged signature is rejected by the core, and replay reports the step', async () => {
    const { blsSut } = await import('../../src/conformance/bls-sut.ts');
    const t = witnesses.find((x) => x.steps.some((s) => s.event?.event.kind === 'Deliver' && s.outputs.length > 0))!;
    const forge = (m: import('../../src/core/types.ts').ConsensusMessage) =>
      ({ ...m, signature: m.signature!.map((b, i) => (i === 5 ? b ^ 1 : b)) });
    const r = await replayTrace(t, blsSut({ tamper: forge }));
    assert.ok(r.mismatch !== null, 'a forged signature went unnoticed');
    assert.equal(t.steps[r.mismatch.step]!.event?.event.kind, 'Deliver');
  });
});
