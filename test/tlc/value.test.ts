import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { arbValue } from './arbitrary.ts';
import { canonical, parseState, parseValue, printState, printValue, TlaSyntaxError, valueEquals } from '../../src/tlc/value.ts';


/** Breaks the line after every ", " outside string literals, as TLC does for long values. */
function breakLines(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString && ch === '\\') { out += ch + text[++i]!; continue; }
    if (ch === '"') inString = !inString;
    out += !inString && ch === ',' && text[i + 1] === ' ' ? ',\n  ' : ch;
  }
  return out;
}

describe('tlc/value: TLC value syntax', () => {
  it('parses every kind of value TLC printed for test/fixtures/tlc/Values.tla', () => {
    const s = parseState([
      '/\\ fn = (p1 :> 1 @@ p2 :> 0)',
      '/\\ sq = <<<<-2, p1>>>>',
      '/\\ st = {p1}',
      '/\\ emp = << >>',
      '/\\ rec = [h |-> 1, step |-> "propose", who |-> p1]',
      '/\\ b = FALSE',
      '/\\ i = -1',
      '/\\ s = "a \\"q\\" \\\\ bx"',
      '/\\ log = << [p |-> p1, kind |-> "Step", set |-> {<<1, "x">>}],',
      '   [p |-> p1, kind |-> "Step", set |-> {<<1, "x">>}] >>',
    ].join('\n'));
    assert.deepEqual([...s.keys()], ['fn', 'sq', 'st', 'emp', 'rec', 'b', 'i', 's', 'log']);
    assert.deepEqual(s.get('fn'), { kind: 'fun', pairs: [[{ kind: 'modelValue', name: 'p1' }, { kind: 'int', value: 1n }], [{ kind: 'modelValue', name: 'p2' }, { kind: 'int', value: 0n }]] });
    assert.deepEqual(s.get('sq'), { kind: 'seq', elems: [{ kind: 'seq', elems: [{ kind: 'int', value: -2n }, { kind: 'modelValue', name: 'p1' }] }] });
    assert.deepEqual(s.get('emp'), { kind: 'seq', elems: [] });
    assert.deepEqual(s.get('b'), { kind: 'bool', value: false });
    assert.deepEqual(s.get('s'), { kind: 'str', value: 'a "q" \\ bx' });
    const log = s.get('log');
    assert.ok(log?.kind === 'seq' && log.elems.length === 2 && log.elems[1]!.kind === 'record');
  });

  it('parses a single-variable state (no /\\)', () => {
    assert.deepEqual([...parseState('n = 3\n')], [['n', { kind: 'int', value: 3n }]]);
  });

  it('expands an interval TLC did not enumerate', () => {
    assert.equal(printValue(parseValue('-1..2')), '{-1, 0, 1, 2}');
  });

  it('reports where a malformed value breaks, and what was expected', () => {
    assert.throws(() => parseValue('[a |-> 1, b 2]'), /expected '\|->' after record field 'b' at line 1, column 13, got '2\]'/);
    assert.throws(() => parseValue('{1, 2'), /expected ',' or '}' in set at line 1, column 6, got end of input/);
    assert.throws(() => parseValue('"abc'), /unterminated string/);
    assert.throws(() => parseValue('"a\\qb"'), /unknown string escape/);
    assert.throws(() => parseValue('(1 :> 2 3)'), /expected '@@' or '\)' in function/);
    assert.throws(() => parseValue('1 2'), /expected end of value at line 1, column 3/);
    assert.throws(() => parseState('/\\ x = 1\n/\\ y = ]\n'), (e: unknown) => e instanceof TlaSyntaxError && e.line === 2 && /expected a value/.test(e.message));
    assert.throws(() => parseState('/\\ x = 1\n/\\ x = 2'), /variable 'x' appears twice/);
    assert.throws(() => parseState(''), /expected a state/);
  });

  it('print → parse is the identity (fast-check)', () => {
    fc.assert(fc.property(arbValue, (v) => {
      assert.deepEqual(parseValue(printValue(v)), v);
    }), { numRuns: 300 });
  });

  it('states round-trip through printState, across line breaks', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,4}$/), arbValue), { minLength: 1, maxLength: 4, selector: ([k]) => k }), (vars) => {
      const s = new Map(vars);
      const text = breakLines(printState(s));
      assert.deepEqual(parseState(text), s);
    }), { numRuns: 100 });
  });

  it('valueEquals ignores record field order only', () => {
    assert.ok(valueEquals(parseValue('[a |-> 1, b |-> 2]'), parseValue('[b |-> 2, a |-> 1]')));
    assert.ok(!valueEquals(parseValue('[a |-> 1, b |-> 2]'), parseValue('[b |-> 1, a |-> 2]')));
    assert.equal(printValue(canonical(parseValue('<<[z |-> 1, a |-> {[y |-> 0, x |-> 1]}]>>'))), '<<[a |-> {[x |-> 1, y |-> 0]}, z |-> 1]>>');
  });
});
