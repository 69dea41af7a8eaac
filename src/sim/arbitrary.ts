// fast-check arbitraries for fault schedules, and the property every run must satisfy.
// fast-check draws the schedules from one seed and, when a run violates a check,
// shrinks its schedule (fewer faults, fewer heights, smaller delays) to a minimal one
// that still violates it: that schedule is the reproduction.
import fc from 'fast-check';
import type { ValidatorId } from '../core/types.ts';
import { BEHAVIOURS, CHANNEL_BEHAVIOURS, faultyCount, type Behaviour, type ChannelBehaviour, type Crash, type Partition, type Schedule } from './schedule.ts';

export interface ScheduleBounds {
  minN: number;
  maxN: number;
  maxHeights: number;
  /** Largest GST (virtual ms). */
  maxGstMs: number;
  maxCrashes: number;
  maxPartitions: number;
  /** Allow Byzantine validators (up to f). */
  byzantine: boolean;
  crypto: 'trusting' | 'bls';
  /** Fix the proposer order (and so the Byzantine count) instead of drawing it; behaviours are still drawn. */
  order?: ValidatorId[];
  minHeights?: number;
  minGstMs?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Add the channel workload with at most this many updates (and at most one per height); each Byzantine validator draws a channel behaviour. */
  channels?: number;
}

export const SMALL: ScheduleBounds = {
  minN: 4, maxN: 4, maxHeights: 3, maxGstMs: 4000, maxCrashes: 2, maxPartitions: 2, byzantine: true, crypto: 'trusting',
};

function order(n: number, byz: number, positions: number[]): ValidatorId[] {
  // positions: a permutation key; Byzantine ids b1..bk take the first k slots of it.
  const slots = positions.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i).map((x) => x.i);
  const ids: ValidatorId[] = new Array<ValidatorId>(n);
  let c = 0;
  slots.forEach((slot, k) => { ids[slot] = k < byz ? `b${k + 1}` : `c${++c}`; });
  return ids;
}

export function scheduleArb(b: ScheduleBounds = SMALL): fc.Arbitrary<Schedule> {
  const base = baseScheduleArb(b);
  const most = b.channels;
  if (most === undefined) return base;
  // Drawn after the base schedule, so bounds without channels keep their old schedules.
  return base.chain((s) => {
    const byz = Object.keys(s.byzantine).sort();
    return fc.record({
      updates: fc.integer({ min: 1, max: Math.max(1, Math.min(most, s.heights)) }),
      how: fc.array(fc.constantFrom<ChannelBehaviour>(...CHANNEL_BEHAVIOURS), { minLength: byz.length, maxLength: byz.length }),
    }).map(({ updates, how }): Schedule => ({
      ...s, channels: { updates, byzantine: Object.fromEntries(byz.map((id, i) => [id, how[i]!])) },
    }));
  });
}

function baseScheduleArb(b: ScheduleBounds): fc.Arbitrary<Schedule> {
  const nArb = b.order !== undefined ? fc.constant(b.order.length) : fc.integer({ min: b.minN, max: b.maxN });
  return nArb.chain((n) => {
    const f = faultyCount(n);
    const fixedByz = b.order?.filter((v) => v.startsWith('b')).length;
    return fc.record({
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      byz: fixedByz !== undefined ? fc.array(fc.constantFrom<Behaviour>(...BEHAVIOURS), { minLength: fixedByz, maxLength: fixedByz })
        : b.byzantine ? fc.array(fc.constantFrom<Behaviour>(...BEHAVIOURS), { maxLength: f }) : fc.constant<Behaviour[]>([]),
      positions: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: n, maxLength: n }),
      heights: fc.integer({ min: b.minHeights ?? 1, max: b.maxHeights }),
      maxDelayMs: fc.integer({ min: b.minDelayMs ?? 1, max: b.maxDelayMs ?? 400 }),
      loss: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.3, noNaN: true })),
      dup: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.2, noNaN: true })),
      gstMs: fc.integer({ min: b.minGstMs ?? 0, max: b.maxGstMs }),
      partitions: fc.array(fc.record({
        from: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.double({ min: 0, max: 1, noNaN: true }),
        side: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n - 1 }),
      }), { maxLength: b.maxPartitions }),
      crashes: fc.array(fc.record({
        who: fc.nat(), at: fc.double({ min: 0, max: 1, noNaN: true }), down: fc.double({ min: 0, max: 1, noNaN: true }),
        atSend: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 6 })),
      }), { maxLength: b.maxCrashes }),
    }).map((x): Schedule => {
      const ids = b.order !== undefined ? [...b.order] : order(n, x.byz.length, x.positions);
      const byzantine: Record<ValidatorId, Behaviour> = {};
      x.byz.forEach((how, i) => { byzantine[`b${i + 1}`] = how; });
      const correct = ids.filter((v) => v.startsWith('c')).sort();
      const partitions: Partition[] = x.partitions.map((p) => {
        const fromMs = Math.floor(p.from * x.gstMs);
        return { fromMs, toMs: fromMs + Math.floor(p.len * (x.gstMs - fromMs)), side: [...new Set(p.side.map((i) => ids[i]!))].sort() };
      });
      const crashes: Crash[] = x.gstMs < 2 ? [] : x.crashes.map((c) => {
        const atMs = Math.floor(c.at * (x.gstMs - 1));
        const crash: Crash = { node: correct[c.who % correct.length]!, atMs, downMs: 1 + Math.floor(c.down * (x.gstMs - atMs - 1)) };
        if (c.atSend !== undefined) crash.atSend = c.atSend;
        return crash;
      });
      return {
        seed: x.seed, order: ids, byzantine, heights: x.heights,
        net: { maxDelayMs: x.maxDelayMs, loss: Math.round(x.loss * 1000) / 1000, dup: Math.round(x.dup * 1000) / 1000 },
        gstMs: x.gstMs, partitions, crashes, crypto: b.crypto,
      };
    });
  });
}
