// Regenerates conformance/drivers/rust/deviations.json, the documented deviations of
// Malachite's core from the model, from an oracle run (`hybrid-bft oracle --json`), and
// with --traces writes the shortest failing trace of each class, cut at its failing
// step, to traces/peers/malachite/<class>.itf.json.gz (a prefix of a model behaviour is a
// model behaviour; a class that is never a first mismatch elsewhere gets its trace from
// conformance/drivers/rust/tla/). Every mismatch must match exactly one class of docs/peers/malachite.md:
// one that matches none stops the tool (it is a new deviation: study it, document it).
//   npm run --silent oracle:malachite -- --json > /tmp/run.json   (exits 1 while anything fails)
//   node --loader ts-node/esm/transpile-only --no-warnings conformance/drivers/rust/deviations.ts /tmp/run.json [--traces]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../../../scripts/tlc-jar.mjs';
import { transitionCover } from '../../../src/tlc/cover.ts';
import { nodeState, parseDot } from '../../../src/tlc/dot.ts';
import { itfToTrace, traceToItf } from '../../../src/tlc/itf.ts';
import type { Trace, TraceStep } from '../../../src/tlc/trace.ts';

interface RunMismatch { source: string; step: number; what: string; lines: string[]; event: { kind: string; msg?: { type: string; round: number } } | null }

/** Each class: its one-line description (as in docs/peers/malachite.md) and its recognizer. */
const CLASSES: Record<string, { text: string; is: (m: RunMismatch) => boolean }> = {
  'L34-before-L36': {
    text: 'a prevote quorum that also completes a polka (for v: L36, for nil: L44): the model schedules timeoutPrevote (L34) and then precommits; the engine precommits without scheduling it. The paper orders neither (L34 is disabled once step = precommit)',
    is: (m) => m.what === 'outputs'
      && m.lines.some((l) => /^outputs\[\d+\]\.timeout: expected "prevote", got \(absent\)$/.test(l))
      && m.lines.some((l) => /^outputs\[\d+\]\.msg: expected \(absent\), got \{"type":"PRECOMMIT"/.test(l))
      && m.lines.filter((l) => / missing /.test(l)).every((l) => /missing \{"kind":"broadcast","msg":\{"type":"PRECOMMIT"/.test(l)),
  },
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
    is: (m) => m.what === 'outputs' && (m.event?.msg?.type === 'PREVOTE' || m.event?.msg?.type === 'PRECOMMIT') && m.lines.length === 1
      && /^outputs\[\d+\]: unexpected \{"kind":"evidence","src":"[^"]+","type":"(PREVOTE|PRECOMMIT)"/.test(m.lines[0] ?? ''),
  },
  'equivocator-vote-not-counted': {
    text: 'a vote that completes a quorum only with an equivocator\'s second vote (for v after nil, or nil after v): the model counts distinct senders per value (L28, L36, L44, L49: the equivocator counts for both) and moves on (precommits, locks); the engine counts only each sender\'s first vote and stays. The engine leaves the equivocator\'s polka hidden (liveness, not safety)',
    is: (m) => m.what === 'projection' && (m.event?.msg?.type === 'PREVOTE' || m.event?.msg?.type === 'PRECOMMIT')
      && m.lines.some((l) => /^c\d+\.step: expected "(precommit|commit)", got "(prevote|precommit)"$/.test(l))
      && m.lines.every((l) => /^c\d+\.(step|lockedRound|lockedValue|validRound|validValue): expected /.test(l)),
  },
  'L34-twice': {
    text: 'a polka for a value without its proposal, after the prevote quorum of the round was already reached: the engine schedules timeoutPrevote a second time; L34 schedules it "for the first time" only, and the model outputs nothing',
    is: (m) => m.what === 'outputs' && m.lines.length === 1
      && /^outputs\[\d+\]: unexpected \{"kind":"scheduleTimeout","timeout":"prevote"/.test(m.lines[0] ?? ''),
  },
};

function classify(m: RunMismatch): string {
  const hits = Object.entries(CLASSES).filter(([, c]) => c.is(m)).map(([k]) => k);
  if (hits.length !== 1) {
    throw new Error(`${m.source} step ${m.step}: ${hits.length === 0 ? 'matches no documented class' : `matches ${hits.join(' and ')}`}:\n  ${m.lines.join('\n  ')}`);
  }
  return hits[0] as string;
}

/** The states of a corpus trace, 0..step (a cover path is rebuilt from the graph). */
function prefix(source: string, step: number): Trace {
  const [file, path] = source.split('#path-');
  const abs = join(PROJECT_ROOT, file as string);
  if (path === undefined) {
    const raw = readFileSync(abs);
    const json: unknown = JSON.parse((abs.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
    const { trace } = itfToTrace(json);
    return { steps: trace.steps.slice(0, step + 1) };
  }
  const g = parseDot(gunzipSync(readFileSync(abs)).toString('utf8'), file);
  const c = transitionCover(g)[Number(path)];
  if (c === undefined) throw new Error(`${source}: no such path in the cover`);
  const steps: TraceStep[] = [{ index: 1, action: undefined, location: undefined, state: nodeState(g, c.start) }];
  c.edges.forEach((e, k) => steps.push({ index: k + 2, action: e.action, location: undefined, state: nodeState(g, e.to) }));
  return { steps: steps.slice(0, step + 1) };
}

const [runFile, ...flags] = process.argv.slice(2);
if (runFile === undefined) {
  console.error('usage: deviations.ts <oracle --json output> [--traces]');
  process.exit(2);
}
const run = JSON.parse(readFileSync(runFile, 'utf8')) as { mismatches: RunMismatch[] };
const entries = run.mismatches.map((m): [string, number, string] => [m.source, m.step, classify(m)]);
entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const list = {
  peer: 'Malachite core 0.5.0 (informalsystems-malachitebft-core-driver, conformance/drivers/rust)',
  doc: 'docs/peers/malachite.md',
  classes: Object.fromEntries(Object.entries(CLASSES).map(([k, c]) => [k, c.text])),
  deviations: entries,
};
const out = join(PROJECT_ROOT, 'conformance/drivers/rust/deviations.json');
writeFileSync(out, `{\n "peer": ${JSON.stringify(list.peer)},\n "doc": ${JSON.stringify(list.doc)},\n "classes": ${JSON.stringify(list.classes, null, 2).replace(/\n/g, '\n ')},\n "deviations": [\n${entries.map((e) => `  ${JSON.stringify(e)}`).join(',\n')}\n ]\n}\n`);
const per = new Map<string, number>();
for (const [, , c] of entries) per.set(c, (per.get(c) ?? 0) + 1);
console.log(`wrote ${entries.length} deviations to ${out}: ${[...per].map(([k, n]) => `${k} ${n}`).join(', ')}`);

if (flags.includes('--traces')) {
  const dir = join(PROJECT_ROOT, 'traces/peers/malachite');
  mkdirSync(dir, { recursive: true });
  for (const cls of Object.keys(CLASSES)) {
    const own = entries.filter(([s, , c]) => c === cls && !s.startsWith('traces/peers/'));
    const shortest = own.sort((a, b) => a[1] - b[1])[0];
    if (shortest === undefined) continue;
    const [source, step] = shortest;
    const itf = traceToItf(prefix(source, step), { source: 'MCConsensus.tla', description: `${source} cut at step ${step}: the shortest corpus trace showing Malachite deviation ${cls} (docs/peers/malachite.md)` });
    writeFileSync(join(dir, `${cls}.itf.json.gz`), gzipSync(`${JSON.stringify(itf)}\n`));
    console.log(`traces/peers/malachite/${cls}.itf.json.gz: ${source} steps 0..${step}`);
  }
}
