// The state-count test: every `ci: true` entry of spec/models.json must reproduce its
// expected outcome and its recorded distinct-state count exactly (a simulation entry:
// its generated-state count if it holds, which one worker and its fixed seed make
// reproducible; its outcome alone if it must find a violation). This
// is where the CI models are model-checked in `npm test` (test/spec-models.test.ts
// keeps their recorded total within budget). They run as `tlc --ci` runs them: side by
// side as far as the cores allow (src/tlc/batch.ts), the entries with several TLC
// workers first, one at a time, then the rest. With no spec/models.json, or no such
// entries, there is nothing to run.
// TLC always runs here (the cache is not read), and each verdict is stored in the verdict
// cache (src/tlc/cache.ts), so that `hybrid-bft check` after `npm test` (as .ci/run
// does) does not model-check the same models again.
import { strict as assert } from 'node:assert';
import { DEFAULT_MODELS, loadModels } from '../../src/tlc/models.ts';
import { concurrency, runModels } from '../../src/tlc/batch.ts';
import { compareRecorded, type ModelResult } from '../../src/tlc/runner.ts';

const file = loadModels(DEFAULT_MODELS, { optional: true });
const ci = file.models.filter((m) => m.ci);

describe(`spec/models.json: CI models reproduce their recorded state counts (${ci.length} entries)`, function () {
  this.timeout(20 * 60_000);

  it('spec/models.json, if present, loads and every CI entry has a recorded count', () => {
    for (const m of ci) {
      if (m.mode === 'simulate') {
        assert.notEqual(m.recorded?.statesGenerated, undefined, `${m.name}: ci simulation entry without "recorded.statesGenerated"`);
        assert.ok(m.simulate?.seed !== undefined && (m.workers ?? 1) === 1, `${m.name}: a ci simulation entry needs a fixed seed and 1 worker, or its count cannot be reproduced`);
      } else assert.notEqual(m.recorded?.distinctStates, undefined, `${m.name}: ci entry without "recorded.distinctStates"`);
    }
  });

  const results = new Map<string, ModelResult>();
  before(async function () {
    this.timeout(40 * 60_000);
    const wide = ci.filter((m) => (m.workers ?? 1) > 1);
    const narrow = ci.filter((m) => (m.workers ?? 1) <= 1);
    for (const group of [wide, narrow]) {
      const rs = await runModels(group, concurrency(group, undefined), { options: () => ({ cache: 'refresh' }) });
      group.forEach((m, i) => results.set(m.name, rs[i]!));
    }
  });

  for (const entry of ci) {
    const count = entry.mode === 'simulate' ? `${entry.recorded?.statesGenerated ?? '?'} generated states (simulation)` : `${entry.recorded?.distinctStates ?? '?'} distinct states`;
    it(`${entry.name}: ${entry.expected === 'holds' ? 'holds' : `${entry.expected} violated`}, ${count}`, () => {
      assert.equal(compareRecorded(entry, results.get(entry.name)!), undefined);
    });
  }
});
