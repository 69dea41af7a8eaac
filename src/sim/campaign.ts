// Many simulated runs, as `simulate` and the tests drive them: fast-check draws the
// schedules from one seed and, when a run violates a check, shrinks its schedule to a
// minimal one that still does. The reproduction (schedule, readable event list,
// violations) can be written to a file and run again with `simulate --replay FILE`.
import fc from 'fast-check';
import { scheduleArb, SMALL, type ScheduleBounds } from './arbitrary.ts';
import type { Violation } from './checks.ts';
import { describeSchedule, type Schedule } from './schedule.ts';
import { simulate, type NodeImpl, type RunResult } from './world.ts';

export interface CampaignTotals {
  runs: number;
  heights: number;
  steps: number;
  crashes: number;
  partitions: number;
  byzantine: number;
  lost: number;
  duplicated: number;
  violations: number;
  maxRound: number;
  seconds: number;
}

export interface Reproduction {
  /** fast-check's seed and path: `fc.assert(..., { seed, path })` replays the shrunk case. */
  seed: number;
  path: string | undefined;
  schedule: Schedule;
  events: string[];
  violations: Violation[];
}

export interface CampaignResult { totals: CampaignTotals; failure: Reproduction | null }

export interface CampaignOptions {
  seed: number;
  /** Stop after this many runs ... */
  runs?: number;
  /** ... or when this much wall time has passed (ms). */
  untilMs?: number;
  bounds?: ScheduleBounds;
  impl?: NodeImpl;
  /** Count liveness violations as failures (default true). */
  liveness?: boolean;
  onRun?: (t: CampaignTotals, r: RunResult) => void;
}

const emptyTotals = (): CampaignTotals => ({
  runs: 0, heights: 0, steps: 0, crashes: 0, partitions: 0, byzantine: 0, lost: 0, duplicated: 0, violations: 0, maxRound: 0, seconds: 0,
});

/** Runs schedules until `runs` or `untilMs`; on a violation, shrinks it and returns the reproduction. */
export function campaign(o: CampaignOptions): CampaignResult {
  const totals = emptyTotals();
  const t0 = performance.now();
  const runs = o.runs ?? (o.untilMs !== undefined ? Number.MAX_SAFE_INTEGER : 100);
  let shrinking = false;
  const prop = fc.property(scheduleArb(o.bounds ?? SMALL), (s) => {
    const r = simulate(s, o.impl ? { impl: o.impl } : {});
    if (!shrinking) {
      totals.runs++;
      totals.heights += r.stats.heightsDecided;
      totals.steps += r.stats.steps;
      totals.crashes += r.stats.crashes;
      totals.partitions += s.partitions.length;
      totals.byzantine += Object.keys(s.byzantine).length;
      totals.lost += r.stats.net.lost + r.stats.net.partitioned;
      totals.duplicated += r.stats.net.duplicated;
      totals.maxRound = Math.max(totals.maxRound, r.stats.maxRound);
      totals.seconds = (performance.now() - t0) / 1000;
      o.onRun?.(totals, r);
    }
    const bad = r.violations.filter((v) => o.liveness !== false || v.kind !== 'liveness');
    if (bad.length > 0) { shrinking = true; return false; }
    return true;
  });
  const details = fc.check(prop, {
    seed: o.seed, numRuns: runs, markInterruptAsFailure: false,
    ...(o.untilMs !== undefined ? { interruptAfterTimeLimit: o.untilMs } : {}),
  });
  totals.seconds = (performance.now() - t0) / 1000;
  if (!details.failed || details.counterexample === null) return { totals, failure: null };
  totals.violations++;
  const schedule = details.counterexample[0];
  const again = simulate(schedule, o.impl ? { impl: o.impl } : {});
  return {
    totals,
    failure: { seed: o.seed, path: details.counterexamplePath ?? undefined, schedule, events: again.log, violations: again.violations },
  };
}

/** A reproduction as the text written to the repro file's "readable" field and printed. */
export function formatReproduction(r: Reproduction): string {
  return [
    `violation: ${r.violations.map((v) => `${v.kind}: ${v.detail}`).join('\n           ')}`,
    `schedule (shrunk by fast-check from seed ${r.seed}${r.path ? `, path ${r.path}` : ''}):`,
    ...describeSchedule(r.schedule).map((l) => `  ${l}`),
    'events:',
    ...r.events.slice(describeSchedule(r.schedule).length).map((l) => `  ${l}`),
  ].join('\n');
}
