// Traces as TLC writes them: the states of an error trace (-tool messages 2217/2218/
// 2122, and the single state of a violation by an initial state, 2107/2108) and the trace files of `-simulate num=N,file=PREFIX`. TLC 2.18 writes a
// simulation trace as a TLA+ module of `STATE_i == <state>` definitions, without
// action labels, one file per behaviour named PREFIX_<worker>_<i>.
import { parseState, type TlaState } from './value.ts';

export interface TraceStep {
  /** Position in the behaviour, 1-based, as TLC numbers it. */
  index: number;
  /**
   * Name of the action that produced this state (`IncX`), or undefined for an initial
   * state and when TLC does not say (simulation trace files).
   */
  action: string | undefined;
  /** TLC's source range of the action ("line 8, col 9 to line 8, col 44 of module M"). */
  location: string | undefined;
  state: TlaState;
}

export interface Trace {
  steps: TraceStep[];
  /**
   * For a liveness counterexample that is a lasso: the 1-based index of the state the
   * last state loops back to, and the action that does it.
   */
  loop?: { toIndex: number; action: string | undefined };
  /** A liveness counterexample that ends by stuttering forever. */
  stuttering?: boolean;
}

const HEAD = /^(\d+): <(.*)>\s*$/;

/** Splits TLC's label "IncX line 8, col 9 to ... of module M" (or "Initial predicate"). */
export function parseActionLabel(label: string): { action: string | undefined; location: string | undefined } {
  if (label === 'Initial predicate') return { action: undefined, location: undefined };
  const m = /^(.*?) (line \d+, col \d+ to line \d+, col \d+ of module \S+)$/.exec(label);
  if (m === null) return { action: label, location: undefined };
  // Newer TLCs print parameters, "Step(p)"; keep the operator name only.
  return { action: m[1]!.replace(/\(.*\)$/, ''), location: m[2] };
}

/** Parses the text of a 2217 message: "N: <label>" then the state. */
export function parseTraceStateMessage(text: string): TraceStep {
  const nl = text.indexOf('\n');
  const head = nl < 0 ? text : text.slice(0, nl);
  const m = HEAD.exec(head);
  if (m === null) throw new Error(`parseTraceStateMessage: expected "N: <action>" on the first line, got ${JSON.stringify(head)}`);
  const { action, location } = parseActionLabel(m[2]!);
  const state = parseState(nl < 0 ? '' : text.slice(nl + 1), `trace state ${m[1]}`, 1);
  return { index: Number(m[1]), action, location, state };
}

/**
 * The state inside a 2107/2108 message ("Invariant Inv is violated by the initial
 * state:" then the state), as step 1; undefined when the message carries no state.
 */
export function parseInitialViolation(text: string): TraceStep | undefined {
  const nl = text.indexOf('\n');
  if (nl < 0 || !/violated by the initial state:\s*$/.test(text.slice(0, nl))) return undefined;
  const body = text.slice(nl + 1);
  if (body.trim() === '') return undefined;
  return { index: 1, action: undefined, location: undefined, state: parseState(body, 'initial state', 2) };
}

/**
 * The 2102 message of TLC's distributed server: "Error: Invariant X is violated." (or
 * another first line), "While working on the initial state:", then the state.
 */
export function parseInitialStateError(text: string): { invariant: string | undefined; step: TraceStep | undefined } {
  const invariant = /^Error: Invariant (\S+) is violated\./.exec(text)?.[1];
  const m = /^While working on the initial state:\s*$/m.exec(text);
  if (m === null) return { invariant, step: undefined };
  const body = text.slice(m.index + m[0].length + 1);
  const line = text.slice(0, m.index).split('\n').length + 1;
  return { invariant, step: body.trim() === '' ? undefined : { index: 1, action: undefined, location: undefined, state: parseState(body, 'initial state', line) } };
}

/** Parses the text of a 2122 message, "N: Back to state: <label>". */
export function parseBackToState(text: string): { toIndex: number; action: string | undefined } {
  const m = /^(\d+): Back to state(?:: <(.*)>)?/.exec(text.trim());
  if (m === null) throw new Error(`parseBackToState: expected "N: Back to state: <action>", got ${JSON.stringify(text)}`);
  return { toIndex: Number(m[1]), action: m[2] === undefined ? undefined : parseActionLabel(m[2]).action };
}

/** Parses a trace file written by `-simulate num=N,file=PREFIX`. */
export function parseSimulationTrace(text: string, where = 'simulation trace'): Trace {
  const lines = text.split('\n');
  const steps: TraceStep[] = [];
  let i = 0;
  while (i < lines.length && !/^-+ MODULE .* -+$/.test(lines[i]!)) i++;
  if (i === lines.length) throw new Error(`${where}: expected a "---- MODULE ... ----" header, found none`);
  i++;
  for (;;) {
    while (i < lines.length && lines[i]!.trim() === '') i++;
    if (i === lines.length) throw new Error(`${where}: expected "=====" at the end of the module, got end of file`);
    const line = lines[i]!;
    if (/^=+\s*$/.test(line)) break;
    const m = /^STATE_(\d+) ==\s*$/.exec(line);
    if (m === null) throw new Error(`${where}: expected "STATE_<n> ==" at line ${i + 1}, got ${JSON.stringify(line)}`);
    const start = ++i;
    while (i < lines.length && !/^STATE_\d+ ==\s*$/.test(lines[i]!) && !/^=+\s*$/.test(lines[i]!)) i++;
    const index = Number(m[1]);
    if (index !== steps.length + 1) throw new Error(`${where}: expected STATE_${steps.length + 1} at line ${start}, got STATE_${index}`);
    steps.push({ index, action: undefined, location: undefined, state: parseState(lines.slice(start, i).join('\n'), where, start) });
  }
  if (steps.length === 0) throw new Error(`${where}: expected at least one STATE_<n>, found none`);
  return { steps };
}
