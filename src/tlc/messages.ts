// Splitting TLC's `-tool` output into messages. With -tool, TLC wraps every message as
//   @!@!@STARTMSG <code>:<class> @!@!@
//   <text lines>
//   @!@!@ENDMSG <code> @!@!@
// Text outside any message (SANY's parse output, Java stack traces) is kept as `plain`.
// Message codes are TLC's tlc2.output.EC constants; classes are tlc2.output.MP's
// (0 none, 1 error, 2 TLC bug, 3 warning, 4 state).

export interface ToolMessage {
  code: number;
  cls: number;
  /** The lines between START and END, joined with '\n' (trailing blank lines dropped). */
  text: string;
}

export type ToolChunk = { kind: 'message'; msg: ToolMessage } | { kind: 'plain'; line: string };

/** The codes this project interprets (found in the output of test/fixtures/tlc runs). */
export const EC = Object.freeze({
  GENERAL: 1000,
  OUT_OF_MEMORY: 1001,
  /** TLC's distributed server: an error while computing the initial states, with the state. */
  INITIAL_STATE_ERROR: 2102,
  INVARIANT_VIOLATED_INITIAL: 2107,
  PROPERTY_VIOLATED_INITIAL: 2108,
  INVARIANT_VIOLATED_BEHAVIOR: 2110,
  ACTION_PROPERTY_VIOLATED_BEHAVIOR: 2112,
  DEADLOCK_REACHED: 2114,
  TEMPORAL_PROPERTY_VIOLATED: 2116,
  BEHAVIOR_UP_TO_THIS_POINT: 2121,
  BACK_TO_STATE: 2122,
  SUCCESS: 2193,
  SEARCH_DEPTH: 2194,
  STATS: 2199,
  PROGRESS_STATS: 2200,
  PROGRESS_SIMU: 2209,
  STATS_SIMU: 2210,
  STATE_PRINT2: 2217,
  STATE_PRINT3: 2218,
  FINISHED: 2186,
  MODE_MC: 2187,
  MODE_SIMU: 2188,
  VERSION: 2262,
  COUNTER_EXAMPLE: 2264,
  PARSING_FAILED: 3002,
  /** Class 0, but it explains a cfg exception (e.g. "File not found."). */
  CONFIG_FILE_ERROR: 5001,
  /** TLC's distributed mode (tlc2.tool.distributed; test/fixtures/tlc/out/distributed/). */
  DIST_SERVER_READY: 7000,
  DIST_WORKER_REGISTERED: 7001,
  DIST_WORKER_DEREGISTERED: 7002,
  /** Printed per worker once the search has ended, before the server tells the workers to exit. */
  DIST_WORKER_STATS: 7003,
  DIST_WORKER_LOST: 7006,
});

/** Message classes (tlc2.output.MP). */
export const CLS = Object.freeze({ NONE: 0, ERROR: 1, TLCBUG: 2, WARNING: 3, STATE: 4 });

// A start marker can follow other text on the same line (seen after TLC's exception dumps).
const START = /@!@!@STARTMSG (\d+):(\d+) @!@!@$/;
const END = /^@!@!@ENDMSG (\d+) @!@!@$/;

/**
 * Incremental splitter: feed it stdout as it arrives, get complete chunks back.
 * TLC sometimes omits ENDMSG (e.g. before a crash); a new STARTMSG closes the open one.
 */
export class ToolSplitter {
  private buf = '';
  private open: { code: number; cls: number; lines: string[] } | undefined;

  push(data: string): ToolChunk[] {
    this.buf += data;
    const out: ToolChunk[] = [];
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl).replace(/\r$/, '');
      this.buf = this.buf.slice(nl + 1);
      this.line(line, out);
    }
    return out;
  }

  /** Flushes a trailing partial line and any unterminated message. */
  end(): ToolChunk[] {
    const out: ToolChunk[] = [];
    if (this.buf !== '') { this.line(this.buf, out); this.buf = ''; }
    this.close(out);
    return out;
  }

  private close(out: ToolChunk[]): void {
    if (this.open === undefined) return;
    const lines = this.open.lines;
    while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
    out.push({ kind: 'message', msg: { code: this.open.code, cls: this.open.cls, text: lines.join('\n') } });
    this.open = undefined;
  }

  private line(line: string, out: ToolChunk[]): void {
    const s = START.exec(line);
    if (s !== null) {
      const before = line.slice(0, s.index);
      if (before !== '') this.line(before, out);
      this.close(out);
      this.open = { code: Number(s[1]), cls: Number(s[2]), lines: [] };
      return;
    }
    if (END.test(line)) { this.close(out); return; }
    if (this.open !== undefined) this.open.lines.push(line);
    else out.push({ kind: 'plain', line });
  }
}

/** Splits a complete output at once. */
export function splitToolOutput(text: string): ToolChunk[] {
  const s = new ToolSplitter();
  return [...s.push(text), ...s.end()];
}
