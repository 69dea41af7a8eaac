// The TLC verdict cache (.cache/tlc-verdicts/): a model's verdict and figures, stored
// under a key of everything that decides them, so that `.ci/run` does not model-check
// the same models twice (npm test writes, `check` reads) and a rerun of an unchanged
// model is instant. The key is a SHA-256 over
//   - the cfg's text and the text of the root module and of every module it EXTENDS or
//     INSTANCEs that lives beside it (the standard modules come with the jar);
//   - the TLC jar's SHA-256 and the java version line;
//   - the TLC command line without its temporary paths (mode, workers, depth, seed,
//     -deadlock, and the --jvm-args / --tlc-args pass-through options).
// Only completed verdicts are stored (holds, a violation, a deadlock): never a parse
// error, a crash or a kill. A run that writes files (simulation traces, a state-graph
// dump) or a random simulation is not cached.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/tlc-jar.mjs';
import { writeAtomic } from '../proc/atomic.ts';

export const VERDICT_DIR = join(PROJECT_ROOT, '.cache', 'tlc-verdicts');
const FORMAT = 'hybrid-bft/tlc-verdict/1';

/** read: use a stored verdict and store new ones; refresh: run, then store; off: neither. */
export type CacheMode = 'read' | 'refresh' | 'off';

function stripComments(tla: string): string {
  return tla.replace(/\(\*[\s\S]*?\*\)/g, ' ').replace(/\\\*.*$/gm, ' ');
}

/** Names of the modules a module's text EXTENDS or INSTANCEs. */
export function importedModules(tla: string): string[] {
  const text = stripComments(tla);
  const names = new Set<string>();
  for (const m of text.matchAll(/\bEXTENDS\s+([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)/g)) {
    for (const n of m[1]!.split(',')) names.add(n.trim());
  }
  for (const m of text.matchAll(/\bINSTANCE\s+([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]!);
  return [...names];
}

/** The root module and every module it imports found in `dir`, with their texts, sorted by name. */
export function moduleClosure(dir: string, root: string): [string, string][] {
  const seen = new Map<string, string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const path = join(dir, file);
    if (!existsSync(path)) return; // a standard module: part of the jar
    const text = readFileSync(path, 'utf8');
    seen.set(file, text);
    for (const m of importedModules(text)) visit(`${m}.tla`);
  };
  visit(root);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const jarHashes = new Map<string, string>();
function jarHash(jar: string): string {
  let h = jarHashes.get(jar);
  if (h === undefined) {
    h = createHash('sha256').update(readFileSync(jar)).digest('hex');
    jarHashes.set(jar, h);
  }
  return h;
}

let javaLine: string | undefined;
function javaVersion(java: string): string {
  if (javaLine === undefined) {
    const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
    javaLine = `${r.stderr ?? ''}`.split('\n')[0]?.trim() ?? '';
  }
  return javaLine;
}

export interface KeyInput { dir: string; module: string; config: string; jar: string; java: string; args: readonly string[] }

/** The cache key of a run (hex SHA-256). */
export function verdictKey(k: KeyInput): string {
  const h = createHash('sha256');
  const part = (label: string, text: string): void => { h.update(`${label}\0${text.length}\0${text}\0`); };
  part('format', FORMAT);
  for (const [name, text] of moduleClosure(k.dir, k.module)) part(`module ${name}`, text);
  part('cfg', readFileSync(join(k.dir, k.config), 'utf8'));
  part('jar', jarHash(k.jar));
  part('java', javaVersion(k.java));
  part('args', JSON.stringify(k.args));
  return h.digest('hex');
}

// A result holds bigints (TLC integers) and Maps (TLC states), which JSON does not:
// tagged on the way out, restored on the way back.
const replacer = (_k: string, v: unknown): unknown =>
  (typeof v === 'bigint' ? { $bigint: v.toString() } : v instanceof Map ? { $map: [...v.entries()] } : v);
const reviver = (_k: string, v: unknown): unknown => {
  if (typeof v !== 'object' || v === null || Object.keys(v).length !== 1) return v;
  const o = v as { $bigint?: unknown; $map?: unknown };
  if (typeof o.$bigint === 'string') return BigInt(o.$bigint);
  if (Array.isArray(o.$map)) return new Map(o.$map as [unknown, unknown][]);
  return v;
};

/** The stored value under `key`, or undefined (none, or unreadable: a cache miss, never an error). */
export function readVerdict<T>(key: string, dir = VERDICT_DIR): T | undefined {
  const path = join(dir, `${key}.json`);
  if (!existsSync(path)) return undefined;
  try {
    const stored = JSON.parse(readFileSync(path, 'utf8'), reviver) as { format?: string; result?: T };
    return stored.format === FORMAT ? stored.result : undefined;
  } catch {
    return undefined;
  }
}

/** Stores `result` under `key` (whole or not at all); a failure to write only costs the next run time. */
export function writeVerdict(key: string, result: unknown, dir = VERDICT_DIR): void {
  try {
    mkdirSync(dir, { recursive: true });
    writeAtomic(join(dir, `${key}.json`), `${JSON.stringify({ format: FORMAT, storedAt: new Date().toISOString(), result }, replacer)}\n`);
  } catch { /* the cache is an optimisation */ }
}
