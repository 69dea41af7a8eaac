// Regenerates an engine's list of violations under the paper's verdict (`oracle` without
// --strict): every violation of an oracle run (`hybrid-bft oracle --json`) must fit
// exactly one documented class of the engine's doc, else the tool stops with exit 1 (a
// new finding: study it, document it); with --traces it writes the shortest failing
// trace of each class, cut at its failing step, under traces/peers/<peer>/verdict/.
//   node bin/hybrid-bft.mjs oracle --driver <engine> --json > /tmp/run.json
//   node --loader ts-node/esm/transpile-only --no-warnings conformance/drivers/verdict-list.ts /tmp/run.json --peer malachite|malachite-0.5 [--traces]
import { regenerate, SHARED_VERDICT_CLASSES, type RunViolation, type VerdictClass } from './deviation-list.ts';

const proposalOrTimeout = (v: RunViolation): boolean => v.event?.kind === 'Timeout' || (v.event?.kind === 'Deliver' && v.event.msg?.type === 'PROPOSAL');

/** Malachite core-driver 0.5.0's Agreement bug (docs/peers/malachite.md class 4), as the verdict sees it. */
const POLKA_ANY_VALUE: VerdictClass = {
  kind: 'bug',
  text: 'a PROPOSAL for w (or the process\'s own re-proposal of w with a validRound) when the polka of the round (L36) or of the validRound (L28) was for another value: the engine takes w as backed (it prevotes w, or records w as its valid value, or locks it); no legal reaction does (L28 and L36 need 2f+1 PREVOTE for id(w) itself). Breaks Agreement: scenarios/pol-any-value.mjs',
  is: (v) => proposalOrTimeout(v) && v.class.split(' + ').every((p) => ['unexpected broadcast PREVOTE', 'unexpected broadcast PRECOMMIT', 'unexpected scheduleTimeout prevote', 'projection.validValue', 'projection.validRound', 'projection.lockedValue', 'projection.lockedRound', 'projection.step'].includes(p))
    && (v.class.includes('unexpected broadcast') || v.class.includes('projection.validValue') || v.class.includes('projection.lockedValue')),
};

const PEERS: Record<string, { peer: string; doc: string; list: string; traces: string; classes: Record<string, VerdictClass> }> = {
  malachite: {
    peer: 'Malachite core 0.8.2 (arc-malachitebft-core-driver, conformance/drivers/rust)', doc: 'docs/peers/malachite.md',
    list: 'conformance/drivers/rust/violations.json', traces: 'traces/peers/malachite/verdict',
    classes: { ...SHARED_VERDICT_CLASSES },
  },
  'malachite-0.5': {
    peer: 'Malachite core 0.5.0 (informalsystems-malachitebft-core-driver, conformance/drivers/rust-0.5)', doc: 'docs/peers/malachite.md',
    list: 'conformance/drivers/rust-0.5/violations.json', traces: 'traces/peers/malachite-0.5/verdict',
    classes: { ...SHARED_VERDICT_CLASSES, 'L28-L36-polka-of-another-value': POLKA_ANY_VALUE },
  },
};

const args = process.argv.slice(2);
const at = args.indexOf('--peer');
const name = at < 0 ? undefined : args[at + 1];
const p = name === undefined ? undefined : PEERS[name];
if (p === undefined) {
  console.error(`usage: verdict-list.ts <oracle --json output> --peer ${Object.keys(PEERS).join('|')} [--traces]`);
  process.exit(2);
}
regenerate({ peer: p.peer, doc: p.doc, list: p.list, traces: p.traces, classes: {}, verdictClasses: p.classes, verdictList: p.list, verdictTraces: p.traces },
  args.filter((a, i) => i !== at && i !== at + 1));
