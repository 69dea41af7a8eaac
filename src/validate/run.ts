// `validate`'s engine: simulate runs with crashes, partitions and a Byzantine
// validator, record them, and have TLC check the recordings in batches. All runs use
// one validator layout (VALIDATION_ORDER), so any number of them fit one TLC run.
import fc from 'fast-check';
import { SMALL, scheduleArb, type ScheduleBounds } from '../sim/arbitrary.ts';
import type { Schedule } from '../sim/schedule.ts';
import { simulate, type NodeImpl } from '../sim/world.ts';
import { recordingCoverage, type Coverage } from './coverage.ts';
import { recordRun, recordingMaxRound, type Recording } from './recording.ts';
import type { Verdict } from './tla-module.ts';
import { checkBatch, type Rejection } from './tlc-check.ts';

/** n = 4, b1 Byzantine: the proposer of round 2 at height 1, of round 1 at height 2, and so on. */
export const VALIDATION_ORDER = ['c1', 'c2', 'b1', 'c3'];

/** Most runs: up to 4 heights, faults until GST <= 4 s. */
export const MIXED: ScheduleBounds = { ...SMALL, order: VALIDATION_ORDER, maxHeights: 4, maxCrashes: 3 };
/** Every other run: 5 heights, a slow network (delays 300..800 ms, above the round-0 timeouts) until a late GST: deep rounds. */
export const DEEP: ScheduleBounds = {
  ...SMALL, order: VALIDATION_ORDER, minHeights: 5, maxHeights: 5, minGstMs: 6000, maxGstMs: 12000, minDelayMs: 300, maxDelayMs: 800,
  maxCrashes: 3,
};

/** The schedules of `validate --runs N --seed S`: run k is deep iff k is even. */
export function validationSchedules(runs: number, seed: number): Schedule[] {
  const deep = fc.sample(scheduleArb(DEEP), { numRuns: Math.ceil(runs / 2), seed });
  const mixed = fc.sample(scheduleArb(MIXED), { numRuns: runs, seed: seed + 1 });
  return Array.from({ length: runs }, (_, k) => (k % 2 === 0 ? deep[k / 2]! : mixed[k]!));
}

export interface ValidateReport {
  runs: number;
  accepted: number;
  rejections: Rejection[];
  /** Runs whose batch stopped at another run's rejection (not decided). */
  undecided: number;
  errors: string[];
  /** Runs whose simulator checks failed (they are still validated). */
  simViolations: string[];
  steps: number;
  /** Runs (accepted by TLC) that reached round >= 3 and decided height >= 5. */
  deep: number;
  maxRound: number;
  maxHeight: number;
  faults: { crashes: number; partitions: number; byzantineMessages: number };
  simSeconds: number;
  tlcSeconds: number;
  tlcRuns: number;
  coverage: Coverage;
}

export interface ValidateOptions {
  runs: number;
  seed: number;
  /** Recordings per TLC run. */
  batchSize: number;
  impl?: NodeImpl;
  /** Which reactions a recorded step may be (tla-module.ts); default "contract". */
  verdict?: Verdict;
  /** Edits a recording before TLC sees it (the tampering negative control). */
  tamper?: (rec: Recording, k: number) => void;
  onProgress?: (p: { simulated: number; checked: number; runs: number; accepted: number; rejected: number }) => void;
}

export async function validate(o: ValidateOptions): Promise<ValidateReport> {
  const schedules = validationSchedules(o.runs, o.seed);
  const rep: ValidateReport = {
    runs: o.runs, accepted: 0, rejections: [], undecided: 0, errors: [], simViolations: [], steps: 0, deep: 0,
    maxRound: 0, maxHeight: 0, faults: { crashes: 0, partitions: 0, byzantineMessages: 0 },
    simSeconds: 0, tlcSeconds: 0, tlcRuns: 0, coverage: recordingCoverage([]),
  };
  const recs: Recording[] = [];
  const depth = new Map<string, { round: number; height: number }>();
  const t0 = performance.now();
  schedules.forEach((s, k) => {
    const r = simulate(s, o.impl ? { impl: o.impl } : {});
    const name = `run-${o.seed}-${k}`;
    if (r.violations.length > 0) rep.simViolations.push(`${name}: ${r.violations[0]!.kind}: ${r.violations[0]!.detail}`);
    const rec = recordRun(r, name);
    o.tamper?.(rec, k);
    recs.push(rec);
    rep.steps += rec.steps.length;
    rep.faults.crashes += r.stats.crashes;
    rep.faults.partitions += s.partitions.length;
    rep.faults.byzantineMessages += rec.byzantine.length;
    depth.set(name, { round: recordingMaxRound(rec), height: r.stats.heightsDecided });
    o.onProgress?.({ simulated: k + 1, checked: 0, runs: o.runs, accepted: 0, rejected: 0 });
  });
  rep.simSeconds = (performance.now() - t0) / 1000;
  const accepted: Recording[] = [];
  for (let i = 0; i < recs.length; i += o.batchSize) {
    const batch = recs.slice(i, i + o.batchSize);
    const v = await checkBatch(batch, o.verdict ? { verdict: o.verdict } : {});
    rep.tlcSeconds += v.seconds;
    rep.tlcRuns++;
    if (v.error !== null) rep.errors.push(v.error);
    if (v.rejected !== null) rep.rejections.push(v.rejected);
    rep.undecided += v.undecided.length;
    for (const r of batch) if (v.accepted.includes(r.name)) accepted.push(r);
    o.onProgress?.({ simulated: recs.length, checked: Math.min(recs.length, i + o.batchSize), runs: o.runs, accepted: accepted.length, rejected: rep.rejections.length });
  }
  rep.accepted = accepted.length;
  for (const r of accepted) {
    const d = depth.get(r.name)!;
    rep.maxRound = Math.max(rep.maxRound, d.round);
    rep.maxHeight = Math.max(rep.maxHeight, d.height);
    if (d.round >= 3 && d.height >= 5) rep.deep++;
  }
  rep.coverage = recordingCoverage(accepted);
  return rep;
}
