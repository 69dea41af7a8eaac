// `npm run docs:freedoms`: regenerates docs/contract.md's table of freedoms from
// src/conformance/verdict/freedoms.ts; with --check it changes nothing and exits 1 when they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './tlc-jar.mjs';
import { withFreedomsTable } from '../src/conformance/verdict/freedoms-table.ts';

const path = join(PROJECT_ROOT, 'docs', 'contract.md');
const doc = readFileSync(path, 'utf8');
const next = withFreedomsTable(doc);
if (process.argv.includes('--check')) process.exit(next === doc ? 0 : 1);
if (next !== doc) writeFileSync(path, next);
console.log(next === doc ? 'docs/contract.md: the table of freedoms is up to date' : 'docs/contract.md: the table of freedoms regenerated');
