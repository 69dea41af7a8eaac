// Which entry point runs: the compiled dist/ or src/ through ts-node. `npm run build`
// records a hash of src/ in dist/build-stamp.json; an entry point uses dist/ only when
// that hash still matches src/ (a content hash, not mtimes: a checkout or an edit always
// changes it). Without src/ (the installed package) dist/ is all there is.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** sha256 over every file under root/src, in sorted order, with its relative path. */
export function srcHash(root) {
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else { h.update(relative(root, p)); h.update('\0'); h.update(readFileSync(p)); h.update('\0'); }
    }
  };
  walk(join(root, 'src'));
  return h.digest('hex');
}

export const STAMP = (root) => join(root, 'dist', 'build-stamp.json');

/** Called by `npm run build` after tsc. */
export function writeStamp(root) {
  writeFileSync(STAMP(root), JSON.stringify({ srcHash: srcHash(root), builtAt: new Date().toISOString() }, null, 1) + '\n');
}

/**
 * 'dist' when dist/ was built from the current src/ (or there is no src/), 'src' when
 * src/ must run through ts-node (no build, or src/ changed since). Throws when there is
 * neither a usable dist/ nor a src/.
 */
export function entryKind(root) {
  const hasDist = existsSync(STAMP(root));
  if (!existsSync(join(root, 'src'))) {
    if (!hasDist) throw new Error(`hybrid-bft: neither dist/ nor src/ under ${root}; reinstall the package`);
    return 'dist';
  }
  if (!hasDist) return 'src';
  try {
    return JSON.parse(readFileSync(STAMP(root), 'utf8')).srcHash === srcHash(root) ? 'dist' : 'src';
  } catch {
    return 'src';
  }
}
