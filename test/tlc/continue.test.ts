// Issue 23 §4, the minimal input: `hybrid-bft tlc toy --no-cache --tlc-args "-continue"`
// on Counter.tla whose invariant SumSmall (x + y < 2) fails in 13 of its 16 states.
// Each counterexample is its own trace (numbered from 1, one step per action), with its
// own table and its own diagram; the verdict holds only when every counterexample
// violates the expected invariant.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultJson, summaryLine } from '../../src/cli/tlc.ts';
import { esc } from '../../src/show/escape.ts';
import { writeRunPages } from '../../src/show/page.ts';
import { splitToolOutput } from '../../src/tlc/messages.ts';
import { findModel, loadModels } from '../../src/tlc/models.ts';
import { ToolReducer } from '../../src/tlc/report.ts';
import { judgeAll, runModel, type RunCounterexample } from '../../src/tlc/runner.ts';
import { traceTable } from '../../src/tlc/table.ts';
import type { Trace } from '../../src/tlc/trace.ts';
import { FIXTURES, TOY_MODELS } from './helpers.ts';

const CLI = join(FIXTURES, '..', '..', '..', 'bin', 'hybrid-bft.mjs');

function reduce(text: string): ReturnType<ToolReducer['result']> {
  const r = new ToolReducer();
  r.feed(splitToolOutput(text));
  return r.result();
}

const xy = (t: Trace, i: number): [number, number] => {
  const s = t.steps[i]!.state;
  const v = (k: string): number => { const x = s.get(k); assert.ok(x?.kind === 'int'); return Number(x.value); };
  return [v('x'), v('y')];
};

/** A trace of Counter.tla is well formed: states 1..n, an initial state (0, 0), each later step one IncX or IncY; it ends in a state where x + y >= 2. */
function assertWellFormed(t: Trace, where: string): void {
  assert.deepEqual(t.steps.map((s) => s.index), t.steps.map((_, i) => i + 1), `${where}: numbered 1..n`);
  assert.equal(t.steps[0]!.action, undefined, `${where}: starts in an initial state`);
  assert.deepEqual(xy(t, 0), [0, 0], where);
  for (let i = 1; i < t.steps.length; i++) {
    const [[x0, y0], [x1, y1]] = [xy(t, i - 1), xy(t, i)];
    const a = t.steps[i]!.action;
    assert.ok((a === 'IncX' && x1 === x0 + 1 && y1 === y0) || (a === 'IncY' && y1 === y0 + 1 && x1 === x0), `${where}: step ${i + 1} (${a}) from ${x0},${y0} to ${x1},${y1}`);
  }
  const [x, y] = xy(t, t.steps.length - 1);
  assert.ok(x + y >= 2, `${where}: ends in ${x},${y}, which SumSmall allows`);
}

/** The 13 states of Counter.tla (Max = 3) that violate SumSmall. */
const VIOLATING = [0, 1, 2, 3].flatMap((x) => [0, 1, 2, 3].filter((y) => x + y >= 2).map((y) => `${x},${y}`)).sort();

describe('tlc -continue: several counterexamples, each its own trace (issue 23)', () => {
  it("TLC's real -continue output (CounterContinue.tool.txt): 13 counterexamples, each well formed, one per violating state", () => {
    const r = reduce(readFileSync(join(FIXTURES, 'out', 'CounterContinue.tool.txt'), 'utf8'));
    assert.deepEqual(r.outcome, { kind: 'invariant', name: 'SumSmall' });
    assert.equal(r.counterexamples.length, 13);
    r.counterexamples.forEach((c, i) => {
      assert.deepEqual(c.outcome, { kind: 'invariant', name: 'SumSmall' });
      assert.ok(c.trace !== undefined);
      assertWellFormed(c.trace, `counterexample ${i + 1}`);
    });
    assert.deepEqual(r.counterexamples.map((c) => xy(c.trace!, c.trace!.steps.length - 1).join(',')).sort(), VIOLATING);
    assert.equal(r.trace, r.counterexamples[0]!.trace);
  });

  it('one counterexample without -continue (negative control: CounterViolated.tool.txt)', () => {
    const r = reduce(readFileSync(join(FIXTURES, 'out', 'CounterViolated.tool.txt'), 'utf8'));
    assert.equal(r.counterexamples.length, 1);
    assert.equal(r.counterexamples[0]!.trace, r.trace);
  });

  it('a second trace without its violation message (two workers writing at once) is refused, not merged', () => {
    const state = (i: number, action: string, x: number): string => `@!@!@STARTMSG 2217:4 @!@!@\n${i}: <${action}>\n/\\ x = ${x}\n/\\ y = 0\n\n@!@!@ENDMSG 2217 @!@!@\n`;
    const violation = '@!@!@STARTMSG 2110:1 @!@!@\nInvariant XSmall is violated.\n@!@!@ENDMSG 2110 @!@!@\n';
    const trace = state(1, 'Initial predicate', 0) + state(2, 'IncX line 8, col 9 to line 8, col 44 of module Counter', 1);
    const merged = reduce(violation + trace + trace);
    assert.equal(merged.outcome.kind, 'error');
    assert.match(merged.outcome.kind === 'error' ? merged.outcome.message : '', /^TLC printed trace state 1 after state 2 with no violation message between them/);
    const apart = reduce(violation + trace + violation + trace);
    assert.deepEqual(apart.outcome, { kind: 'invariant', name: 'XSmall' });
    assert.deepEqual(apart.counterexamples.map((c) => c.trace?.steps.length), [2, 2]);
  });

  it('the verdict: ok only when every counterexample violates the expected invariant', () => {
    const cx = (name: string): RunCounterexample => ({ outcome: name, verdict: { kind: 'invariant', name }, trace: undefined });
    assert.deepEqual(judgeAll('SumSmall', { kind: 'invariant', name: 'SumSmall' }, [cx('SumSmall'), cx('SumSmall')]), { ok: true, detail: undefined });
    const bad = judgeAll('SumSmall', { kind: 'invariant', name: 'SumSmall' }, [cx('SumSmall'), cx('Bounded'), cx('Bounded')]);
    assert.equal(bad.ok, false);
    assert.match(bad.detail!, /2 of the 3 TLC reported do not \(the first is counterexample 2: Bounded\)/);
    assert.equal(judgeAll('Bounded', { kind: 'invariant', name: 'SumSmall' }, [cx('SumSmall'), cx('Bounded')]).ok, false);
  });

  it('real TLC, two invariants failing, -continue: not ok, naming the other one', async function () {
    this.timeout(60_000);
    const r = await runModel(findModel(loadModels(TOY_MODELS), 'toy-two'), { tlcArgs: ['-continue'] });
    assert.equal(r.ok, false);
    assert.ok(r.counterexamples.some((c) => c.outcome === 'XSmall') && r.counterexamples.some((c) => c.outcome === 'YSmall'), r.counterexamples.map((c) => c.outcome).join(' '));
    assert.match(r.detail ?? '', /expected each counterexample to violate XSmall, but \d+ of the \d+ TLC reported do not .*YSmall/);
    for (const c of r.counterexamples) assert.ok(c.trace !== undefined && c.trace.steps.every((s, i) => s.index === i + 1));
    assert.match(summaryLine(r), /^FAIL toy-two: expected XSmall, got 12 counterexamples \(-continue\): expected each counterexample/);
    const json = resultJson(r).counterexamples as { outcome: string; states: number }[];
    assert.deepEqual(json.map((c) => c.outcome), r.counterexamples.map((c) => c.outcome));
    assert.ok(json.every((c) => c.states >= 3));
  });

  it('the pages: one per counterexample, each drawn from its own trace; a later run removes the stale ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-continue-'));
    try {
      const r = reduce(readFileSync(join(FIXTURES, 'out', 'CounterContinue.tool.txt'), 'utf8'));
      const cxs = r.counterexamples.map((c) => ({ outcome: 'SumSmall', trace: c.trace }));
      const lines = writeRunPages(dir, 'toy', 'SumSmall', r.trace, cxs, 'test');
      assert.equal(lines.length, 13);
      assert.deepEqual(readdirSync(dir).sort(), Array.from({ length: 13 }, (_, i) => `toy+${i + 1}.html`).sort());
      cxs.forEach((c, i) => {
        const html = readFileSync(join(dir, `toy+${i + 1}.html`), 'utf8');
        assert.ok(html.includes(`counterexample ${i + 1} of 13`), `page ${i + 1}: its number`);
        assert.ok(html.includes(esc(traceTable(c.trace!))), `page ${i + 1}: its own table`);
      });
      writeRunPages(dir, 'toy', 'SumSmall', r.trace, cxs.slice(0, 1), 'test');
      assert.deepEqual(readdirSync(dir), ['toy.html']);
      writeRunPages(dir, 'toy', 'holds', undefined, [], 'test');
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the CLI on the minimal input: exit 0, 13 separate tables numbered from 1, 13 diagrams, none merged', function () {
    this.timeout(90_000);
    const html = mkdtempSync(join(tmpdir(), 'hybrid-bft-continue-cli-'));
    try {
      const r = spawnSync(process.execPath, [CLI, 'tlc', '--models', TOY_MODELS, 'toy', '--no-cache', '--tlc-args', '-continue', '--html', html], { encoding: 'utf8', timeout: 80_000 });
      assert.equal(r.status, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /^ok {3}toy: SumSmall violated in each of the 13 counterexamples \(-continue\), as expected \(16 distinct states/);
      const parts = r.stdout.split(/^counterexample (\d+) of 13: SumSmall violated$/m);
      assert.equal((parts.length - 1) / 2, 13);
      for (let k = 1; k < parts.length; k += 2) {
        assert.equal(parts[k], String((k + 1) / 2));
        const steps = [...parts[k + 1]!.matchAll(/^ {0,3}(\d+) {2}/gm)].map((m) => Number(m[1]));
        assert.deepEqual(steps, steps.map((_, i) => i + 1), `table ${parts[k]}: steps ${steps.join(' ')}`);
        assert.ok(steps.length >= 3 && !parts[k + 1]!.includes(' ? '), `table ${parts[k]}`);
      }
      assert.equal(existsSync(join(html, 'toy.html')), false);
      assert.equal(readdirSync(html).filter((f) => /^toy\+\d+\.html$/.test(f)).length, 13);
    } finally {
      rmSync(html, { recursive: true, force: true });
    }
  });
});
