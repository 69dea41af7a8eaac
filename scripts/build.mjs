// `npm run build` (also run by `npm ci`, as the prepare script): compiles src/ to dist/
// with typings (tsconfig.build.json), copies the JSON files read at run time, and
// stamps dist/ with the hash of the src/ it was built from (scripts/build-stamp.mjs).
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeStamp } from './build-stamp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) {
  console.error('build: tsc failed (above); dist/ is not usable');
  process.exit(1);
}
cpSync(join(root, 'src', 'check', 'report.schema.json'), join(root, 'dist', 'check', 'report.schema.json'));
writeStamp(root);
