// `hybrid-bft traces` on the toy specs: simulation, witness, cover, as ITF files.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/traces.ts';
import { itfToTrace } from '../../src/tlc/itf.ts';
import { splitToolOutput } from '../../src/tlc/messages.ts';
import { ToolReducer } from '../../src/tlc/report.ts';
import { printState } from '../../src/tlc/value.ts';
import { captured, FIXTURES, TOY_MODELS } from './helpers.ts';

const traces = (...args: string[]) => captured(() => run(['--models', TOY_MODELS, ...args]));
const readItf = (path: string) => itfToTrace(JSON.parse(readFileSync(path, 'utf8')));

describe('`hybrid-bft traces` on toy specs', function () {
  this.timeout(60_000);
  let out: string;
  beforeEach(() => { out = mkdtempSync(join(tmpdir(), 'traces-')); });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('--simulate: N files, the seed printed and recorded, the same seed gives the same traces', async () => {
    const a = await traces('--simulate', 'values-sim', '--num', '3', '--seed', '42', '--out', join(out, 'a'));
    assert.equal(a.value, 0, a.err);
    assert.match(a.out, /seed 42/);
    const files = readdirSync(join(out, 'a')).sort();
    assert.deepEqual(files, ['values-sim-sim-42-0.itf.json', 'values-sim-sim-42-1.itf.json', 'values-sim-sim-42-2.itf.json']);
    const t = readItf(join(out, 'a', files[0]!));
    assert.equal(t.meta.seed, 42);
    assert.equal(t.meta.model, 'values-sim');
    assert.equal(t.meta.tlcVersion, '2.18 of 20 March 2023');
    assert.equal(t.meta.command, 'hybrid-bft traces --simulate values-sim --num 3 --seed 42');
    assert.ok(t.trace.steps.length >= 2);
    await traces('--simulate', 'values-sim', '--num', '3', '--seed', '42', '--out', join(out, 'b'));
    for (const f of files) assert.equal(readFileSync(join(out, 'b', f), 'utf8'), readFileSync(join(out, 'a', f), 'utf8'));
  });

  it('--simulate without --seed picks one and prints it', async () => {
    const r = await traces('--simulate', 'values-sim', '--num', '1', '--out', out);
    assert.equal(r.value, 0, r.err);
    const seed = /seed (\d+)/.exec(r.out)?.[1];
    assert.ok(seed !== undefined);
    assert.deepEqual(readdirSync(out), [`values-sim-sim-${seed}-0.itf.json`]);
  });

  it('--witness: the counterexample of the expected violation, the same states as TLC printed', async () => {
    const r = await traces('--witness', 'caught', '--out', out);
    assert.equal(r.value, 0, r.err);
    const t = readItf(join(out, 'caught-witness.itf.json'));
    assert.equal(t.meta.violated, 'XSmall');
    // The same model's output captured earlier (test/fixtures/tlc/out): BFS finds the same trace.
    const reducer = new ToolReducer();
    reducer.feed(splitToolOutput(readFileSync(join(FIXTURES, 'out', 'CounterViolated.tool.txt'), 'utf8')));
    const direct = reducer.result().trace!;
    assert.deepEqual(t.trace.steps.map((s) => [s.action, printState(s.state)]), direct.steps.map((s) => [s.action, printState(s.state)]));
  });

  it('--witness of a violation by the initial state: a one-state ITF file, string escapes intact (issue 9)', async () => {
    const r = await traces('--witness', 'init-violated', '--out', out);
    assert.equal(r.value, 0, r.err);
    const t = readItf(join(out, 'init-violated-witness.itf.json'));
    assert.equal(t.meta.violated, 'Inv');
    assert.deepEqual(t.trace.steps.map((s) => printState(s.state)), ['/\\ s = "a\\"b\\\\c"\n/\\ x = 0']);
  });

  it('--witness of a model expected to hold is refused (exit 2)', async () => {
    const r = await traces('--witness', 'holds', '--out', out);
    assert.equal(r.value, 2);
    assert.match(r.err, /a witness needs an entry whose expected outcome is a violation/);
  });

  it('--cover: the paths together take every transition of the graph', async () => {
    const r = await traces('--cover', 'values', '--out', out);
    assert.equal(r.value, 0, r.err);
    const files = readdirSync(out);
    const seen = new Set<string>();
    let edges = 0;
    for (const f of files) {
      const { trace, meta } = readItf(join(out, f));
      edges = meta.edges as number;
      assert.equal(trace.steps[0]!.action, undefined);
      for (let i = 1; i < trace.steps.length; i++) {
        seen.add(`${printState(trace.steps[i - 1]!.state)} -${trace.steps[i]!.action}-> ${printState(trace.steps[i]!.state)}`);
      }
    }
    assert.equal(edges, 7);
    assert.equal(seen.size, edges);
    assert.match(r.err, /partial/); // NotDone stops the search: said, not hidden
  });

  it('--cover refuses a cfg with VIEW (its graph\'s paths are not behaviours; exit 2)', async () => {
    const r = await traces('--cover', 'view', '--out', out);
    assert.equal(r.value, 2);
    assert.match(r.err, /model view: its cfg has VIEW XView, so .* use an entry whose cfg has no VIEW for --cover/);
  });

  it('usage errors: exit 2 with the usage text', async () => {
    assert.equal((await traces('--cover', 'small')).value, 2);
    assert.equal((await traces('--cover', 'small', '--witness', 'caught', '--out', out)).value, 2);
    assert.match((await traces('--help')).out, /--simulate <name>/);
  });
});
