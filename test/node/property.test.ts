import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Cluster } from '../../src/node/cluster.ts';
import { assertAgreement, assertNoEquivocation, sentBy, tmpDir } from './helpers.ts';

describe('node: random schedules with a crash and a WAL restart (fast-check)', () => {
  it('every node decides the same values and nobody ever equivocates', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),          // network seed
      fc.constantFrom('c1', 'c2', 'c3', 'c4'),          // who crashes
      fc.integer({ min: 1, max: 9 }),                    // after how many own broadcasts
      fc.integer({ min: 0, max: 8000 }),                 // virtual ms down
      fc.integer({ min: 1, max: 300 }),                  // max network delay
      (seed, victim, after, downMs, maxDelayMs) => {
        // "flush": the simulated crash drops unsynced records either way; fsync only adds disk time here.
        const c = new Cluster({ n: 4, seed, maxDelayMs, lastHeight: 4, walDir: tmpDir('prop'), durability: 'flush' }).start();
        try {
          c.runUntil(() => sentBy(c, victim).length >= after * 3);
          c.crash(victim);
          c.runUntil(() => false, downMs);
          c.startNode(victim);
          assert.ok(c.runUntil(() => c.decided(4)), 'all decide height 4');
          assertAgreement(c, 4);
          for (const id of c.ids) assertNoEquivocation(c, id);
        } finally {
          c.stop();
        }
      }), { numRuns: 25 });
  });

  it('on a lossy, duplicating network (with a crash and restart) they still agree, never equivocate, and make progress', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.double({ min: 0, max: 0.4, noNaN: true }),     // loss
      fc.double({ min: 0, max: 0.3, noNaN: true }),     // duplication
      fc.constantFrom('c1', 'c2', 'c3', 'c4'),
      fc.integer({ min: 1, max: 6 }),
      (seed, dropRate, duplicateRate, victim, after) => {
        const c = new Cluster({
          n: 4, seed, maxDelayMs: 100, lastHeight: 3, dropRate, duplicateRate, walDir: tmpDir('lossy'), durability: 'flush',
        }).start();
        try {
          c.runUntil(() => sentBy(c, victim).length >= after * 3);
          c.crash(victim);
          c.runUntil(() => false, 3000);
          c.startNode(victim);
          assert.ok(c.runUntil(() => c.decided(3), 1_200_000), 'all decide height 3');
          assertAgreement(c, 3);
          for (const id of c.ids) assertNoEquivocation(c, id);
        } finally {
          c.stop();
        }
      }), { numRuns: 15 });
  });
});
