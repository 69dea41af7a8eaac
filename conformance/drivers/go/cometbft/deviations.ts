// Regenerates conformance/drivers/go/cometbft/deviations.json, the documented deviations
// of CometBFT 0.38.26's consensus.State from the model, from an oracle run (`hybrid-bft
// oracle --json`), and with --traces writes the shortest failing corpus trace of each
// class, cut at its failing step, to traces/peers/cometbft/<class>.itf.json.gz. Every
// mismatch must match exactly one class of docs/peers/cometbft.md; one that matches none
// stops the tool (exit 1: a new deviation, study it and document it).
//   npm run --silent oracle:cometbft -- --json > /tmp/run.json   (exits 1 while anything fails)
//   node --loader ts-node/esm/transpile-only --no-warnings conformance/drivers/go/cometbft/deviations.ts /tmp/run.json [--traces]
import { regenerate, SHARED_CLASSES, type DeviationClass } from '../../deviation-list.ts';

const PROJECTION_FIELD = /^c\d+\.(step|lockedRound|lockedValue|validRound|validValue): expected /;

/** Each class: its one-line description (as in docs/peers/cometbft.md) and its recognizer. */
const COMETBFT_CLASSES: Record<string, DeviationClass> = {
  'L34-before-L36': SHARED_CLASSES['L34-before-L36'],
  'next-height-proposal-in-timeout-commit': {
    text: 'a PROPOSAL of round 0 of height h delivered before StartHeight(h) (the engine in its NewHeight step: timeout_commit, or the wait for genesis): the engine takes the complete proposal and prevotes it at once (handleCompleteProposal: step NewHeight <= Propose), before its round 0 starts; the model stores it and acts at StartHeight(h) (L10-L11 start round 0 first, L22 requires step = propose)',
    is: (m) => m.what === 'projection' && m.event?.msg?.type === 'PROPOSAL' && m.event.msg.round === 0
      && m.lines.some((l) => {
        const x = /^c\d+\.height: expected (\d+), got (\d+)$/.exec(l);
        return x !== null && Number(x[2]) === Number(x[1]) + 1;
      })
      && m.lines.some((l) => /^c\d+\.step: expected "commit", got "(prevote|precommit)"$/.test(l)),
  },
  'L36-late-proposal-waits-for-timeout': {
    text: 'the PROPOSAL for v arriving in step prevote after 2f+1 PREVOTE for v of the round: the model locks v and precommits it at once (L36); the engine only sets its valid block (handleCompleteProposal) and locks and precommits at timeoutPrevote (enterPrecommit from PrevoteWait)',
    is: (m) => m.what === 'projection' && m.event?.msg?.type === 'PROPOSAL'
      && m.lines.some((l) => /^c\d+\.step: expected "precommit", got "prevote"$/.test(l))
      && m.lines.some((l) => /^c\d+\.lockedValue: expected "[^"]+", got "none"$/.test(l))
      && m.lines.every((l) => PROJECTION_FIELD.test(l)),
  },
  'equivocator-vote-not-counted': SHARED_CLASSES['equivocator-vote-not-counted'],
  'evidence-vote-beyond-slots': SHARED_CLASSES['evidence-vote-beyond-slots'],
  'proposal-equivocation-not-reported': {
    text: 'a second, conflicting PROPOSAL of (h, r) from its proposer: the model outputs evidence; the engine keeps its first proposal and drops the second without a word (defaultSetProposal returns when it has one). No line of Algorithm 1 covers evidence',
    is: (m) => m.what === 'outputs' && m.event?.msg?.type === 'PROPOSAL' && m.lines.length === 1
      && /^outputs\[\d+\]: missing \{"kind":"evidence","src":"[^"]+","type":"PROPOSAL"/.test(m.lines[0] ?? ''),
  },
  'L55-skip-needs-two-thirds': {
    text: 'f+1 senders of messages of a higher round r (but less than 2/3 of the power in votes of r): the model starts round r (L55); the engine skips to a higher round only on +2/3 of any prevotes or precommits of r (addVote: HasTwoThirdsAny) and stays',
    is: (m) => m.what === 'projection' && m.lines.length === 1 && (() => {
      const r = /^c\d+\.round: expected (\d+), got (\d+)$/.exec(m.lines[0] ?? '');
      return r !== null && Number(r[1]) > Number(r[2]) && m.event?.msg?.round === Number(r[1]);
    })(),
  },
};

regenerate({
  peer: 'CometBFT 0.38.26 consensus.State (github.com/cometbft/cometbft, conformance/drivers/go/cometbft)',
  doc: 'docs/peers/cometbft.md',
  list: 'conformance/drivers/go/cometbft/deviations.json',
  traces: 'traces/peers/cometbft',
  classes: COMETBFT_CLASSES,
}, process.argv.slice(2));
