#!/usr/bin/env node
// The package's `hybrid-bft-driver` command: the reference implementation as a driver
// process (docs/driver-protocol.md), compiled, or from src/ when dist/ is stale (as bin/cli.mjs).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { entryKind } from '../scripts/build-stamp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (entryKind(root) === 'dist') {
  await import(pathToFileURL(join(root, 'dist', 'conformance', 'reference-driver.js')).href);
} else {
  const r = spawnSync(process.execPath, ['--loader', 'ts-node/esm/transpile-only', '--no-warnings', join(root, 'src', 'conformance', 'reference-driver.ts')],
    { stdio: 'inherit', env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json') } });
  process.exit(r.status ?? 1);
}
