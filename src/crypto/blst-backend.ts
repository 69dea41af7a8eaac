// The native backend: supranational/blst through @chainsafe/blst 2.2.0 (an optional
// dependency that ships prebuilt binaries, linux-x64 among them). Its ciphersuite is
// fixed to Ethereum's, which is ours (min-pk, DST_SIG of bls.ts); it signs and verifies
// under no other tag, so proofs of possession stay on noble. Keys and signatures are
// decoded with blst's own checks (on the curve, in the subgroup, not infinity); the
// property test in test/crypto/backends.test.ts holds them to noble's answers.
import { createRequire } from 'node:module';
import { secretKeyToScalar } from './bls.ts';
import { BackendError, assertOwnKey, refusalCode, type BatchItem, type BlsBackend, type PreparedKey } from './backend.ts';
import { DecodeError, PUBLIC_KEY_BYTES, SIGNATURE_BYTES, checkBytes } from './points.ts';

type Blst = typeof import('@chainsafe/blst');
type BlstPublicKey = InstanceType<Blst['PublicKey']>;
type BlstSignature = InstanceType<Blst['Signature']>;

let loaded: Blst | undefined;
function lib(): Blst {
  if (loaded !== undefined) return loaded;
  try {
    loaded = createRequire(import.meta.url)('@chainsafe/blst') as Blst;
  } catch (e) {
    throw new BackendError(`the blst backend needs the optional dependency @chainsafe/blst 2.2.0, which did not load here `
      + `(${(e as Error).message.split('\n')[0]}); run npm ci on a platform it ships binaries for (linux-x64, darwin, win32-x64) or use --bls-backend noble`);
  }
  return loaded;
}

/** A key decoded and checked by blst. */
export class BlstKey implements PreparedKey {
  readonly backend = 'blst' as const;
  constructor(readonly bytes: Uint8Array, readonly point: BlstPublicKey) {}
}

function key(k: PreparedKey, where: string): BlstPublicKey {
  assertOwnKey('blst', k, where);
  if (!(k instanceof BlstKey)) throw new TypeError(`${where}: not a key prepared by the blst backend`);
  return k.point;
}

function decodeSignature(bytes: Uint8Array, where: string): BlstSignature {
  checkBytes(where, bytes, SIGNATURE_BYTES);
  try {
    return lib().Signature.fromBytes(bytes, true, true);
  } catch (e) {
    const code = refusalCode(bytes);
    throw new DecodeError(code, `${where}: ${code === 'infinity' ? 'point at infinity' : `not a valid G2 point (blst: ${(e as Error).message})`}`);
  }
}

function signatureOrNull(bytes: Uint8Array): BlstSignature | null {
  try {
    return decodeSignature(bytes, 'signature');
  } catch (e) {
    if (e instanceof DecodeError && e.code !== 'type') return null;
    throw e;
  }
}

/**
 * Same-message items: blst's aggregateWithRandomness (decodes and subgroup-checks each
 * signature, then Σ r_i pk_i and Σ r_i σ_i with random 64-bit r_i drawn inside the
 * native library) and one verification. Several messages: one blinded pair per message,
 * then verifyMultipleAggregateSignatures, which blinds each pair again with fresh
 * random scalars and checks them in one multi-pairing.
 */
function randomizedCheck(items: readonly BatchItem[]): boolean {
  if (items.length === 0) return false;
  const b = lib();
  const groups = new Map<string, { msg: Uint8Array; sets: { pk: BlstPublicKey; sig: Uint8Array }[] }>();
  for (const it of items) {
    if (!(it.signature instanceof Uint8Array) || it.signature.length !== SIGNATURE_BYTES) return false;
    const id = Buffer.from(it.message).toString('hex');
    let g = groups.get(id);
    if (g === undefined) groups.set(id, (g = { msg: it.message, sets: [] }));
    g.sets.push({ pk: key(it.key, 'verifyRandomized'), sig: it.signature });
  }
  const blinded: { msg: Uint8Array; pk: BlstPublicKey; sig: BlstSignature }[] = [];
  for (const g of groups.values()) {
    try {
      blinded.push({ msg: g.msg, ...b.aggregateWithRandomness(g.sets) });
    } catch {
      return false; // a signature that does not decode, is infinity or off the subgroup
    }
  }
  if (blinded.length === 1) return b.verify(blinded[0]!.msg, blinded[0]!.pk, blinded[0]!.sig, false, false);
  return b.verifyMultipleAggregateSignatures(blinded, false, false);
}

/** Throws BackendError when @chainsafe/blst cannot be loaded on this platform. */
export function blstBackend(): BlsBackend {
  const b = lib();
  return Object.freeze({
    name: 'blst' as const,
    library: '@chainsafe/blst',
    prepareKey(bytes: Uint8Array, where = 'prepareKey'): PreparedKey {
      checkBytes(where, bytes, PUBLIC_KEY_BYTES);
      try {
        return new BlstKey(bytes.slice(), b.PublicKey.fromBytes(bytes, true));
      } catch (e) {
        const code = refusalCode(bytes);
        throw new DecodeError(code, `${where}: ${code === 'infinity' ? 'point at infinity' : `not a valid G1 point (blst: ${(e as Error).message})`}`);
      }
    },
    checkSignature: (bytes: Uint8Array, where = 'signature') => { decodeSignature(bytes, where); },
    sign(sk: Uint8Array, msg: Uint8Array): Uint8Array {
      secretKeyToScalar(sk, 'sign'); // the same refusals as noble, with the same words
      if (!(msg instanceof Uint8Array)) throw new TypeError(`sign: expected message to be a Uint8Array, got ${typeof msg}`);
      return b.SecretKey.fromBytes(sk).sign(msg).toBytes(true);
    },
    verify(k: PreparedKey, msg: Uint8Array, sig: Uint8Array): boolean {
      const pk = key(k, 'verify');
      const s = signatureOrNull(sig);
      return s !== null && b.verify(msg, pk, s, false, false);
    },
    fastAggregateVerify(keys: readonly PreparedKey[], msg: Uint8Array, sig: Uint8Array): boolean {
      if (keys.length === 0) return false;
      const pks = keys.map((k) => key(k, 'fastAggregateVerify'));
      const s = signatureOrNull(sig);
      return s !== null && b.fastAggregateVerify(msg, pks, s, false);
    },
    aggregateSignatures(list: readonly Uint8Array[]): Uint8Array {
      if (list.length === 0) throw new Error('aggregateSignatures: expected at least one signature, got 0');
      const pts = list.map((s, i) => decodeSignature(s, `aggregateSignatures: signature ${i}`));
      const out = b.aggregateSignatures(pts, false).toBytes(true);
      if (refusalCode(out) === 'infinity') throw new DecodeError('infinity', 'aggregateSignatures: aggregate is the point at infinity');
      return out;
    },
    verifyRandomized: randomizedCheck,
  });
}
