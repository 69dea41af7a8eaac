// docs/contract.md's table of freedoms is generated from src/conformance/verdict/freedoms.ts.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/tlc-jar.mjs';
import { FREEDOMS } from '../../src/conformance/verdict/freedoms.ts';
import { withFreedomsTable } from '../../src/conformance/verdict/freedoms-table.ts';

describe('docs/contract.md: the table of freedoms matches the verdict\'s list', () => {
  const doc = readFileSync(join(PROJECT_ROOT, 'docs', 'contract.md'), 'utf8');
  it('regenerating it changes nothing (else run npm run docs:freedoms)', () => {
    assert.equal(withFreedomsTable(doc), doc);
  });
  it('negative control: a table edited by hand makes the check fail', () => {
    const row = `| \`${FREEDOMS[0]!.name}\` |`;
    assert.ok(doc.includes(row));
    const tampered = doc.replace(row, `| \`${FREEDOMS[0]!.name}-edited\` |`);
    assert.notEqual(withFreedomsTable(tampered), tampered);
  });
  it('a document without the markers: one sentence saying where they go', () => {
    assert.throws(() => withFreedomsTable('# nothing\n'), /freedoms markers are missing/);
  });
});
