#!/usr/bin/env node
// Entry point of `npx hybrid-bft`: runs src/cli/main.ts under the ts-node ESM loader.
// SIGINT/SIGTERM/SIGHUP sent to this wrapper are passed on to that process, which ends
// what it started (drivers, TLC) and exits 128 + the signal's number; so does this one.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(process.execPath,
  ['--loader', 'ts-node/esm/transpile-only', '--no-warnings', join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json') } });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('error', (e) => {
  console.error(`hybrid-bft: could not start node: ${e.message}`);
  process.exit(2);
});
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
