#!/usr/bin/env node
// The package's `hybrid-bft` command: the compiled dist/cli/main.js when dist/ was built
// from the current src/ (always so in the installed package, which has no src/);
// otherwise src/ through ts-node (bin/hybrid-bft.mjs), so that an edit to src/ is never
// shadowed by a stale build. Tests spawn bin/hybrid-bft.mjs, the source, explicitly.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { entryKind } from '../scripts/build-stamp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (entryKind(root) === 'dist') await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
else await import('./hybrid-bft.mjs');
