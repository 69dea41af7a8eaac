// A trace as the diagram reads it: per state, the leaf values by flattened path
// (`ps.c1.round`, `event.msg.src`, as src/tlc/table.ts names them) and the elements
// each set gained at that step. Two sources give this shape: a whole Trace (ITF, TLC's
// output), and the readable table that `hybrid-bft tlc` prints (spec/counterexamples/),
// whose long values are cut with '…' and so are missing here.
import { flatten } from '../tlc/table.ts';
import type { Trace } from '../tlc/trace.ts';
import { parseValue, printValue, type TlaValue } from '../tlc/value.ts';

export interface LeafStep {
  /** 1-based position in the behaviour. */
  index: number;
  /** TLC's name of the action (may be vague, e.g. "Next"); undefined for the initial state. */
  tlcAction: string | undefined;
  /** Path → value. A path whose value was cut in the source is absent. */
  leaves: Map<string, TlaValue>;
  /** Set-valued path → the elements it gained at this step (none for the initial state). */
  added: Map<string, TlaValue[]>;
}

/** The history variables of docs/contract.md: they record only the last step. */
export const HISTORY_VARS: ReadonlySet<string> = new Set(['event', 'outputs', 'fired']);

/** Flattens every state of a trace and diffs the set-valued leaves. */
export function leavesFromTrace(trace: Trace): LeafStep[] {
  let prev: Map<string, TlaValue> | undefined;
  return trace.steps.map((s) => {
    const leaves = flatten(s.state);
    const added = new Map<string, TlaValue[]>();
    if (prev !== undefined) {
      for (const [path, v] of leaves) {
        if (v.kind !== 'set') continue;
        const old = prev.get(path);
        const before = new Set(old?.kind === 'set' ? old.elems.map(printValue) : []);
        const gained = v.elems.filter((e) => !before.has(printValue(e)));
        if (gained.length > 0) added.set(path, gained);
      }
    }
    prev = leaves;
    return { index: s.index, tlcAction: s.action, leaves, added };
  });
}

/** Thrown when a text is not the table of `hybrid-bft tlc`; the message is one sentence. */
export class TableFormatError extends Error {}

const HEADER = /^(\s*step)\s+action\s+process\s+variable\s+old → new\s*$/;

/** Does the text contain the table that `hybrid-bft tlc` prints for a trace? */
export function hasTraceTable(text: string): boolean {
  return text.split('\n').some((l) => HEADER.test(l));
}

/** A printed value, or undefined when it was cut ('…') or does not parse. */
function value(text: string): TlaValue | undefined {
  if (text.endsWith('…')) return undefined;
  try {
    return parseValue(text);
  } catch {
    return undefined;
  }
}

const root = (path: string): string => /^[A-Za-z0-9_]+/.exec(path)?.[0] ?? path;

/**
 * Reads the trace table of `hybrid-bft tlc` (src/tlc/table.ts): step 1 lists every
 * leaf, later steps only what changed (`old → new`, `+ elem`/`- elem` for sets,
 * `appended <<...>>`), and the history variables in full. `where` names the source.
 */
export function leavesFromTable(text: string, where: string): { steps: LeafStep[]; table: string } {
  const lines = text.split('\n');
  const h = lines.findIndex((l) => HEADER.test(l));
  if (h < 0) throw new TableFormatError(`${where}: no trace table found (expected a header "step  action  process  variable  old → new")`);
  const head = lines[h]!;
  const col = { action: head.indexOf('action'), process: head.indexOf('process'), variable: head.indexOf('variable'), text: head.indexOf('old → new') };
  const steps: LeafStep[] = [];
  let cur: LeafStep | undefined;
  let end = h + 1;
  for (; end < lines.length; end++) {
    const line = lines[end]!;
    if (line.trim() === '') break;
    const stepText = line.slice(0, col.action).trim();
    if (/ back to state \d+ \(the behaviour loops from here\)$|^\s*\d+\s+\(stuttering forever\)$/.test(line)) break;
    if (stepText !== '') {
      if (!/^\d+$/.test(stepText)) throw new TableFormatError(`${where}: line ${end + 1}: expected a step number, got ${JSON.stringify(stepText)}`);
      const index = Number(stepText);
      if (index !== steps.length + 1) throw new TableFormatError(`${where}: line ${end + 1}: expected step ${steps.length + 1}, got step ${index}`);
      const action = line.slice(col.action, col.process).trim();
      const proc = line.slice(col.process, col.variable).trim();
      const leaves = new Map<string, TlaValue>();
      // The next state starts from the last one, less its history variables.
      if (cur !== undefined) for (const [p, v] of cur.leaves) if (!HISTORY_VARS.has(root(p))) leaves.set(p, v);
      if (index > 1) {
        leaves.set('event.kind', { kind: 'str', value: action });
        if (proc !== '') leaves.set('event.p', { kind: 'str', value: proc });
      }
      cur = { index, tlcAction: index === 1 ? undefined : action, leaves, added: new Map() };
      steps.push(cur);
    }
    if (cur === undefined) throw new TableFormatError(`${where}: line ${end + 1}: expected the first row to start with step 1`);
    applyRow(cur, line.slice(col.variable, col.text).trim(), line.slice(col.text));
  }
  if (steps.length === 0) throw new TableFormatError(`${where}: the trace table has no rows`);
  return { steps, table: lines.slice(h, end).join('\n') };
}

function applyRow(step: LeafStep, path: string, text: string): void {
  if (path === '' || text === '(no change)') return;
  const { leaves } = step;
  if (step.index === 1 || HISTORY_VARS.has(root(path))) {
    const v = value(text);
    if (v === undefined) leaves.delete(path);
    else leaves.set(path, v);
    return;
  }
  const setRow = /^([+-]) (.*)$/.exec(text);
  if (setRow !== null) {
    const e = value(setRow[2]!);
    const old = leaves.get(path);
    if (e === undefined) { leaves.delete(path); return; }
    if (setRow[1] === '+') step.added.set(path, [...(step.added.get(path) ?? []), e]);
    if (old?.kind !== 'set') { leaves.delete(path); return; }
    const k = printValue(e);
    leaves.set(path, { kind: 'set', elems: setRow[1] === '+' ? [...old.elems, e] : old.elems.filter((x) => printValue(x) !== k) });
    return;
  }
  const app = /^appended (.*)$/.exec(text);
  if (app !== null) {
    const tail = value(app[1]!);
    const old = leaves.get(path);
    if (tail?.kind === 'seq' && old?.kind === 'seq') leaves.set(path, { kind: 'seq', elems: [...old.elems, ...tail.elems] });
    else leaves.delete(path);
    return;
  }
  const arrow = text.lastIndexOf(' → ');
  const next = arrow < 0 ? undefined : text.slice(arrow + 3);
  if (next === '(none)') { leaves.delete(path); return; }
  const v = next === undefined ? undefined : value(next);
  if (v === undefined) leaves.delete(path);
  else leaves.set(path, v);
}
