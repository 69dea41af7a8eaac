// spec/models.json: the TLC models of the project (format: spec/models.schema.md).
// Loading validates every entry, with messages that name the entry and the field.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/tlc-jar.mjs';

export interface Recorded {
  distinctStates: number;
  statesGenerated: number;
  depth: number;
  wallSeconds: number;
  workers: number;
}

export interface ModelEntry {
  name: string;
  /** Relative to the directory of models.json. */
  module: string;
  config: string;
  mode: 'exhaustive' | 'simulate';
  simulate?: { num: number; depth: number; seed?: number };
  /** "holds", "deadlock", or the name of the invariant/property TLC must report violated. */
  expected: string;
  ci: boolean;
  purpose?: string;
  /**
   * true: TLC is not expected to finish this entry on the machine its figures come from
   * (its purpose says how far it got); `tlc` says so before it starts. Default false.
   */
  outOfReach?: boolean;
  workers?: number;
  /** false: pass -deadlock (do not report deadlocks). Default true. */
  checkDeadlock?: boolean;
  recorded?: Recorded;
  /** Absolute directory of the models.json it came from (set by loadModels, not stored). */
  dir: string;
}

export interface ModelsFile {
  /** Absolute path of models.json; module/config paths are relative to its directory. */
  path: string;
  dir: string;
  models: ModelEntry[];
}

export const DEFAULT_MODELS = join(PROJECT_ROOT, 'spec', 'models.json');

function fail(where: string, what: string): never {
  throw new Error(`${where}: ${what}`);
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function posInt(where: string, o: Record<string, unknown>, k: string, min = 1): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(where, `expected "${k}" to be an integer >= ${min}, got ${JSON.stringify(v)}`);
  return v;
}

function str(where: string, o: Record<string, unknown>, k: string): string {
  const v = o[k];
  if (typeof v !== 'string' || v === '') fail(where, `expected "${k}" to be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

function bool(where: string, o: Record<string, unknown>, k: string): boolean {
  const v = o[k];
  return typeof v === 'boolean' ? v : fail(where, `expected "${k}" to be true or false, got ${JSON.stringify(v)}`);
}

function entry(x: unknown, i: number, file: string, dir: string): ModelEntry {
  let where = `${file}: models[${i}]`;
  if (!isObj(x)) fail(where, 'expected an object');
  const name = str(where, x, 'name');
  where += ` ("${name}")`;
  const mode = x.mode;
  if (mode !== 'exhaustive' && mode !== 'simulate') fail(where, `expected "mode" to be "exhaustive" or "simulate", got ${JSON.stringify(mode)}`);
  const e: ModelEntry = {
    name, module: str(where, x, 'module'), config: str(where, x, 'config'), mode,
    expected: str(where, x, 'expected'),
    ci: bool(where, x, 'ci'),
    dir,
  };
  if (mode === 'simulate') {
    if (!isObj(x.simulate)) fail(where, 'expected "simulate": {num, depth, seed} for mode "simulate"');
    const s = x.simulate;
    e.simulate = { num: posInt(`${where}.simulate`, s, 'num'), depth: posInt(`${where}.simulate`, s, 'depth') };
    if (s.seed !== undefined) e.simulate.seed = posInt(`${where}.simulate`, s, 'seed', Number.MIN_SAFE_INTEGER);
  }
  if (x.purpose !== undefined) e.purpose = str(where, x, 'purpose');
  if (x.outOfReach !== undefined) e.outOfReach = bool(where, x, 'outOfReach');
  if (x.workers !== undefined) e.workers = posInt(where, x, 'workers');
  if (x.checkDeadlock !== undefined) e.checkDeadlock = bool(where, x, 'checkDeadlock');
  if (x.recorded !== undefined) {
    if (!isObj(x.recorded)) fail(where, 'expected "recorded" to be an object');
    const r = x.recorded;
    const w = `${where}.recorded`;
    e.recorded = {
      distinctStates: posInt(w, r, 'distinctStates', 0), statesGenerated: posInt(w, r, 'statesGenerated', 0),
      depth: posInt(w, r, 'depth', 0),
      wallSeconds: typeof r.wallSeconds === 'number' && r.wallSeconds >= 0 ? r.wallSeconds : fail(w, `expected "wallSeconds" to be a number >= 0, got ${JSON.stringify(r.wallSeconds)}`),
      workers: posInt(w, r, 'workers'),
    };
  }
  return e;
}

/**
 * Reads and validates a models.json. With `optional`, a missing file is an empty list
 * (the spec may not exist yet); otherwise it is an error.
 */
export function loadModels(path: string = DEFAULT_MODELS, { optional = false } = {}): ModelsFile {
  const abs = resolve(path);
  if (!existsSync(abs)) {
    if (optional) return { path: abs, dir: dirname(abs), models: [] };
    throw new Error(`loadModels: ${abs} does not exist`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(abs, 'utf8'));
  } catch (e) {
    throw new Error(`loadModels: ${abs} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isObj(json) || !Array.isArray(json.models)) throw new Error(`loadModels: ${abs}: expected {"models": [...]}`);
  const models = json.models.map((m, i) => entry(m, i, abs, dirname(abs)));
  const seen = new Set<string>();
  for (const m of models) {
    if (seen.has(m.name)) throw new Error(`loadModels: ${abs}: model name "${m.name}" appears twice`);
    seen.add(m.name);
  }
  return { path: abs, dir: dirname(abs), models };
}

export function findModel(file: ModelsFile, name: string): ModelEntry {
  const m = file.models.find((e) => e.name === name);
  if (m === undefined) {
    const names = file.models.map((e) => e.name).join(', ');
    throw new Error(`no model named "${name}" in ${file.path} (known: ${names === '' ? 'none' : names}); 'hybrid-bft tlc --list' describes them`);
  }
  return m;
}

/**
 * The one-line note `tlc` prints on stderr before it starts an entry marked
 * "outOfReach", else undefined.
 */
export function outOfReachNote(entry: ModelEntry): string | undefined {
  if (entry.outOfReach !== true) return undefined;
  return `tlc ${entry.name}: note: recorded as out of reach ("outOfReach" in models.json; its purpose says how far TLC got), so this run is not expected to finish; Ctrl-C stops it`;
}

/** Writes `recorded` for one entry back into models.json, leaving the rest as it was. */
export function recordFigures(file: ModelsFile, name: string, recorded: Recorded): void {
  const json = JSON.parse(readFileSync(file.path, 'utf8')) as { models: Record<string, unknown>[] };
  const e = json.models.find((m) => m.name === name);
  if (e === undefined) throw new Error(`recordFigures: no model named "${name}" in ${file.path}`);
  e.recorded = { ...recorded };
  writeFileSync(file.path, JSON.stringify(json, null, 2) + '\n');
}
