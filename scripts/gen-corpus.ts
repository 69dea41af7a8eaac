// Regenerates the committed trace corpus (traces/) with TLC:
//   traces/witness/  the counterexample of every witness entry (expected = a Never* invariant)
//   traces/sim/      random behaviours of the `sim` entry (seed SIM_SEED), gzip-compressed
//   traces/cover/    the complete state graph of the `cover` entry (-dump dot), gzip-compressed
// Run: node --loader ts-node/esm/transpile-only --no-warnings scripts/gen-corpus.ts [--only witness|sim|cover]
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PROJECT_ROOT } from './tlc-jar.mjs';
import { findModel, loadModels } from '../src/tlc/models.ts';
import { runModel } from '../src/tlc/runner.ts';
import { simulateTraces, witnessTrace } from '../src/tlc/generate.ts';

export const SIM_SEED = 20261124;
export const SIM_NUM = 64;
export const SIM_DEPTH = 80;

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const file = loadModels();
const out = join(PROJECT_ROOT, 'traces');

function gzipAll(dir: string): void {
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.itf.json')) continue;
    const p = join(dir, f);
    writeFileSync(`${p}.gz`, gzipSync(readFileSync(p), { level: 9 }));
    rmSync(p);
  }
}

if (only === undefined || only === 'witness') {
  const dir = join(out, 'witness');
  rmSync(dir, { recursive: true, force: true });
  for (const e of file.models.filter((m) => m.name.startsWith('w-') && m.mode === 'exhaustive')) {
    const g = await witnessTrace(file, e, { outDir: dir, command: `hybrid-bft traces --witness ${e.name}` });
    console.log(`witness ${e.name}: ${g.problem ?? g.files.join(', ')}`);
    if (g.problem !== undefined) process.exitCode = 1;
  }
  gzipAll(dir);
}

if (only === undefined || only === 'sim') {
  const dir = join(out, 'sim');
  rmSync(dir, { recursive: true, force: true });
  const g = await simulateTraces(file, findModel(file, 'sim'), {
    outDir: dir, num: SIM_NUM, seed: SIM_SEED, depth: SIM_DEPTH,
    command: `hybrid-bft traces --simulate sim --num ${SIM_NUM} --seed ${SIM_SEED} --depth ${SIM_DEPTH}`,
  });
  console.log(`sim: ${g.files.length} traces${g.problem === undefined ? '' : `; ${g.problem}`}`);
  gzipAll(dir);
}

if (only === undefined || only === 'cover') {
  const dir = join(out, 'cover');
  mkdirSync(dir, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'hybrid-bft-cover-'));
  try {
    const dot = join(tmp, 'cover.dot');
    const r = await runModel(findModel(file, 'cover'), { dumpDot: dot });
    if (!r.ok) throw new Error(`cover: expected ${r.expected}, got ${r.outcome}`);
    writeFileSync(join(dir, 'cover.dot.gz'), gzipSync(readFileSync(dot), { level: 9 }));
    console.log(`cover: ${r.distinct} states, graph written to traces/cover/cover.dot.gz`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
