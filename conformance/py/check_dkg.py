#!/usr/bin/env python3
"""Cross-checks the DKG transcripts of conformance/dkg/ with py_ecc, independently of the TypeScript code.

    pip install -r conformance/py/requirements.txt
    python3 conformance/py/check_dkg.py [FILE ...]

A transcript (format hybrid-bft/dkg-transcript/1, written by src/node/dkg-transcript.ts)
holds every message of one joint-Feldman DKG run (Pedersen 1991; Gennaro, Jarecki,
Krawczyk, Rabin, EUROCRYPT 1999, section 3): each dealer's Feldman commitments
C_ik = a_ik*G1 and the shares it sent, the complaints and the answers, and what the
honest validators output. Recomputed here with py_ecc's G1 arithmetic:

- each share against its dealer's commitments, s*G1 == sum_k C_ik * j^k (Feldman 1987);
- the complaints of the honest validators: exactly the shares that fail that check;
- QUAL by the protocol's rule: a dealer is out if its commit is missing or malformed, it
  has >= t complaints, or a complaint has no answer whose share checks;
- the group key sum_{i in QUAL} C_i0, the joint commitments, and every share's public key
  sum_k A_k * j^k, which for an honest j must also be (sum_{i in QUAL} s_ij)*G1, with the
  revealed share where j complained;
- the t-of-n signature: each partial under its share key, their Lagrange combination,
  and the result under the group key (py_ecc's Verify).

Prints one row per check and "N passed, M failed"; exits 0 when all pass, 1 when a
check fails, 2 when a file cannot be read or is not a transcript.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyecc_impl as impl  # noqa: E402
from check_vectors import Report  # noqa: E402  (the same rows and failure list)
from py_ecc.bls.g2_primitives import G1_to_pubkey, pubkey_to_G1, subgroup_check  # noqa: E402
from py_ecc.optimized_bls12_381 import G1, Z1, add, curve_order, eq, is_inf, multiply  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DIR = os.path.normpath(os.path.join(HERE, "..", "dkg"))
FORMAT = "hybrid-bft/dkg-transcript/1"


def h(s):
    return bytes.fromhex(s)


def decode_g1(b):
    """Compressed G1 point in the subgroup (infinity allowed); ValueError otherwise."""
    if len(b) != 48:
        raise ValueError(f"expected 48 bytes, got {len(b)}")
    p = pubkey_to_G1(b)
    if not is_inf(p) and not subgroup_check(p):
        raise ValueError("not in the prime-order subgroup")
    return p


def eval_commitments(cs, j):
    """sum_k C_k * j^k (Feldman 1987), one scalar multiplication per coefficient."""
    acc = Z1
    for k, c in enumerate(cs):
        acc = add(acc, multiply(c, pow(j, k, curve_order)))
    return acc


def share_ok(cs, j, share_hex):
    s = int(share_hex, 16)
    return 0 < s < curve_order and eq(multiply(G1, s), eval_commitments(cs, j))


def check(rep, name, d):
    t, n, honest = d["t"], d["n"], set(d["honest"])
    commits = {}
    for dealer in d["dealers"]:
        i = dealer["index"]
        cs = dealer["commitments"]
        try:
            if cs is None or len(cs) != t:
                raise ValueError(f"expected {t} commitments")
            pts = [decode_g1(h(c)) for c in cs]
            if is_inf(pts[0]):
                raise ValueError("C_0 is the point at infinity")
            commits[i] = pts
        except ValueError as e:
            commits[i] = None
            rep.add(name, f"dealer {i} commit", "usable", lambda e=e: f"unusable ({e})")
    shares = {(dealer["index"], s["to"]): s["share"] for dealer in d["dealers"] for s in dealer["shares"]}
    complaints = {(c["accuser"], c["dealer"]) for c in d["complaints"]}
    answers = {(a["dealer"], a["accuser"]): a["share"] for a in d["answers"]}

    # Honest validators complain about exactly the shares that fail (or are missing).
    for j in sorted(honest):
        for i in range(1, n + 1):
            if i == j or commits.get(i) is None:
                continue
            s = shares.get((i, j))
            bad = s is None or not share_ok(commits[i], j, s)
            rep.add(name, f"share {i}->{j}: complaint iff it fails Feldman's check", "complaint" if bad else "no complaint",
                    lambda i=i, j=j: "complaint" if (j, i) in complaints else "no complaint")

    def disqualified(i):
        if commits.get(i) is None:
            return True
        against = sorted(j for (j, dealer) in complaints if dealer == i)
        if len(against) >= t:
            return True
        return any((i, j) not in answers or not share_ok(commits[i], j, answers[(i, j)]) for j in against)

    qual = [i for i in range(1, n + 1) if not disqualified(i)]
    e = d["expect"]
    rep.add(name, "QUAL", ",".join(map(str, e["qualified"])), lambda: ",".join(map(str, qual)))
    joint = [Z1] * t
    for i in qual:
        joint = [add(a, c) for a, c in zip(joint, commits[i])]
    rep.add(name, "group key = sum of QUAL's C_i0", e["groupPublicKey"], lambda: G1_to_pubkey(joint[0]).hex())
    rep.add(name, "joint commitments A_k", ",".join(e["commitments"]), lambda: ",".join(G1_to_pubkey(a).hex() for a in joint))
    keys = {k["index"]: k["publicKey"] for k in e["sharePublicKeys"]}
    for j in range(1, n + 1):
        rep.add(name, f"share key {j} = sum_k A_k*{j}^k", keys.get(j, "missing"), lambda j=j: G1_to_pubkey(eval_commitments(joint, j)).hex())
        if j in honest:
            def secret_key(j=j):
                x = 0
                for i in qual:
                    s = answers[(i, j)] if (j, i) in complaints else shares[(i, j)]
                    x = (x + int(s, 16)) % curve_order
                return G1_to_pubkey(multiply(G1, x)).hex()
            rep.add(name, f"share key {j} = (sum of its QUAL shares)*G1", keys.get(j, "missing"), secret_key)

    sig = d["signature"]
    msg = h(sig["message"])
    for p in sig["partials"]:
        rep.add(name, f"partial {p['index']} under share key {p['index']}", "valid",
                lambda p=p: "valid" if impl.verify_partial(h(keys[p["index"]]), msg, h(p["signature"])) else "invalid")
    rep.add(name, "Lagrange combination of the partials", sig["combined"],
            lambda: impl.combine(t, n, [(p["index"], h(p["signature"])) for p in sig["partials"]]).hex())
    rep.add(name, "combined signature under the group key", "valid",
            lambda: "valid" if impl.verify(h(e["groupPublicKey"]), msg, h(sig["combined"])) else "invalid")


def main(argv):
    if any(a.startswith("-") for a in argv):
        print("usage: check_dkg.py [FILE ...]  (default: every conformance/dkg/*.json)", file=sys.stderr)
        return 2
    paths = argv or sorted(os.path.join(DEFAULT_DIR, f) for f in os.listdir(DEFAULT_DIR) if f.endswith(".json"))
    if not paths:
        print(f"check_dkg: no transcripts in {DEFAULT_DIR}; write them with src/node/dkg-transcript.ts --write", file=sys.stderr)
        return 2
    rep = Report()
    for p in paths:
        try:
            with open(p, encoding="utf-8") as f:
                d = json.load(f)
        except (OSError, ValueError) as e:
            print(f"check_dkg: cannot read {p} ({e}); give a transcript written by src/node/dkg-transcript.ts", file=sys.stderr)
            return 2
        if not isinstance(d, dict) or d.get("format") != FORMAT:
            print(f"check_dkg: {p} is not a {FORMAT} file", file=sys.stderr)
            return 2
        check(rep, os.path.basename(p), d)
    failed = [r for r in rep.rows if not r[0]]
    for ok, file, case, expected, got in failed:
        print(f"\nFAILED {file} / {case}\n  expected: {expected}\n  got:      {got}")
    print(f"{len(rep.rows) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
