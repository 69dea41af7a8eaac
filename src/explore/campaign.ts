// Many explored runs (issue 22 §3, §5): guided by coverage, within a budget of runs
// or wall time, each finding shrunk and written out. The search: a run's genome is
// either drawn afresh or, with chance 0.6 once there are any, a mutation of a genome
// whose run added coverage keys (coverage.ts) — the corpus of an evolutionary fuzzer,
// biased towards recent and productive entries. Everything comes from one master seed,
// so `--seed S --runs N` explores the same runs again, bit for bit (a time budget only
// decides where it stops; the report prints how many runs that was).
import type { ConsensusSut } from '../conformance/replay.ts';
import { faulty } from '../core/quorum.ts';
import { seededRng } from '../node/rng.ts';
import { DriverBroken } from '../vectors/driver.ts';
import { Cluster } from './cluster.ts';
import { CoverageMap } from './coverage.ts';
import { mutateGenome, randomGenome, type Genome } from './genome.ts';
import type { JudgeName } from './judge-port.ts';
import { runParams } from './layout.ts';
import type { Property } from './properties.ts';
import { exploreRun, type RunOutcome } from './scheduler.ts';
import { makeJudge } from './strict-judge.ts';

export interface ExploreOptions {
  sut: ConsensusSut;
  judge: JudgeName;
  validators: number;
  byzantine: number;
  heights: number;
  seed: number;
  runs?: number;
  untilMs?: number;
  /** Keep exploring after a finding (one finding per property); default: stop at the first. */
  keepGoing?: boolean;
  /** With keepGoing: stop at the first finding of this property. */
  stopOn?: Property;
  onProgress?: (p: Progress) => void;
  /** Called with each raw finding, before the budget goes on; the caller shrinks and writes it. */
  onFinding?: (f: RawFinding) => Promise<void>;
}

export interface Progress { runs: number; steps: number; seconds: number; coverage: number; lines: { covered: number; total: number }; found: number; maxRound: number }

export interface RawFinding {
  property: Property;
  process: string;
  detail: string[];
  /** Which run (0-based) of the campaign, its genome, and the seconds from the start to its detection. */
  run: number;
  genome: Genome;
  seconds: number;
  outcome: RunOutcome;
  params: ReturnType<typeof runParams>;
}

export interface CampaignReport extends Progress {
  decidedRuns: number;
  /** Runs whose liveness was not judged (a Byzantine validator used more than VoteSlots votes of one key). */
  livenessWaived: number;
  missingLines: number[];
  findings: RawFinding[];
  /** Times the same property was found again (with keepGoing), per property. */
  repeats: Record<string, number>;
  stoppedBy: 'runs' | 'time' | 'finding';
}

export async function explore(o: ExploreOptions): Promise<CampaignReport> {
  const master = seededRng(o.seed);
  const coverage = new CoverageMap();
  const corpus: { g: Genome; gain: number; draws: number }[] = [];
  const t0 = performance.now();
  const totals = { runs: 0, steps: 0, maxRound: 0, decidedRuns: 0, livenessWaived: 0 };
  const findings: RawFinding[] = [];
  const repeats: Record<string, number> = {};
  const maxRuns = o.runs ?? (o.untilMs !== undefined ? Number.MAX_SAFE_INTEGER : 1000);
  let stoppedBy: CampaignReport['stoppedBy'] = o.runs !== undefined ? 'runs' : 'time';
  let lastProgress = 0;
  const progress = (): Progress => {
    const l = coverage.lineSummary();
    return { runs: totals.runs, steps: totals.steps, seconds: (performance.now() - t0) / 1000, coverage: coverage.keys.size,
      lines: { covered: l.covered, total: l.total }, found: findings.length, maxRound: totals.maxRound };
  };
  if (o.byzantine > faulty(o.validators)) throw new RangeError(`byzantine: ${o.byzantine} exceeds f = ${faulty(o.validators)} of ${o.validators} validators`);
  for (let k = 0; k < maxRuns; k++) {
    if (o.untilMs !== undefined && performance.now() - t0 >= o.untilMs) { stoppedBy = 'time'; break; }
    let g: Genome;
    if (corpus.length > 0 && master.next() < 0.6) {
      // Prefer recent and productive entries: the best of two random picks, the later one on a tie.
      const a = master.int(0, corpus.length - 1);
      const b = master.int(0, corpus.length - 1);
      const pick = corpus[corpus[a]!.gain > corpus[b]!.gain ? a : corpus[b]!.gain > corpus[a]!.gain ? b : Math.max(a, b)]!;
      g = mutateGenome(pick.g, master, o.heights, pick.draws);
    } else g = randomGenome(master, o.heights);
    const params = runParams(o.validators, o.byzantine, o.heights, g.rotation);
    const cluster = new Cluster(o.sut, makeJudge(o.judge), params, { coverage: true });
    const init = await cluster.start();
    const outcome: RunOutcome = init.length > 0
      ? { events: [], violation: { ...init[0]!, step: 0 }, coverage: new Set(), steps: 0, maxRound: 0, decided: false, livenessJudged: false, draws: 0 }
      : await exploreRun(cluster, g);
    if (outcome.violation === null) {
      const late = cluster.finish()[0];
      if (late !== undefined) outcome.violation = { ...late, step: outcome.events.length };
    }
    totals.runs++;
    totals.steps += outcome.steps;
    totals.maxRound = Math.max(totals.maxRound, outcome.maxRound);
    if (outcome.decided) totals.decidedRuns++;
    if (!outcome.livenessJudged) totals.livenessWaived++;
    const gain = coverage.add(outcome.coverage);
    if (gain > 0) { corpus.push({ g, gain, draws: outcome.draws }); if (corpus.length > 256) corpus.shift(); }
    const v = outcome.violation;
    if (v !== null) {
      if (findings.some((f) => f.property === v.property)) repeats[v.property] = (repeats[v.property] ?? 0) + 1;
      else {
        const f: RawFinding = { property: v.property, process: v.process, detail: v.detail, run: k, genome: g, seconds: (performance.now() - t0) / 1000, outcome, params };
        findings.push(f);
        if (o.onFinding) await o.onFinding(f);
        if (o.keepGoing !== true || o.stopOn === v.property) { stoppedBy = 'finding'; break; }
      }
    }
    const now = performance.now();
    if (o.onProgress && now - lastProgress > 1000) { lastProgress = now; o.onProgress(progress()); }
  }
  const l = coverage.lineSummary();
  return { ...progress(), decidedRuns: totals.decidedRuns, livenessWaived: totals.livenessWaived, missingLines: l.missing, findings, repeats, stoppedBy };
}

export { DriverBroken };
