import { strict as assert } from 'node:assert';
import { describeChange, flatten, traceTable } from '../../src/tlc/table.ts';
import type { Trace } from '../../src/tlc/trace.ts';
import { parseState, parseValue, printValue } from '../../src/tlc/value.ts';

const step = (index: number, action: string | undefined, text: string) => ({ index, action, location: undefined, state: parseState(text) });

describe('tlc/table: readable error traces', () => {
  it('flattens records and functions into paths', () => {
    const f = flatten(parseState('/\\ st = ("c1" :> [round |-> 0, step |-> "propose"] @@ "c2" :> [round |-> 1, step |-> "prevote"])\n/\\ n = 3'));
    assert.deepEqual([...f].map(([k, v]) => `${k}=${printValue(v)}`), ['st[c1].round=0', 'st[c1].step="propose"', 'st[c2].round=1', 'st[c2].step="prevote"', 'n=3']);
  });

  it('history variables (event, outputs, fired) show their new value, a sequence one element per row', () => {
    const trace: Trace = {
      steps: [
        step(1, undefined, '/\\ n = 0\n/\\ event = [kind |-> "Init"]\n/\\ outputs = <<>>'),
        step(2, 'Next', '/\\ n = 1\n/\\ event = [kind |-> "Deliver", p |-> "c2", msg |-> [type |-> "PREVOTE"]]\n/\\ outputs = <<[kind |-> "broadcast"], [kind |-> "decide"]>>'),
        step(3, 'Next', '/\\ n = 1\n/\\ event = [kind |-> "Deliver", p |-> "c2", msg |-> [type |-> "PREVOTE"]]\n/\\ outputs = <<>>'),
      ],
    };
    assert.equal(traceTable(trace), [
      'step  action     process  variable        old → new',
      '   1  (initial)           n               0',
      '                          event.kind      "Init"',
      '                          outputs         <<>>',
      '   2  Deliver    c2       n               0 → 1',
      '                          event.msg.type  "PREVOTE"',
      '                          outputs[1]      [kind |-> "broadcast"]',
      '                          outputs[2]      [kind |-> "decide"]',
      '   3  Deliver    c2       event.msg.type  "PREVOTE"',
    ].join('\n'));
  });

  it('describes a grown sequence, a changed set, and a replaced value briefly', () => {
    assert.equal(describeChange(parseValue('<<1, 2>>'), parseValue('<<1, 2, 3>>'), 100), 'appended <<3>>');
    assert.equal(describeChange(parseValue('{1, 2}'), parseValue('{2, 3}'), 100), 'added {3}, removed {1}');
    assert.equal(describeChange(parseValue('<<1, 2>>'), parseValue('<<2>>'), 100), '<<1, 2>> → <<2>>');
    assert.equal(describeChange(parseValue('{}'), parseValue('{1}'), 100), 'added {1}');
    assert.equal(describeChange(parseValue('"aaaaaaaa"'), parseValue('"b"'), 5), '"aaa… → "b"');
  });

  it('shows step, event kind (else the action), process (from event.p) and only what changed', () => {
    const trace: Trace = {
      steps: [
        step(1, undefined, '/\\ st = ("c1" :> [round |-> 0]) \n/\\ event = [kind |-> "None", p |-> "none"]\n/\\ msgs = {}'),
        step(2, 'Deliver', '/\\ st = ("c1" :> [round |-> 1])\n/\\ event = [kind |-> "Deliver", p |-> "c1"]\n/\\ msgs = {1}'),
        step(3, 'Timeout', '/\\ st = ("c1" :> [round |-> 1])\n/\\ event = [kind |-> "Deliver", p |-> "c1"]\n/\\ msgs = {1}'),
      ],
      loop: { toIndex: 2, action: 'Timeout' },
    };
    assert.equal(traceTable(trace), [
      'step  action     process  variable      old → new',
      '   1  (initial)           event.kind    "None"',
      '                          event.p       "none"',
      '                          msgs          {}',
      '                 c1       st[c1].round  0',
      '   2  Deliver    c1       st[c1].round  0 → 1',
      '                          msgs          + 1',
      '   3  Deliver    c1                     (no change)',
      '   4  Timeout back to state 2 (the behaviour loops from here)',
    ].join('\n'));
  });

  it('without event.p, names the one process whose entries changed (ConsensusAcc), and wraps a long initial set', () => {
    const trace: Trace = {
      steps: [
        step(1, undefined, '/\\ round = [c1 |-> 0, c2 |-> 0]\n/\\ step = [c1 |-> "propose", c2 |-> "propose"]\n/\\ prevotes = (0 :> {} @@ 1 :> {})\n/\\ byz = {<<0, "PREVOTE">>, <<0, "PRECOMMIT">>, <<1, "PROPOSAL">>}'),
        step(2, 'OnTimeoutProposeStep', '/\\ round = [c1 |-> 0, c2 |-> 0]\n/\\ step = [c1 |-> "prevote", c2 |-> "propose"]\n/\\ prevotes = (0 :> {"c1"} @@ 1 :> {})\n/\\ byz = {<<0, "PREVOTE">>, <<0, "PRECOMMIT">>, <<1, "PROPOSAL">>}'),
        step(3, 'Both', '/\\ round = [c1 |-> 1, c2 |-> 1]\n/\\ step = [c1 |-> "prevote", c2 |-> "propose"]\n/\\ prevotes = (0 :> {"c1"} @@ 1 :> {})\n/\\ byz = {<<0, "PREVOTE">>, <<0, "PRECOMMIT">>, <<1, "PROPOSAL">>}'),
        step(4, 'StartHeightStep', '/\\ round = [c1 |-> 1, c2 |-> 1]\n/\\ step = [c1 |-> "prevote", c2 |-> "propose"]\n/\\ prevotes = (0 :> {"c1"} @@ 1 :> {[src |-> "c2", value |-> "v1"]})\n/\\ byz = {<<0, "PREVOTE">>, <<0, "PRECOMMIT">>, <<1, "PROPOSAL">>}'),
      ],
    };
    const lines = traceTable(trace, { maxValue: 30 }).split('\n');
    assert.deepEqual(lines.map((l) => l.trimEnd()).filter((l) => /byz|<<\d, "PR/.test(l)).map((l) => l.replace(/^\s+/, '')), [
      'byz          {<<0, "PREVOTE">>,', '<<0, "PRECOMMIT">>,', '<<1, "PROPOSAL">>}',
    ].map((l) => l));
    assert.match(lines.find((l) => l.includes('OnTimeoutPropose'))!, /^\s+2\s+OnTimeoutPropose\s+c1\s+step\.c1/, 'the Step suffix dropped');
    // two processes changed: no single process to name
    assert.match(lines.find((l) => l.includes('Both'))!, /Both\s+round\.c1/);
    // only a global set changed: the process is the src of what was added
    assert.match(lines.find((l) => l.includes('StartHeight'))!, /^\s+4\s+StartHeight\s+c2\s+prevotes\[1\]\s+\+ \[src \|-> "c2"/);
  });

  it('groups the initial state by process as the later steps are: shared variables first, then each process once', () => {
    const trace: Trace = {
      steps: [
        step(1, undefined, '/\\ round = [c2 |-> 0, c1 |-> 0]\n/\\ prevotes = (0 :> {})\n/\\ step = [c2 |-> "propose", c1 |-> "prevote"]\n/\\ byz = {1}'),
        step(2, 'OnTimeoutProposeStep', '/\\ round = [c2 |-> 0, c1 |-> 0]\n/\\ prevotes = (0 :> {})\n/\\ step = [c2 |-> "prevote", c1 |-> "prevote"]\n/\\ byz = {1}'),
      ],
    };
    assert.equal(traceTable(trace), [
      'step  action            process  variable     old → new',
      '   1  (initial)                  prevotes[0]  {}',
      '                                 byz          {1}',
      '                        c1       round.c1     0',
      '                                 step.c1      "prevote"',
      '                        c2       round.c2     0',
      '                                 step.c2      "propose"',
      '   2  OnTimeoutPropose  c2       step.c2      "propose" → "prevote"',
    ].join('\n'));
  });

  it('groups the step model\'s initial state by process too: the keys of the variable keyed by the processes that event.p names (ps)', () => {
    const trace: Trace = {
      steps: [
        step(1, undefined, '/\\ ps = [c1 |-> [round |-> 0], c2 |-> [round |-> 0], c3 |-> [round |-> 0]]\n/\\ params = [power |-> [c1 |-> 1, b1 |-> 1], maxRound |-> 2]\n/\\ event = [kind |-> "Init"]'),
        step(2, 'Next', '/\\ ps = [c1 |-> [round |-> 0], c2 |-> [round |-> 1], c3 |-> [round |-> 0]]\n/\\ params = [power |-> [c1 |-> 1, b1 |-> 1], maxRound |-> 2]\n/\\ event = [kind |-> "Timeout", p |-> "c2"]'),
      ],
    };
    assert.equal(traceTable(trace), [
      'step  action     process  variable         old → new',
      '   1  (initial)           params.power.c1  1',
      '                          params.power.b1  1',
      '                          params.maxRound  2',
      '                          event.kind       "Init"',
      '                 c1       ps.c1.round      0',
      '                 c2       ps.c2.round      0',
      '                 c3       ps.c3.round      0',
      '   2  Timeout    c2       ps.c2.round      0 → 1',
    ].join('\n'));
  });

  it('a trace that does not start at an initial state (the last transition of the distributed server): its own first label, no step numbers', () => {
    const trace: Trace = { steps: [step(1, undefined, '/\\ x = 1'), step(2, 'IncX', '/\\ x = 2')] };
    assert.equal(traceTable(trace, { firstLabel: '(source state)', numbered: false }), [
      'step  action          process  variable  old → new',
      '      (source state)           x         1',
      '      IncX                     x         1 → 2',
    ].join('\n'));
  });
});
