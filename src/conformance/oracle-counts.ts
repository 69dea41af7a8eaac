// The oracle's counts over a driver: traces and steps sent, passed and failed, the
// traces not sent per convention, and the documented deviations per class, as data and
// as the lines the report prints (docs/driver-protocol.md, "What the client reports").
import type { DeviationCheck } from './deviations.ts';
import { countByClass } from './deviations.ts';

export interface OracleCounts {
  /** Traces read from the corpus. */
  corpus: number;
  sent: number;
  passed: number;
  failed: number;
  /** Steps replayed without a mismatch, steps that mismatched (one per failed trace), and steps after a mismatch, never replayed. */
  stepsPassed: number;
  stepsFailed: number;
  stepsNotReached: number;
  /** Traces not sent, each with its reasons (`convention=value` the driver does not follow). */
  notSent: { source: string; reasons: string[] }[];
  /** Traces sent mapped onto conventions the driver follows (conventions.ts `fitTrace`), each with its mappings. */
  mapped: { source: string; how: string[] }[];
}

export function emptyCounts(corpus: number): OracleCounts {
  return { corpus, sent: 0, passed: 0, failed: 0, stepsPassed: 0, stepsFailed: 0, stepsNotReached: 0, notSent: [], mapped: [] };
}

function tally(lists: readonly (readonly string[])[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of lists) for (const r of l) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

/** Traces not sent, per reason (a trace with two reasons counts under both). */
export function notSentByReason(c: OracleCounts): Map<string, number> {
  return tally(c.notSent.map((t) => t.reasons));
}

/**
 * True when the driver was sent too little of the corpus for a pass to mean anything:
 * nothing at all, or fewer traces than were not sent ("a driver that skips most of the
 * corpus does not pass").
 */
export function skippedMost(c: OracleCounts): boolean {
  return c.sent === 0 || c.notSent.length > c.sent;
}

/** The report's lines: counts, not-sent reasons, documented deviations per class. */
export function countsLines(c: OracleCounts, dev: DeviationCheck | null): string[] {
  const reasons = [...notSentByReason(c)].map(([r, n]) => `${r} (${n})`).join(', ');
  const how = [...tally(c.mapped.map((t) => t.how))].map(([r, n]) => `${r} (${n})`).join(', ');
  const lines = [
    `traces: ${c.corpus} in the corpus, ${c.sent} sent, ${c.passed} passed, ${c.failed} failed, ${c.notSent.length} not sent`
      + (c.notSent.length > 0 ? ` — the driver does not follow ${reasons}` : ''),
    ...(c.mapped.length > 0 ? [`mapped: ${c.mapped.length} of the traces sent, onto the driver's conventions: ${how}`] : []),
    `steps: ${c.stepsPassed + c.stepsFailed} replayed, ${c.stepsPassed} passed, ${c.stepsFailed} failed (${c.stepsNotReached} later steps of failed traces not replayed)`,
  ];
  if (skippedMost(c)) lines.push(`FAIL: the driver was sent ${c.sent} of ${c.corpus} traces: most of the corpus was not checked`);
  if (dev !== null) {
    const per = [...countByClass(dev)].map(([k, n]) => `${k} ${n}`).join(', ');
    lines.push(`deviations: ${dev.documented.length} documented${per === '' ? '' : ` (${per})`}, ${dev.undocumented.length} undocumented, ${dev.stale.length} stale entries`);
    for (const s of dev.stale.slice(0, 3)) lines.push(`stale: ${s.trace} step ${s.step} (${s.cls}) is listed, but ${s.got}`);
    if (dev.stale.length > 3) lines.push(`(${dev.stale.length - 3} more stale entries)`);
  }
  return lines;
}
