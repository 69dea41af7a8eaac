// conformance/drivers/rust/deviations.ts, the tool that regenerates the Malachite
// deviation lists (docs/peers/malachite.md "Deviations"): its refusals. A mismatch that
// fits no class of the chosen build is listed and nothing is written (exit 1); a bad
// argument or input is one sentence and exit 2 (docs/exit-codes.md). Only refusals are
// run here: a success would rewrite the committed lists.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOOL = 'conformance/drivers/rust/deviations.ts';
const LISTS = ['conformance/drivers/rust/deviations.json', 'conformance/drivers/rust-0.5/deviations.json'];
const PEER_08 = 'Malachite core 0.8.2 (arc-malachitebft-core-driver, conformance/drivers/rust)';

const run = (...args: string[]) => spawnSync(process.execPath, ['--loader', 'ts-node/esm/transpile-only', '--no-warnings', TOOL, ...args], { encoding: 'utf8' });

/** A first mismatch of class 1 (L34-before-L36): the model's timeout, then the precommit. */
const l34 = {
  source: 'traces/cover/cover.dot.gz#path-0', step: 7, process: 'c1', what: 'outputs',
  event: { kind: 'Deliver', msg: { type: 'PREVOTE', src: 'c2', height: 1, round: 0, value: 'v1' } },
  lines: ['outputs[0].timeout: expected "prevote", got (absent)',
    'outputs[0].msg: expected (absent), got {"type":"PRECOMMIT","src":"c1","height":1,"round":0,"value":"v1","validRound":-1,"cert":[]}',
    'outputs[1]: missing {"kind":"broadcast","msg":{"type":"PRECOMMIT","src":"c1","height":1,"round":0,"value":"v1","validRound":-1,"cert":[]}}'],
};
/** A mismatch no class describes: the engine decides another value. */
const unknown = { ...l34, source: 'traces/sim/x.itf.json.gz', what: 'projection', lines: ['c1.decisions.1: expected {"value":"v1"}, got {"value":"v2"}'] };

describe('Malachite deviations.ts: refusals', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'mal-dev-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a mismatch that fits no class is listed, nothing is written, exit 1 (a class-1 mismatch beside it is accepted)', () => {
    const before = LISTS.map((f) => readFileSync(f, 'utf8'));
    const file = join(dir, 'run.json');
    writeFileSync(file, JSON.stringify({ implementation: PEER_08, mismatches: [l34, unknown] }));
    const r = run(file);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^1 mismatches fit no single class of Malachite core 0\.8\.2 .*nothing written/);
    assert.match(r.stderr, /traces\/sim\/x\.itf\.json\.gz step 7: matches no documented class/);
    assert.doesNotMatch(r.stderr, /cover\.dot\.gz#path-0/);
    assert.deepEqual(LISTS.map((f) => readFileSync(f, 'utf8')), before);
  });

  it('a class of 0.5.0 only is not one of 0.8.2: the L34-twice shape fits 0.5.0 and no class of 0.8.2', () => {
    const twice = { ...l34, lines: ['outputs[0]: unexpected {"kind":"scheduleTimeout","timeout":"prevote","height":1,"round":0}'] };
    const file = join(dir, 'twice.json');
    writeFileSync(file, JSON.stringify({ mismatches: [twice, unknown] }));
    const r08 = run(file);
    assert.equal(r08.status, 1);
    assert.match(r08.stderr, /^2 mismatches fit no single class/);
    const r05 = run(file, '--engine', '0.5.0');
    assert.equal(r05.status, 1);
    assert.match(r05.stderr, /^1 mismatches fit no single class of Malachite core 0\.5\.0/);
  });

  it('bad arguments and inputs: one sentence, exit 2', () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify({ implementation: PEER_08, mismatches: [] }));
    const cases: [string[], RegExp][] = [
      [[], /^usage: deviations\.ts/],
      [[file, '--engine', '0.6.0'], /^--engine: expected 0\.8\.2 or 0\.5\.0, got 0\.6\.0/],
      [[join(dir, 'missing.json')], /missing\.json: not the output of `hybrid-bft oracle --json`/],
      [[file, '--engine', '0.5.0'], /a run of Malachite core 0\.8\.2 .*, not of Malachite core 0\.5\.0 .*: pass the --engine of that build/],
    ];
    for (const [args, re] of cases) {
      const r = run(...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re);
    }
  });
});
