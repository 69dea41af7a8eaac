// Trace validation: TLC accepts recordings of the real node and rejects a recording
// tampered in one field and recordings of a core mutant, naming the first step it could
// not match and the differing field.
import { strict as assert } from 'node:assert';
import { MUTANTS } from '../../src/conformance/mutants.ts';
import { buildMutantNode } from '../../src/sim/mutant-node.ts';
import { simulate } from '../../src/sim/world.ts';
import { recordRun } from '../../src/validate/recording.ts';
import { validate, validationSchedules } from '../../src/validate/run.ts';
import { checkBatch, formatRejection } from '../../src/validate/tlc-check.ts';

describe('validate: recorded runs checked by TLC against Consensus.tla', function () {
  this.timeout(900_000);

  it('accepts 6 recorded runs (crashes, partitions, a Byzantine validator) in one TLC run', async () => {
    const rep = await validate({ runs: 6, seed: 7, batchSize: 6 });
    assert.deepEqual(rep.rejections.map(formatRejection), []);
    assert.deepEqual(rep.errors, []);
    assert.equal(rep.accepted, 6);
    assert.equal(rep.tlcRuns, 1);
    assert.ok(rep.faults.crashes + rep.faults.partitions > 0 && rep.faults.byzantineMessages > 0, JSON.stringify(rep.faults));
  });

  it('rejects a recording tampered in one field, naming the step and the field', async () => {
    const [s] = validationSchedules(1, 3);
    const good = recordRun(simulate(s!), 'good');
    const bad = recordRun(simulate(s!), 'tampered');
    const k = Math.floor(bad.steps.length / 2);
    bad.steps[k]!.proj.validRound = 9;
    const v = await checkBatch([good, bad]);
    assert.deepEqual(v.accepted, ['good']);
    assert.ok(v.rejected !== null);
    assert.equal(v.rejected.recording, 'tampered');
    assert.equal(v.rejected.step, k + 1);
    assert.ok(v.rejected.lines.some((l) => l.startsWith('proj.validRound: model ') && l.endsWith('recorded 9')), formatRejection(v.rejected));
  });

  it('rejects a recording whose delivered message was never sent', async () => {
    const [s] = validationSchedules(1, 4);
    const bad = recordRun(simulate(s!), 'forged');
    const k = bad.steps.findIndex((st) => st.event.kind === 'Deliver' && st.event.msg.type === 'PREVOTE');
    const ev = bad.steps[k]!.event;
    if (ev.kind !== 'Deliver') throw new Error('unreachable');
    ev.msg = { ...ev.msg, round: ev.msg.round + 1 };
    const v = await checkBatch([bad]);
    assert.ok(v.rejected !== null && v.rejected.step <= k + 1, JSON.stringify(v));
  });

  // Mutants the simulator's own checks do not see (no safety property breaks), caught by TLC.
  for (const name of ['no-evidence', 'valid-round-not-updated']) {
    it(`rejects recordings of the core mutant ${name}`, async () => {
      const built = await buildMutantNode(MUTANTS.find((m) => m.name === name)!);
      try {
        const rep = await validate({ runs: 6, seed: 7, batchSize: 6, impl: built.impl });
        assert.ok(rep.rejections.length > 0, `${name}: all ${rep.accepted} recordings accepted`);
        console.log(`      ${formatRejection(rep.rejections[0]!).split('\n').slice(0, 3).join('\n      ')}`);
      } finally {
        built.dispose();
      }
    });
  }
});
