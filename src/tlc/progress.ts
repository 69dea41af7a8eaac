// Showing a TLC run as it goes: on a terminal, one line rewritten every second
// (distinct states, queue, states/s, elapsed); otherwise one line per TLC progress
// report (TLC reports once a minute; the interval is fixed in TLC 2.18).
import type { Progress } from './report.ts';

const fmt = (n: number | null): string => (n === null ? '?' : n.toLocaleString('en-US'));

export function elapsed(seconds: number): string {
  const s = Math.floor(seconds);
  const hh = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${mm}:${ss}` : `${mm}:${ss}`;
}

export interface ProgressView {
  onProgress(p: Progress): void;
  /** Clears the live line; call before printing anything else. */
  stop(): void;
}

export function progressView(label: string, out: NodeJS.WriteStream = process.stderr): ProgressView {
  const t0 = Date.now();
  let last: Progress | undefined;
  let prev: Progress | undefined;
  const rate = (): string => {
    if (last === undefined || last.generated === null) return '?';
    const base = prev?.generated ?? 0;
    const dt = last.at - (prev?.at ?? 0);
    return dt > 0 ? fmt(Math.round((last.generated - base) / dt)) : '?';
  };
  const line = (): string => {
    const secs = (Date.now() - t0) / 1000;
    if (last === undefined) return `${label}: running, ${elapsed(secs)}`;
    const distinct = last.distinct === null ? '' : `${fmt(last.distinct)} distinct, queue ${fmt(last.queue)}, `;
    return `${label}: ${distinct}${fmt(last.generated)} generated, ${rate()} states/s, ${elapsed(secs)}`;
  };
  if (out.isTTY === true) {
    const timer = setInterval(() => out.write(`\r\x1b[K${line()}`), 1000);
    timer.unref();
    return {
      onProgress: (p) => { prev = last; last = p; },
      stop: () => { clearInterval(timer); out.write('\r\x1b[K'); },
    };
  }
  return {
    onProgress: (p) => { prev = last; last = p; out.write(`${line()}\n`); },
    stop: () => {},
  };
}
