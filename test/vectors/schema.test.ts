import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { listVectorFiles, loadSchema, loadVectorFile, parseVectorFile } from '../../src/vectors/format.ts';
import { validate } from '../../src/vectors/schema.ts';
import { fromHex, toHex } from '../../src/vectors/hex.ts';
import { load } from './helpers.ts';

describe('vector files against conformance/schema/vectors.schema.json', () => {
  for (const path of listVectorFiles()) {
    const name = path.split('/').pop() as string;
    it(`${name} conforms to the schema and its cross-references hold`, () => {
      const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
      assert.deepEqual(validate(loadSchema(), json), []);
      assert.doesNotThrow(() => loadVectorFile(path));
    });
  }

  it('there are threshold files for every (t, n) of the task and two certificate files', () => {
    const names = listVectorFiles().map((p) => p.split('/').pop());
    assert.deepEqual(names, ['certificates-n100.json', 'certificates-n4.json', 'threshold-t1-n1.json', 'threshold-t2-n3.json',
      'threshold-t3-n4.json', 'threshold-t5-n7.json', 'threshold-t67-n100.json']);
  });
});

describe('the schema subset validator', () => {
  const base = () => JSON.parse(JSON.stringify(load('threshold-t2-n3.json').data)) as Record<string, unknown> & { cases: Record<string, unknown>[] };

  it('reports a missing property with its path', () => {
    const f = base();
    delete f.groupPublicKey;
    assert.deepEqual(validate(loadSchema(), f), [{ path: '', message: "missing required property 'groupPublicKey'" }]);
  });

  it('reports hex with 0x or uppercase as a pattern failure', () => {
    const f = base();
    f.groupPublicKey = `0x${(f.groupPublicKey as string).slice(2)}`;
    const errs = validate(loadSchema(), f);
    assert.equal(errs.length, 1);
    assert.equal(errs[0]?.path, '/groupPublicKey');
    assert.match(errs[0]?.message ?? '', /does not match/);
  });

  it('reports the errors of the case branch that the op names', () => {
    const f = base();
    (f.cases[0] as Record<string, unknown>).expect = { ok: 'yes' };
    const errs = validate(loadSchema(), f);
    assert.ok(errs.length > 0);
    assert.ok(errs.every((e) => e.path.startsWith('/cases/0')), JSON.stringify(errs));
  });

  it('rejects an unknown op and an unexpected property', () => {
    const f = base();
    (f.cases[0] as Record<string, unknown>).op = 'combineFast';
    f.extra = 1;
    const msgs = validate(loadSchema(), f).map((e) => `${e.path}: ${e.message}`);
    assert.ok(msgs.includes("/cases/0: matches none of the 4 oneOf branches"), msgs.join('\n'));
    assert.ok(msgs.includes(": unexpected property 'extra'"), msgs.join('\n'));
  });

  it('rejects a non-integer t and a t below 1', () => {
    assert.deepEqual(validate({ type: 'integer', minimum: 1 }, 1.5), [{ path: '', message: 'expected integer, got non-integer number' }]);
    assert.deepEqual(validate({ type: 'integer', minimum: 1 }, 0), [{ path: '', message: 'expected >= 1, got 0' }]);
  });

  it('throws on a keyword outside the subset rather than ignoring it', () => {
    assert.throws(() => validate({ type: 'string', format: 'email' }, 'x'), /keyword 'format' is outside the supported subset/);
  });

  it('parseVectorFile names the file and the broken cross-reference', () => {
    const f = base();
    (f.cases[0] as Record<string, unknown>).message = 9;
    assert.throws(() => parseVectorFile(f, 'x.json'), /x\.json: not a valid vector file: \/cases\/0: message 9 does not exist \(3 messages\)/);
  });
});

describe('hex codec', () => {
  it('round-trips and rejects other spellings with a clear message', () => {
    assert.equal(toHex(fromHex('00ff10')), '00ff10');
    assert.throws(() => fromHex('0x00'), /fromHex: expected lowercase hex of even length without 0x, got "0x00"/);
    assert.throws(() => fromHex('ABCD'), /expected lowercase hex/);
    assert.throws(() => fromHex('abc'), /expected lowercase hex/);
  });
});
