// The trace corpus: ITF files (`*.itf.json`, or gzip-compressed `*.itf.json.gz`) under
// a directory, read as ModelTraces in a stable order; and state graphs dumped by TLC
// (`*.dot.gz`, from -dump dot,actionlabels), read as a transition cover: paths from the
// initial states that take every edge of the graph at least once.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../../scripts/tlc-jar.mjs';
import { fsMessage } from '../proc/fs-errors.ts';
import { parseDot, nodeState } from '../tlc/dot.ts';
import { transitionCover } from '../tlc/cover.ts';
import type { TraceStep } from '../tlc/trace.ts';
import { modelTraceFromItf, modelTraceFromTrace } from './model-trace.ts';
import type { ModelTrace } from './replay.ts';

export const DEFAULT_CORPUS = join(PROJECT_ROOT, 'traces');

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.itf.json') || name.endsWith('.itf.json.gz') || name.endsWith('.dot.gz')) out.push(p);
  }
  return out;
}

/** Paths of the trace files under `dir` (recursively), sorted. Throws if `dir` is missing. */
export function corpusFiles(dir: string = DEFAULT_CORPUS): string[] {
  return walk(dir);
}

export interface GraphCover { traces: ModelTrace[]; states: number; edges: number }

/** The text of a trace file, gunzipped when it ends in .gz; errors name the file and say what to do. */
function readText(path: string): string {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new Error(`trace file ${fsMessage(e, path)}`);
  }
  if (!path.endsWith('.gz')) return raw.toString('utf8');
  try {
    return gunzipSync(raw).toString('utf8');
  } catch (e) {
    throw new Error(`${path}: not a complete gzip file (${(e as Error).message}); it may be truncated: regenerate it or restore it from git`);
  }
}

/** Reads a gzipped state graph and returns its transition cover as traces. */
export function readGraphCover(path: string): GraphCover {
  const g = parseDot(readText(path), relative(PROJECT_ROOT, path));
  const name = relative(PROJECT_ROOT, path);
  const traces = transitionCover(g).map((c, i) => {
    const steps: TraceStep[] = [{ index: 1, action: undefined, location: undefined, state: nodeState(g, c.start) }];
    c.edges.forEach((e, k) => steps.push({ index: k + 2, action: e.action, location: undefined, state: nodeState(g, e.to) }));
    return modelTraceFromTrace({ steps }, `${name}#path-${i}`);
  });
  return { traces, states: g.nodes.size, edges: g.edges.length };
}

/** Reads every trace of a corpus file (a graph gives its whole cover). */
export function readTraces(path: string): ModelTrace[] {
  return path.endsWith('.dot.gz') ? readGraphCover(path).traces : [readTrace(path)];
}

/** Reads one ITF trace file; errors name the file. */
export function readTrace(path: string): ModelTrace {
  const text = readText(path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return modelTraceFromItf(json, relative(PROJECT_ROOT, path));
}
