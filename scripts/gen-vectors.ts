// Writes conformance/vectors/*.json deterministically (same bytes on every run).
//   node --loader ts-node/esm/transpile-only --no-warnings scripts/gen-vectors.ts [--small] [--check]
// --small skips the large (n = 100) files; --check writes nothing and exits 1 when a
// committed file differs from what would be generated.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { allVectorFiles } from '../src/vectors/generate.ts';
import { VECTORS_DIR } from '../src/vectors/format.ts';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--small' && a !== '--check');
if (unknown.length > 0) {
  console.error(`gen-vectors: unknown option ${unknown[0]}; usage: gen-vectors.ts [--small] [--check]`);
  process.exit(2);
}
const small = args.includes('--small');
const checkOnly = args.includes('--check');
let differ = 0;
for (const f of allVectorFiles()) {
  if (small && f.large) continue;
  const started = Date.now();
  const text = f.text();
  const path = join(VECTORS_DIR, f.name);
  const same = existsSync(path) && readFileSync(path, 'utf8') === text;
  if (checkOnly) {
    if (!same) differ++;
    console.log(`${same ? 'same   ' : 'DIFFERS'} ${f.name}`);
  } else {
    writeFileSync(path, text);
    console.log(`${same ? 'unchanged' : 'wrote    '} ${f.name} (${text.length} bytes, ${Date.now() - started} ms)`);
  }
}
process.exit(differ > 0 ? 1 : 0);
