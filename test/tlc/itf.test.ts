import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { fromItfValue, itfToTrace, toItfValue, traceToItf } from '../../src/tlc/itf.ts';
import { splitToolOutput } from '../../src/tlc/messages.ts';
import { ToolReducer } from '../../src/tlc/report.ts';
import { parseValue, type TlaValue } from '../../src/tlc/value.ts';
import { arbValue } from './arbitrary.ts';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tlc', 'out');

/** A fun with no pairs reads back as an empty seq (TLC prints both as <<>>): normalize. */
function normalize(v: TlaValue): TlaValue {
  switch (v.kind) {
    case 'set': case 'seq': return { ...v, elems: v.elems.map(normalize) };
    case 'record': return { ...v, fields: v.fields.map(([k, x]) => [k, normalize(x)]) };
    case 'fun': return { ...v, pairs: v.pairs.map(([k, x]) => [normalize(k), normalize(x)]) };
    default: return v;
  }
}

describe('tlc/itf: Informal Trace Format', () => {
  it('writes each kind of value as ADR-015 says, model values as #unserializable', () => {
    // as JSON: a record is written with no prototype (its fields are any names: docs/contract.md, "Identifiers")
    assert.deepEqual(JSON.parse(JSON.stringify(toItfValue(parseValue('[a |-> -3, b |-> {"x"}, c |-> <<TRUE, p1>>, d |-> (1 :> "a" @@ 2 :> "b")]')))), {
      a: { '#bigint': '-3' },
      b: { '#set': ['x'] },
      c: [true, { '#unserializable': 'p1' }],
      d: { '#map': [[{ '#bigint': '1' }, 'a'], [{ '#bigint': '2' }, 'b']] },
    });
  });

  it('reads plain numbers and #tup too', () => {
    assert.deepEqual(fromItfValue({ '#tup': [1, 'x'] }), parseValue('<<1, "x">>'));
  });

  it('value → ITF → JSON text → value is the identity (fast-check)', () => {
    fc.assert(fc.property(arbValue, (v) => {
      assert.deepEqual(fromItfValue(JSON.parse(JSON.stringify(toItfValue(v)))), normalize(v));
    }), { numRuns: 300 });
  });

  it('a TLC error trace round-trips through an ITF file, with actions and meta', () => {
    const r = new ToolReducer();
    r.feed(splitToolOutput(readFileSync(join(OUT, 'Values.tool.txt'), 'utf8')));
    const trace = r.result().trace!;
    const itf = traceToItf(trace, { model: 'values', seed: '7' });
    assert.deepEqual(itf.vars, ['fn', 'sq', 'st', 'mv', 'emp', 'rec', 'b', 'i', 's', 'log']);
    assert.equal(itf['#meta']!.format, 'ITF');
    assert.equal(itf['#meta']!.model, 'values');
    assert.deepEqual(itf.states[1]!['#meta'], { index: 1, action: 'Step' });
    const back = itfToTrace(JSON.parse(JSON.stringify(itf)));
    assert.equal(back.meta.seed, '7');
    assert.deepEqual(back.trace.steps.map((s) => [s.action, s.state]), trace.steps.map((s) => [s.action, s.state]));
  });

  it('keeps a lasso as ITF "loop" (0-based)', () => {
    const r = new ToolReducer();
    r.feed(splitToolOutput(readFileSync(join(OUT, 'CounterLoop.tool.txt'), 'utf8')));
    const itf = traceToItf(r.result().trace!, {});
    assert.equal(itf.loop, 0);
    assert.deepEqual(itfToTrace(itf).trace.loop, { toIndex: 1, action: undefined });
  });

  it('rejects malformed ITF, naming the place', () => {
    assert.throws(() => fromItfValue({ '#bigint': '12a' }), /"#bigint" to be a decimal string, got "12a"/);
    assert.throws(() => fromItfValue({ '#set': 1 }), /expected an array under "#set"/);
    assert.throws(() => fromItfValue({ '#foo': 1 }), /unknown ITF tag "#foo"/);
    assert.throws(() => fromItfValue(1.5), /expected an integer, got 1.5/);
    assert.throws(() => fromItfValue({ a: [null] }), /value.a\[0\]: expected a JSON value of ITF, got null/);
    assert.throws(() => fromItfValue({ '#map': [[1]] }), /#map\[0\]: expected a \[key, value\] pair/);
    assert.throws(() => itfToTrace({ vars: ['x'], states: [{}] }), /states\[0\]: missing variable "x"/);
    assert.throws(() => itfToTrace({ vars: 'x', states: [] }), /"vars" to be an array of strings/);
    assert.throws(() => traceToItf({ steps: [] }, {}), /at least one state/);
  });
});
