// DKG transcripts for the cross-check in another language (conformance/py/check_dkg.py,
// py_ecc): a run of dkg-run.ts with Byzantine validators, written as JSON with every
// message sent (commits, the private shares, complaints, answers) and what the honest
// validators output (QUAL, group key, share keys), plus one t-of-n signature by honest
// shares. Regenerate with
//   node --loader ts-node/esm/transpile-only --no-warnings src/node/dkg-transcript.ts --write
// test/node/dkg-transcript.test.ts holds the committed files to this code.
import { writeFileSync } from 'node:fs';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { scalarToSecretKey } from '../crypto/bls.ts';
import { dealerPolynomial, demoDkgSeed, type DkgMessage } from '../crypto/dkg.ts';
import { combine, evalPoly, partialSign } from '../crypto/threshold.ts';
import { complainFalsely, corruptShares, lieInCommitment } from './dkg-faults.ts';
import { runDkg, type DkgTamper } from './dkg-run.ts';

export const TRANSCRIPT_FORMAT = 'hybrid-bft/dkg-transcript/1';
export const TRANSCRIPT_DIR = new URL('../../conformance/dkg/', import.meta.url);

interface Scenario { t: number; n: number; faults: { index: number; what: string; tamper: DkgTamper }[] }

/** The committed transcripts: each has cheaters of every kind the protocol must handle, f < t and n − f ≥ t. */
export const SCENARIOS: Scenario[] = [
  { t: 3, n: 4, faults: [{ index: 3, what: 'sends a corrupted share to 2 and does not answer the complaint: disqualified', tamper: corruptShares([2], 'none') }] },
  {
    t: 4, n: 7, faults: [
      { index: 5, what: 'sends a corrupted share to 2, then answers the complaint with the right share: qualified, 2 uses the revealed share', tamper: corruptShares([2]) },
      { index: 6, what: 'lies in commitment C_1 (to everyone alike): every other validator complains, >= t complaints: disqualified', tamper: lieInCommitment(1) },
      { index: 7, what: 'deals honestly but complains falsely against 1 and 3: the answers refute it, 1 and 3 stay qualified', tamper: (out, step) => complainFalsely(7, [1, 3])(out, step) },
    ],
  },
];

export const transcriptName = (s: Scenario) => `dkg-t${s.t}-n${s.n}.json`;

const hex = bytesToHex;

/** Runs the scenario (deterministic: demo seeds, label = the file name) and returns its transcript. */
export function transcript(s: Scenario): Record<string, unknown> {
  const label = transcriptName(s);
  const run = runDkg({ t: s.t, n: s.n, label, tamper: new Map(s.faults.map((f) => [f.index, f.tamper])) });
  const byzantine = s.faults.map((f) => f.index);
  const honest = Array.from({ length: s.n }, (_, i) => i + 1).filter((i) => !byzantine.includes(i));
  const from = (id: string) => run.validators.indexOf(id) + 1;
  const sent = run.net.sent.map((r) => ({ from: from(r.from), to: from(r.to), m: r.m as DkgMessage }));
  const once = <T>(xs: T[], key: (x: T) => string) => [...new Map(xs.map((x) => [key(x), x])).values()];
  const dealers = Array.from({ length: s.n }, (_, k) => {
    const i = k + 1;
    const commit = sent.find((r) => r.from === i && r.m.type === 'commit')?.m;
    const shares = sent.filter((r) => r.from === i && r.m.type === 'share').map((r) => r.m as Extract<DkgMessage, { type: 'share' }>);
    // A dealer keeps its own share: f_i(i), from its polynomial (a Byzantine dealer's too: it deals from the same seed).
    const own = scalarToSecretKey(evalPoly(dealerPolynomial(s.t, demoDkgSeed(label, i)), BigInt(i)));
    return {
      index: i,
      commitments: commit?.type === 'commit' ? commit.commitments.map(hex) : null,
      shares: [...shares.map((m) => ({ to: m.to, share: hex(m.share) })), { to: i, share: hex(own) }].sort((a, b) => a.to - b.to),
    };
  });
  const complaints = once(sent.flatMap((r) => (r.m.type === 'complaint' ? [r.m] : [])), (m) => `${m.accuser}/${m.dealer}`)
    .map((m) => ({ accuser: m.accuser, dealer: m.dealer, reason: m.reason }));
  const answers = once(sent.flatMap((r) => (r.m.type === 'answer' ? [r.m] : [])), (m) => `${m.dealer}/${m.accuser}`)
    .map((m) => ({ dealer: m.dealer, accuser: m.accuser, share: hex(m.share) }));
  const outs = honest.map((i) => run.nodes.get(i)!.output!);
  const o = outs[0]!;
  const msg = utf8ToBytes(`hybrid-bft dkg transcript ${label}`);
  const signers = honest.slice(0, s.t);
  const partials = signers.map((i) => partialSign(outs[honest.indexOf(i)]!.share, msg));
  return {
    format: TRANSCRIPT_FORMAT,
    description: `A ${s.t}-of-${s.n} joint-Feldman DKG (src/crypto/dkg.ts; Pedersen 1991, GJKR 1999 §3) run over the in-memory transport with Byzantine validators: every message sent, and what the honest validators output. Deterministic test seeds (demoDkgSeed), never real keys.`,
    t: s.t,
    n: s.n,
    byzantine: s.faults.map((f) => ({ index: f.index, behaviour: f.what })),
    honest,
    dealers,
    complaints,
    answers,
    expect: {
      qualified: o.qualified,
      groupPublicKey: hex(o.groupPublicKey),
      commitments: o.commitments.map(hex),
      sharePublicKeys: o.sharePublicKeys.map((k, i) => ({ index: i + 1, publicKey: hex(k) })),
    },
    signature: {
      message: hex(msg),
      partials: partials.map((p) => ({ index: p.index, signature: hex(p.signature) })),
      combined: hex(combine(s.t, s.n, partials)),
    },
  };
}

export const serializeTranscript = (x: unknown) => `${JSON.stringify(x, null, 1)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] !== '--write') {
    console.error('usage: src/node/dkg-transcript.ts --write   (rewrites conformance/dkg/*.json)');
    process.exit(2);
  }
  for (const s of SCENARIOS) {
    writeFileSync(new URL(transcriptName(s), TRANSCRIPT_DIR), serializeTranscript(transcript(s)));
    console.log(`wrote conformance/dkg/${transcriptName(s)}`);
  }
}
