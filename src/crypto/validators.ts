// The validator set of an entity: ids in their configured order (the proposer rotation
// and the certificate bitmap both use it), each with a BLS public key.
//
// Rogue-key defence: a key is admitted only with a valid proof of possession. Without
// it, a validator could register pk' = x·G − Σ pk_others and forge an aggregate that
// "everyone signed" with one key; same-message aggregation (fastAggregateVerify, which
// checks commit certificates) is only sound for keys proven this way (Boneh, Drijvers,
// Neven 2018; draft-irtf-cfrg-bls-signature-05 §3.3).
import { bytesToHex } from '@noble/hashes/utils.js';
import { popVerify } from './bls.ts';
import { DecodeError, decodePublicKey, type G1Point } from './points.ts';
import { idRecord, validatorIdProblem } from '../core/ids.ts';
import { powerOf, type PowerTable } from '../core/power.ts';
import { faulty, quorum } from '../core/quorum.ts';
import type { ValidatorId } from '../core/types.ts';
import type { BlsBackend, PreparedKey } from './backend.ts';
import { NobleKey } from './noble-backend.ts';

export interface ValidatorEntry {
  id: ValidatorId;
  publicKey: Uint8Array;
  /** popProve(secretKey): a signature over the key's own bytes under DST_POP. */
  proofOfPossession: Uint8Array;
  /** Voting power, a positive integer; default 1 (docs/contract.md, "Voting power"). */
  power?: number;
}

export interface ValidatorSet {
  /** Ids in configured order. */
  readonly ids: readonly ValidatorId[];
  readonly n: number;
  /** Voting power per id, and their sum (n under equal power). */
  readonly power: PowerTable;
  readonly totalPower: number;
  /** floor((totalPower-1)/3): the faulty power tolerated (core/quorum.ts `faulty`; f under equal power). */
  readonly f: number;
  /** totalPower - f: the power a commit certificate's signers need (core/quorum.ts `quorum`, the core's own; n - f signers under equal power). */
  readonly quorum: number;
  has(id: ValidatorId): boolean;
  /** Position in `ids`, or -1. */
  indexOf(id: ValidatorId): number;
  /** The admitted key; throws for an unknown id. */
  publicKeyOf(id: ValidatorId): Uint8Array;
  /** The admitted key, decoded once at admission; throws for an unknown id. */
  publicKeyPointOf(id: ValidatorId): G1Point;
  /** The admitted key prepared for `backend` (decoded once per backend); throws for an unknown id. */
  preparedKeyOf(id: ValidatorId, backend: BlsBackend): PreparedKey;
}

/**
 * Admits the entries in order. Any id is admitted that core/ids.ts `validatorIdProblem`
 * admits (`__proto__` and `constructor` too: `power` is a null-prototype record).
 * Throws (naming the validator) on an empty set, an empty, reserved (`nil`, `none`)
 * or duplicate id, a malformed / infinity / off-subgroup key, a key used twice, and a
 * proof of possession that does not verify.
 */
export function validatorSet(entries: readonly ValidatorEntry[]): ValidatorSet {
  if (!Array.isArray(entries) || entries.length === 0) throw new Error('validatorSet: expected at least one validator, got 0');
  const keys = new Map<ValidatorId, Uint8Array>();
  const points = new Map<ValidatorId, G1Point>();
  const seenKeys = new Map<string, ValidatorId>();
  for (const e of entries) {
    const problem = validatorIdProblem(e?.id);
    if (problem !== null) throw new Error(`validatorSet: ${problem}`);
    const where = `validatorSet: validator ${e.id}`;
    if (keys.has(e.id)) throw new Error(`${where} is listed twice`);
    let point: G1Point;
    try {
      point = decodePublicKey(e.publicKey, `${where} public key`);
    } catch (err) {
      if (err instanceof DecodeError) throw new Error(err.message);
      throw err;
    }
    const hex = bytesToHex(e.publicKey);
    const other = seenKeys.get(hex);
    if (other !== undefined) throw new Error(`${where} has the same public key as ${other}`);
    if (!(e.proofOfPossession instanceof Uint8Array) || !popVerify(e.publicKey, e.proofOfPossession))
      throw new Error(`${where}: proof of possession does not verify`);
    keys.set(e.id, e.publicKey.slice());
    points.set(e.id, point);
    seenKeys.set(hex, e.id);
  }
  const ids = Object.freeze(entries.map((e) => e.id));
  const n = ids.length;
  const power = idRecord<number>(); // null prototype: `__proto__` is an id like any other (docs/contract.md, "Identifiers")
  for (const e of entries) {
    const x = e.power ?? 1;
    if (!Number.isSafeInteger(x) || x < 1) throw new Error(`validatorSet: validator ${e.id}: expected power to be a positive integer, got ${JSON.stringify(e.power)}`);
    power[e.id] = x;
  }
  const totalPower = powerOf(power, ids);
  const prepared = new Map<string, PreparedKey>();
  const pointOf = (id: ValidatorId) => {
    const p = points.get(id);
    if (p === undefined) throw new Error(`validatorSet: unknown validator ${id}`);
    return p; // noble points are immutable
  };
  return Object.freeze({
    ids, n, power: Object.freeze(power), totalPower, f: faulty(totalPower), quorum: quorum(totalPower),
    has: (id: ValidatorId) => keys.has(id),
    indexOf: (id: ValidatorId) => ids.indexOf(id),
    publicKeyOf: (id: ValidatorId) => {
      const k = keys.get(id);
      if (k === undefined) throw new Error(`validatorSet: unknown validator ${id}`);
      return k.slice();
    },
    publicKeyPointOf: pointOf,
    preparedKeyOf: (id: ValidatorId, backend: BlsBackend) => {
      const slot = `${backend.name}/${id}`;
      let k = prepared.get(slot);
      if (k === undefined) {
        const point = pointOf(id);
        // noble's point was decoded at admission; another backend decodes the bytes once.
        k = backend.name === 'noble' ? new NobleKey(keys.get(id)!, point) : backend.prepareKey(keys.get(id)!, `validator ${id}`);
        prepared.set(slot, k);
      }
      return k;
    },
  });
}
