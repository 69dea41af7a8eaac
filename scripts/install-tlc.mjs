#!/usr/bin/env node
// Installs TLC (tla2tools) from Maven Central into .cache/tlc/ and verifies its sha256.
// Run by `npm ci` (postinstall, with --soft: a failure prints the reason and does not
// fail the install) and again on first use by `hybrid-bft tlc` (without --soft).
import { ensureTlc } from './tlc-jar.mjs';

const soft = process.argv.includes('--soft');
try {
  const jar = ensureTlc({ log: (m) => console.log(m) });
  console.log(`hybrid-bft: TLC ready at ${jar}`);
} catch (e) {
  console.error(`hybrid-bft: ${e.message}`);
  if (!soft) process.exit(1);
  console.error('hybrid-bft: continuing the install; model checking will retry on first use.');
}
