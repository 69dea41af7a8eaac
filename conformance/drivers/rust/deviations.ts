// Regenerates the deviation list of one Malachite build, the documented deviations of
// Malachite's core from the model, from an oracle run (`hybrid-bft oracle --json`):
// conformance/drivers/rust/deviations.json (0.8.2, the default) or
// conformance/drivers/rust-0.5/deviations.json (--engine 0.5.0). With --traces it writes
// the shortest failing trace of each class, cut at its failing step, to
// traces/peers/malachite/<class>.itf.json.gz (0.8.2) or traces/peers/malachite-0.5/ (0.5.0)
// (a prefix of a model behaviour is a model behaviour; a class that is never a first
// mismatch elsewhere keeps its committed trace, e.g. the one from conformance/drivers/rust/tla/).
// Every mismatch must match exactly one class of docs/peers/malachite.md that the build
// has: the tool lists those that match none (or two) and exits 1 without writing (each is
// a new deviation: study it, document it). Bad arguments: exit 2.
//   npm run --silent oracle:malachite -- --json > /tmp/run.json   (exits 1 while anything fails)
//   node --loader ts-node/esm/transpile-only --no-warnings conformance/drivers/rust/deviations.ts /tmp/run.json [--engine 0.5.0] [--traces]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../../../scripts/tlc-jar.mjs';
import { traceToItf } from '../../../src/tlc/itf.ts';
import { modelTraceFromTrace } from '../../../src/conformance/model-trace.ts';
import { tracePrefix } from '../../../src/conformance/trace-prefix.ts';
import { SHARED_CLASSES } from '../deviation-list.ts';

interface RunMismatch {
  source: string; step: number; process: string; what: string; lines: string[];
  event: { kind: string; msg?: { type: string; src: string; height: number; round: number; value: string } } | null;
}

/** The mismatch is one unexpected evidence output, at a vote's delivery. */
function unexpectedVoteEvidence(m: RunMismatch): boolean {
  return m.what === 'outputs' && (m.event?.msg?.type === 'PREVOTE' || m.event?.msg?.type === 'PRECOMMIT') && m.lines.length === 1
    && /^outputs\[\d+\]: unexpected \{"kind":"evidence","src":"[^"]+","type":"(PREVOTE|PRECOMMIT)"/.test(m.lines[0] ?? '');
}

/** The values of the votes of the delivered vote's (type, src, h, r) that the mismatch's
 *  process was delivered before its step. */
function earlierVoteValues(m: RunMismatch): Set<string> {
  const e = m.event?.msg;
  if (e === undefined) return new Set();
  const t = modelTraceFromTrace(tracePrefix(m.source, m.step), m.source);
  return new Set(t.steps.filter((s) => s.index < m.step && s.event?.p === m.process).flatMap((s) => {
    const d = s.event?.event;
    const x = d?.kind === 'Deliver' ? d.msg : undefined;
    return x !== undefined && x.type === e.type && x.src === e.src && x.height === e.height && x.round === e.round ? [x.value] : [];
  }));
}

/** How many vote-evidence outputs against `src`, at the mismatch's height, the model gave
 *  the mismatch's process before its step (the engine agreed with each: the replay got here). */
function earlierVoteEvidence(m: RunMismatch, src: string): number {
  const t = modelTraceFromTrace(tracePrefix(m.source, m.step), m.source);
  return t.steps.filter((s) => s.index < t.steps.length - 1 && s.event?.p === m.process).flatMap((s) => s.outputs)
    .filter((o) => o.kind === 'evidence' && o.src === src && o.type !== 'PROPOSAL' && o.height === m.event?.msg?.height).length;
}

/** Each class: its one-line description (as in docs/peers/malachite.md) and its recognizer. */
const CLASSES: Record<string, { text: string; is: (m: RunMismatch) => boolean }> = {
  'L34-before-L36': SHARED_CLASSES['L34-before-L36'],
  'evidence-redelivered-proposal': {
    text: 'a conflicting PROPOSAL delivered again: the model, which stores only the first proposal of (h, r), outputs the evidence again; the engine stored the conflicting proposal too and reports the pair once. No line of Algorithm 1 covers evidence',
    is: (m) => m.what === 'outputs' && m.event?.msg?.type === 'PROPOSAL' && m.lines.length === 1
      && /^outputs\[\d+\]: missing \{"kind":"evidence","src":"[^"]+","type":"PROPOSAL"/.test(m.lines[0] ?? ''),
  },
  'L55-proposal-not-counted': {
    text: 'f+1 senders of a higher round, one of them by its PROPOSAL: the model starts that round (L55 counts every message type, ⟨∗, h, round, ∗, ∗⟩); the engine counts votes only and stays',
    is: (m) => {
      const r = m.lines.map((l) => /^c\d+\.round: expected (\d+), got (\d+)$/.exec(l)).find((x) => x !== null);
      return m.what === 'projection' && r !== undefined && r !== null && Number(r[1]) > Number(r[2])
        && m.event?.msg?.type === 'PROPOSAL' && m.event.msg.round === Number(r[1]);
    },
  },
  'L36-polka-certificate-any-value': {
    text: 'a PROPOSAL for w when the polka of its round (L36) or of its validRound (L28) was for another value: the engine finds the polka certificate by round alone and takes w as valid (in step prevote it locks and precommits w; in step propose it prevotes w); L28 and L36 require 2f+1 PREVOTE for id(w) itself. Breaks Agreement (scenarios/pol-any-value.mjs)',
    is: (m) => m.what === 'projection' && m.event?.msg?.type === 'PROPOSAL'
      && (m.lines.some((l) => /^c\d+\.(validValue|lockedValue): expected "[^"]+", got "[^"]+"$/.test(l)) // L36
        || (m.event.msg.round > 0 && m.lines.length === 1 && /^c\d+\.step: expected "propose", got "prevote"$/.test(m.lines[0] ?? ''))), // L28
  },
  'evidence-vote-beyond-slots': {
    text: 'a third vote of one sender for a third value in one (h, r, type): the model keeps two votes per sender (VoteSlots = 2; the evidence was output with the second) and drops the third silently; the engine reports it as evidence again. No line of Algorithm 1 covers evidence',
    is: (m) => unexpectedVoteEvidence(m) && earlierVoteValues(m).size >= 2 && !earlierVoteValues(m).has(m.event?.msg?.value ?? ''),
  },
  'evidence-redelivered-vote': {
    text: 'a conflicting vote delivered again: the model, which keeps both votes of the pair (VoteSlots = 2), outputs nothing the second time; the engine (0.5: it stores only one vote per sender, the least in its order, so the redelivered one is new again) reports the pair again. No line of Algorithm 1 covers evidence',
    is: (m) => unexpectedVoteEvidence(m) && earlierVoteValues(m).has(m.event?.msg?.value ?? ''),
  },
  'equivocator-vote-not-counted': SHARED_CLASSES['equivocator-vote-not-counted'],
  'evidence-cap-per-validator': {
    text: 'a conflicting vote of a validator that has already been reported three times at this height: the model outputs the evidence (one per conflicting pair); the engine keeps at most MAX_EVIDENCE_PER_VALIDATOR = 3 pairs per validator and height (0.8) and reports nothing. No line of Algorithm 1 covers evidence',
    is: (m) => {
      const src = /^outputs\[\d+\]: missing \{"kind":"evidence","src":"([^"]+)","type":"(?:PREVOTE|PRECOMMIT)"/.exec(m.lines[0] ?? '')?.[1];
      return m.what === 'outputs' && (m.event?.msg?.type === 'PREVOTE' || m.event?.msg?.type === 'PRECOMMIT') && m.lines.length === 1
        && src !== undefined && earlierVoteEvidence(m, src) === 3;
    },
  },
  'L34-twice': {
    text: 'a polka for a value without its proposal, after the prevote quorum of the round was already reached: the engine schedules timeoutPrevote a second time; L34 schedules it "for the first time" only, and the model outputs nothing',
    is: (m) => m.what === 'outputs' && m.lines.length === 1
      && /^outputs\[\d+\]: unexpected \{"kind":"scheduleTimeout","timeout":"prevote"/.test(m.lines[0] ?? ''),
  },
};

/** The two builds: where each list and its traces go, and which classes each has. */
const ENGINES: Record<string, { peer: string; list: string; traces: string; classes: string[] }> = {
  '0.8.2': {
    peer: 'Malachite core 0.8.2 (arc-malachitebft-core-driver, conformance/drivers/rust)',
    list: 'conformance/drivers/rust/deviations.json',
    traces: 'traces/peers/malachite',
    classes: ['L34-before-L36', 'evidence-redelivered-proposal', 'L55-proposal-not-counted', 'evidence-vote-beyond-slots', 'equivocator-vote-not-counted', 'evidence-cap-per-validator'],
  },
  '0.5.0': {
    peer: 'Malachite core 0.5.0 (informalsystems-malachitebft-core-driver, conformance/drivers/rust-0.5)',
    list: 'conformance/drivers/rust-0.5/deviations.json',
    traces: 'traces/peers/malachite-0.5',
    classes: ['L34-before-L36', 'evidence-redelivered-proposal', 'L55-proposal-not-counted', 'L36-polka-certificate-any-value', 'evidence-vote-beyond-slots', 'evidence-redelivered-vote', 'equivocator-vote-not-counted', 'L34-twice'],
  },
};

/** The class of `m` among `classes`, or a sentence saying why there is none. */
function classify(m: RunMismatch, classes: readonly string[]): string | Error {
  const hits = classes.filter((k) => CLASSES[k]?.is(m));
  if (hits.length === 1) return hits[0] as string;
  return new Error(`${m.source} step ${m.step}: ${hits.length === 0 ? 'matches no documented class' : `matches ${hits.join(' and ')}`}:\n  ${m.lines.join('\n  ')}`);
}

/** For the 0.5.0 build: the 0.8.2 build's trace file of `cls` when it is the same cut of
 *  the same corpus trace (its description says so), else undefined: the corpus then holds
 *  it once, under the main build's folder. */
function sharedTrace(cls: string, source: string, step: number): string | undefined {
  for (const e of engine === ENGINES['0.5.0'] ? [ENGINES['0.8.2']] : []) {
    if (e === undefined) continue;
    const file = join(e.traces, `${cls}.itf.json.gz`);
    let d: unknown;
    try {
      d = (JSON.parse(gunzipSync(readFileSync(join(PROJECT_ROOT, file))).toString('utf8')) as { '#meta'?: { description?: unknown } })['#meta']?.description;
    } catch {
      continue;
    }
    if (typeof d === 'string' && d.startsWith(`${source} cut at step ${step}:`)) return file;
  }
  return undefined;
}

const usage = 'usage: deviations.ts <oracle --json output> [--engine 0.8.2|0.5.0] [--traces]';
const args = process.argv.slice(2);
const runFile = args[0];
const at = args.indexOf('--engine');
const version = at < 0 ? '0.8.2' : args[at + 1];
const engine = version === undefined ? undefined : ENGINES[version];
const unknown = args.slice(1).filter((a, i) => a !== '--traces' && a !== '--engine' && !(at >= 0 && i + 1 === at + 1));
if (runFile === undefined || runFile.startsWith('--') || engine === undefined || unknown.length > 0) {
  console.error(engine === undefined ? `--engine: expected 0.8.2 or 0.5.0, got ${version ?? '(nothing)'}; ${usage}` : usage);
  process.exit(2);
}
const flags = args;
let run: { implementation?: string; mismatches: RunMismatch[] };
try {
  run = JSON.parse(readFileSync(runFile, 'utf8')) as typeof run;
  if (!Array.isArray(run.mismatches)) throw new Error('no "mismatches" array');
} catch (e) {
  console.error(`${runFile}: not the output of \`hybrid-bft oracle --json\` (${(e as Error).message}); run it as in docs/peers/malachite.md "Deviations"`);
  process.exit(2);
}
if (run.implementation !== undefined && run.implementation !== engine.peer) {
  console.error(`${runFile}: a run of ${run.implementation}, not of ${engine.peer}: pass the --engine of that build`);
  process.exit(2);
}
const sorted = run.mismatches.map((m) => [m, classify(m, engine.classes)] as const);
const failures = sorted.flatMap(([, c]) => (c instanceof Error ? [c.message] : []));
if (failures.length > 0) {
  console.error(`${failures.length} mismatches fit no single class of ${engine.peer}; nothing written:\n${failures.slice(0, 20).join('\n')}${failures.length > 20 ? `\n(${failures.length - 20} more)` : ''}`);
  process.exit(1);
}
const entries = sorted.map(([m, c]): [string, number, string] => [m.source, m.step, c as string]);
entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const list = {
  peer: engine.peer,
  doc: 'docs/peers/malachite.md',
  classes: Object.fromEntries(engine.classes.map((k) => [k, CLASSES[k]?.text as string])),
  deviations: entries,
};
const out = join(PROJECT_ROOT, engine.list);
writeFileSync(out, `{\n "peer": ${JSON.stringify(list.peer)},\n "doc": ${JSON.stringify(list.doc)},\n "classes": ${JSON.stringify(list.classes, null, 2).replace(/\n/g, '\n ')},\n "deviations": [\n${entries.map((e) => `  ${JSON.stringify(e)}`).join(',\n')}\n ]\n}\n`);
const per = new Map<string, number>();
for (const [, , c] of entries) per.set(c, (per.get(c) ?? 0) + 1);
console.log(`wrote ${entries.length} deviations to ${out}: ${[...per].map(([k, n]) => `${k} ${n}`).join(', ')}`);

if (flags.includes('--traces')) {
  const dir = join(PROJECT_ROOT, engine.traces);
  mkdirSync(dir, { recursive: true });
  for (const cls of engine.classes) {
    const own = entries.filter(([s, , c]) => c === cls && !s.startsWith('traces/peers/'));
    const shortest = own.sort((a, b) => a[1] - b[1])[0];
    if (shortest === undefined) continue;
    const [source, step] = shortest;
    const other = sharedTrace(cls, source, step);
    if (other !== undefined) {
      console.log(`${engine.traces}/${cls}.itf.json.gz: not written, the same cut (${source} steps 0..${step}) is ${other}`);
      continue;
    }
    const itf = traceToItf(tracePrefix(source, step), { source: 'MCConsensus.tla', description: `${source} cut at step ${step}: the shortest corpus trace showing Malachite ${version} deviation ${cls} (docs/peers/malachite.md)` });
    writeFileSync(join(dir, `${cls}.itf.json.gz`), gzipSync(`${JSON.stringify(itf)}\n`));
    console.log(`${engine.traces}/${cls}.itf.json.gz: ${source} steps 0..${step}`);
  }
}
