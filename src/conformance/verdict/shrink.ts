// A failing trace shrunk to the shortest prefix that still fails (issue 20 §3): its
// states 0..k, k the step of its first violation (a prefix of a model behaviour is a
// model behaviour, and the steps before k were all legal), written as an ITF file and
// judged again through the same implementation, which must fail it again at step k
// (else the implementation answered differently the second time: said, not hidden).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { traceToItf } from '../../tlc/itf.ts';
import { readTrace } from '../corpus.ts';
import type { ConsensusSut, ModelTrace } from '../replay.ts';
import { tracePrefix } from '../trace-prefix.ts';
import type { SourcedViolation } from './corpus.ts';
import type { Level } from './level.ts';
import { judgeTrace } from './trace.ts';

export interface Shrunk { source: string; step: number; file: string; failsAgain: boolean }

/** A file name for a source (`traces/cover/cover.dot.gz#path-3` -> `traces_cover_cover.dot.gz_path-3`). */
const fileName = (source: string): string => source.replace(/^(\.\.\/)+/, '').replace(/\.itf\.json(\.gz)?/, '').replace(/[^A-Za-z0-9._-]+/g, '_');

export async function shrinkFailures(violations: readonly SourcedViolation[], traces: readonly ModelTrace[], sut: ConsensusSut, level: Level, dir: string): Promise<Shrunk[]> {
  mkdirSync(dir, { recursive: true });
  const first = new Map<string, number>();
  for (const v of violations) if (v.event !== null && (first.get(v.source) ?? Infinity) > v.step) first.set(v.source, v.step);
  const out: Shrunk[] = [];
  for (const [source, step] of first) {
    const trace = traces.find((t) => t.source === source);
    if (trace === undefined) continue;
    const itf = traceToItf(tracePrefix(source, step), { source: 'MCConsensus.tla', description: `${source} cut at step ${step}, its first violation of the paper's verdict` });
    const file = join(dir, `${fileName(source)}.itf.json.gz`);
    writeFileSync(file, gzipSync(`${JSON.stringify(itf)}\n`));
    const again = await judgeTrace({ ...readTrace(file), params: trace.params }, sut, { level, firstOnly: true });
    out.push({ source, step, file, failsAgain: again.violations.some((v) => v.step === step) });
  }
  return out;
}
