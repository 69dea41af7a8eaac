// The project's commit-certificate check (src/crypto/certificate.ts) in the vectors'
// terms. certificateProblem answers with a sentence; the vectors require a reason
// code, so the sentence is classified here. A sentence this table does not know throws,
// and so does a vector whose bytes disagree with the project's encodings: the row then
// fails showing why. A rewording cannot make a vector pass silently.
import type { BlsBackend } from '../crypto/backend.ts';
import { backendByName } from '../crypto/select-backend.ts';
import { certificateProblem, decodeCertificate, encodeCertificate } from '../crypto/certificate.ts';
import { SIGNATURE_BYTES } from '../crypto/points.ts';
import { precommitSignBytes } from '../crypto/signbytes.ts';
import { validatorSet, type ValidatorSet } from '../crypto/validators.ts';
import { toHex } from './hex.ts';
import type { CertificateInput, CertificateOutcome, CertificateReason } from './impl.ts';

const CLASSIFY: [RegExp, CertificateReason][] = [
  [/lists signer .* twice/, 'duplicate-signer'],
  [/is not a validator/, 'unknown-signer'],
  [/has \d+ signers, needs \d+/, 'too-few'],
  [/point at infinity/, 'infinity'],
  [/does not verify/, 'bad-aggregate'],
  [/expected \d+ bytes|not a valid G2 point|malformed|cannot commit nil|no aggregate signature/, 'malformed'],
];

export function classify(sentence: string): CertificateReason | undefined {
  return CLASSIFY.find(([re]) => re.test(sentence))?.[1];
}

// Admitting a set verifies every proof of possession (100 pairings for n = 100), so
// admitted sets are remembered by content (a driver rebuilds the list for every request).
const sets = new Map<string, ValidatorSet>();
function setOf(validators: CertificateInput['validators']): ValidatorSet {
  const key = validators.map((v) => `${v.id}:${toHex(v.publicKey)}:${toHex(v.pop)}`).join(';');
  let s = sets.get(key);
  if (s === undefined) {
    s = validatorSet(validators.map((v) => ({ id: v.id, publicKey: v.publicKey, proofOfPossession: v.pop })));
    if (sets.size >= 16) sets.clear(); // bounded: a long-running driver sees few distinct sets
    sets.set(key, s);
  }
  return s;
}

/**
 * certificateProblem over the vector's validator set (admitted with their proofs of
 * possession). Throws when the vector disagrees with the project's encodings: `message`
 * must be precommitSignBytes, and a bitmap must be what encodeCertificate writes and
 * decodeCertificate reads back as the signers.
 */
export function checkCertificateVector(c: CertificateInput, backend: BlsBackend = backendByName('noble')): CertificateOutcome {
  const set = setOf(c.validators);
  if (set.quorum !== c.quorum) throw new Error(`vector quorum ${c.quorum}, the validator set's is ${set.quorum}`);
  if (toHex(precommitSignBytes(c.chainId, c.height, c.round, c.value)) !== toHex(c.message)) {
    throw new Error(`message is not precommitSignBytes(${c.chainId}, ${c.height}, ${c.round}, ${c.value})`);
  }
  if (c.bitmap !== undefined) {
    const wire = new Uint8Array(c.bitmap.length + SIGNATURE_BYTES);
    wire.set(c.bitmap);
    wire.set(c.aggregate.subarray(0, SIGNATURE_BYTES), c.bitmap.length);
    const decoded = decodeCertificate(set, wire).signers;
    if (decoded.join() !== [...c.signers].sort().join()) throw new Error(`bitmap decodes to [${decoded.join(',')}], not to the signers`);
    const encoded = encodeCertificate(set, { signers: c.signers, aggregate: c.aggregate });
    if (toHex(encoded) !== toHex(wire)) throw new Error('encodeCertificate does not write the vector\'s bitmap ‖ aggregate');
  }
  const problem = certificateProblem(set, c.chainId, c.height, c.round, c.value, { signers: c.signers, aggregate: c.aggregate }, backend);
  if (problem === null) return { valid: true };
  const reason = classify(problem);
  if (reason === undefined) throw new Error(`unclassified certificate problem: ${problem}`);
  return { valid: false, reason, detail: problem };
}
