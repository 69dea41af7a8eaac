// The bench's command line (bench/run.ts): --help, and bad input refused with one
// sentence and exit 2 before any measurement starts. The bench itself is not run here.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const bench = (...args: string[]) => spawnSync(process.execPath,
  ['--loader', 'ts-node/esm/transpile-only', '--no-warnings', join(ROOT, 'bench/run.ts'), ...args],
  { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('bench: its command line', function () {
  this.timeout(120_000);

  it('--help: the usage and what the table holds, exit 0', () => {
    const r = bench('--help');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^usage: bench\/run\.ts \[--json\] \[--quick\] \[--bls-backend noble\|blst\]/);
    assert.match(r.stdout, /issue-13 target/);
  });

  for (const [args, says] of [
    [['--bls-backend'], /^bench: --bls-backend needs a value, noble or blst; usage: /],
    [['--bls-backend', '--json'], /^bench: --bls-backend needs a value, noble or blst; usage: /],
    [['--bls-backend', 'nosuch'], /^bench: .*nosuch.*; usage: /],
    [['--bogus'], /^bench: unknown option '--bogus'; usage: /],
  ] as const) {
    it(`${args.join(' ')}: one sentence, exit 2, no table`, () => {
      const r = bench(...args);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, says);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(r.stdout, '');
    });
  }
});
