// Regenerates conformance/drivers/rust/deviations.json, the documented deviations of
// Malachite's core from the model, from an oracle run (`hybrid-bft oracle --json`), and
// with --traces writes the shortest failing trace of each class, cut at its failing
// step, to traces/peers/malachite/<class>.itf.json.gz (a prefix of a model behaviour is a
// model behaviour; a class that is never a first mismatch elsewhere gets its trace from
// conformance/drivers/rust/tla/). Every mismatch must match exactly one class of docs/peers/malachite.md:
// one that matches none stops the tool (it is a new deviation: study it, document it).
//   npm run --silent oracle:malachite -- --json > /tmp/run.json   (exits 1 while anything fails)
//   node --loader ts-node/esm/transpile-only --no-warnings conformance/drivers/rust/deviations.ts /tmp/run.json [--traces]
import { regenerate, SHARED_CLASSES, type DeviationClass } from '../deviation-list.ts';

/** Each class: its one-line description (as in docs/peers/malachite.md) and its recognizer. */
const CLASSES: Record<string, DeviationClass> = {
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
  'evidence-vote-beyond-slots': SHARED_CLASSES['evidence-vote-beyond-slots'],
  'equivocator-vote-not-counted': SHARED_CLASSES['equivocator-vote-not-counted'],
  'L34-twice': {
    text: 'a polka for a value without its proposal, after the prevote quorum of the round was already reached: the engine schedules timeoutPrevote a second time; L34 schedules it "for the first time" only, and the model outputs nothing',
    is: (m) => m.what === 'outputs' && m.lines.length === 1
      && /^outputs\[\d+\]: unexpected \{"kind":"scheduleTimeout","timeout":"prevote"/.test(m.lines[0] ?? ''),
  },
};

regenerate({
  peer: 'Malachite core 0.5.0 (informalsystems-malachitebft-core-driver, conformance/drivers/rust)',
  doc: 'docs/peers/malachite.md',
  list: 'conformance/drivers/rust/deviations.json',
  traces: 'traces/peers/malachite',
  classes: CLASSES,
}, process.argv.slice(2));
