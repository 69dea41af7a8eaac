// Documented deviations of an implementation from the model: a committed list, keyed by
// trace and step, of the mismatches an oracle run is expected to find, each naming its
// class (a section of the peer's doc, e.g. docs/peers/malachite.md). Checked both ways:
// a mismatch not on the list is undocumented, and an entry whose trace was replayed but
// did not fail at that step is stale (the deviation no longer occurs, or moved).
import { readFileSync } from 'node:fs';
import type { Mismatch } from './replay.ts';

export interface DeviationList {
  /** The implementation, as in the doc. */
  peer: string;
  /** The doc that explains each class. */
  doc: string;
  /** Class id -> one line: the event, what the engine does, what the model says, the paper line. */
  classes: Record<string, string>;
  /**
   * [trace source, step index, class id]: under --strict the first mismatch of that
   * trace; under the paper's verdict (`verdict: "paper"`) every violation, one entry per step.
   */
  deviations: [string, number, string][];
  /** "paper": the list of a run under the paper's verdict; absent: of a --strict run. */
  verdict?: 'paper';
}

/** Reads a deviation list; throws with the file and the field at fault. */
export function readDeviationList(path: string): DeviationList {
  let x: unknown;
  try {
    x = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not a readable JSON file: ${(e as Error).message}`);
  }
  const bad = (what: string): never => { throw new Error(`${path}: ${what}`); };
  if (typeof x !== 'object' || x === null || Array.isArray(x)) bad('expected an object with peer, doc, classes, deviations');
  const o = x as Record<string, unknown>;
  if (typeof o.peer !== 'string' || typeof o.doc !== 'string') bad('peer and doc must be strings');
  const classes = o.classes;
  if (typeof classes !== 'object' || classes === null || Array.isArray(classes)
    || !Object.values(classes).every((v) => typeof v === 'string')) bad('classes must map class ids to strings');
  if (!Array.isArray(o.deviations)) bad('deviations must be an array of [trace, step, class]');
  if (o.verdict !== undefined && o.verdict !== 'paper') bad(`verdict must be "paper" or absent, got ${JSON.stringify(o.verdict)}`);
  const seen = new Set<string>();
  (o.deviations as unknown[]).forEach((d, i) => {
    if (!Array.isArray(d) || d.length !== 3 || typeof d[0] !== 'string' || !Number.isSafeInteger(d[1]) || typeof d[2] !== 'string') {
      bad(`deviations[${i}]: expected [trace, step, class], got ${JSON.stringify(d)}`);
    }
    const [trace, , cls] = d as [string, number, string];
    if (!Object.hasOwn(classes as object, cls)) bad(`deviations[${i}]: class '${cls}' is not among the classes`);
    const key = o.verdict === 'paper' ? `${trace}#${(d as unknown[])[1]}` : trace;
    if (seen.has(key)) bad(o.verdict === 'paper' ? `deviations[${i}]: step ${(d as unknown[])[1]} of ${trace} is listed twice` : `deviations[${i}]: trace ${trace} is listed twice (a replay stops at its first mismatch)`);
    seen.add(key);
  });
  return o as unknown as DeviationList;
}

export interface DeviationCheck {
  /** Mismatches on the list, with their class. */
  documented: { mismatch: Mismatch; cls: string }[];
  /** Mismatches not on the list: these fail the run. */
  undocumented: Mismatch[];
  /** Entries whose trace was replayed without failing at that step: these fail the run too. */
  stale: { trace: string; step: number; cls: string; got: string }[];
}

/** Sorts a run's mismatches against the list; `replayed` are the sources of every trace sent. */
export function checkDeviations(list: DeviationList, mismatches: readonly Mismatch[], replayed: ReadonlySet<string>): DeviationCheck {
  // Strict: one entry per trace (its first mismatch); the paper's verdict: one per step.
  const key = list.verdict === 'paper' ? (t: string, s: number) => `${t}#${s}` : (t: string) => t;
  const listed = new Map(list.deviations.map(([t, s, c]) => [key(t, s), { trace: t, step: s, cls: c }]));
  const found = new Map(mismatches.map((m) => [key(m.source, m.step), m]));
  const out: DeviationCheck = { documented: [], undocumented: [], stale: [] };
  for (const m of mismatches) {
    const e = listed.get(key(m.source, m.step));
    if (e !== undefined && e.step === m.step) out.documented.push({ mismatch: m, cls: e.cls });
    else out.undocumented.push(m);
  }
  for (const [k, e] of listed) {
    if (!replayed.has(e.trace)) continue; // not part of this run (a sample)
    const m = found.get(k);
    if (m === undefined || m.step !== e.step) {
      const other = mismatches.find((x) => x.source === e.trace);
      out.stale.push({ trace: e.trace, step: e.step, cls: e.cls,
        got: other === undefined ? 'the trace passed' : list.verdict === 'paper' ? 'no violation at that step' : `it failed at step ${other.step} instead` });
    }
  }
  return out;
}

/** Per class, how many documented deviations a run found. */
export function countByClass(check: DeviationCheck): Map<string, number> {
  const n = new Map<string, number>();
  for (const d of check.documented) n.set(d.cls, (n.get(d.cls) ?? 0) + 1);
  return n;
}
