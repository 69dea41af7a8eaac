// Shrinking a finding (issue 22 §4): the schedule, not the engine. A run is replayed
// from its list of events against a fresh reset of the same engine; an event that is
// not legal at its turn (the message it delivers was not broadcast in this replay, the
// timeout was not scheduled, the StartHeight is not enabled) is skipped. A candidate
// keeps the finding if its replay violates the same property. Delta debugging (Zeller's
// ddmin: drop chunks of halving size, then single events) gives a 1-minimal list; the
// number of replays is capped.
import type { ConsensusSut, TraceParams } from '../conformance/replay.ts';
import { Cluster, type ExploreEvent } from './cluster.ts';
import type { StepJudge } from './judge-port.ts';
import type { Property, Violation } from './properties.ts';

export interface Replayed {
  /** The events applied (the legal ones), in order. */
  applied: ExploreEvent[];
  violation: (Violation & { step: number }) | null;
}

/** Replays `events`; stops at the first violation (its step is 1-based among the applied events). */
export async function replayEvents(sut: ConsensusSut, judge: StepJudge, params: TraceParams, events: readonly ExploreEvent[]): Promise<Replayed> {
  const c = new Cluster(sut, judge, params, { coverage: false });
  const applied: ExploreEvent[] = [];
  const init = await c.start();
  if (init.length > 0) return { applied, violation: { ...init[0]!, step: 0 } };
  for (const e of events) {
    if (!c.legal(e)) continue;
    applied.push(e);
    const r = await c.apply(e);
    if (r.violations.length > 0) return { applied, violation: { ...r.violations[0]!, step: applied.length } };
  }
  return { applied, violation: null };
}

export interface ShrinkResult extends Replayed { replays: number }

/**
 * The smallest event list found that still violates `property` (Liveness is not
 * shrunk: its replay needs the scheduler's notion of GST). At most `maxReplays` replays.
 */
export async function shrink(sut: ConsensusSut, judge: () => StepJudge, params: TraceParams, events: readonly ExploreEvent[], property: Property, maxReplays = 400): Promise<ShrinkResult> {
  let replays = 0;
  const test = async (xs: readonly ExploreEvent[]): Promise<Replayed | null> => {
    replays++;
    const r = await replayEvents(sut, judge(), params, xs);
    return r.violation !== null && r.violation.property === property ? r : null;
  };
  let best = await test(events);
  if (best === null) return { applied: [...events], violation: null, replays };
  let cur = best.applied.slice(0, best.violation!.step);
  let n = 2;
  while (cur.length >= 2 && replays < maxReplays) {
    const size = Math.ceil(cur.length / n);
    let reduced = false;
    for (let i = 0; i < cur.length && replays < maxReplays; i += size) {
      const candidate = [...cur.slice(0, i), ...cur.slice(i + size)];
      const r = await test(candidate);
      if (r !== null) {
        best = r;
        cur = r.applied.slice(0, r.violation!.step);
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (size === 1) break;
      n = Math.min(cur.length, n * 2);
    }
  }
  return { ...best, replays };
}
