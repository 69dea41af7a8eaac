// The states 0..step of a corpus trace, as a TLC trace (a prefix of a model behaviour is
// a model behaviour): the minimal trace of a violation or deviation is its trace cut at
// the failing step. `source` is a ModelTrace's source: a file relative to the project
// root, or a cover graph's path (`<file>.dot.gz#path-N`), rebuilt from the graph.
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../../scripts/tlc-jar.mjs';
import { transitionCover } from '../tlc/cover.ts';
import { nodeState, parseDot } from '../tlc/dot.ts';
import { itfToTrace } from '../tlc/itf.ts';
import type { Trace, TraceStep } from '../tlc/trace.ts';

/** Throws naming the source when the file is unreadable or the path is not in the cover. */
export function tracePrefix(source: string, step: number): Trace {
  const [file, path] = source.split('#path-');
  const abs = isAbsolute(file as string) ? (file as string) : join(PROJECT_ROOT, file as string);
  if (path === undefined) {
    const raw = readFileSync(abs);
    const json: unknown = JSON.parse((abs.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
    const { trace } = itfToTrace(json);
    return { steps: trace.steps.slice(0, step + 1) };
  }
  const g = parseDot(gunzipSync(readFileSync(abs)).toString('utf8'), file as string);
  const c = transitionCover(g)[Number(path)];
  if (c === undefined) throw new Error(`${source}: no such path in the cover`);
  const steps: TraceStep[] = [{ index: 1, action: undefined, location: undefined, state: nodeState(g, c.start) }];
  c.edges.forEach((e, k) => steps.push({ index: k + 2, action: e.action, location: undefined, state: nodeState(g, e.to) }));
  return { steps: steps.slice(0, step + 1) };
}
