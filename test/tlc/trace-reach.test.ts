// scripts/trace-reach.py, the counter behind the figures of refine-sim's and step-sim's
// draws in docs/spec.md ("Refinement"): each count is held to a witness trace whose
// behaviour is known, so a count that went wrong shows here; bad input exits 2.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const witness = (name: string): string => join(ROOT, 'traces', 'witness', `${name}-witness.itf.json.gz`);
const reach = (...args: string[]) => spawnSync('python3', [join(ROOT, 'scripts', 'trace-reach.py'), ...args], { encoding: 'utf8' });

/** The "  key: n" lines of the output, as a map. */
function counts(out: string): Map<string, number> {
  return new Map([...out.matchAll(/^ {2}(.+): (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

describe('scripts/trace-reach.py', () => {
  it('counts what a witness shows: w-relock relocks, w-lock0-decide2 decides in round 2, w-height2 reaches height 2 with b1 voting there', () => {
    const relock = counts(reach(witness('w-relock')).stdout);
    assert.equal(relock.get('relock'), 1);
    assert.equal(relock.get('decision'), 0);
    const r2 = counts(reach(witness('w-lock0-decide2')).stdout);
    assert.equal(r2.get('round >= 2'), 1);
    assert.equal(r2.get('decision in round 2'), 1);
    const h2 = reach(witness('w-height2'), witness('w-decide'));
    assert.equal(h2.status, 0, h2.stderr);
    const c = counts(h2.stdout);
    assert.match(h2.stdout, /^traces: 2$/m);
    assert.equal(c.get('height 2'), 1);
    assert.equal(c.get('decision in round 0'), 2);
    // w-height2's b1 votes at height 2, after the process started it; w-decide's only in round 0
    assert.equal(c.get('faulty vote/proposal stored after round 0'), 1);
    assert.equal(c.get('round >= 1'), 0);
    assert.match(h2.stdout, /^fired: .*UponProposalAndPrecommitValue \d+/m);
  });

  it('bad input: no argument, a missing file, not JSON, a JSON file that is no trace: one sentence, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trace-reach-'));
    try {
      writeFileSync(join(dir, 'text.json'), 'hello');
      writeFileSync(join(dir, 'empty.json'), '{"states": []}');
      for (const [args, says] of [
        [[], /^trace-reach: no trace given\nusage: /],
        [[join(dir, 'nope.json')], /^trace-reach: cannot read .*nope\.json/],
        [[join(dir, 'text.json')], /^trace-reach: .*text\.json is not JSON/],
        [[join(dir, 'empty.json')], /^trace-reach: .*empty\.json is not an ITF trace of the step model/],
      ] as const) {
        const r = reach(...args);
        assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, says);
        assert.equal(r.stdout, '');
      }
      assert.match(reach('--help').stdout, /^How deep do the behaviours/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
