// Shared by the tests of test/ids: a model trace with its validators renamed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const ROOT = join(import.meta.dirname, '..', '..');
/** w-power: c1, c2, c3 correct at power 3, 2, 1 and b1 at 1; c1 and c2 decide alone (5 of 7). */
export const W_POWER = join(ROOT, 'traces/witness/w-power-witness.itf.json.gz');

/** The trace with every id renamed, as a string and as a key. */
export function renamed(path: string, names: Record<string, string>): string {
  const rename = (x: unknown): unknown => {
    if (typeof x === 'string') return Object.hasOwn(names, x) ? names[x] : x;
    if (Array.isArray(x)) return x.map(rename);
    if (typeof x === 'object' && x !== null) {
      // Object.fromEntries: own entries, so the key `__proto__` is written as a key
      return Object.fromEntries(Object.entries(x).map(([k, v]) => [Object.hasOwn(names, k) ? names[k]! : k, rename(v)]));
    }
    return x;
  };
  const text = JSON.stringify(rename(JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'))));
  for (const to of Object.values(names)) assert.ok(text.includes(JSON.stringify(to)), `renamed to ${to}`);
  return text;
}

