// Time for the node, injected: the real clock for a deployment, a virtual one for tests
// and `run --seed`, where a simulated second costs nothing and runs are reproducible.
// Both honour any finite delay >= 0 (docs/node.md, "Timers of any length").
import { setLongTimeout, type LongTimer, type TimerHost } from '../proc/long-timer.ts';

export interface TimerHandle { readonly id: number }

export interface Clock {
  /** Milliseconds since an arbitrary origin. */
  now(): number;
  /** Calls `fn` once, `delayMs` (finite, >= 0; ms) from now; RangeError otherwise. */
  setTimer(delayMs: number, fn: () => void): TimerHandle;
  /** Cancels a pending timer; a no-op for a fired or cancelled one. */
  clearTimer(h: TimerHandle): void;
}

/**
 * Node's timers. A delay above 2^31 − 1 ms (which setTimeout would replace by 1 ms) is a
 * chain of timers (src/proc/long-timer.ts): a timeout of round 716 with deltaMs 3,000,000
 * (2,148,003,000 ms) fires after 24.9 days, not at once. `host` (default Node's
 * setTimeout/clearTimeout) is for tests that watch the chain.
 */
export class RealClock implements Clock {
  private next = 1;
  private readonly live = new Map<number, LongTimer>();
  constructor(private readonly host?: TimerHost) {}
  now(): number { return performance.now(); }
  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const id = this.next++;
    this.live.set(id, setLongTimeout(delayMs, () => { this.live.delete(id); fn(); }, 'RealClock.setTimer', this.host));
    return { id };
  }
  clearTimer(h: TimerHandle): void {
    const t = this.live.get(h.id);
    if (t !== undefined) { t.cancel(); this.live.delete(h.id); }
  }
  /** Number of timers neither fired nor cancelled. */
  get pending(): number { return this.live.size; }
}

interface Pending { at: number; id: number; fn: () => void }

/**
 * Discrete-event time: timers run in (due time, creation order), so a run is a pure
 * function of its inputs. Nothing happens until the owner calls `run*`. Any finite delay
 * is kept as is (no 2^31 limit); due times are exact while they stay below 2^53 ms.
 */
export class VirtualClock implements Clock {
  private t = 0;
  private next = 1;
  private heap: Pending[] = [];
  /** Ids of timers neither fired nor cancelled; cancelled ones stay in the heap until popped. */
  private readonly live = new Set<number>();

  now(): number { return this.t; }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    if (!(delayMs >= 0) || !Number.isFinite(delayMs))
      throw new RangeError(`VirtualClock.setTimer: expected finite delay >= 0, got ${delayMs}`);
    const id = this.next++;
    this.live.add(id);
    this.push({ at: this.t + delayMs, id, fn });
    return { id };
  }

  clearTimer(h: TimerHandle): void { this.live.delete(h.id); }

  /** Number of timers neither fired nor cancelled. */
  get pending(): number { return this.live.size; }

  /** Fires the earliest timer; false when there is none. */
  runOne(): boolean {
    for (;;) {
      const top = this.pop();
      if (top === undefined) return false;
      if (!this.live.delete(top.id)) continue;
      this.t = top.at;
      top.fn();
      return true;
    }
  }

  /**
   * Fires timers until `done()` holds (checked after each), time would pass `untilMs`,
   * or `maxTimers` have fired. Returns whether `done()` held.
   */
  runUntil(done: () => boolean, untilMs = Infinity, maxTimers = 10_000_000): boolean {
    for (let n = 0; n < maxTimers; n++) {
      if (done()) return true;
      const top = this.peekLive();
      if (top === undefined || top.at > untilMs) break;
      this.runOne();
    }
    const ok = done();
    if (!ok && untilMs !== Infinity && this.t < untilMs) this.t = untilMs;
    return ok;
  }

  /**
   * `runUntil` for owners with asynchronous work (promises settled by timers, such as
   * the channel layer's partial requests): after each timer, every microtask queued by
   * it settles (one macrotask turn) before the next timer fires, so a run stays a pure
   * function of its inputs. Same arguments and result as `runUntil`.
   */
  async runUntilAsync(done: () => boolean, untilMs = Infinity, maxTimers = 10_000_000): Promise<boolean> {
    for (let n = 0; n < maxTimers; n++) {
      if (done()) return true;
      const top = this.peekLive();
      if (top === undefined || top.at > untilMs) break;
      this.runOne();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const ok = done();
    if (!ok && untilMs !== Infinity && this.t < untilMs) this.t = untilMs;
    return ok;
  }

  /** Advances time by `ms`, firing everything due on the way. */
  advance(ms: number): void { this.runUntil(() => false, this.t + ms); }

  private peekLive(): Pending | undefined {
    while (this.heap.length > 0 && !this.live.has(this.heap[0]!.id)) this.pop();
    return this.heap[0];
  }

  private less(a: Pending, b: Pending): boolean { return a.at < b.at || (a.at === b.at && a.id < b.id); }

  private push(p: Pending): void {
    const h = this.heap;
    h.push(p);
    for (let i = h.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): Pending | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
