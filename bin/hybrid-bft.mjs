#!/usr/bin/env node
// Entry point of `npx hybrid-bft`: runs src/cli/main.ts under the ts-node ESM loader.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(process.execPath,
  ['--loader', 'ts-node/esm/transpile-only', '--no-warnings', join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json') } });
if (r.error) {
  console.error(`hybrid-bft: could not start node: ${r.error.message}`);
  process.exit(2);
}
process.exit(r.status ?? (r.signal ? 128 : 1));
