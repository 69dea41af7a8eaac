// Many simulated runs, as `simulate` and the tests drive them: fast-check draws the
// schedules from one seed and, when a run violates a check, shrinks its schedule to a
// minimal one that still does. The reproduction (schedule, readable event list,
// violations) can be written to a file and run again with `simulate --replay FILE`.
import fc from 'fast-check';
import { scheduleArb, SMALL, type ScheduleBounds } from './arbitrary.ts';
import type { Violation } from './checks.ts';
import { describeSchedule, type Schedule } from './schedule.ts';
import { simulate, simulateAsync, type NodeImpl, type RunResult, type SimOptions } from './world.ts';

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
  /** Channel updates the counterparty's ledger accepted (runs with a channel workload). */
  certified?: number;
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
  /** The channel workload's negative controls (with bounds.channels). */
  channels?: SimOptions['channels'];
  /** Count liveness violations as failures (default true). */
  liveness?: boolean;
  onRun?: (t: CampaignTotals, r: RunResult) => void;
}

const emptyTotals = (): CampaignTotals => ({
  runs: 0, heights: 0, steps: 0, crashes: 0, partitions: 0, byzantine: 0, lost: 0, duplicated: 0, violations: 0, maxRound: 0, seconds: 0,
});

function simOptions(o: CampaignOptions): SimOptions {
  const so: SimOptions = {};
  if (o.impl !== undefined) so.impl = o.impl;
  if (o.channels !== undefined) so.channels = o.channels;
  return so;
}

/** Counts one run into the totals (not while shrinking) and says whether it failed. */
function tally(o: CampaignOptions, totals: CampaignTotals, t0: number, s: Schedule, r: RunResult, shrinking: boolean): boolean {
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
    if (r.channels !== undefined) totals.certified = (totals.certified ?? 0) + r.channels.submissions.filter((x) => x.verdict.ok).length;
    totals.seconds = (performance.now() - t0) / 1000;
    o.onRun?.(totals, r);
  }
  return r.violations.some((v) => o.liveness !== false || v.kind !== 'liveness');
}

function fcParams(o: CampaignOptions) {
  const runs = o.runs ?? (o.untilMs !== undefined ? Number.MAX_SAFE_INTEGER : 100);
  return { seed: o.seed, numRuns: runs, markInterruptAsFailure: false, ...(o.untilMs !== undefined ? { interruptAfterTimeLimit: o.untilMs } : {}) };
}

function reproduction(o: CampaignOptions, details: fc.RunDetails<[Schedule]>, again: RunResult): Reproduction {
  return { seed: o.seed, path: details.counterexamplePath ?? undefined, schedule: again.schedule, events: again.log, violations: again.violations };
}

/** Runs schedules until `runs` or `untilMs`; on a violation, shrinks it and returns the reproduction. */
export function campaign(o: CampaignOptions): CampaignResult {
  if (o.bounds?.channels !== undefined) throw new TypeError('campaign: a channel workload runs with campaignAsync');
  const totals = emptyTotals();
  const t0 = performance.now();
  let shrinking = false;
  const prop = fc.property(scheduleArb(o.bounds ?? SMALL), (s) => {
    const failed = tally(o, totals, t0, s, simulate(s, simOptions(o)), shrinking);
    if (failed) shrinking = true;
    return !failed;
  });
  const details = fc.check(prop, fcParams(o));
  totals.seconds = (performance.now() - t0) / 1000;
  if (!details.failed || details.counterexample === null) return { totals, failure: null };
  totals.violations++;
  return { totals, failure: reproduction(o, details, simulate(details.counterexample[0], simOptions(o))) };
}

/** `campaign` for bounds with a channel workload (and any other): each run is simulateAsync. */
export async function campaignAsync(o: CampaignOptions): Promise<CampaignResult> {
  const totals = emptyTotals();
  const t0 = performance.now();
  let shrinking = false;
  const prop = fc.asyncProperty(scheduleArb(o.bounds ?? SMALL), async (s) => {
    const failed = tally(o, totals, t0, s, await simulateAsync(s, simOptions(o)), shrinking);
    if (failed) shrinking = true;
    return !failed;
  });
  const details = await fc.check(prop, fcParams(o));
  totals.seconds = (performance.now() - t0) / 1000;
  if (!details.failed || details.counterexample === null) return { totals, failure: null };
  totals.violations++;
  return { totals, failure: reproduction(o, details, await simulateAsync(details.counterexample[0], simOptions(o))) };
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
