// Runs every test/core/testdata/*.txt script and compares it with its golden output.
// Regenerate with UPDATE_GOLDEN=1 npm test (or mocha ... --rewrite), then review the diff.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runScript } from './transcript.ts';

const dir = fileURLToPath(new URL('./testdata/', import.meta.url));
const rewrite = process.env.UPDATE_GOLDEN === '1' || process.argv.includes('--rewrite');

describe('core transcripts (test/core/testdata)', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  it('has scripts', () => assert.ok(files.length >= 5, `expected at least 5 scripts, found ${files.length}`));
  for (const f of files) {
    it(f, () => {
      const text = readFileSync(dir + f, 'utf8');
      const got = runScript(text);
      if (rewrite) { writeFileSync(dir + f, got); return; }
      assert.equal(got, text, `${f}: output differs from golden (UPDATE_GOLDEN=1 to regenerate, then review the diff)`);
    });
  }
  it('the runner rejects a command without output block and unknown commands', () => {
    assert.throws(() => runScript('start h=1\n'), /command "start h=1" has no ---- block/);
    assert.throws(() => runScript('jump h=1\n----\n'), /unknown command "jump"/);
    assert.throws(() => runScript('deliver prevote from=c2 h=1 value=A\n----\n'), /needs r=/);
  });
});
