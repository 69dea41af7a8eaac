import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitToolOutput, ToolSplitter } from '../../src/tlc/messages.ts';
import { ToolReducer, type Progress, type ToolReport } from '../../src/tlc/report.ts';
import { itfToTrace, traceToItf } from '../../src/tlc/itf.ts';
import { traceTable } from '../../src/tlc/table.ts';
import { parseSimulationTrace } from '../../src/tlc/trace.ts';
import { printValue } from '../../src/tlc/value.ts';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tlc', 'out');
const fixture = (name: string): string => readFileSync(join(OUT, name), 'utf8');

function report(name: string, progress: Progress[] = []): ToolReport {
  const r = new ToolReducer((p) => progress.push(p));
  r.feed(splitToolOutput(fixture(name)));
  return r.result();
}

describe('tlc/messages and tlc/report: TLC -tool output (captured from TLC 2.18)', () => {
  it('splits messages with code and class, keeping SANY lines as plain', () => {
    const chunks = splitToolOutput(fixture('ParseError.tool.txt'));
    const first = chunks[0];
    assert.ok(first?.kind === 'message');
    assert.deepEqual(first.msg, { code: 2262, cls: 0, text: 'TLC2 Version 2.18 of 20 March 2023' });
    assert.ok(chunks.some((c) => c.kind === 'plain' && c.line === '***Parse Error***'));
  });

  it('splits the same way when fed byte by byte', () => {
    const text = fixture('CounterViolated.tool.txt');
    const s = new ToolSplitter();
    const pieces = [...text].flatMap((ch) => s.push(ch));
    assert.deepEqual([...pieces, ...s.end()], splitToolOutput(text));
  });

  it('a model that holds: outcome, statistics, version', () => {
    const progress: Progress[] = [];
    const r = report('CounterHolds.tool.txt', progress);
    assert.deepEqual(r.outcome, { kind: 'holds' });
    assert.deepEqual(r.stats, { generated: 26, distinct: 16, queue: 0, depth: 7 });
    assert.equal(r.version, '2.18 of 20 March 2023');
    assert.equal(r.mode, 'exhaustive');
    assert.equal(r.seed, '-1154805947958976438');
    assert.equal(r.trace, undefined);
    assert.equal(progress.length, 1);
    assert.equal(progress[0]!.distinct, 16);
  });

  it('an invariant violation: its name and the trace with action labels', () => {
    const r = report('CounterViolated.tool.txt');
    assert.deepEqual(r.outcome, { kind: 'invariant', name: 'XSmall' });
    assert.deepEqual(r.trace!.steps.map((s) => [s.index, s.action, printValue(s.state.get('x')!)]), [[1, undefined, '0'], [2, 'IncX', '1'], [3, 'IncX', '2']]);
    assert.equal(r.trace!.steps[1]!.location, 'line 8, col 9 to line 8, col 44 of module Counter');
    assert.deepEqual(r.stats, { generated: 4, distinct: 4, queue: 1, depth: 3 });
  });

  it('a deadlock, with a single-variable trace', () => {
    const r = report('Deadlock.tool.txt');
    assert.deepEqual(r.outcome, { kind: 'deadlock' });
    assert.equal(r.trace!.steps.length, 4);
    assert.equal(printValue(r.trace!.steps[3]!.state.get('n')!), '3');
  });

  it('a parse error carries SANY\'s message', () => {
    const r = report('ParseError.tool.txt');
    assert.equal(r.outcome.kind, 'parse-error');
    assert.ok(r.outcome.kind === 'parse-error' && /Was expecting "Expression or Instance"/.test(r.outcome.message) && /line 5, column 9/.test(r.outcome.message), JSON.stringify(r.outcome));
  });

  it('an action property violation is named; a temporal one is not (TLC 2.18 does not say)', () => {
    assert.deepEqual(report('CounterProperty.tool.txt').outcome, { kind: 'property', name: 'XMonotone' });
    const live = report('CounterLiveness.tool.txt');
    assert.deepEqual(live.outcome, { kind: 'property', name: undefined });
    assert.equal(live.trace!.stuttering, true);
    assert.equal(live.trace!.steps.length, 4);
  });

  it('a lasso counterexample records where it loops back', () => {
    const r = report('CounterLoop.tool.txt');
    assert.deepEqual(r.trace!.loop, { toIndex: 1, action: 'Reset' });
    assert.equal(r.trace!.steps.length, 3);
  });

  it('the states of Values.tla: every kind of value', () => {
    const r = report('Values.tool.txt');
    assert.deepEqual(r.outcome, { kind: 'invariant', name: 'NotDone' });
    const last = r.trace!.steps[3]!.state;
    assert.equal(printValue(last.get('emp')!), '(0 :> {p1} @@ 5 :> {})');
    assert.equal(printValue(last.get('s')!), '"a \\"q\\" \\\\ bxxx"');
    assert.equal(r.trace!.steps[0]!.state.get('emp')!.kind, 'seq');
  });

  it('a simulation: mode, seed, states generated, no distinct count', () => {
    const r = report('CounterSimulate.tool.txt');
    assert.deepEqual(r.outcome, { kind: 'holds' });
    assert.equal(r.mode, 'simulate');
    assert.equal(r.seed, '7');
    assert.deepEqual(r.stats, { generated: 16, distinct: null, queue: null, depth: null });
  });

  it('output that stops without a result is an error, not a pass', () => {
    const text = fixture('CounterHolds.tool.txt');
    const cut = text.slice(0, text.indexOf('@!@!@STARTMSG 2193'));
    const r = new ToolReducer();
    r.feed(splitToolOutput(cut));
    const res = r.result('exit 137');
    assert.equal(res.outcome.kind, 'error');
    assert.ok(res.outcome.kind === 'error' && /TLC ended without a result \(exit 137\)/.test(res.outcome.message));
  });

  it('an unknown error message becomes an error outcome with its text', () => {
    const r = new ToolReducer();
    r.feed(splitToolOutput('@!@!@STARTMSG 2229:1 @!@!@\nThe invariant Nope specified in the configuration file\nis not defined in the specification.\n@!@!@ENDMSG 2229 @!@!@\n@!@!@STARTMSG 2186:0 @!@!@\nFinished in 1ms\n@!@!@ENDMSG 2186 @!@!@\n'));
    assert.deepEqual(r.result().outcome, { kind: 'error', message: 'The invariant Nope specified in the configuration file\nis not defined in the specification.' });
  });
});

describe('tlc/trace: simulation trace files (-simulate num=N,file=PREFIX)', () => {
  it('parses the STATE_i definitions of a trace file', () => {
    const t = parseSimulationTrace(fixture('CounterSimulate.trace_0_0.txt'));
    assert.deepEqual(t.steps.map((s) => `${printValue(s.state.get('x')!)},${printValue(s.state.get('y')!)}`), ['0,0', '1,0', '1,1', '1,2', '1,3']);
    assert.ok(t.steps.every((s) => s.action === undefined));
  });

  it('parses multi-line values in a trace file', () => {
    const t = parseSimulationTrace(fixture('ValuesSimulate.trace_0_0.txt'));
    assert.equal(t.steps.length, 4);
    const log = t.steps[3]!.state.get('log')!;
    assert.ok(log.kind === 'seq' && log.elems.length === 3);
  });

  it('rejects a file that is not a trace, saying where', () => {
    assert.throws(() => parseSimulationTrace('hello'), /expected a "---- MODULE ... ----" header/);
    assert.throws(() => parseSimulationTrace('---- MODULE t ----\nSTATE_2 ==\nx = 1\n===='), /expected STATE_1 at line 2, got STATE_2/);
    assert.throws(() => parseSimulationTrace('---- MODULE t ----\nSTATE_1 ==\nx = \n'), /expected "=====" at the end of the module|expected a value/);
    assert.throws(() => parseSimulationTrace('---- MODULE t ----\nFOO\n===='), /expected "STATE_<n> ==" at line 2/);
  });
});

describe('tlc/report: TLC errors', () => {
  it('an exception whose next message starts mid-line (missing cfg file) is an error with its text', () => {
    const text = readFileSync(join(OUT, 'MissingCfg.tool.txt'), 'utf8');
    const chunks = splitToolOutput(text);
    assert.ok(chunks.some((c) => c.kind === 'message' && c.msg.code === 5001 && /File not found/.test(c.msg.text)));
    const r = new ToolReducer();
    r.feed(chunks);
    const o = r.result().outcome;
    assert.equal(o.kind, 'error');
    assert.ok(o.kind === 'error' && /TLC threw an unexpected exception/.test(o.message) && /ConfigFileException/.test(o.message) && /Nope.cfg:\nFile not found/.test(o.message), JSON.stringify(o));
  });
});

describe('tlc/report: every TLC 2.18 output shape that carries a state, a trace or an error (issue 9)', () => {
  // The issue's smallest input: Init == x = 0 /\ s = "a\"b\\c", Inv == x > 0.
  for (const [file, outcome] of [['InitViolated.tool.txt', { kind: 'invariant', name: 'Inv' }], ['InitProperty.tool.txt', { kind: 'property', name: 'InitProp' }]] as const) {
    it(`a violation by the initial state (${file}): a one-state trace, escapes intact, as a table and as ITF`, () => {
      const r = report(file);
      assert.deepEqual(r.outcome, outcome);
      assert.ok(r.trace !== undefined, 'no trace');
      assert.equal(r.trace.steps.length, 1);
      const st = r.trace.steps[0]!;
      assert.equal(st.index, 1);
      assert.equal(st.action, undefined);
      assert.deepEqual(st.state.get('x'), { kind: 'int', value: 0n });
      assert.deepEqual(st.state.get('s'), { kind: 'str', value: 'a"b\\c' });
      assert.equal(traceTable(r.trace), [
        'step  action     process  variable  old → new',
        '   1  (initial)           s         "a\\"b\\\\c"',
        '                          x         0',
      ].join('\n'));
      const itf = traceToItf(r.trace, { model: 'init' });
      assert.equal(itf.states.length, 1);
      // As JSON (the writer's records have no prototype: docs/contract.md "Identifiers").
      assert.deepEqual(JSON.parse(JSON.stringify(itf.states[0])), { '#meta': { index: 0 }, s: 'a"b\\c', x: { '#bigint': '0' } });
      assert.deepEqual(itfToTrace(JSON.parse(JSON.stringify(itf))).trace.steps[0]!.state, st.state);
    });
  }

  it('a trace of depth >= 2 (CounterViolated), a lasso (CounterLoop), stuttering (CounterLiveness), a deadlock: each a trace', () => {
    assert.equal(report('CounterViolated.tool.txt').trace!.steps.length, 3);
    const loop = report('CounterLoop.tool.txt').trace!;
    assert.deepEqual(loop.loop, { toIndex: 1, action: 'Reset' });
    assert.equal(traceToItf(loop, {}).loop, 0);
    const stutter = report('CounterLiveness.tool.txt').trace!;
    assert.equal(stutter.stuttering, true);
    assert.equal(traceToItf(stutter, {})['#meta']!.stutteringAtEnd, true);
    assert.equal(report('Deadlock.tool.txt').trace!.steps.length, 4);
  });

  it('an assumption that is false: one sentence naming it, no trace', () => {
    const r = report('AssumeFalse.tool.txt');
    assert.deepEqual(r.outcome, { kind: 'error', message: 'Assumption line 7, col 8 to line 7, col 18 of module Errors is false.' });
    assert.equal(r.trace, undefined);
  });

  it('an evaluation error in the middle of a trace: the error and the trace up to the failing state', () => {
    const r = report('EvalError.tool.txt');
    assert.equal(r.outcome.kind, 'error');
    assert.ok(r.outcome.kind === 'error' && /^Evaluating invariant Inv failed\.\nAttempted to apply tuple\n<<"a", "b">>\nto integer 3 which is out of domain\.$/.test(r.outcome.message), JSON.stringify(r.outcome));
    assert.deepEqual(r.trace!.steps.map((st) => printValue(st.state.get('x')!)), ['1', '2', '3']);
  });

  it('TLC out of Java heap: one sentence saying so and what to do', () => {
    const r = report('OutOfMemory.tool.txt');
    assert.equal(r.outcome.kind, 'error');
    assert.ok(r.outcome.kind === 'error' && /^TLC ran out of Java heap memory after 0 distinct states; give java a larger heap \(e\.g\. JAVA_TOOL_OPTIONS=-Xmx8g\) or make the model smaller\. TLC said: Java heap space/.test(r.outcome.message), JSON.stringify(r.outcome));
    assert.ok(!r.outcome.message.includes('\n'));
  });

  it('TLC killed mid-run (SIGKILL): how far it got, and the likely cause', () => {
    const r = new ToolReducer();
    r.feed(splitToolOutput(fixture('Killed.tool.txt')));
    const o = r.result('killed by SIGKILL').outcome;
    assert.equal(o.kind, 'error');
    assert.ok(o.kind === 'error' && /^TLC ended without a result \(killed by SIGKILL\) after 5,119,347 distinct states; if no one stopped it, the system probably ran out of memory/.test(o.message), JSON.stringify(o));
  });
});
