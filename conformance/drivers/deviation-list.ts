// What the peers' deviation tools share (conformance/drivers/rust/deviations.ts for
// Malachite, conformance/drivers/go/cometbft/deviations.ts for CometBFT): classify every
// first mismatch of an oracle run (`hybrid-bft oracle --json`) into exactly one documented
// class, write the committed list ({peer, doc, classes, deviations}, read back by
// src/conformance/deviations.ts), and with --traces write the shortest failing corpus
// trace of each class, cut at its failing step, to traces/peers/<peer>/<class>.itf.json.gz
// (a prefix of a model behaviour is a model behaviour). A mismatch that fits no class, or
// more than one, stops the tool with exit code 1: it is a new deviation (study it,
// document it).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../../scripts/tlc-jar.mjs';
import { traceToItf } from '../../src/tlc/itf.ts';

/** A mismatch as `oracle --json` writes it (the fields the recognizers read). */
export interface RunMismatch {
  source: string;
  step: number;
  what: string;
  lines: string[];
  event: { kind: string; timeout?: string; round?: number; msg?: { type: string; round: number; src?: string; value?: string } } | null;
}

/** One class: its one-line description (as in the peer's doc) and its recognizer. */
export interface DeviationClass { text: string; is: (m: RunMismatch) => boolean }

/** A violation of the paper's verdict as `oracle --json` writes it (verdict.violations). */
export interface RunViolation {
  source: string;
  step: number;
  process: string;
  /** The verdict's own class (what differs), e.g. "missing decide". */
  class: string;
  lines: string[];
  enabled: { rule: string; lines: string }[];
  event: RunMismatch['event'];
}

/** A class of violations of the paper's verdict: its description, its kind, its recognizer. */
export interface VerdictClass {
  text: string;
  /** "departure": Algorithm 1 forbids it; "bug": it breaks a property; "convention": the contract's evidence rules (no paper line). */
  kind: 'bug' | 'departure' | 'convention';
  is: (v: RunViolation) => boolean;
}

const only = (v: RunViolation, parts: readonly string[]): boolean => v.class.split(' + ').every((p) => parts.includes(p));
const voteEvent = (v: RunViolation): boolean => v.event?.kind === 'Deliver' && (v.event.msg?.type === 'PREVOTE' || v.event.msg?.type === 'PRECOMMIT');
const enabled = (v: RunViolation, ...rules: string[]): boolean => v.enabled.some((e) => rules.includes(e.rule));

/** Violation classes several engines show: the shape is the same, the text names no engine. */
export const SHARED_VERDICT_CLASSES = {
  'equivocator-vote-not-counted': {
    kind: 'departure',
    text: 'a delivery that completes a quorum for a value (or nil) only if an equivocator\'s vote for it, after its vote for something else, counts: every legal reaction precommits, locks, decides or prevotes the re-proposal (L28, L36, L44, L49 count the senders of votes for that value); the engine does not (it counts each sender\'s first vote only). Liveness, not safety: the polka stays hidden',
    is: (v) => only(v, ['missing decide', 'missing broadcast PRECOMMIT', 'missing broadcast PREVOTE', 'missing scheduleTimeout precommit'])
      && enabled(v, 'UponProposalAndPrecommitValue', 'UponProposalInPrevoteOrCommitAndPrevote', 'UponQuorumPrevotesNil', 'UponProposalInProposeAndPrevote')
      && (voteEvent(v) || (v.event?.kind === 'Deliver' && v.event.msg?.type === 'PROPOSAL')),
  },
  'L55-round-skip-not-taken': {
    kind: 'departure',
    text: 'messages of a higher round r from f+1 senders, a PROPOSAL among them: every legal reaction starts round r (L55 counts senders of messages of any type) and acts there; the engine stays in its round',
    is: (v) => enabled(v, 'UponFPlusOneHigherRound') && only(v, ['missing scheduleTimeout propose', 'missing broadcast PREVOTE', 'missing broadcast PROPOSAL']),
  },
  'timeout-scheduled-twice': {
    kind: 'departure',
    text: 'a timeout of (kind, h, r) scheduled a second time: L34 and L47 fire "for the first time" only (harmless: the second timeout finds the step moved on)',
    is: (v) => only(v, ['unexpected scheduleTimeout prevote', 'unexpected scheduleTimeout precommit']),
  },
  'equivocation-not-reported': {
    kind: 'convention',
    text: 'an equivocation the process accepted (two conflicting messages of one key at an undecided or later height) is never reported as evidence by the end of the trace. Evidence is the contract\'s (no line of Algorithm 1)',
    is: (v) => v.class === 'equivocation not reported',
  },
} satisfies Record<string, VerdictClass>;

/** The one verdict class a violation fits; throws naming the violation if none or several fit. */
export function classifyViolation(classes: Record<string, VerdictClass>, v: RunViolation): string {
  const hits = Object.entries(classes).filter(([, c]) => c.is(v)).map(([k]) => k);
  if (hits.length !== 1) {
    throw new Error(`${v.source} step ${v.step} ${v.process} (${v.class}): ${hits.length === 0 ? 'matches no documented class' : `matches ${hits.join(' and ')}`}:\n  ${v.lines.join('\n  ')}`);
  }
  return hits[0] as string;
}

/**
 * Classes two engines share (Malachite's core 0.5.0 and CometBFT 0.38.26 both show them):
 * the mismatch's shape is the same, the text names no engine.
 */
export const SHARED_CLASSES = {
  'L34-before-L36': {
    text: 'a prevote quorum that also completes a polka (for v: L36, for nil: L44): the model schedules timeoutPrevote (L34) and then precommits; the engine precommits without scheduling it. The paper orders neither (L34 is disabled once step = precommit)',
    is: (m) => m.what === 'outputs'
      && m.lines.some((l) => /^outputs\[\d+\]\.timeout: expected "prevote", got \(absent\)$/.test(l))
      && m.lines.some((l) => /^outputs\[\d+\]\.msg: expected \(absent\), got \{"type":"PRECOMMIT"/.test(l))
      && m.lines.filter((l) => / missing /.test(l)).every((l) => /missing \{"kind":"broadcast","msg":\{"type":"PRECOMMIT"/.test(l)),
  },
  'evidence-vote-beyond-slots': {
    text: 'a third vote of one sender for a third value in one (h, r, type): the model keeps two votes per sender (VoteSlots = 2; the evidence was output with the second) and drops the third silently; the engine reports it as evidence again. No line of Algorithm 1 covers evidence',
    is: (m) => m.what === 'outputs' && (m.event?.msg?.type === 'PREVOTE' || m.event?.msg?.type === 'PRECOMMIT') && m.lines.length === 1
      && /^outputs\[\d+\]: unexpected \{"kind":"evidence","src":"[^"]+","type":"(PREVOTE|PRECOMMIT)"/.test(m.lines[0] ?? ''),
  },
  'equivocator-vote-not-counted': {
    text: 'a vote that completes a quorum only with an equivocator\'s second vote (for v after nil, or nil after v): the model counts distinct senders per value (L28, L36, L44, L49: the equivocator counts for both) and moves on (precommits, locks); the engine counts only each sender\'s first vote and stays. The engine leaves the equivocator\'s polka hidden (liveness, not safety)',
    is: (m) => m.what === 'projection' && (m.event?.msg?.type === 'PREVOTE' || m.event?.msg?.type === 'PRECOMMIT')
      && m.lines.some((l) => /^c\d+\.step: expected "(precommit|commit)", got "(prevote|precommit)"$/.test(l))
      && m.lines.every((l) => /^c\d+\.(step|lockedRound|lockedValue|validRound|validValue): expected /.test(l)),
  },
} satisfies Record<string, DeviationClass>;

/** The one class a mismatch fits; throws naming the mismatch if none or several fit. */
export function classify(classes: Record<string, DeviationClass>, m: RunMismatch): string {
  const hits = Object.entries(classes).filter(([, c]) => c.is(m)).map(([k]) => k);
  if (hits.length !== 1) {
    throw new Error(`${m.source} step ${m.step}: ${hits.length === 0 ? 'matches no documented class' : `matches ${hits.join(' and ')}`}:\n  ${m.lines.join('\n  ')}`);
  }
  return hits[0] as string;
}

/** The states of a corpus trace, 0..step (src/conformance/trace-prefix.ts). */
export { tracePrefix } from '../../src/conformance/trace-prefix.ts';
import { tracePrefix } from '../../src/conformance/trace-prefix.ts';

export interface PeerTool {
  /** The implementation, as the list's `peer`. */
  peer: string;
  /** Its doc (`docs/peers/<x>.md`), as the list's `doc`. */
  doc: string;
  /** The list to write, relative to the project root. */
  list: string;
  /** The directory of the minimal traces, relative to the project root (`traces/peers/<x>`). */
  traces: string;
  classes: Record<string, DeviationClass>;
  /** The classes of violations under the paper's verdict (a run without --strict). */
  verdictClasses?: Record<string, VerdictClass>;
  /** The verdict's list and its minimal traces (default: the list's name with -verdict, the traces' directory with /verdict). */
  verdictList?: string;
  verdictTraces?: string;
}

/** The tool's command line: `<run.json> [--traces]`; exits 2 on bad usage, 1 on an unclassified mismatch. */
export function regenerate(peerTool: PeerTool, argv: string[]): void {
  let tool = peerTool;
  const [runFile, ...flags] = argv;
  if (runFile === undefined) {
    console.error('usage: deviations.ts <oracle --json output> [--traces]');
    process.exit(2);
  }
  const run = JSON.parse(readFileSync(runFile, 'utf8')) as { mismatches: RunMismatch[]; verdict?: { violations: RunViolation[] } | null };
  const verdict = run.verdict ?? null;
  if (verdict !== null && tool.verdictClasses === undefined) {
    console.error(`${runFile}: a run under the paper's verdict, and ${tool.peer} has no verdict classes`);
    process.exit(2);
  }
  if (verdict !== null) tool = { ...tool, classes: Object.fromEntries(Object.entries(tool.verdictClasses!).map(([k, c]) => [k, { text: `${c.kind}: ${c.text}`, is: () => false }])),
    list: tool.verdictList ?? tool.list.replace(/\.json$/, '-verdict.json'), traces: tool.verdictTraces ?? `${tool.traces}/verdict` };
  let entries: [string, number, string][];
  try {
    entries = verdict !== null
      ? verdict.violations.map((v): [string, number, string] => [v.source, v.step, classifyViolation(tool.verdictClasses!, v)])
      : run.mismatches.map((m): [string, number, string] => [m.source, m.step, classify(tool.classes, m)]);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
  if (verdict !== null) {
    // One entry per (trace, step): several processes failing at one step is one deviation there.
    const seen = new Set<string>();
    entries = entries.filter(([t, s]) => { const k = `${t}#${s}`; if (seen.has(k)) return false; seen.add(k); return true; });
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const classes = Object.fromEntries(Object.entries(tool.classes).map(([k, c]) => [k, c.text]));
  const out = join(PROJECT_ROOT, tool.list);
  writeFileSync(out, `{\n "peer": ${JSON.stringify(tool.peer)},\n "doc": ${JSON.stringify(tool.doc)},\n${verdict !== null ? ' "verdict": "paper",\n' : ''} "classes": ${JSON.stringify(classes, null, 2).replace(/\n/g, '\n ')},\n "deviations": [\n${entries.map((e) => `  ${JSON.stringify(e)}`).join(',\n')}\n ]\n}\n`);
  const per = new Map<string, number>();
  for (const [, , c] of entries) per.set(c, (per.get(c) ?? 0) + 1);
  console.log(`wrote ${entries.length} deviations to ${out}: ${[...per].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (!flags.includes('--traces')) return;
  const dir = join(PROJECT_ROOT, tool.traces);
  mkdirSync(dir, { recursive: true });
  for (const cls of Object.keys(tool.classes)) {
    // The corpus's own traces first; another peer's minimal trace only when no other shows the class.
    const of = (keep: (s: string) => boolean) => entries.filter(([s, , c]) => c === cls && keep(s)).sort((a, b) => a[1] - b[1])[0];
    const shortest = of((s) => !s.startsWith('traces/peers/')) ?? of((s) => !s.startsWith(`${tool.traces}/`));
    if (shortest === undefined) continue;
    const [source, step] = shortest;
    const itf = traceToItf(tracePrefix(source, step), { source: 'MCConsensus.tla', description: `${source} cut at step ${step}: the shortest corpus trace showing ${tool.peer} deviation ${cls} (${tool.doc})` });
    writeFileSync(join(dir, `${cls}.itf.json.gz`), gzipSync(`${JSON.stringify(itf)}\n`));
    console.log(`${tool.traces}/${cls}.itf.json.gz: ${source} steps 0..${step}`);
  }
}
