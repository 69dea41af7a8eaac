// Timeout durations (freedom timeout-durations): the paper's timeouts grow with the round
// (L21, L35, L48: timeoutPropose(round), …), which is what makes it live once the
// network is synchronous. The constants are the engine's own; the verdict asks that
// every reported duration be positive and, per kind within a height, strictly larger
// in a larger round. Judged only when the driver reports `durationMs`.

export class TimeoutJudge {
  /** kind/height -> round -> duration (ms). */
  private readonly seen = new Map<string, Map<number, number>>();

  /** null if `durationMs` fits every duration reported before, else why not. */
  schedule(kind: string, height: number, round: number, durationMs: number): string | null {
    if (!Number.isFinite(durationMs) || durationMs <= 0) return `timeout ${kind} of (${height}, ${round}) has duration ${durationMs} ms; it must be positive`;
    const k = `${kind}/${height}`;
    const rounds = this.seen.get(k) ?? new Map<number, number>();
    for (const [r, d] of rounds) {
      if ((r < round && d >= durationMs) || (r > round && d <= durationMs)) {
        return `timeout ${kind} of height ${height}: ${durationMs} ms in round ${round} against ${d} ms in round ${r}; it must grow with the round`;
      }
    }
    rounds.set(round, durationMs);
    this.seen.set(k, rounds);
    return null;
  }
}
