// An error trace as a table a person can read: one block per step with the action,
// the process it concerns, and only the variables that changed (old → new). Records
// and functions are flattened into paths (`rec.h`, `round[c1]`, `state[c1].step`), so
// a change deep inside a big record shows as one short line.
import { assertNever } from '../core/types.ts';
import type { Trace } from './trace.ts';
import { canonical, printValue, type TlaState, type TlaValue } from './value.ts';

/** Leaf path → value. Sets and sequences are leaves. */
export function flatten(state: TlaState): Map<string, TlaValue> {
  const out = new Map<string, TlaValue>();
  const go = (path: string, v: TlaValue): void => {
    switch (v.kind) {
      case 'record': for (const [k, x] of v.fields) go(`${path}.${k}`, x); return;
      case 'fun': for (const [k, x] of v.pairs) go(`${path}[${k.kind === 'str' ? k.value : printValue(k)}]`, x); return;
      case 'int': case 'str': case 'bool': case 'modelValue': case 'set': case 'seq':
        out.set(path, canonical(v));
        return;
      default: assertNever(v);
    }
  };
  for (const [name, v] of state) go(name, v);
  return out;
}

/** The event kind a step records (`event.kind`, docs/contract.md); '' when none. */
export function eventKindOf(state: TlaState): string {
  const ev = state.get('event');
  const k = ev?.kind === 'record' ? ev.fields.find(([f]) => f === 'kind')?.[1] : undefined;
  return k?.kind === 'str' ? k.value : '';
}

/**
 * The process a step concerns: by the project's convention (docs/contract.md) the
 * model records the last event in a variable `event` with field `p`.
 */
export function defaultProcessOf(state: TlaState): string {
  const ev = state.get('event');
  if (ev?.kind !== 'record') return '';
  const p = ev.fields.find(([k]) => k === 'p' || k === 'process')?.[1];
  if (p === undefined) return '';
  return p.kind === 'str' ? p.value : printValue(p);
}

/**
 * The process names of a model without `event.p` (ConsensusAcc): the string keys
 * shared by at least two per-process variables (`round`, `step`, ... keyed by the
 * correct processes), the most common such key set of the initial state.
 */
export function processKeysOf(state: TlaState): ReadonlySet<string> {
  const count = new Map<string, number>();
  for (const [, v] of state) {
    const keys = nameKeys(v);
    if (keys.length < 2) continue;
    const key = JSON.stringify([...keys].sort());
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  const best = [...count].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1])[0];
  return new Set(best === undefined ? [] : JSON.parse(best[0]) as string[]);
}

/** The field names of a record, or the keys of a function keyed by strings or model values; else none. */
function nameKeys(v: TlaValue): string[] {
  return v.kind === 'record' ? v.fields.map(([k]) => k)
    : v.kind === 'fun' && v.pairs.every(([k]) => k.kind === 'str' || k.kind === 'modelValue') ? v.pairs.map(([k]) => printValue(k).replace(/^"|"$/g, '')) : [];
}

/**
 * The process names of a model with `event.p` (the step model): the keys of each
 * variable of the first state keyed by a process that a later step names (`ps`); empty
 * when no step names one.
 */
export function eventProcessKeys(trace: Trace): ReadonlySet<string> {
  const named = new Set(trace.steps.slice(1).map((s) => defaultProcessOf(s.state)).filter((p) => p !== ''));
  const keys = new Set<string>();
  for (const [, v] of named.size === 0 ? [] : trace.steps[0]?.state ?? []) {
    const ks = nameKeys(v);
    if (ks.some((k) => named.has(k))) for (const k of ks) keys.add(k);
  }
  return keys;
}

/** The process among `keys` whose entry a flattened path is (`round.c1`, `st[c1].step`), else undefined. */
function processOfPath(path: string, keys: ReadonlySet<string>): string | undefined {
  const m = /^[A-Za-z0-9_]+(?:\.([^.[\]]+)|\[([^\]]+)\])/.exec(path);
  const k = m?.[1] ?? m?.[2];
  return k !== undefined && keys.has(k) ? k : undefined;
}

/**
 * The rows of the first state, [process, path, text]: the variables shared by all
 * processes first (process column empty), then, for each of `keys` in order, the
 * entries of that process, named once in the process column as later steps name it.
 * A long set or sequence takes several rows (wrap).
 */
function initialRows(state: ReadonlyMap<string, TlaValue>, keys: ReadonlySet<string>, max: number): [string, string, string][] {
  const shared: [string, string, string][] = [];
  const own = new Map([...keys].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((k) => [k, [] as [string, string, string][]]));
  for (const [path, v] of state) {
    const p = processOfPath(path, keys);
    const group = p === undefined ? shared : own.get(p)!;
    wrap(v, max).forEach((text, i) => group.push(['', i === 0 ? path : '', text]));
  }
  for (const [p, rows] of own) if (rows.length > 0) rows[0]![0] = p;
  return [...shared, ...[...own.values()].flat()];
}

/**
 * The one process among `keys` that the changes concern, else '': whose entries the
 * changed paths touch, or, when none does, the `src` of the records added to sets (a
 * ConsensusAcc StartHeight only adds its PROPOSAL to the global proposals).
 */
function processOfChanges(changes: readonly (readonly [string, string])[], keys: ReadonlySet<string>): string {
  const touched = new Set<string>();
  for (const [path] of changes) {
    const k = processOfPath(path, keys);
    if (k !== undefined) touched.add(k);
  }
  if (touched.size === 0) {
    for (const [, text] of changes) {
      const src = /^\+ \[.*\bsrc \|-> "([^"]+)"/.exec(text)?.[1];
      if (src !== undefined && keys.has(src)) touched.add(src);
    }
  }
  return touched.size === 1 ? [...touched][0]! : '';
}

/** A long set or sequence as several lines of at most about `max` characters. */
function wrap(v: TlaValue, max: number): string[] {
  const whole = printValue(v);
  if (whole.length <= max || (v.kind !== 'set' && v.kind !== 'seq') || v.elems.length < 2) return [clip(whole, max)];
  const [open, close] = v.kind === 'set' ? ['{', '}'] : ['<<', '>>'];
  const lines: string[] = [];
  let line = open;
  v.elems.forEach((e, i) => {
    const item = clip(printValue(e), max) + (i < v.elems.length - 1 ? ',' : close);
    if (line.length > open.length && line.length + 1 + item.length > max) { lines.push(line); line = ' '.repeat(open.length) + item; }
    else line += (line.length > open.length ? ' ' : '') + item;
  });
  lines.push(line);
  return lines;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/**
 * How a leaf changed, shortest first: a sequence that only grew shows what was
 * appended, a set shows what was added and removed; anything else shows old → new.
 */
export function describeChange(old: TlaValue, cur: TlaValue, max: number): string {
  const p = (v: TlaValue): string => clip(printValue(v), max);
  if (old.kind === 'seq' && cur.kind === 'seq' && cur.elems.length > old.elems.length && old.elems.length > 0
    && old.elems.every((e, i) => printValue(e) === printValue(cur.elems[i]!))) {
    return `appended ${p({ kind: 'seq', elems: cur.elems.slice(old.elems.length) })}`;
  }
  if (old.kind === 'set' && cur.kind === 'set') {
    const before = new Set(old.elems.map(printValue));
    const after = new Set(cur.elems.map(printValue));
    const added = cur.elems.filter((e) => !before.has(printValue(e)));
    const removed = old.elems.filter((e) => !after.has(printValue(e)));
    const parts = [added.length > 0 ? `added ${p({ kind: 'set', elems: added })}` : '', removed.length > 0 ? `removed ${p({ kind: 'set', elems: removed })}` : ''];
    return parts.filter((x) => x !== '').join(', ');
  }
  return `${p(old)} → ${p(cur)}`;
}

export interface TableOptions {
  processOf?: (state: TlaState) => string;
  /**
   * Variables that record only the last step (docs/contract.md: event, outputs, fired):
   * their previous value says nothing, so a step shows their new value, a sequence one
   * element per row. Default: event, outputs, fired.
   */
  historyVars?: ReadonlySet<string>;
  /** Longest printed value before it is cut with '…'. */
  maxValue?: number;
  /**
   * The action column of the first state, default '(initial)'. For a trace that does
   * not start at an initial state: TLC's distributed server prints only the last
   * transition of a counterexample, its source state labelled "Initial predicate".
   */
  firstLabel?: string;
  /** false: leave the step column empty (the trace's step numbers are not positions in a behaviour). Default true. */
  numbered?: boolean;
}

/** Formats a trace; the first step lists every variable, later steps only the changed ones. */
export function traceTable(trace: Trace, opts: TableOptions = {}): string {
  const processOf = opts.processOf ?? defaultProcessOf;
  const max = opts.maxValue ?? 120;
  const history = opts.historyVars ?? new Set(['event', 'outputs', 'fired']);
  const rows: [string, string, string, string, string][] = [];
  const initialLabel = opts.firstLabel ?? '(initial)';
  const num = (index: number): string => (opts.numbered === false ? '' : String(index));
  const byEvent = opts.processOf === undefined ? eventProcessKeys(trace) : new Set<string>();
  const keys = byEvent.size > 0 || opts.processOf !== undefined || trace.steps[0] === undefined ? byEvent : processKeysOf(trace.steps[0].state);
  let prev: Map<string, TlaValue> | undefined;
  for (const step of trace.steps) {
    const cur = flatten(step.state);
    if (prev === undefined) {
      const first = initialRows(cur, keys, max);
      if (first.length === 0) first.push(['', '', '(no variables)']);
      first.forEach(([proc, path, text], i) => rows.push([i === 0 ? num(step.index) : '', i === 0 ? initialLabel : '', proc, path, text]));
      prev = cur;
      continue;
    }
    const changes: [string, string][] = [];
    for (const [path, v] of cur) {
      const root = /^[A-Za-z0-9_]+/.exec(path)![0];
      if (history.has(root)) {
        // event.kind and event.p are the action and process columns already.
        if (path === 'event.kind' || path === 'event.p') continue;
        if (v.kind === 'seq') v.elems.forEach((e, i) => changes.push([`${path}[${i + 1}]`, clip(printValue(e), max)]));
        else if (!(v.kind === 'set' && v.elems.length === 0)) changes.push([path, clip(printValue(v), max)]);
        continue;
      }
      const old = prev.get(path);
      if (old === undefined) changes.push([path, `(none) → ${clip(printValue(v), max)}`]);
      else if (printValue(old) === printValue(v)) continue;
      else if (old.kind === 'set' && v.kind === 'set') {
        // One row per element added (+) or removed (-): message sets grow by big records.
        const before = new Set(old.elems.map(printValue));
        const after = new Set(v.elems.map(printValue));
        for (const e of v.elems) if (!before.has(printValue(e))) changes.push([path, `+ ${clip(printValue(e), max)}`]);
        for (const e of old.elems) if (!after.has(printValue(e))) changes.push([path, `- ${clip(printValue(e), max)}`]);
      } else changes.push([path, describeChange(old, v, max)]);
    }
    for (const [path, old] of prev) {
      if (!cur.has(path) && !history.has(/^[A-Za-z0-9_]+/.exec(path)![0])) changes.push([path, `${clip(printValue(old), max)} → (none)`]);
    }
    // TLC labels a step with the Next disjunct it took, which can be as vague as "Next";
    // the model's own record of the event is more telling when there is one.
    // ConsensusAcc names each rule's action <Rule>Step (one action per rule): the rule's
    // name is the one of the contract and the traces.
    const action = eventKindOf(step.state) || (step.action ?? '?').replace(/(?<=.)Step$/, '');
    const proc = processOf(step.state) || processOfChanges(changes, keys);
    if (changes.length === 0) changes.push(['', '(no change)']);
    changes.forEach(([path, text], i) => rows.push(i === 0 ? [num(step.index), action, proc, path, text] : ['', '', '', path, text]));
    prev = cur;
  }
  const header: [string, string, string, string, string] = ['step', 'action', 'process', 'variable', 'old → new'];
  const all = [header, ...rows];
  const width = [0, 1, 2, 3].map((c) => Math.max(...all.map((r) => r[c]!.length)));
  const lines = all.map((r) => [r[0].padStart(width[0]!), r[1].padEnd(width[1]!), r[2].padEnd(width[2]!), r[3].padEnd(width[3]!), r[4]].join('  ').trimEnd());
  const last = trace.steps.length;
  if (trace.loop !== undefined) lines.push(`${String(last + 1).padStart(width[0]!)}  ${trace.loop.action ?? ''} back to state ${trace.loop.toIndex} (the behaviour loops from here)`);
  if (trace.stuttering === true) lines.push(`${String(last + 1).padStart(width[0]!)}  (stuttering forever)`);
  return lines.join('\n');
}
