// `hybrid-bft validate`: simulated runs recorded and checked by TLC against the model.
// Exit 0: TLC accepted every recording; 1: a recording was rejected (or TLC failed); 2: usage.
import { parseArgs } from 'node:util';
import { corpusCoverage, formatCoverage } from '../validate/coverage.ts';
import { validate } from '../validate/run.ts';
import { VERDICTS, type Verdict } from '../validate/tla-module.ts';
import { formatRejection } from '../validate/tlc-check.ts';
import { intInRange } from '../check/args.ts';
import { LEGAL_VARIANTS } from '../conformance/verdict/variants.ts';
import { variantNode } from '../sim/variant-node.ts';

const USAGE = `usage: hybrid-bft validate [--runs N] [--seed S] [--batch B] [--verdict contract|paper] [--variant L] [--coverage] [--json]

Simulates N runs of the real node (n = 4: c1, c2, b1, c3 with b1 Byzantine, one of
the simulator's behaviours per run; crashes with restarts from the WAL, partitions,
loss, duplication, reordering; every other run 5 heights on a slow network, for deep
rounds), records each correct process's steps as the contract's steps (event,
outputs, rules fired, projection after the step) and the Byzantine messages as sent,
and has TLC decide whether each recording is a behaviour of spec/Consensus.tla
(spec/TraceConsensus.tla). A rejection names the run, the first step TLC could not
match, its event, and every field where the model differs.

  --runs N      runs to validate (default 100)
  --seed S      seed of the schedules (default 1); same seed, same recordings
  --batch B     recordings per TLC run (default 100: one JVM start)
  --verdict V   contract (default): each step must be the contract's reaction, outputs
                in order; paper: any reaction Algorithm 1 allows (any order of the
                enabled rules, any qualifying round at L49 and L55, any stored COMMIT,
                any held quorum as certificate, a vote beyond the slots stored, an
                equivocator's second proposal), outputs as a multiset
                (spec/ConsensusAny.tla; docs/spec.md, "The paper verdict in the model")
  --variant L   simulate the node on the legal variant L of the core instead of the
                reference (src/conformance/verdict/variants.ts; 'list' names them)
  --coverage    print the rules and (step, rule) pairs exercised, next to the TLC corpus
  --json        one JSON object instead of text
  --help        this text`;

export async function run(args: string[]): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args, strict: true, allowPositionals: false,
      options: { runs: { type: 'string' }, seed: { type: 'string' }, batch: { type: 'string' }, verdict: { type: 'string' }, variant: { type: 'string' }, coverage: { type: 'boolean' },
        json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (e) {
    console.error(`hybrid-bft validate: ${e instanceof Error ? e.message : String(e)}\n\nRun 'hybrid-bft validate --help' for the options.`);
    return 2;
  }
  if (v.help === true) { console.log(USAGE); return 0; }
  let runs, seed, batchSize;
  try {
    runs = intInRange('runs', v.runs, 100, 1, 100_000);
    seed = intInRange('seed', v.seed, 1, 0, 2 ** 30);
    batchSize = intInRange('batch', v.batch, 100, 1, 10_000);
  } catch (e) {
    console.error(`hybrid-bft validate: ${e instanceof Error ? e.message : String(e)}\n\nRun 'hybrid-bft validate --help' for the options.`);
    return 2;
  }
  if (v.verdict !== undefined && !(VERDICTS as readonly string[]).includes(v.verdict)) {
    console.error(`hybrid-bft validate: --verdict must be ${VERDICTS.join(' or ')}, got ${JSON.stringify(v.verdict)}.\n\nRun 'hybrid-bft validate --help' for the options.`);
    return 2;
  }
  const verdict = (v.verdict ?? 'contract') as Verdict;
  if (v.variant === 'list') { for (const l of LEGAL_VARIANTS) console.log(`${l.name}  (${l.freedom}) ${l.description}`); return 0; }
  const variant = v.variant === undefined ? undefined : LEGAL_VARIANTS.find((l) => l.name === v.variant);
  if (v.variant !== undefined && variant === undefined) {
    console.error(`hybrid-bft validate: no legal variant named ${JSON.stringify(v.variant)}; 'hybrid-bft validate --variant list' names them`);
    return 2;
  }
  const json = v.json === true;
  const tty = process.stderr.isTTY === true && !json;
  const rep = await validate({
    runs, seed, batchSize, verdict,
    ...(variant ? { impl: variantNode(variant) } : {}),
    onProgress: (p) => {
      if (tty) process.stderr.write(`\r\x1b[Ksimulated ${p.simulated}/${p.runs}  checked by TLC ${p.checked}/${p.runs}  accepted ${p.accepted}  rejected ${p.rejected}`);
    },
  });
  if (tty) process.stderr.write('\r\x1b[K');
  const ok = rep.rejections.length === 0 && rep.errors.length === 0 && rep.undecided === 0 && rep.accepted === runs;
  const perRun = rep.tlcSeconds / Math.max(1, runs);
  if (json) {
    const { coverage, ...rest } = rep;
    console.log(JSON.stringify({ ok, verdict, variant: variant?.name ?? null, ...rest, tlcSecondsPerRun: perRun,
      coverage: { rules: Object.fromEntries(coverage.rules), pairs: Object.fromEntries(coverage.pairs) } }));
  } else {
    console.log(`validated ${rep.accepted}/${runs} recorded runs (seed ${seed}, ${verdict} verdict${variant ? `, variant ${variant.name}` : ''}): ${rep.steps} steps, `
      + `${rep.faults.crashes} crashes, ${rep.faults.partitions} partitions, ${rep.faults.byzantineMessages} distinct Byzantine messages`);
    console.log(`deepest round ${rep.maxRound}, deepest height ${rep.maxHeight}; ${rep.deep} run(s) reached round >= 3 and height >= 5`);
    console.log(`simulation ${rep.simSeconds.toFixed(1)} s; TLC ${rep.tlcSeconds.toFixed(1)} s in ${rep.tlcRuns} run(s), ${perRun.toFixed(2)} s per validated run`);
    for (const r of rep.rejections) console.log(formatRejection(r));
    for (const e of rep.errors) console.log(`TLC error: ${e}`);
    if (rep.undecided > 0) console.log(`${rep.undecided} run(s) undecided: their batch stopped at a rejection (run with --batch 1 to check each)`);
    for (const s of rep.simViolations) console.log(`simulator check failed: ${s}`);
    if (v.coverage === true) console.log(`\n${formatCoverage(rep.coverage, corpusCoverage())}`);
    const of = verdict === 'paper' ? 'of the model under the paper verdict' : 'of the model';
    console.log(ok ? `every recording is a behaviour ${of}` : `NOT every recording is a behaviour ${of}`);
  }
  return ok ? 0 : 1;
}
