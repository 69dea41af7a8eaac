// One-shot timers of any length. Node's setTimeout keeps its delay in a signed 32-bit
// field: a delay above 2^31 − 1 ms (24.8 days) is replaced by 1 ms with a
// TimeoutOverflowWarning (nodejs/node#4541, #3512; the Node docs of setTimeout), so a
// long timeout fires at once. Every timer in this code base whose delay is not a small
// constant goes through `setLongTimeout`, which chains timers of at most MAX_TIMER_MS.

/** The largest delay Node's setTimeout honours, in ms (2^31 − 1). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The two functions a LongTimer schedules with; tests pass recording fakes. */
export interface TimerHost {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const NODE_TIMERS: TimerHost = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface LongTimer {
  /** Cancels the timer (whichever link of the chain is pending); a no-op once it fired or was cancelled. */
  cancel(): void;
}

/**
 * Calls `fn` once, `delayMs` from now, for any finite `delayMs` >= 0 (ms; fractions as
 * setTimeout takes them): one setTimeout when `delayMs` <= MAX_TIMER_MS, else a chain of
 * setTimeouts of MAX_TIMER_MS and one for the remainder. A busy event loop makes each
 * link late, never early, so the chain never fires before `delayMs`. Throws RangeError
 * naming `what` on a negative, NaN or infinite delay.
 */
export function setLongTimeout(delayMs: number, fn: () => void, what = 'setLongTimeout', host: TimerHost = NODE_TIMERS): LongTimer {
  if (!(delayMs >= 0) || !Number.isFinite(delayMs))
    throw new RangeError(`${what}: expected a finite delay >= 0 ms, got ${delayMs}`);
  let left = delayMs;
  let handle: unknown;
  let live = true;
  const arm = (): void => {
    const now = Math.min(left, MAX_TIMER_MS);
    left -= now;
    handle = host.setTimeout(() => {
      if (!live) return;
      if (left > 0) { arm(); return; }
      live = false;
      fn();
    }, now);
  };
  arm();
  return {
    cancel: () => {
      if (!live) return;
      live = false;
      host.clearTimeout(handle);
    },
  };
}
