// `hybrid-bft explore`: drive an engine behind the driver protocol through generated
// Byzantine schedules, judge every step, shrink what breaks (src/explore/, docs/explore.md).
// Exit 0: no finding; 1: a finding (or an explorer bug: a trace TLC rejects); 2: usage,
// an unusable driver, no java/TLC.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { driverSut } from '../conformance/driver-sut.ts';
import { CONTRACT_CONVENTIONS, type Conventions } from '../conformance/conventions.ts';
import { faulty } from '../core/quorum.ts';
import { intInRange, UsageError } from '../check/args.ts';
import { explore, type Progress } from '../explore/campaign.ts';
import { processFinding, type Finding } from '../explore/finding.ts';
import { JUDGES, type JudgeName } from '../explore/judge-port.ts';
import { livenessRounds } from '../explore/scheduler.ts';
import { PROPERTIES, type Property } from '../explore/properties.ts';
import { DEFAULT_TIMEOUT_MS, DriverBroken } from '../vectors/driver.ts';

export const USAGE = `usage: hybrid-bft explore --driver "<cmd>" [--minutes M | --runs N] [--seed S] [--validators N]
                         [--byzantine K] [--heights H] [--judge paper|strict|none] [--out DIR]
                         [--keep-going [--stop-on P]] [--no-tlc] [--timeout MS] [--json]

Drives the correct processes of a cluster, all hosted by the driver (consensus.reset,
consensus.step), through schedules made as it goes: the processes' broadcasts delivered
with delay, reordering, loss until GST, duplication and round-based partitions that
heal; the timeouts they scheduled; StartHeight after each decision; and up to f
Byzantine validators played by the explorer (proposals with any value and validRound,
votes for any value, equivocation, withheld and replayed messages). Guided by
coverage: runs that reach new (rule, round, lock, Byzantine move) combinations are
mutated further. After every step: Agreement, Validity, DecisionBacked, no equivocation
by a correct process and, per step, the judge; after GST, every correct process decides
within f+2 rounds. A finding is shrunk to a minimal schedule and written (to --out) as
an ITF trace of the model that 'hybrid-bft oracle --traces FILE' replays, an HTML
diagram, and checked by TLC's trace validation (spec/TraceConsensus.tla).

  --driver "<cmd>"  the driver command, run through the shell (required)
  --runs N          runs (default 1000)
  --minutes M       explore for M minutes instead
  --seed S          master seed (default 1): same seed and --runs, same runs, bit for bit
  --validators N    validators, 4..10 (default 4)
  --byzantine K     Byzantine validators, 0..f (default f)
  --heights H       heights per run, 1..5 (default 1)
  --judge J         paper (default): every step judged by the paper's verdict (the oracle's,
                    docs/contract.md "What the verdict allows"), evidence over the run;
                    strict: a reference core per process, decisions and broadcasts
                    compared per step (flags legal choices too); none: the cross-process
                    properties only
  --out DIR         where findings go (default explore-findings)
  --keep-going      after a finding, go on (one finding per property) until the budget
  --stop-on P       with --keep-going: stop at the first finding of property P (Agreement,
                    Validity, DecisionBacked, NoEquivocation, Liveness, Judge, EngineError)
  --no-tlc          do not run TLC on the findings' traces
  --timeout MS      per-request driver timeout (default ${DEFAULT_TIMEOUT_MS})
  --json            one JSON object instead of text
  -h, --help        this text

Exit code: 0 no finding; 1 a finding, or a finding's trace that TLC rejects (an
explorer bug); 2 bad usage, a driver that cannot be used, no java or TLC.`;

function progressLine(p: Progress): string {
  return `runs ${p.runs}  steps ${p.steps}  ${(p.steps / Math.max(p.seconds, 1e-9)).toFixed(0)} steps/s  ${(p.runs * 60 / Math.max(p.seconds, 1e-9)).toFixed(0)} runs/min  `
    + `coverage ${p.coverage} keys, Algorithm 1 lines ${p.lines.covered}/${p.lines.total}  max round ${p.maxRound}  findings ${p.found}`;
}

function table(fs: readonly Finding[]): string[] {
  if (fs.length === 0) return ['no findings'];
  const rows = [['#', 'property', 'process', 'run', 'found after', 'steps', 'shrunk', 'TLC', 'oracle', 'trace']];
  fs.forEach((f, i) => rows.push([String(i + 1), f.property, f.process, String(f.run), `${f.secondsToFind.toFixed(1)} s`, String(f.steps),
    String(f.shrunkSteps), f.tlc === null ? 'not run' : f.tlc.accepted ? 'accepted' : 'REJECTED', f.oracle === null ? 'passes' : 'fails', f.itf]));
  const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((x, c) => x.padEnd(w[c]!)).join('  ').trimEnd());
}

function conventionsProblem(c: { [K in keyof Conventions]: Conventions[K][] }): string | null {
  for (const k of Object.keys(CONTRACT_CONVENTIONS) as (keyof Conventions)[]) {
    if (!(c[k] as unknown[]).includes(CONTRACT_CONVENTIONS[k])) return `${k}=${JSON.stringify(CONTRACT_CONVENTIONS[k])}`;
  }
  return null;
}

export async function run(args: string[]): Promise<number> {
  try {
    const v = parseArgs({ args, strict: true, allowPositionals: false, options: {
      driver: { type: 'string' }, runs: { type: 'string' }, minutes: { type: 'string' }, seed: { type: 'string' },
      validators: { type: 'string' }, byzantine: { type: 'string' }, heights: { type: 'string' }, judge: { type: 'string' },
      out: { type: 'string' }, 'keep-going': { type: 'boolean' }, 'stop-on': { type: 'string' }, 'no-tlc': { type: 'boolean' }, timeout: { type: 'string' },
      json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    } }).values;
    if (v.help === true) { console.log(USAGE); return 0; }
    if (v.driver === undefined || v.driver.trim() === '') throw new UsageError('--driver "<cmd>" is required: the driver command of the engine to explore');
    if (v.runs !== undefined && v.minutes !== undefined) throw new UsageError('give --runs or --minutes, not both');
    const judge = (v.judge ?? 'paper') as JudgeName;
    if (!JUDGES.includes(judge)) throw new UsageError(`--judge: expected ${JUDGES.join(' or ')}, got '${v.judge}'`);
    const validators = intInRange('validators', v.validators, 4, 4, 10);
    const byzantine = intInRange('byzantine', v.byzantine, faulty(validators), 0, faulty(validators));
    const heights = intInRange('heights', v.heights, 1, 1, 5);
    const minutes = v.minutes === undefined ? undefined : intInRange('minutes', v.minutes, 1, 1, 10_000);
    const runs = minutes === undefined ? intInRange('runs', v.runs, 1000, 1, 100_000_000) : undefined;
    const seed = intInRange('seed', v.seed, 1, 0, 2 ** 31 - 1);
    const timeoutMs = intInRange('timeout', v.timeout, DEFAULT_TIMEOUT_MS, 1, 3_600_000);
    const json = v.json === true;
    const stopOn = v['stop-on'] as Property | undefined;
    if (stopOn !== undefined && !PROPERTIES.includes(stopOn)) throw new UsageError(`--stop-on: expected one of ${PROPERTIES.join(', ')}, got '${stopOn}'`);
    if (stopOn !== undefined && v['keep-going'] !== true) throw new UsageError('--stop-on goes with --keep-going');
    const outDir = resolve(v.out ?? 'explore-findings');
    const sut = driverSut(v.driver, { timeoutMs });
    try {
      const problem = conventionsProblem(await sut.conventions());
      if (problem !== null) { console.error(`hybrid-bft explore: the driver does not follow the contract's ${problem}, which explore sends: declare it in hello (docs/driver-protocol.md, "Conventions")`); return 2; }
      const tty = process.stderr.isTTY === true && !json;
      const findings: Finding[] = [];
      const command = `hybrid-bft explore --driver ${JSON.stringify(v.driver)} --seed ${seed} --judge ${judge} --validators ${validators} --byzantine ${byzantine} --heights ${heights}`;
      const rep = await explore({
        sut, judge, validators, byzantine, heights, seed, keepGoing: v['keep-going'] === true, ...(stopOn !== undefined ? { stopOn } : {}),
        ...(runs !== undefined ? { runs } : {}), ...(minutes !== undefined ? { untilMs: minutes * 60_000 } : {}),
        onProgress: (p) => {
          if (tty) process.stderr.write(`\r\x1b[K${progressLine(p)}`);
          else if (!json && Math.floor(p.seconds) % 10 === 0) process.stderr.write(`${progressLine(p)}\n`);
        },
        onFinding: async (f) => {
          if (tty) process.stderr.write('\r\x1b[K');
          if (!json) process.stderr.write(`finding: ${f.property} (${f.process}) in run ${f.run} after ${f.seconds.toFixed(1)} s: ${f.detail.join(' ')}; shrinking\n`);
          findings.push(await processFinding(f, { sut, judge, outDir, index: findings.length + 1, tlc: v['no-tlc'] !== true, command: `${command} --runs ${f.run + 1}` }));
        },
      });
      if (tty) process.stderr.write('\r\x1b[K');
      const rejected = findings.filter((f) => f.tlc !== null && !f.tlc.accepted);
      const liveness = `every correct process decides within ${livenessRounds(faulty(validators))} rounds (f + 2) of the highest round reached by GST`;
      if (json) {
        console.log(JSON.stringify({ ok: findings.length === 0, driver: v.driver, implementation: sut.name, seed, judge, validators, byzantine, heights,
          ...rep, findings, explorerBugs: rejected.map((f) => f.itf), liveness }));
      } else {
        console.log(progressLine(rep));
        console.log(`${rep.runs} runs (${rep.decidedRuns} decided every height; liveness not judged in ${rep.livenessWaived}, where a Byzantine validator sent more than 2 votes of one kind and round) in ${rep.seconds.toFixed(1)} s, seed ${seed}, judge ${judge}, ${validators} validators (${byzantine} Byzantine), ${heights} height(s); stopped by ${rep.stoppedBy}`);
        console.log(`Algorithm 1 lines reached: ${rep.lines.covered} of ${rep.lines.total}${rep.missingLines.length > 0 ? ` (not: ${rep.missingLines.map((l) => `L${l}`).join(', ')})` : ''}`);
        console.log(`liveness bound: ${liveness}`);
        for (const l of table(findings)) console.log(l);
        for (const [i, f] of findings.entries()) {
          console.log(`\nfinding ${i + 1}: ${f.property} (${f.process}): ${f.detail.join(' / ')}`);
          console.log(`  shrunk schedule (${f.shrunkSteps} steps, ${f.replays} replays):`);
          for (const s of f.schedule) console.log(`    ${s}`);
          if (f.cut !== null) console.log(`  the model's trace stops at ${f.cut}`);
          console.log(`  trace ${f.itf}, diagram ${f.html}`);
          if (f.tlc !== null) console.log(`  TLC trace validation: ${f.tlc.accepted ? 'accepted' : `REJECTED (an explorer bug): ${f.tlc.detail}`}`);
          console.log(`  oracle --traces: ${f.oracle === null ? 'the engine passes this trace' : `fails: ${f.oracle.split('\n')[0]}`}`);
        }
        for (const f of rejected) console.log(`EXPLORER BUG: TLC rejects ${f.itf}`);
      }
      return findings.length > 0 ? 1 : 0;
    } catch (e) {
      if (e instanceof DriverBroken) { console.error(`hybrid-bft explore: ${e.message}`); return 2; }
      if (e instanceof Error && /\bjava\b|TLC/.test(e.message) && /not found|install|missing/i.test(e.message)) { console.error(`hybrid-bft explore: ${e.message}`); return 2; }
      throw e;
    } finally {
      await sut.close();
    }
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && /argument|option/i.test(e.message))) {
      console.error(`hybrid-bft explore: ${e.message}\n\nRun 'hybrid-bft explore --help' for the options.`);
      return 2;
    }
    throw e;
  }
}
