// hybrid-bft show without a browser: the diagram model against an independent reading
// of each committed input, the table and TLC-output readers against the ITF reader, the
// page's self-containment and escaping, the CLI's bad inputs, and the tlc hook.
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { defaultOut, run as show } from '../../src/cli/show.ts';
import { run as tlc } from '../../src/cli/tlc.ts';
import { runCheck } from '../../src/check/run.ts';
import { tlcStage } from '../../src/check/stages.ts';
import { fakeStage, OPTS } from '../check/helpers.ts';
import { buildDiagram, type Diagram } from '../../src/show/diagram.ts';
import { renderHtml } from '../../src/show/html.ts';
import { readShowSource } from '../../src/show/input.ts';
import { leavesFromTable } from '../../src/show/leaves.ts';
import { sourceHtml } from '../../src/show/page.ts';
import { traceTable } from '../../src/tlc/table.ts';
import { itfToTrace } from '../../src/tlc/itf.ts';
import { printState } from '../../src/tlc/value.ts';
import { captured, FIXTURES, TOY_MODELS } from '../tlc/helpers.ts';
import { committedInputs, expected, ROOT } from './helpers.ts';

const diagramOf = (path: string): Diagram => {
  const s = readShowSource(path);
  return buildDiagram(s.steps, s.property === undefined ? undefined : { property: s.property, witness: s.witness });
};
const arrows = (d: Diagram): [number, string, string, string][] =>
  d.steps.flatMap((s) => (s.delivery === undefined ? [] : [[s.index, s.delivery.msg.src, s.delivery.to, s.delivery.msg.type] as [number, string, string, string]]));
/** The parts of a diagram a reader of the page sees, comparable across inputs. */
const visible = (d: Diagram): unknown => d.steps.map((s) => ({
  index: s.index, kind: s.kind, process: s.process, detail: s.detail, delivery: s.delivery, sent: s.sent.map((m) => m.key),
  procs: [...s.procs], decided: s.decided,
}));

describe('show: the diagram of each committed counterexample and witness', () => {
  for (const path of committedInputs()) {
    it(`${basename(path)}: lifelines, deliveries and the violated property as the input says`, () => {
      const want = expected(path);
      const d = diagramOf(path);
      assert.deepEqual(d.validators.map((v) => v.name).sort(), [...want.validators].sort());
      assert.deepEqual(d.validators.filter((v) => v.byzantine).map((v) => v.name), want.byzantine);
      assert.deepEqual(arrows(d), want.deliveries);
      assert.equal(d.steps.length, want.steps);
      assert.equal(d.violation?.property, want.property);
      if (want.property !== undefined) assert.equal(d.violation?.step, want.steps, 'an invariant fails in the last state');
    });
  }

  it('m-nolockcheck: the two conflicting decisions, the re-lock, and sends matched to their broadcast', () => {
    const d = diagramOf(join(ROOT, 'spec/counterexamples/m-nolockcheck.txt'));
    assert.deepEqual(d.steps.flatMap((s) => s.decided.map((x) => [s.index, x.process, x.value])), [[15, 'c2', 'v1'], [22, 'c1', 'v2']]);
    const c1 = (i: number) => d.steps[i - 1]!.procs.get('c1')!;
    assert.deepEqual([c1(10).lockedValue, c1(10).lockedRound, c1(20).lockedValue, c1(20).lockedRound], ['v1', 0, 'v2', 1]);
    assert.deepEqual([...d.steps[19]!.changed.get('c1')!].sort(), ['lockedRound', 'lockedValue', 'step', 'validRound', 'validValue']);
    // c3's prevote for v2 is broadcast at step 19 and delivered to c1 at step 20; b1's
    // messages were in the network from the start.
    assert.deepEqual([d.steps[19]!.delivery!.sentAt, d.steps[2]!.delivery!.sentAt], [19, undefined]);
    assert.deepEqual(d.steps[1]!.sent.map((m) => `${m.type} ${m.value}`), ['PROPOSAL v1', 'PREVOTE v1']);
    assert.equal(d.violation?.witness, false);
  });

  it('w-catchup: a COMMIT is drawn from the step its sender decided', () => {
    const d = diagramOf(join(ROOT, 'traces/witness/w-catchup-witness.itf.json.gz'));
    const last = d.steps[d.steps.length - 1]!;
    assert.equal(last.delivery?.msg.type, 'COMMIT');
    const decidedAt = d.steps.find((s) => s.decided.some((x) => x.process === last.delivery!.msg.src))!.index;
    assert.equal(last.delivery?.sentAt, decidedAt);
    assert.equal(d.violation?.witness, true);
  });
});

describe('show: the three readers agree', () => {
  for (const name of ['w-catchup', 'w-height2', 'w-pol', 'w-lock']) {
    const path = join(ROOT, `traces/witness/${name}-witness.itf.json.gz`);
    it(`${name}: hybrid-bft tlc's table and TLC's plain output give the diagram the ITF gives`, () => {
      const fromItf = diagramOf(path);
      const { trace } = itfToTrace(JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')));
      const table = leavesFromTable(`ok   ${name}: X violated, as expected (1 distinct states)\n\n${traceTable(trace)}\n`, name);
      assert.deepEqual(visible(buildDiagram(table.steps, { property: fromItf.violation!.property, witness: true })), visible(fromItf));
      const plain = ['Error: Invariant X is violated.', 'Error: The behavior up to this point is:',
        ...trace.steps.map((s, i) => `State ${i + 1}: <${i === 0 ? 'Initial predicate' : 'Next line 1, col 1 to line 2, col 2 of module MCConsensus'}>\n${printState(s.state)}\n`), '3 states generated'].join('\n');
      const dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-show-'));
      try {
        writeFileSync(join(dir, 'tlc.out'), plain);
        const src = readShowSource(join(dir, 'tlc.out'));
        assert.equal(src.property, 'X');
        assert.deepEqual(visible(buildDiagram(src.steps)), visible(fromItf));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it("TLC's real output, plain and -tool: the violated invariant and every state", () => {
    const plain = readShowSource(join(ROOT, 'test/fixtures/tlc/out/CounterViolated.plain.txt'));
    const tool = readShowSource(join(ROOT, 'test/fixtures/tlc/out/CounterViolated.tool.txt'));
    assert.deepEqual([plain.property, plain.steps.length, plain.format], ['XSmall', 3, 'TLC output']);
    assert.deepEqual([tool.property, tool.steps.length, tool.format], ['XSmall', 3, 'TLC output (-tool)']);
    assert.deepEqual(plain.steps.map((s) => [...s.leaves]), tool.steps.map((s) => [...s.leaves]));
  });
});

describe('show: the page', () => {
  const page = sourceHtml(readShowSource(join(ROOT, 'spec/counterexamples/m-nolockcheck.txt')), 'm-nolockcheck.txt');

  it('is self-contained: no script, no external resource, and a policy that forbids loading any', () => {
    assert.doesNotMatch(page, /<script|<link|<img|<iframe|@import|url\(http/i);
    assert.doesNotMatch(page.replace('xmlns="http://www.w3.org/2000/svg"', ''), /https?:\/\//);
    assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
  });

  it('has one lifeline per validator, one arrow per delivery, and the violated property in the banner', () => {
    assert.equal(page.match(/<g class="lifeline"/g)?.length, 4);
    assert.equal(page.match(/<g class="arrow"/g)?.length, 17);
    assert.match(page, /<div class="banner violation" id="violation" data-property="Agreement"><code>Agreement<\/code> is violated at step 22 .*c1 decided v2, c2 decided v1/);
    assert.match(page, /<rect class="row violating" data-step="22"/, 'the last row of the diagram');
    assert.match(page, /<tr data-step="22" class="violating">/, 'the last row of the table');
    assert.equal(page.match(/class="row violating"|<tr [^>]*class="violating/g)?.length, 2, 'and no other');
  });

  it('a trace without the state shape of Consensus.tla claims no validators and no deliveries', () => {
    const d = diagramOf(join(ROOT, 'traces/witness/w-decide-witness.itf.json.gz'));
    const html = renderHtml({ ...d, validators: [] }, { title: 't', source: 's', facts: [], table: 'x' });
    assert.doesNotMatch(html, /<b>validators<\/b>|<b>deliveries<\/b>/);
    assert.match(html, /<b>steps<\/b>/);
    assert.match(page, /<b>validators<\/b> 4 \(b1 Byzantine\)/);
  });

  it('escapes every name taken from the trace', () => {
    const d = diagramOf(join(ROOT, 'traces/witness/w-decide-witness.itf.json.gz'));
    const evil = '<img src=x onerror=alert(1)>"\'&';
    const html = renderHtml({ ...d, validators: [...d.validators, { name: evil, byzantine: true }], violation: { property: evil, witness: false, step: 1 } },
      { title: evil, source: evil, facts: [[evil, evil]], table: evil });
    assert.equal(html.includes('<img'), false);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;&quot;&#39;&amp;/);
  });
});

describe('show: the command', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-show-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) => captured(() => show(args));

  it('writes the page and prints its path', async () => {
    const out = join(dir, 'a', 'w.html');
    const r = await cli(join(ROOT, 'traces/witness/w-lock-witness.itf.json.gz'), '--out', out);
    assert.equal(r.value, 0, r.err);
    assert.equal(r.out, `wrote ${out}\n`);
    assert.match(readFileSync(out, 'utf8'), /data-property="NeverRefuseForLock"/);
  });

  it('--property names the violated property of a trace that does not', async () => {
    const out = join(dir, 's.html');
    assert.equal((await cli(join(ROOT, 'traces/sim/sim-sim-20261124-0.itf.json.gz'), '--out', out, '--property', 'Agreement')).value, 0);
    assert.match(readFileSync(out, 'utf8'), /class="banner violation" id="violation" data-property="Agreement"/);
  });

  it('names the default output after the input', () => {
    assert.equal(defaultOut('traces/witness/w-lock-witness.itf.json.gz'), 'w-lock-witness.html');
    assert.equal(defaultOut('spec/counterexamples/m-anyquorum.txt'), 'm-anyquorum.html');
  });

  const bad: [string, () => string, RegExp][] = [
    ['a missing file', () => join(dir, 'nope.itf.json'), /nope\.itf\.json does not exist: give an ITF trace/],
    ['a folder', () => dir, /is a folder/],
    ['an empty file', () => { writeFileSync(join(dir, 'e.txt'), ''); return join(dir, 'e.txt'); }, /e\.txt is empty/],
    ['a truncated .itf.json.gz', () => {
      const gz = readFileSync(join(ROOT, 'traces/witness/w-decide-witness.itf.json.gz'));
      writeFileSync(join(dir, 't.itf.json.gz'), gz.subarray(0, gz.length >> 1));
      return join(dir, 't.itf.json.gz');
    }, /t\.itf\.json\.gz is not a complete gzip file \(unexpected end of file\): it is probably truncated/],
    ['a .gz that is not gzip', () => { writeFileSync(join(dir, 'p.itf.json.gz'), '{}'); return join(dir, 'p.itf.json.gz'); }, /is not gzip-compressed although its name ends in \.gz/],
    ['JSON that is not ITF', () => { writeFileSync(join(dir, 'x.json'), gzipSync('{"vars": 3}')); return join(dir, 'x.json'); }, /x\.json is JSON but not an ITF trace \(expected "vars" to be an array of strings\)/],
    ['broken JSON', () => { writeFileSync(join(dir, 'b.itf.json'), '{"vars": ['); return join(dir, 'b.itf.json'); }, /b\.itf\.json is not valid JSON/],
    ['an ITF trace with no states', () => { writeFileSync(join(dir, 'z.itf.json'), '{"vars": [], "states": []}'); return join(dir, 'z.itf.json'); }, /is an ITF trace with no states/],
    ['some other text', () => { writeFileSync(join(dir, 'r.txt'), 'hello\n'); return join(dir, 'r.txt'); }, /r\.txt is neither an ITF trace nor a counterexample/],
    ['TLC output without a trace', () => join(ROOT, 'test/fixtures/tlc/out/CounterHolds.tool.txt'), /is TLC output without an error trace/],
    ['a table with a step missing', () => {
      const t = readFileSync(join(ROOT, 'spec/counterexamples/m-anyquorum.txt'), 'utf8').replace(/^ {3}3 {2}Deliver/m, '   4  Deliver');
      writeFileSync(join(dir, 'm.txt'), t);
      return join(dir, 'm.txt');
    }, /m\.txt: line \d+: expected step 3, got step 4/],
  ];
  for (const [what, make, message] of bad) {
    it(`${what}: one sentence and exit 2, nothing written`, async () => {
      const input = make();
      const out = join(dir, 'o.html');
      const r = await cli(input, '--out', out);
      assert.equal(r.value, 2);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.equal(existsSync(out), false);
    });
  }

  it('bad usage and an unwritable output: exit 2', async () => {
    assert.equal((await cli()).value, 2);
    assert.equal((await cli('a', 'b')).value, 2);
    assert.equal((await cli('--bogus')).value, 2);
    assert.match((await cli(join(ROOT, 'spec/counterexamples/m-anyquorum.txt'), '--property', '')).err, /--property needs a property name/);
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    const r = await cli(join(ROOT, 'spec/counterexamples/m-anyquorum.txt'), '--out', join(ro, 'x', 'o.html'));
    // root ignores the mode bits; a file in the way fails for everyone.
    writeFileSync(join(dir, 'file'), '');
    const r2 = await cli(join(ROOT, 'spec/counterexamples/m-anyquorum.txt'), '--out', join(dir, 'file', 'o.html'));
    assert.equal(r2.value, 2);
    assert.match(r2.err, /cannot write .*o\.html \(a file is in the way of its folder\): choose a writable place with --out/);
    if (process.getuid?.() !== 0) assert.equal(r.value, 2);
    assert.equal((await cli('--help')).value, 0);
  });
});

describe('show: tlc writes a page for each violation it reports', function () {
  this.timeout(60_000);
  it('a violation gets <name>.html; a run without one removes the stale page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-show-tlc-'));
    try {
      const r = await captured(() => tlc(['--models', TOY_MODELS, 'caught', '--html', dir]));
      assert.equal(r.value, 0, r.err);
      assert.match(r.err, /caught: diagram of the trace in .*caught\.html/);
      const page = readFileSync(join(dir, 'caught.html'), 'utf8');
      assert.match(page, /data-property="XSmall"/);
      writeFileSync(join(dir, 'holds.html'), 'stale');
      assert.equal((await captured(() => tlc(['--models', TOY_MODELS, 'holds', '--html', dir]))).value, 0);
      assert.equal(existsSync(join(dir, 'holds.html')), false);
      assert.equal((await captured(() => tlc(['--models', TOY_MODELS, 'caught', '--no-html', '--html', join(dir, 'n')]))).value, 0);
      assert.equal(existsSync(join(dir, 'n')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('show: check writes a page for each violation next to the JUnit file', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-show-check-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runCheck hands the tlc stage <folder of --junit>/hybrid-bft-html', async () => {
    let seen: string | undefined;
    const tlcSpy: typeof tlcStage = async (c) => { seen = c.htmlDir; return fakeStage('tlc', { names: [] })(c); };
    const calls = { names: [] };
    const deps = { tlc: tlcSpy, traces: fakeStage('traces', calls), replay: fakeStage('replay', calls), mutants: fakeStage('mutants', calls), vectors: fakeStage('vectors', calls) };
    mkdirSync(join(dir, 'ci'));
    await runCheck({ opts: OPTS, deps, reportPath: null, junitPath: join(dir, 'ci', 'j.xml'), print: () => {} });
    assert.equal(seen, join(dir, 'ci', 'hybrid-bft-html'));
  });

  it('the tlc stage writes <model>.html for the CI entry whose TLC run has a trace', async () => {
    // The toy models with only "caught" (XSmall violated, as expected) in CI.
    cpSync(FIXTURES, join(dir, 'm'), { recursive: true, filter: (src) => !src.includes(join('tlc', 'out')) });
    const file = join(dir, 'm', 'models.json');
    const models = JSON.parse(readFileSync(file, 'utf8')) as { models: { name: string; ci: boolean }[] };
    for (const m of models.models) m.ci = m.name === 'caught';
    writeFileSync(file, JSON.stringify(models));
    const logs: string[] = [];
    const display = { stageStart: () => {}, progress: () => {}, log: (l: string) => { logs.push(l); }, stop: () => {} };
    const out = await tlcStage({ opts: { ...OPTS, modelsFile: file }, display, fresh: [], traces: [], temp: [], htmlDir: join(dir, 'html') });
    assert.equal(out.status, 'pass', out.summary);
    assert.match(readFileSync(join(dir, 'html', 'caught.html'), 'utf8'), /data-property="XSmall"/);
    assert.ok(logs.some((l) => /caught: diagram of the trace in .*caught\.html/.test(l)), logs.join('\n'));
  });
});
