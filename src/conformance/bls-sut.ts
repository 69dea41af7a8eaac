// The reference core under test with real BLS signatures end to end: every validator
// (the model's Byzantine ones included, who sign as themselves) gets a deterministic
// demo key; each delivered message is signed by its sender before it reaches the
// core, a COMMIT's certificate is the aggregate of its signers' real precommit
// signatures, and the core verifies everything through blsConsensusCrypto. The
// model's abstract "signed by src" becomes a real signature check.
import { aggregateSignatures, sign } from '../crypto/bls.ts';
import { precommitSignBytes, signBytes } from '../crypto/signbytes.ts';
import { DEMO_CHAIN_ID, demoBlsCrypto, demoSecretKey } from '../node/demo-keys.ts';
import type { ConsensusEvent, ConsensusMessage, ValidatorId } from '../core/types.ts';
import { coreSut, type StepFn } from './core-sut.ts';
import type { ConsensusSut } from './replay.ts';

export interface BlsSutOptions {
  stepFn?: StepFn;
  /** Rewrites a signed message before delivery (the tests use it to forge signatures). */
  tamper?: (msg: ConsensusMessage) => ConsensusMessage;
}

export function blsSut(opts: BlsSutOptions = {}): ConsensusSut {
  const keys = new Map<ValidatorId, Uint8Array>();
  const sigs = new Map<string, Uint8Array>();
  const keyOf = (id: ValidatorId): Uint8Array => {
    let k = keys.get(id);
    if (k === undefined) { k = demoSecretKey(id); keys.set(id, k); }
    return k;
  };
  const cached = (id: ValidatorId, bytes: Uint8Array): Uint8Array => {
    const key = `${id}:${Buffer.from(bytes).toString('hex')}`;
    let s = sigs.get(key);
    if (s === undefined) { s = sign(keyOf(id), bytes); sigs.set(key, s); }
    return s;
  };
  const signMessage = (m: ConsensusMessage): ConsensusMessage => {
    let msg: ConsensusMessage = { ...m };
    if (m.type === 'COMMIT' && m.cert !== undefined) {
      const parts = m.cert.signers.map((s) => cached(s, precommitSignBytes(DEMO_CHAIN_ID, m.height, m.round, m.value)));
      msg = { ...msg, cert: { signers: [...m.cert.signers], aggregate: aggregateSignatures(parts) } };
    }
    msg = { ...msg, signature: cached(m.src, signBytes(DEMO_CHAIN_ID, m)) };
    return opts.tamper ? opts.tamper(msg) : msg;
  };
  const factory = demoBlsCrypto();
  return coreSut({
    name: 'reference core with BLS signatures',
    ...(opts.stepFn ? { stepFn: opts.stepFn } : {}),
    crypto: (self, params) => factory(params.validators, self, params.power),
    prepare: (_p: string, e: ConsensusEvent): ConsensusEvent => e.kind === 'Deliver' ? { ...e, msg: signMessage(e.msg) } : e,
  });
}
