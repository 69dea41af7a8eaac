// What `check` and `replay` show while they run. On a terminal: one live line (the
// current stage, its latest progress, the elapsed time) rewritten in place, with
// finished lines printed above it. Elsewhere (CI logs, pipes): plain lines, progress
// at most every few seconds so that a log stays readable.
import { elapsed } from '../tlc/progress.ts';

export interface Display {
  /** A line that stays (a result, a mismatch, a table). */
  log(text: string): void;
  /** The latest progress of the current stage (replaces the previous one). */
  progress(text: string): void;
  stageStart(name: string): void;
  /** Clears the live line; nothing is written afterwards by the display itself. */
  stop(): void;
}

export interface DisplayOptions { tty?: boolean; plainEveryMs?: number; now?: () => number }

export function createDisplay(out: { write(s: string): unknown; isTTY?: boolean }, o: DisplayOptions = {}): Display {
  const tty = o.tty ?? out.isTTY === true;
  const now = o.now ?? Date.now;
  const every = o.plainEveryMs ?? 5000;
  let stage = '';
  let t0 = now();
  let latest = '';
  let lastPlain = -Infinity;
  let timer: NodeJS.Timeout | undefined;
  const live = (): string => `${stage} ${elapsed((now() - t0) / 1000)}${latest === '' ? '' : `  ${latest}`}`;
  const redraw = (): void => { out.write(`\r\x1b[K${live()}`); };
  if (tty) { timer = setInterval(redraw, 1000); timer.unref(); }
  return {
    log(text) {
      if (tty) out.write(`\r\x1b[K${text}\n${stage === '' ? '' : live()}`);
      else out.write(`${text}\n`);
    },
    progress(text) {
      latest = text;
      if (tty) { redraw(); return; }
      const t = now();
      if (t - lastPlain >= every) { lastPlain = t; out.write(`${stage}: ${text}\n`); }
    },
    stageStart(name) {
      stage = name; t0 = now(); latest = ''; lastPlain = -Infinity;
      if (tty) redraw(); else out.write(`== ${name}\n`);
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      if (tty) out.write('\r\x1b[K');
      stage = '';
    },
  };
}

/** A display that writes nothing (tests, --json). */
export const silentDisplay: Display = { log() {}, progress() {}, stageStart() {}, stop() {} };
