// What the explored runs have reached (issue 22 §3). A coverage key is (rule fired,
// round 0..2 or 3+, lock state free/locked before the step, where the event came from:
// start, net, timeout or the Byzantine move), read from the shadow reference core
// (shadow.ts) fed the engine's events, so it is the model's rule under the explored
// schedule, whatever the engine reports. The Algorithm 1 line coverage counts the paper
// lines of every handler and rule (src/core/rules.ts RULES) that fired at least once.
import { RULES } from '../core/rules.ts';

/** "L22–L27" → 22..27; "L10, L54" → 10, 54; text without line numbers → none. */
export function paperLines(spec: string): number[] {
  const out: number[] = [];
  for (const m of spec.matchAll(/L(\d+)(?:\s*[–-]\s*L(\d+))?/g)) {
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    for (let x = a; x <= b; x++) out.push(x);
  }
  return out;
}

const LINES = new Map(RULES.map((r) => [r.name as string, paperLines(r.lines)]));
/** Every paper line some handler or rule implements (the denominator of line coverage). */
export const ALL_LINES: ReadonlySet<number> = new Set([...LINES.values()].flat());

export class CoverageMap {
  readonly keys = new Set<string>();
  readonly lines = new Set<number>();

  /** Adds a run's keys; returns how many were new. */
  add(keys: Iterable<string>): number {
    let added = 0;
    for (const k of keys) {
      if (this.keys.has(k)) continue;
      this.keys.add(k);
      added++;
      for (const l of LINES.get(k.slice(0, k.indexOf('|'))) ?? []) this.lines.add(l);
    }
    return added;
  }

  /** "lines 41 of 47 (87%)" and the missing ones. */
  lineSummary(): { covered: number; total: number; missing: number[] } {
    const missing = [...ALL_LINES].filter((l) => !this.lines.has(l)).sort((a, b) => a - b);
    return { covered: ALL_LINES.size - missing.length, total: ALL_LINES.size, missing };
  }
}
