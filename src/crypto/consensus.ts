// ConsensusCrypto (src/core/crypto.ts) with real BLS signatures: every message is signed
// over its canonical sign-bytes (signbytes.ts), and a decision's certificate aggregates
// the precommit signatures (certificate.ts). The backend (backend.ts) does the curve
// work; verifyMany checks a batch with one randomized check (batch.ts).
import type { ConsensusCrypto } from '../core/crypto.ts';
import type { Certificate, ConsensusMessage, Value, ValidatorId } from '../core/types.ts';
import type { BatchItem, BlsBackend } from './backend.ts';
import { verifyBatch } from './batch.ts';
import { publicKey } from './bls.ts';
import { certificateProblem } from './certificate.ts';
import { defaultBackend } from './select-backend.ts';
import { signBytes } from './signbytes.ts';
import type { ValidatorSet } from './validators.ts';

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Throws when `self` is not in the set or `secretKey` is not the key admitted for it.
 * `sign` throws when asked to sign a message whose src is not `self` (a bug in the caller).
 * `verifyMany` remembers its answers per message object (a WeakMap, so they go with the
 * message); `verify` of such a message returns the remembered answer. The node freezes
 * the messages it batches, so a remembered answer always matches the message's fields.
 */
export function blsConsensusCrypto(set: ValidatorSet, self: ValidatorId, secretKey: Uint8Array, chainId: string,
  backend: BlsBackend = defaultBackend()): ConsensusCrypto {
  if (!set.has(self)) throw new Error(`blsConsensusCrypto: ${self} is not a validator`);
  if (!equalBytes(publicKey(secretKey), set.publicKeyOf(self)))
    throw new Error(`blsConsensusCrypto: secret key does not match the public key of ${self}`);
  signBytes(chainId, { type: 'PREVOTE', height: 0, round: 0, value: 'x', validRound: -1 }); // validates chainId now
  const sk = secretKey.slice();
  const checked = new WeakMap<ConsensusMessage, boolean>();

  /** The batch item of a message, or null when it cannot carry a valid signature at all. */
  const item = (msg: ConsensusMessage): BatchItem | null => {
    if (!set.has(msg.src) || !(msg.signature instanceof Uint8Array)) return null;
    try {
      return { key: set.preparedKeyOf(msg.src, backend), message: signBytes(chainId, msg), signature: msg.signature };
    } catch {
      return null; // a field out of range: malformed, so not validly signed
    }
  };

  return Object.freeze({
    sign(msg: ConsensusMessage): Uint8Array {
      if (msg.src !== self) throw new Error(`sign: ${self} asked to sign a message from ${msg.src}`);
      return backend.sign(sk, signBytes(chainId, msg));
    },

    verify(msg: ConsensusMessage): boolean {
      const known = checked.get(msg);
      if (known !== undefined) return known;
      const it = item(msg);
      return it !== null && backend.verify(it.key, it.message, it.signature);
    },

    verifyMany(msgs: readonly ConsensusMessage[]): boolean[] {
      const items = msgs.map(item);
      const usable = items.flatMap((it, i) => (it === null ? [] : [{ it, i }]));
      const verdicts = verifyBatch(backend, usable.map((u) => u.it));
      const out = msgs.map(() => false);
      usable.forEach((u, k) => { out[u.i] = verdicts[k] === null; });
      msgs.forEach((m, i) => checked.set(m, out[i]!));
      return out;
    },

    certify(height: number, round: number, value: Value, precommits: readonly ConsensusMessage[]): Certificate {
      const bySigner = new Map<ValidatorId, Uint8Array>();
      for (const m of precommits) {
        if (m.type !== 'PRECOMMIT' || m.height !== height || m.round !== round || m.value !== value) continue;
        if (!(m.signature instanceof Uint8Array)) throw new Error(`certify: precommit from ${m.src} has no signature`);
        if (!bySigner.has(m.src)) bySigner.set(m.src, m.signature); // the first stored one counts
      }
      const signers = [...bySigner.keys()].sort();
      if (signers.length === 0) throw new Error(`certify: no precommits for (${height}, ${round}, ${value})`);
      return { signers, aggregate: backend.aggregateSignatures(signers.map((s) => bySigner.get(s)!)) };
    },

    checkCertificate(height: number, round: number, value: Value, cert: Certificate): string | null {
      return certificateProblem(set, chainId, height, round, value, cert, backend);
    },
  });
}
