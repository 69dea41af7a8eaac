// What a TLC run said, reduced from its -tool messages: the outcome, the statistics,
// the error trace. The codes and texts were read off real TLC 2.18 output
// (test/fixtures/tlc/out/*.tool.txt).
import { CLS, EC, type ToolChunk, type ToolMessage } from './messages.ts';
import { countAfter, countBefore, tlcCount, TlcNumberError } from './numbers.ts';
import { sanyError } from './sany.ts';
import { parseBackToState, parseInitialStateError, parseInitialViolation, parseTraceStateMessage, type Trace, type TraceStep } from './trace.ts';

export type Outcome =
  | { kind: 'holds' }
  | { kind: 'invariant'; name: string }
  /**
   * An action or temporal property. TLC 2.18 does not name the temporal property that a
   * liveness counterexample violates ("Temporal properties were violated."): then
   * `name` is undefined and the runner attributes it when the cfg has one PROPERTY.
   */
  | { kind: 'property'; name: string | undefined }
  | { kind: 'deadlock' }
  | { kind: 'parse-error'; message: string }
  | { kind: 'error'; message: string };

export interface Stats {
  generated: number | null;
  distinct: number | null;
  queue: number | null;
  depth: number | null;
}

export interface Progress extends Stats {
  /** Seconds since the reducer was created (wall clock, for rates). */
  at: number;
}

/**
 * One counterexample: what it violates and its trace. TLC prints one per violation
 * message (2107/2108/2110/2111/2114/2116), then its states (2217, numbered from 1);
 * with -continue there are several, each its own behaviour from an initial state.
 */
export interface Counterexample {
  outcome: Outcome;
  trace: Trace | undefined;
}

export interface ToolReport {
  /** "2.18 of 20 March 2023". */
  version: string | undefined;
  mode: 'exhaustive' | 'simulate' | undefined;
  /** The seed TLC reports it used. */
  seed: string | undefined;
  outcome: Outcome;
  stats: Stats;
  /** The first counterexample's trace (the only one unless TLC ran with -continue). */
  trace: Trace | undefined;
  /** Every counterexample, in TLC's order; `outcome` is the first one's. Empty when none. */
  counterexamples: Counterexample[];
  /** Text of warnings (class 3), for the user. */
  warnings: string[];
  /** Lines printed outside messages (SANY's output, stack traces). */
  plain: string[];
  /** Texts of the error messages (class 1 or 2), in order. */
  errors: string[];
  /** TLC's distributed server only (tlc2.tool.distributed.TLCServer); zeros otherwise. */
  server: ServerEvents;
}

/** What TLC's distributed server said about itself and its workers. */
export interface ServerEvents {
  /** It computed the initial states and waits for workers (7000). */
  ready: boolean;
  /** Workers that registered (7001). */
  registered: number;
  /** Workers that it lost or that left (7006, 7002; one worker can give both). */
  left: number;
  /** The search has ended: the server printed its workers' statistics (7003) and tells them to exit. */
  ending: boolean;
}


export class ToolReducer {
  private stats: Stats = { generated: null, distinct: null, queue: null, depth: null };
  private version: string | undefined;
  private mode: ToolReport['mode'];
  private seed: string | undefined;
  private violation: Outcome | undefined;
  private success = false;
  private finished = false;
  private parseFailed = false;
  private outOfMemory = false;
  private errors: string[] = [];
  private warnings: string[] = [];
  private plain: string[] = [];
  private cx: { outcome: Outcome | undefined; trace: Trace | undefined }[] = [];
  /** Why TLC's output cannot be read as it stands (a number in another locale, traces mixed); it wins over any verdict. */
  private unreadable: string | undefined;
  private server: ServerEvents = { ready: false, registered: 0, left: 0, ending: false };
  private readonly t0 = Date.now();

  constructor(private readonly onProgress: (p: Progress) => void = () => {}) {}

  feed(chunks: ToolChunk[]): void {
    for (const c of chunks) {
      if (c.kind === 'plain') this.plain.push(c.line);
      else {
        try {
          this.message(c.msg);
        } catch (e) {
          if (!(e instanceof TlcNumberError)) throw e;
          this.unreadable ??= e.message;
        }
      }
    }
  }

  private progress(): void {
    this.onProgress({ ...this.stats, at: (Date.now() - this.t0) / 1000 });
  }

  private message(m: ToolMessage): void {
    const t = m.text;
    switch (m.code) {
      case EC.VERSION: this.version = /Version (.*)$/m.exec(t)?.[1]?.trim(); return;
      case EC.MODE_MC: this.mode = 'exhaustive'; this.seed = /seed (-?\d+)/.exec(t)?.[1]; return;
      case EC.MODE_SIMU: this.mode = 'simulate'; this.seed = /seed (-?\d+)/.exec(t)?.[1]; return;
      case EC.PROGRESS_STATS: case EC.PROGRESS_SIMU: case EC.STATS: {
        const g = countBefore(t, 'states generated');
        const d = countBefore(t, 'distinct states found');
        const q = countBefore(t, 'states left on queue');
        const depth = /^Progress\(([^)]*)\)/.exec(t);
        if (g !== undefined) this.stats.generated = g;
        if (d !== undefined) this.stats.distinct = d;
        if (q !== undefined) this.stats.queue = q;
        const dd = depth ? tlcCount(depth[1]!, 'the depth in "Progress(...)"') : null;
        if (dd !== null) this.stats.depth = dd;
        if (m.code !== EC.STATS) this.progress();
        return;
      }
      case EC.STATS_SIMU: {
        const g = countAfter(t, 'states generated:');
        if (g !== undefined) this.stats.generated = g;
        return;
      }
      case EC.SEARCH_DEPTH: {
        const d = countAfter(t, 'search is');
        if (d !== undefined) this.stats.depth = d;
        return;
      }
      case EC.SUCCESS: this.success = true; return;
      case EC.FINISHED: this.finished = true; return;
      case EC.INVARIANT_VIOLATED_INITIAL: case EC.INVARIANT_VIOLATED_BEHAVIOR: {
        const n = /Invariant (\S+) is violated/.exec(t);
        this.setViolation(n ? { kind: 'invariant', name: n[1]! } : { kind: 'error', message: t });
        if (m.code === EC.INVARIANT_VIOLATED_INITIAL) this.initialState(t);
        return;
      }
      case EC.ACTION_PROPERTY_VIOLATED_BEHAVIOR: case EC.PROPERTY_VIOLATED_INITIAL: {
        const n = /[Pp]roperty (\S+) is violated/.exec(t);
        this.setViolation({ kind: 'property', name: n?.[1] });
        if (m.code === EC.PROPERTY_VIOLATED_INITIAL) this.initialState(t);
        return;
      }
      case EC.OUT_OF_MEMORY: this.outOfMemory = true; this.errors.push(t); return;
      case EC.TEMPORAL_PROPERTY_VIOLATED: this.setViolation({ kind: 'property', name: undefined }); return;
      case EC.DEADLOCK_REACHED: this.setViolation({ kind: 'deadlock' }); return;
      case EC.STATE_PRINT2: this.traceState(parseTraceStateMessage(t)); return;
      case EC.STATE_PRINT3: this.openTrace().stuttering = true; return;
      case EC.BACK_TO_STATE: this.openTrace().loop = parseBackToState(t); return;
      case EC.PARSING_FAILED: this.parseFailed = true; return;
      case EC.CONFIG_FILE_ERROR: this.errors.push(t); return;
      case EC.INITIAL_STATE_ERROR: {
        // Distributed server: the invariant a state of Init violates, with that state.
        const { invariant, step } = parseInitialStateError(t);
        if (invariant === undefined) { this.errors.push(t); return; }
        this.setViolation({ kind: 'invariant', name: invariant });
        if (step !== undefined) this.cx.at(-1)!.trace ??= { steps: [step] };
        return;
      }
      case EC.DIST_SERVER_READY: this.server.ready = true; return;
      case EC.DIST_WORKER_REGISTERED: this.server.registered++; return;
      case EC.DIST_WORKER_DEREGISTERED: this.server.left++; return;
      case EC.DIST_WORKER_LOST: return; // always followed by 7002 for the same worker
      case EC.DIST_WORKER_STATS: this.server.ending = true; return;
      default:
        // TLC 2.18 reports "Java heap space" as a general error (1000), not as 1001.
        if (m.code === EC.GENERAL && /^Java heap space|OutOfMemoryError/m.test(t)) this.outOfMemory = true;
        if (m.cls === CLS.ERROR || m.cls === CLS.TLCBUG) {
          // 2121/2264 only introduce the trace; everything else of class error is one.
          if (m.code !== EC.BEHAVIOR_UP_TO_THIS_POINT && m.code !== EC.COUNTER_EXAMPLE) this.errors.push(t);
        } else if (m.cls === CLS.WARNING) this.warnings.push(t);
    }
  }

  /**
   * A violation by an initial state: TLC 2.18 prints that one state inside the 2107/2108
   * message itself, not as a 2217 trace state; it becomes a one-state trace.
   */
  private initialState(text: string): void {
    const step = parseInitialViolation(text);
    if (step !== undefined) this.cx.at(-1)!.trace ??= { steps: [step] };
  }

  /** A violation message: the outcome is the first one; each opens a counterexample of its own. */
  private setViolation(o: Outcome): void {
    this.violation ??= o;
    this.cx.push({ outcome: o, trace: undefined });
  }

  /** The trace the next lines of a trace belong to: the last counterexample's (one without a violation message if none). */
  private openTrace(): Trace {
    let last = this.cx.at(-1);
    if (last === undefined) this.cx.push(last = { outcome: undefined, trace: undefined });
    return (last.trace ??= { steps: [] });
  }

  /**
   * A state of a trace (2217): it continues the last counterexample's trace, numbered
   * one more than its last state, or starts that trace at state 1. Any other number
   * means TLC's output holds traces that cannot be told apart (a second trace without
   * its violation message): the output is refused, not merged.
   */
  private traceState(step: TraceStep): void {
    const trace = this.openTrace();
    const prev = trace.steps.at(-1)?.index ?? 0;
    if (step.index !== prev + 1 || trace.loop !== undefined || trace.stuttering === true) {
      this.unreadable ??= `TLC printed trace state ${step.index} after state ${prev}${trace.loop !== undefined || trace.stuttering === true ? ' and the end of its trace' : ''} with no violation message between them, so its traces cannot be told apart; run it with --workers 1`;
      return;
    }
    trace.steps.push(step);
  }

  /** " after N distinct states", from the last statistics TLC printed; '' before any. */
  private at(): string {
    const { distinct, generated } = this.stats;
    if (distinct !== null) return ` after ${distinct.toLocaleString('en-US')} distinct states`;
    return generated !== null ? ` after ${generated.toLocaleString('en-US')} states generated` : '';
  }

  /** What the distributed server said so far (while it runs). */
  serverEvents(): ServerEvents {
    return { ...this.server };
  }

  /** The report so far; call after the process ended. `exit` describes how it ended. */
  result(exit = ''): ToolReport {
    let outcome: Outcome;
    if (this.unreadable !== undefined) outcome = { kind: 'error', message: this.unreadable };
    else if (this.violation !== undefined) outcome = this.violation;
    else if (this.parseFailed) outcome = { kind: 'parse-error', message: sanyError(this.plain) ?? 'TLC: parsing or semantic analysis failed' };
    else if (this.outOfMemory) {
      outcome = { kind: 'error', message: `TLC ran out of Java heap memory${this.at()}; give java a larger heap (e.g. JAVA_TOOL_OPTIONS=-Xmx8g) or make the model smaller. TLC said: ${this.errors.join(' | ').replace(/\s*\n\s*/g, ' ')}` };
    } else if (this.errors.length > 0) outcome = { kind: 'error', message: this.errors.join('\n') };
    else if (this.finished && (this.success || this.mode === 'simulate')) outcome = { kind: 'holds' };
    else {
      const tail = this.plain.filter((l) => l.trim() !== '').slice(-5).join(' | ');
      // SIGKILL without a request from us is most often the kernel's out-of-memory killer.
      const why = /SIGKILL|exit 137/.test(exit) ? '; if no one stopped it, the system probably ran out of memory (the kernel kills with SIGKILL)' : '';
      outcome = { kind: 'error', message: `TLC ended without a result${exit === '' ? '' : ` (${exit})`}${this.at()}${why}${tail === '' ? '' : `: ${tail}`}` };
    }
    return {
      version: this.version, mode: this.mode, seed: this.seed, outcome, stats: { ...this.stats },
      trace: this.cx.find((c) => c.trace !== undefined)?.trace,
      counterexamples: this.cx.flatMap((c) => (c.outcome === undefined ? [] : [{ outcome: c.outcome, trace: c.trace }])),
      warnings: this.warnings, plain: this.plain, errors: [...this.errors], server: { ...this.server },
    };
  }
}
