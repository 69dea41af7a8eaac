// Deterministic BLS keys for in-memory demos and tests (`run`, test/node): each
// validator's secret key is derived from its id with the BLS KeyGen, so anyone can
// recompute it. Never use these outside a simulation.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { ConsensusCrypto } from '../core/crypto.ts';
import { own } from '../core/ids.ts';
import type { ValidatorId } from '../core/types.ts';
import { popProve, publicKey, secretKeyFromSeed } from '../crypto/bls.ts';
import type { BlsBackend } from '../crypto/backend.ts';
import { blsConsensusCrypto } from '../crypto/consensus.ts';
import { defaultBackend } from '../crypto/select-backend.ts';
import { validatorSet } from '../crypto/validators.ts';

export const DEMO_CHAIN_ID = 'hybrid-bft-demo';

export function demoSecretKey(id: ValidatorId): Uint8Array {
  return secretKeyFromSeed(sha256(utf8ToBytes(`hybrid-bft demo key ${id}`)));
}

/**
 * A crypto factory for Cluster: one validator set (with proofs of possession), one key
 * per node; `backend` verifies and signs (default: $HYBRID_BFT_BLS or noble).
 */
export function demoBlsCrypto(backend: BlsBackend = defaultBackend()): (validators: readonly ValidatorId[], self: ValidatorId, power?: Readonly<Record<ValidatorId, number>>) => ConsensusCrypto {
  let cached: { ids: string; set: ReturnType<typeof validatorSet>; keys: Map<ValidatorId, Uint8Array> } | undefined;
  return (validators, self, power) => {
    const ids = JSON.stringify([validators, power ?? null]); // not joined: an id may hold ','
    if (cached === undefined || cached.ids !== ids) {
      const keys = new Map(validators.map((id) => [id, demoSecretKey(id)] as const));
      const set = validatorSet(validators.map((id) => {
        const sk = keys.get(id)!;
        return { id, publicKey: publicKey(sk), proofOfPossession: popProve(sk), ...(power === undefined ? {} : { power: own(power, id) }) };
      }));
      cached = { ids, set, keys };
    }
    return blsConsensusCrypto(cached.set, self, cached.keys.get(self)!, DEMO_CHAIN_ID, backend);
  };
}
