"""An independent implementation of the vector operations over py_ecc.

py_ecc (Ethereum's pure-Python BLS reference) gives the ciphersuite: Verify,
FastAggregateVerify, PopVerify under G2ProofOfPossession. It has no threshold
scheme, so Lagrange interpolation at 0 over Fr and the combination
sigma = sum(lambda_i * sigma_i) in G2 are written here with py_ecc's curve
operations: the combination itself is cross-checked, not only its result.

Every operation returns the same outcomes as src/vectors/impl.ts (the error and
reason codes of docs/vectors.md). Used by check_vectors.py and by the driver in
conformance/drivers/python/.
"""

from py_ecc.bls import G2ProofOfPossession as Bls
from py_ecc.bls.g2_primitives import G2_to_signature, signature_to_G2, subgroup_check
from py_ecc.optimized_bls12_381 import Z2, add, curve_order, is_inf, multiply

DST_SIG = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"
DST_POP = b"BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"


class Refusal(Exception):
    """An operation refused its input with a code (and maybe a share index)."""

    def __init__(self, code, detail, index=None):
        super().__init__(detail)
        self.code = code
        self.index = index


def verify(pk, msg, sig, dst=DST_SIG):
    """BLS Verify under `dst`; False (never an exception) for bad bytes, infinity included.

    A bad dst is the caller's mistake: ValueError when it is empty (RFC 9380 needs a
    non-empty tag, as src/crypto/bls.ts checks) or not one of the suite's two DSTs.
    """
    if len(dst) == 0:
        raise ValueError('verify: expected a non-empty dst (RFC 9380), got ""')
    if dst == DST_SIG:
        return Bls.Verify(pk, msg, sig)
    if dst == DST_POP:
        return Bls._CoreVerify(pk, msg, sig, DST_POP)
    raise ValueError(f"verify: unknown dst {dst!r}")


def verify_partial(share_pk, msg, sig):
    """A partial is a plain signature under its share key (DST_SIG)."""
    return Bls.Verify(share_pk, msg, sig)


def decode_g2(sig, where, index=None):
    """Compressed G2 point in the subgroup, not infinity; Refusal('malformed'|'infinity') otherwise."""
    if len(sig) != 96:
        raise Refusal("malformed", f"{where}: expected 96 bytes, got {len(sig)}", index)
    try:
        pt = signature_to_G2(sig)
    except Exception as e:  # py_ecc raises ValueError/AssertionError on bad encodings
        raise Refusal("malformed", f"{where}: not a valid G2 point ({e})", index)
    if is_inf(pt):
        raise Refusal("infinity", f"{where}: point at infinity", index)
    if not subgroup_check(pt):
        raise Refusal("malformed", f"{where}: not in the prime-order subgroup", index)
    return pt


def lagrange_at_zero(indices):
    """lambda_i = prod_{j != i} x_j / (x_j - x_i) mod r (Shamir 1979; Boldyreva 2003, section 5)."""
    r = curve_order
    out = []
    for i in indices:
        num, den = 1, 1
        for j in indices:
            if j != i:
                num = num * j % r
                den = den * (j - i) % r
        out.append(num * pow(den, -1, r) % r)
    return out


def check_indices(where, n, partials):
    """Every index an int in 1..n and distinct; Refusal(index-out-of-range|duplicate-index)."""
    seen = set()
    for i, _ in partials:
        if not isinstance(i, int) or isinstance(i, bool) or i < 1 or i > n:
            raise Refusal("index-out-of-range", f"{where}: share index {i} out of range 1..{n}", i)
        if i in seen:
            raise Refusal("duplicate-index", f"{where}: duplicate share index {i}", i)
        seen.add(i)


def combine(t, n, partials):
    """sigma = sum lambda_i sigma_i over the FIRST t partials, after checking ALL of them
    (indices, and that each decodes: an extra partial is not accepted unread).

    partials: list of (index, signature bytes). Raises Refusal with the codes of
    docs/vectors.md: too-few, index-out-of-range, duplicate-index, malformed, infinity.
    """
    if len(partials) < t:
        raise Refusal("too-few", f"combine: need {t} partials, got {len(partials)}")
    check_indices("combine", n, partials)
    used = partials[:t]
    points = [decode_g2(s, f"combine: partial {i}", i) for i, s in partials][:t]
    acc = Z2
    for lam, pt in zip(lagrange_at_zero([i for i, _ in used]), points):
        acc = add(acc, multiply(pt, lam))
    if is_inf(acc):
        raise Refusal("infinity", "combine: combined signature is the point at infinity")
    return G2_to_signature(acc)


def collect(t, n, msg, group_pk, shares, partials):
    """Verify each partial against its share key in order until t are good; name the bad ones.

    Returns (signature, rejected). Raises Refusal (with .rejected) when t good ones are
    not reached. The combination is verified under the group key before it is returned.
    Every index is checked first, as SignatureCollector does: out of 1..n or listed
    twice is refused at once, with nothing rejected.
    """
    try:
        check_indices("collect", n, partials)
    except Refusal as e:
        e.rejected = []
        raise
    rejected, good = [], []
    for i, s in partials:
        if len(good) == t:
            break
        pk = shares.get(i)
        if pk is not None and verify_partial(pk, msg, s):
            good.append((i, s))
        else:
            rejected.append(i)
    if len(good) < t:
        e = Refusal("too-few", f"collect: need {t} valid partials, got {len(good)}")
        e.rejected = rejected
        raise e
    sig = combine(t, n, good)
    if not verify(group_pk, msg, sig):
        e = Refusal("bad-partial", "collect: combined signature does not verify under the group key")
        e.rejected = rejected
        raise e
    return sig, rejected


def precommit_sign_bytes(chain_id, height, round_, value):
    """src/crypto/signbytes.ts for a PRECOMMIT (type 3, validRound -1), re-derived from docs/crypto.md."""
    c = chain_id.encode("utf-8")
    v = value.encode("utf-8")
    return (b"HYBRID-BFT/CONSENSUS" + bytes([1]) + bytes([len(c)]) + c + bytes([3])
            + height.to_bytes(8, "big") + round_.to_bytes(4, "big")
            + bytes([1]) + len(v).to_bytes(2, "big") + v + (0).to_bytes(4, "big"))


def bitmap_signers(bitmap, ids):
    """Signer ids of a certificate bitmap: ids[i] is bit 0x80 >> (i % 8) of byte i // 8."""
    out = []
    for i in range(len(bitmap) * 8):
        if bitmap[i >> 3] & (0x80 >> (i & 7)):
            if i >= len(ids):
                raise ValueError(f"bit {i} set but there are only {len(ids)} validators")
            out.append(ids[i])
    return out


def verify_certificate(validators, quorum, msg, signers, aggregate):
    """Returns None when valid, else the reason code. validators: dict id -> public key bytes.

    Each key's proof of possession must have been checked before (check_vectors.py does);
    FastAggregateVerify is sound only then.
    """
    if len(set(signers)) != len(signers):
        return "duplicate-signer"
    if any(s not in validators for s in signers):
        return "unknown-signer"
    if len(signers) < quorum:
        return "too-few"
    try:
        decode_g2(aggregate, "certificate aggregate")
    except Refusal as e:
        return e.code
    if not Bls.FastAggregateVerify([validators[s] for s in signers], msg, aggregate):
        return "bad-aggregate"
    return None


def pop_verify(pk, proof):
    return Bls.PopVerify(pk, proof)
