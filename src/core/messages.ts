// Building and copying messages. Stored and emitted messages are frozen copies holding
// only the contract's fields, so neither a peer nor a driver can change them later.
import type { Certificate, ConsensusMessage } from './types.ts';

/** A frozen copy of a certificate (the aggregate bytes are copied, not shared). */
export function copyCertificate(c: Certificate): Certificate {
  const signers = Object.freeze([...c.signers]) as string[];
  return Object.freeze(c.aggregate === undefined ? { signers } : { signers, aggregate: c.aggregate.slice() });
}

/** A frozen copy of a well-formed message with exactly the contract's fields. */
export function copyMessage(m: ConsensusMessage): ConsensusMessage {
  const out: ConsensusMessage = {
    type: m.type, src: m.src, height: m.height, round: m.round, value: m.value, validRound: m.validRound,
  };
  if (m.cert !== undefined) out.cert = copyCertificate(m.cert);
  if (m.signature !== undefined) out.signature = m.signature.slice();
  return Object.freeze(out);
}

/** One line for logs, details and transcripts: `PREVOTE c2 h=1 r=0 v1`. */
export function describe(m: ConsensusMessage): string {
  const vr = m.type === 'PROPOSAL' ? ` vr=${m.validRound}` : '';
  const cert = m.cert !== undefined ? ` cert=${m.cert.signers.join(',')}` : '';
  return `${m.type} ${m.src} h=${m.height} r=${m.round} ${m.value}${vr}${cert}`;
}
