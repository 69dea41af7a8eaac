// Naming what TLC's distributed server found. TLC 2.18's TLCServer prints the
// counterexample of an invariant violation, an action-property violation or an
// evaluation error without the message that says which (the worker's message is
// dropped), and only its last transition: the source state labelled "1: <Initial
// predicate>" and the state reached (test/fixtures/tlc/out/distributed/). The
// single-process TLC names it from that transition alone: a module that EXTENDS the
// spec, with Init the source state and Next the step to the state reached, checked
// with the entry's constants, invariants and properties. A few seconds of TLC.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertNever } from '../core/types.ts';
import { makeTemp, removeTemp } from '../proc/lifetime.ts';
import { moduleClosure } from './cache.ts';
import type { ModelEntry } from './models.ts';
import type { Outcome } from './report.ts';
import type { Trace } from './trace.ts';
import { printValue, type TlaState } from './value.ts';

const MODULE = 'HybridBftRecheck';
/** cfg sections the recheck keeps; the others (INIT, NEXT, SPECIFICATION, CONSTRAINT, VIEW, SYMMETRY, ...) are replaced or dropped. */
const KEEP = new Set(['CONSTANT', 'CONSTANTS', 'INVARIANT', 'INVARIANTS', 'PROPERTY', 'PROPERTIES']);
const KEYWORD = /^(CONSTANTS?|INIT|NEXT|SPECIFICATION|INVARIANTS?|PROPERT(?:Y|IES)|SYMMETRY|VIEW|CONSTRAINTS?|ACTION_CONSTRAINTS?|CHECK_DEADLOCK|POSTCONDITION|ALIAS)$/;

/** The entry's cfg with INIT/NEXT replaced by the recheck's and the sections that restrict or merge states dropped. */
export function recheckCfg(cfg: string): string {
  const clean = cfg.replace(/\(\*[\s\S]*?\*\)/g, ' ').replace(/\\\*.*$/gm, ' ');
  const lines: string[] = [];
  let keep = false;
  for (const tok of clean.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? []) {
    if (KEYWORD.test(tok)) {
      keep = KEEP.has(tok);
      if (keep) lines.push(tok);
    } else if (keep) lines[lines.length - 1] += ` ${tok}`;
  }
  return [...lines, `INIT ${MODULE}Init`, `NEXT ${MODULE}Next`, ''].join('\n');
}

function conj(s: TlaState, prime: boolean): string {
  return [...s].map(([k, v]) => `  /\\ ${k}${prime ? "'" : ''} = ${printValue(v)}`).join('\n');
}

/** The recheck module: Init is `from`, Next is the step to `to`. */
export function recheckModule(root: string, from: TlaState, to: TlaState): string {
  return `---- MODULE ${MODULE} ----\nEXTENDS ${root}, TLC\n${MODULE}Init ==\n${conj(from, false)}\n${MODULE}Next ==\n${conj(to, true)}\n====\n`;
}

/**
 * What the last transition of a distributed counterexample violates, by a
 * single-process TLC run (`run`, normally runModel): the invariant or property, or
 * TLC's evaluation error. A one-state trace (the server's shape for a deadlock) is a
 * deadlock when the entry checks deadlocks. Never throws: a recheck that names
 * nothing is an error outcome saying so.
 */
export async function nameViolation(entry: ModelEntry, trace: Trace,
  run: (e: ModelEntry) => Promise<{ verdict: Outcome; detail: string | undefined }>): Promise<Outcome> {
  const [from, to] = trace.steps;
  if (from === undefined) return { kind: 'error', message: "TLC's distributed server printed an empty counterexample" };
  if (to === undefined) {
    return entry.checkDeadlock === false
      ? { kind: 'error', message: "TLC's distributed server printed a one-state counterexample without saying why (run without --distributed to see it)" }
      : { kind: 'deadlock' };
  }
  const dir = makeTemp('hybrid-bft-recheck-');
  try {
    for (const [name] of moduleClosure(entry.dir, entry.module)) copyFileSync(join(entry.dir, name), join(dir, name));
    const root = entry.module.replace(/\.tla$/, '').replace(/^.*\//, '');
    writeFileSync(join(dir, `${MODULE}.tla`), recheckModule(root, from.state, to.state));
    writeFileSync(join(dir, `${MODULE}.cfg`), recheckCfg(readFileSync(join(entry.dir, entry.config), 'utf8')));
    const r = await run({ name: `${entry.name} (recheck)`, module: `${MODULE}.tla`, config: `${MODULE}.cfg`, mode: 'exhaustive',
      expected: 'holds', ci: false, checkDeadlock: false, dir });
    switch (r.verdict.kind) {
      case 'invariant': case 'property': case 'error': return r.verdict;
      case 'holds':
        return { kind: 'error', message: "TLC's distributed server printed a counterexample without saying why, and its last step violates none of the cfg's invariants and properties (run without --distributed to see it)" };
      case 'deadlock': case 'parse-error':
        return { kind: 'error', message: `could not name what TLC's distributed server found: the recheck of its last step gave ${r.verdict.kind}: ${r.detail ?? ''}` };
      default: return assertNever(r.verdict);
    }
  } finally {
    removeTemp(dir);
  }
}
