// The closing line of a BoundedLiveness counterexample (src/tlc/undecided.ts).
import { strict as assert } from 'node:assert';
import type { Trace } from '../../src/tlc/trace.ts';
import { closingLine, undecidedLine } from '../../src/tlc/undecided.ts';
import { parseState } from '../../src/tlc/value.ts';

const NONE = '[value |-> "none", round |-> -1]';
const trace = (...states: string[]): Trace => ({ steps: states.map((s, i) => ({ index: i + 1, action: i === 0 ? undefined : 'Next', location: undefined, state: parseState(s) })) });
const accState = (decision: string, round: string): string => `/\\ decision = ${decision}\n/\\ round = ${round}\n/\\ byzSends = {}`;

describe('tlc/undecided: who stays undecided at the end of a BoundedLiveness counterexample', () => {
  it('names the undecided correct processes with their rounds, read from the last state', () => {
    const t = trace(
      accState(`[c2 |-> ${NONE}, c1 |-> ${NONE}, c3 |-> ${NONE}]`, '[c2 |-> 0, c1 |-> 0, c3 |-> 0]'),
      accState(`[c2 |-> ${NONE}, c1 |-> ${NONE}, c3 |-> ${NONE}]`, '[c2 |-> 2, c1 |-> 2, c3 |-> 1]'),
    );
    assert.equal(undecidedLine(t), 'BoundedLiveness: in the last state no rule can fire, and the correct processes c1 (round 2), c2 (round 2) and c3 (round 1) stay undecided');
  });

  it('names the processes that decided, with the round of their decision', () => {
    const one = trace(accState(`[c1 |-> [value |-> v1, round |-> 2], c2 |-> ${NONE}]`, '[c1 |-> 2, c2 |-> 3]'));
    assert.equal(undecidedLine(one), 'BoundedLiveness: in the last state no rule can fire, and the correct process c2 (round 3) stays undecided; decided: c1 (v1 in round 2)');
    const all = trace(accState('[c1 |-> [value |-> v1, round |-> 2], c2 |-> [value |-> v1, round |-> 1]]', '[c1 |-> 2, c2 |-> 2]'));
    assert.equal(undecidedLine(all), 'BoundedLiveness: in the last state no rule can fire, and every correct process decided, not all by the synchronous round: c1 (v1 in round 2) and c2 (v1 in round 1)');
  });

  it('only for BoundedLiveness, and only for a trace with a decision per process (negative controls)', () => {
    const t = trace(accState(`[c1 |-> ${NONE}, c2 |-> ${NONE}]`, '[c1 |-> 1, c2 |-> 1]'));
    assert.match(closingLine('BoundedLiveness', t), /^BoundedLiveness: .* c1 \(round 1\) and c2 \(round 1\) stay undecided\n$/);
    assert.equal(closingLine('Agreement', t), '');
    assert.equal(closingLine('BoundedLiveness', trace('/\\ x = 1')), '');
    assert.equal(undecidedLine(trace('/\\ decision = [c1 |-> 3]')), undefined);
  });
});
