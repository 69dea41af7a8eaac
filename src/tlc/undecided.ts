// The closing line of a BoundedLiveness counterexample (spec/ConsensusAcc.tla): who
// of the correct processes stays undecided, and in which round, read off the last
// state. BoundedLiveness is violated only by a state in which no rule can fire
// (~ENABLED Next), so the last state of its trace is where the processes stay.
import type { Trace } from './trace.ts';
import { printValue, type TlaValue } from './value.ts';

/** ConsensusAcc's NoValue: decision[p].value of an undecided process. */
const NO_VALUE = 'none';

/** The entries of a per-process variable (`[c1 |-> ...]` or `("c1" :> ...)`), keyed by process name. */
function perProcess(v: TlaValue | undefined): Map<string, TlaValue> | undefined {
  if (v?.kind === 'record') return new Map(v.fields);
  if (v?.kind === 'fun') return new Map(v.pairs.map(([k, x]) => [k.kind === 'str' ? k.value : printValue(k), x]));
  return undefined;
}

function field(v: TlaValue | undefined, name: string): TlaValue | undefined {
  return v?.kind === 'record' ? v.fields.find(([k]) => k === name)?.[1] : undefined;
}

const show = (v: TlaValue | undefined): string => (v === undefined ? '?' : v.kind === 'str' ? v.value : printValue(v));

/**
 * One line for the end of a BoundedLiveness counterexample: the correct processes
 * (the keys of `decision`) that stay undecided in the last state, each with its
 * `round`, and those that decided, each with its decision's round (a decision after
 * the synchronous round also violates the property). Undefined when the last state
 * has no `decision` record per process (not a ConsensusAcc trace).
 */
export function undecidedLine(trace: Trace): string | undefined {
  const last = trace.steps[trace.steps.length - 1];
  const decision = perProcess(last?.state.get('decision'));
  if (decision === undefined || decision.size === 0) return undefined;
  const round = perProcess(last?.state.get('round'));
  const undecided: string[] = [];
  const decided: string[] = [];
  for (const [p, d] of [...decision].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
    const value = field(d, 'value');
    if (value === undefined) return undefined;
    if (value.kind === 'str' && value.value === NO_VALUE) undecided.push(`${p} (round ${show(round?.get(p))})`);
    else decided.push(`${p} (${show(value)} in round ${show(field(d, 'round'))})`);
  }
  const list = (xs: string[]): string => (xs.length === 1 ? xs[0]! : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
  const stay = undecided.length === 0 ? `every correct process decided, not all by the synchronous round: ${list(decided)}`
    : `the correct process${undecided.length === 1 ? '' : 'es'} ${list(undecided)} stay${undecided.length === 1 ? 's' : ''} undecided${decided.length === 0 ? '' : `; decided: ${list(decided)}`}`;
  return `BoundedLiveness: in the last state no rule can fire, and ${stay}`;
}

/** What follows a counterexample's table: the undecided line and a blank line for BoundedLiveness, else ''. */
export function closingLine(outcome: string, trace: Trace): string {
  const line = outcome === 'BoundedLiveness' ? undecidedLine(trace) : undefined;
  return line === undefined ? '' : `${line}\n`;
}
