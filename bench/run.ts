// `npm run bench`: what the BLS operations of the protocol cost, measured in one run,
// each also as a multiple of one signature verification.
//   node --loader ts-node/esm/transpile-only --no-warnings bench/run.ts [--json] [--quick]
// Figures are medians of several runs after one warm-up run, in CPU time of this
// process (user + system): the machine is shared, and wall-clock time under contention
// measures the neighbours. Wall time is shown beside it. --quick runs each once (a
// smoke run of the benchmark code itself, not for figures).
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { aggregatePublicKeys, aggregateSignatures, fastAggregateVerify, publicKey, secretKeyFromSeed, sign, verify } from '../src/crypto/bls.ts';
import { combine, combineNaive, deal, lagrangeAtZero, partialSign } from '../src/crypto/threshold.ts';

interface Figure { name: string; what: string; runs: number; medianMs: number; wallMs: number; ratio: number }

const args = process.argv.slice(2);
for (const a of args) {
  if (a !== '--json' && a !== '--quick') {
    console.error(`bench: unknown option '${a}'; usage: bench/run.ts [--json] [--quick]`);
    process.exit(2);
  }
}
const json = args.includes('--json');
const quick = args.includes('--quick');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** `warm`: skip the warm-up run (for loops of an operation that was measured, hence warmed, already). */
function measure(runs: number, f: () => unknown, warm = false): { runs: number; medianMs: number; wallMs: number } {
  if (quick) runs = 1;
  else if (!warm) f(); // warm-up: JIT, noble's precomputed tables
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { runs, medianMs: median(cpu), wallMs: median(wall) };
}

function must(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bench: ${what} did not verify: the benchmark would be measuring a failure path`);
}

const N = 100;
const T = 67; // 2f+1 for n = 100
const seed = (label: string) => sha256(utf8ToBytes(`hybrid-bft/bench/${label}`));
const msg = utf8ToBytes('hybrid-bft bench: PRECOMMIT(h=5, r=0, v=block)');
const sks = Array.from({ length: N }, (_, i) => secretKeyFromSeed(seed(`validator/${i}`)));
const pks = sks.map(publicKey);
const votes = sks.map((sk) => sign(sk, msg));
const aggregate = aggregateSignatures(votes);
must(fastAggregateVerify(pks, msg, aggregate), 'the 100-signer certificate');
must(votes.every((v, i) => verify(pks[i]!, msg, v)), 'the 100 votes');
const dealt = deal(T, N, seed('dealer'));
const partials = dealt.shares.slice(0, T).map((s) => partialSign(s, msg));
const combined = combine(T, N, partials);
must(verify(dealt.groupPublicKey, msg, combined), 'the MSM combination');
must(Buffer.from(combineNaive(T, N, partials)).equals(Buffer.from(combined)), 'the naive combination (equal to MSM)');

const rows: Omit<Figure, 'ratio'>[] = [];
const add = (name: string, what: string, runs: number, f: () => unknown, warm = false) => rows.push({ name, what, ...measure(runs, f, warm) });

add('verify', 'one BLS signature verification (hash to G2 + 2 pairings)', 15, () => verify(pks[0]!, msg, votes[0]!));
add('certificate verify (100 signers)', 'fastAggregateVerify: add 100 G1 keys, then one verification', 10, () => fastAggregateVerify(pks, msg, aggregate));
add('aggregate 100 keys', 'the key half of the certificate check: decode (subgroup check) and add 100 G1 keys', 5, () => aggregatePublicKeys(pks));
add('100 votes one by one', '100 separate verifications, same message', 3, () => { for (let i = 0; i < N; i++) verify(pks[i]!, msg, votes[i]!); }, true);
add('deal 67-of-100', 'dealer key generation: polynomial, 100 shares, 100 share keys (G1 mults)', 3, () => deal(T, N, seed('dealer')));
add('lagrange at 0 (67 indices)', 'the 67 coefficients over Fr (one inversion, Montgomery)', 20, () => lagrangeAtZero(partials.map((p) => p.index)));
add('combine 67 (MSM)', 'threshold combine in G2: one Pippenger multi-scalar multiplication', 5, () => combine(T, N, partials));
add('combine 67 (naive)', 'threshold combine in G2: 67 separate scalar multiplications, summed', 3, () => combineNaive(T, N, partials));
add('67 partials verified', 'what a collector does before combining: 67 verifications', 3, () => { for (const p of partials) verify(dealt.sharePublicKeys[p.index - 1]!, msg, p.signature); }, true);

const unit = rows[0]!.medianMs;
const figures: Figure[] = rows.map((r) => ({ ...r, ratio: r.medianMs / unit }));
const by = (name: string) => figures.find((f) => f.name === name)!;
const threshold = ['67 partials verified', 'combine 67 (MSM)', 'verify'].map(by);
const dominant = threshold.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
const conclusion = [
  `A threshold signature (collect 67 verified partials, combine with MSM, verify the result) costs ${(threshold.reduce((s, f) => s + f.medianMs, 0)).toFixed(0)} ms, dominated by '${dominant.name}' (${dominant.ratio.toFixed(1)}x one verify).`,
  `combine with MSM takes ${(by('combine 67 (MSM)').medianMs / by('combine 67 (naive)').medianMs).toFixed(2)}x the time of the naive method; a 100-signer certificate costs ${by('certificate verify (100 signers)').ratio.toFixed(2)}x one verify, against ${by('100 votes one by one').ratio.toFixed(0)}x for the votes one by one.`,
];

const noble = JSON.parse(readFileSync(new URL('../node_modules/@noble/curves/package.json', import.meta.url), 'utf8')) as { version: string };
const env = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, noble: noble.version, quick };
if (json) {
  console.log(JSON.stringify({ env, figures, conclusion }, null, 1));
} else {
  console.log(`BLS12-381 (min-pk: keys in G1, signatures in G2), @noble/curves ${env.noble}, node ${env.node}, ${env.cpu} (${env.cores} cores)${quick ? ' — QUICK RUN, not figures' : ''}\n`);
  const w = Math.max(...figures.map((f) => f.name.length));
  console.log(`${'operation'.padEnd(w)}  runs  cpu ms (median)  wall ms  x verify  what`);
  for (const f of figures) {
    console.log(`${f.name.padEnd(w)}  ${String(f.runs).padStart(4)}  ${f.medianMs.toFixed(2).padStart(15)}  ${f.wallMs.toFixed(1).padStart(7)}  ${f.ratio.toFixed(2).padStart(8)}  ${f.what}`);
  }
  console.log(`\n${conclusion.join('\n')}`);
}
