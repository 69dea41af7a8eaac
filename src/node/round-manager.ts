// Turns the core's `scheduleTimeout` outputs into timers and feeds `Timeout` events back.
//
// Only timeouts the core asked for exist: nothing is scheduled on the manager's own
// initiative (not all three kinds at once per round, as an early sketch did), and a
// timeout that can no longer have an effect is cancelled instead of firing. Paper
// lines 57-67: OnTimeoutPropose needs step = propose, OnTimeoutPrevote step = prevote,
// OnTimeoutPrecommit only the same (height, round); the step only moves forward within
// a round, so once it has moved past, the timer is dead. The core would ignore a stale
// Timeout anyway; cancelling keeps stale events out of the WAL and the trace.
import type { Step, TimeoutKind } from '../core/types.ts';
import { assertNever } from '../core/types.ts';
import type { Clock, TimerHandle } from './clock.ts';

export interface TimeoutRequest { timeout: TimeoutKind; height: number; round: number; durationMs: number }
export interface FiredTimeout { timeout: TimeoutKind; height: number; round: number }
export interface PendingTimeout extends FiredTimeout { dueAt: number }

export interface RoundManagerStats { scheduled: number; fired: number; cancelled: number; ignored: number }

const key = (t: FiredTimeout): string => `${t.timeout}/${t.height}/${t.round}`;

/** true iff a timeout of `kind` can still have an effect at (height, round, step). */
function canFire(kind: TimeoutKind, height: number, round: number, at: { height: number; round: number; step: Step }): boolean {
  if (height !== at.height || round !== at.round) return false;
  switch (kind) {
    case 'propose': return at.step === 'propose';     // L57
    case 'prevote': return at.step === 'prevote';     // L61
    case 'precommit': return at.step !== 'commit';    // L65: any step, but a decided height is done
    default: return assertNever(kind);
  }
}

export class RoundManager {
  private readonly timers = new Map<string, { t: PendingTimeout; h: TimerHandle }>();
  private at: { height: number; round: number; step: Step } = { height: 0, round: 0, step: 'commit' };
  readonly stats: RoundManagerStats = { scheduled: 0, fired: 0, cancelled: 0, ignored: 0 };

  constructor(private readonly clock: Clock, private readonly fire: (t: FiredTimeout) => void) {}

  /** The core's state after a step: cancels every timer that can no longer have an effect. */
  enter(height: number, round: number, step: Step): void {
    this.at = { height, round, step };
    for (const [k, { t, h }] of this.timers) {
      if (canFire(t.timeout, t.height, t.round, this.at)) continue;
      this.clock.clearTimer(h);
      this.timers.delete(k);
      this.stats.cancelled++;
    }
  }

  /**
   * Arms a timer for a `scheduleTimeout` output. Returns false (and arms nothing) when it
   * is already armed or could not have an effect at the state last given to `enter`.
   */
  schedule(req: TimeoutRequest): boolean {
    const t: PendingTimeout = { timeout: req.timeout, height: req.height, round: req.round, dueAt: this.clock.now() + req.durationMs };
    const k = key(t);
    if (this.timers.has(k) || !canFire(t.timeout, t.height, t.round, this.at)) { this.stats.ignored++; return false; }
    const h = this.clock.setTimer(req.durationMs, () => {
      this.timers.delete(k);
      this.stats.fired++;
      this.fire({ timeout: t.timeout, height: t.height, round: t.round });
    });
    this.timers.set(k, { t, h });
    this.stats.scheduled++;
    return true;
  }

  /** The armed timers, earliest first. */
  pending(): PendingTimeout[] {
    return [...this.timers.values()].map((x) => x.t).sort((a, b) => a.dueAt - b.dueAt);
  }

  /** Cancels everything (the node stops or crashes). */
  stop(): void {
    for (const { h } of this.timers.values()) this.clock.clearTimer(h);
    this.stats.cancelled += this.timers.size;
    this.timers.clear();
  }
}
