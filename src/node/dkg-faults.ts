// Byzantine DKG validators for tests and transcripts: each is a DkgTamper (src/node/dkg-run.ts) that
// rewrites what an otherwise honest participant sends.
import { CURVE_ORDER, scalarToSecretKey, secretKeyToScalar } from '../crypto/bls.ts';
import type { DkgMessage, DkgOutbound } from '../crypto/dkg.ts';
import { G1, encodeG1 } from '../crypto/points.ts';
import type { DkgTamper } from './dkg-run.ts';

const plusOne = (b: Uint8Array) => scalarToSecretKey((secretKeyToScalar(b) % (CURVE_ORDER - 1n)) + 1n);
const mapMsg = (out: DkgOutbound[], f: (m: DkgMessage) => DkgMessage | null): DkgOutbound[] =>
  out.flatMap((o) => { const m = f(o.msg); return m === null ? [] : [{ ...o, msg: m }]; });

/** Sends a wrong share (f(j) + 1) to each of `victims`; answers complaints honestly unless `answer` is 'none' or 'wrong'. */
export function corruptShares(victims: readonly number[], answer: 'honest' | 'none' | 'wrong' = 'honest'): DkgTamper {
  return (out, step) => mapMsg(out, (m) => {
    if (step === 'start' && m.type === 'share' && victims.includes(m.to)) return { ...m, share: plusOne(m.share) };
    if (m.type === 'answer' && answer === 'none') return null;
    if (m.type === 'answer' && answer === 'wrong') return { ...m, share: plusOne(m.share) };
    return m;
  });
}

/** Broadcasts C_k + G1 instead of C_k (to everyone alike), shares from the true polynomial. */
export function lieInCommitment(k: number): DkgTamper {
  return (out) => mapMsg(out, (m) => {
    if (m.type !== 'commit') return m;
    const commitments = m.commitments.slice();
    commitments[k] = encodeG1(G1.fromBytes(commitments[k]!).add(G1.BASE));
    return { ...m, commitments };
  });
}

/** After the deal phase, complains against each of `dealers` although their shares were good. */
export function complainFalsely(self: number, dealers: readonly number[]): DkgTamper {
  return (out, step) => step !== 'deal' ? out
    : [...out, ...dealers.map((dealer): DkgOutbound => ({ to: 'all', msg: { type: 'complaint', accuser: self, dealer, reason: 'lie' } }))];
}

/** Sends nothing at all (crashed, or withholding). */
export const silent: DkgTamper = () => [];

/** Sends its commit but no shares (then answers the complaints, revealing the shares publicly). */
export const withholdShares: DkgTamper = (out, step) => (step === 'start' ? out.filter((o) => o.msg.type !== 'share') : out);
