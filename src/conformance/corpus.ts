// The trace corpus: ITF files (`*.itf.json`, or gzip-compressed `*.itf.json.gz`) under
// a directory, read as ModelTraces in a stable order.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../../scripts/tlc-jar.mjs';
import { modelTraceFromItf } from './model-trace.ts';
import type { ModelTrace } from './replay.ts';

export const DEFAULT_CORPUS = join(PROJECT_ROOT, 'traces');

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.itf.json') || name.endsWith('.itf.json.gz')) out.push(p);
  }
  return out;
}

/** Paths of the trace files under `dir` (recursively), sorted. Throws if `dir` is missing. */
export function corpusFiles(dir: string = DEFAULT_CORPUS): string[] {
  return walk(dir);
}

/** Reads one trace file; errors name the file. */
export function readTrace(path: string): ModelTrace {
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return modelTraceFromItf(json, relative(PROJECT_ROOT, path));
}
