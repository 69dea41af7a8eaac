import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VECTORS_DIR } from '../../src/vectors/format.ts';
import { allVectorFiles } from '../../src/vectors/generate.ts';

// The large (n = 100) files take ~1 min to generate: only the script regenerates them
// (`scripts/gen-vectors.ts --check` compares them with the committed ones).
describe('vector generation is deterministic', () => {
  for (const f of allVectorFiles().filter((x) => !x.large)) {
    it(`regenerating ${f.name} in memory gives the committed bytes`, () => {
      assert.equal(f.text(), readFileSync(join(VECTORS_DIR, f.name), 'utf8'));
    });
  }

  it('the list of generated files includes the large ones, marked large', () => {
    assert.deepEqual(allVectorFiles().filter((x) => x.large).map((x) => x.name), ['threshold-t67-n100.json', 'certificates-n100.json']);
  });
});
