// Throughput of the tlc parsers and the cover, on synthetic inputs shaped like the
// consensus model's (message sets of records, big state graphs). Not a test: run with
//   node --loader ts-node/esm/transpile-only --no-warnings test/tlc/bench.ts
import { transitionCover, type Edge } from '../../src/tlc/cover.ts';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDot, readDotFile } from '../../src/tlc/dot.ts';
import { traceToItf } from '../../src/tlc/itf.ts';
import { parseState, printState, type TlaState, type TlaValue } from '../../src/tlc/value.ts';

const rec = (i: number): TlaValue => ({
  kind: 'record', fields: [
    ['type', { kind: 'str', value: ['PROPOSAL', 'PREVOTE', 'PRECOMMIT'][i % 3]! }], ['src', { kind: 'str', value: `c${i % 4 + 1}` }],
    ['height', { kind: 'int', value: BigInt(1 + (i % 2)) }], ['round', { kind: 'int', value: BigInt(i % 7) }],
    ['value', { kind: 'str', value: 'v1' }], ['validRound', { kind: 'int', value: -1n }], ['cert', { kind: 'set', elems: [] }],
  ],
});

function time<T>(label: string, bytes: number | undefined, fn: () => T, reps = 5): T {
  let out: T | undefined = fn(); // warm-up run, not timed (JIT)
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) out = fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / reps;
  const rate = bytes === undefined ? '' : `, ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`;
  console.log(`${label.padEnd(48)} ${ms.toFixed(1)} ms${rate}`);
  return out!;
}

const state: TlaState = new Map([['msgs', { kind: 'set', elems: Array.from({ length: 5000 }, (_, i) => rec(i)) }], ['n', { kind: 'int', value: 3n }]]);
const text = printState(state);
time(`parseState: 5,000 message records (${(text.length / 1e6).toFixed(2)} MB)`, text.length, () => parseState(text));

// A layered random graph: 100,000 nodes, ~300,000 edges, every node reachable.
const N = 100_000;
let seed = 1;
const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
const edges: Edge[] = [];
for (let i = 1; i < N; i++) edges.push({ from: String(rnd(i)), to: String(i) });
for (let i = 0; i < 2 * N; i++) edges.push({ from: String(rnd(N)), to: String(rnd(N)) });
const paths = time('transitionCover: 100,000 nodes, 300,000 edges', undefined, () => transitionCover({ initial: ['0'], edges }), 1);
console.log(`  ${paths.length} paths, ${paths.reduce((a, p) => a + p.edges.length, 0)} steps in all`);

const dot = ['strict digraph DiskGraph {', ...Array.from({ length: 20_000 }, (_, i) => `${i} [label="/\\\\ x = ${i}\\n/\\\\ y = \\"s\\""${i === 0 ? ',style = filled' : ''}]`),
  ...Array.from({ length: 60_000 }, (_, i) => `${i % 20_000} -> ${(i * 7919) % 20_000} [label="Next",color="black",fontcolor="black"];`), '}'].join('\n');
time(`parseDot: 20,000 nodes, 60,000 edges (${(dot.length / 1e6).toFixed(1)} MB)`, dot.length, () => parseDot(dot), 3);
const tmp = mkdtempSync(join(tmpdir(), 'bench-dot-'));
writeFileSync(join(tmp, 'g.dot'), dot);
time('readDotFile: the same, from a file in 4 MB chunks', dot.length, () => readDotFile(join(tmp, 'g.dot')), 3);
rmSync(tmp, { recursive: true, force: true });

const trace = { steps: Array.from({ length: 200 }, (_, i) => ({ index: i + 1, action: 'Deliver', location: undefined, state })) };
const json = time('traceToItf + JSON.stringify: 200 steps x 5,000 records', undefined, () => JSON.stringify(traceToItf(trace, {})), 1);
console.log(`  ${(json.length / 1e6).toFixed(1)} MB of ITF`);
