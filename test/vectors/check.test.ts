import { strict as assert } from 'node:assert';
import { checkFiles } from '../../src/vectors/check.ts';
import { referenceImpl, referenceImplOn } from '../../src/vectors/reference.ts';
import { backendByName } from '../../src/crypto/select-backend.ts';
import { formatTable } from '../../src/vectors/report.ts';
import { largeSample, load, SMALL_FILES } from './helpers.ts';

describe('vectors: the TypeScript implementation', () => {
  it('passes every check of the small files', async () => {
    const rows = await checkFiles(referenceImpl, SMALL_FILES.map(load));
    assert.ok(rows.length > 150, `only ${rows.length} rows`);
    assert.deepEqual(rows.filter((r) => !r.pass), []);
    // every kind of check ran
    for (const kind of ['partial m0 i1 valid', 'group signature m0 valid', 't-1 partials', 'duplicate index', 'index 0 carrying the group signature',
      'index n+1 carrying the genuine share f(n+1), among the first t', 'collect twin of combine - duplicate index', 'collect t+1 with partial 2 corrupted', 'verify infinity signature under infinity key', 'duplicate signer counted twice, aggregate includes it twice']) {
      assert.ok(rows.some((r) => r.case === kind), `no row '${kind}'`);
    }
  });

  it('passes a sample of the 67-of-100 file (see largeSample)', async () => {
    const rows = await checkFiles(referenceImpl, [largeSample()]);
    assert.deepEqual(rows.filter((r) => !r.pass), []);
    assert.ok(rows.some((r) => r.case === 'combine m1 shuffled t = group signature'));
  });

  it('on the blst backend too: every check of the small files and the 67-of-100 sample', async () => {
    const blst = referenceImplOn(backendByName('blst'));
    const rows = await checkFiles(blst, [...SMALL_FILES.map(load), largeSample()]);
    assert.ok(rows.length > 150, `only ${rows.length} rows`);
    assert.deepEqual(rows.filter((r) => !r.pass), []);
  });

  it('the table shows expected and got, and repeats failures in full', () => {
    const sig = 'ab'.repeat(96);
    const table = formatTable([
      { file: 'f.json', case: 'ok one', expected: 'valid', got: 'valid', pass: true },
      { file: 'f.json', case: 'bad one', expected: `signature ${sig}`, got: 'error too-few', pass: false },
    ]);
    assert.match(table, /^pass\s+f\.json\s+ok one\s+valid\s+valid$/m);
    assert.match(table, /^FAIL\s+f\.json\s+bad one\s+signature abababababab…\(96B\)\s+error too-few$/m);
    assert.ok(table.includes(`    expected: signature ${sig}`));
    assert.ok(table.endsWith('1 passed, 1 failed'));
  });
});
