#!/usr/bin/env python3
"""Cross-checks conformance/vectors/ with py_ecc, independently of the TypeScript code.

    pip install -r conformance/py/requirements.txt
    python3 conformance/py/check_vectors.py [--full] [--file NAME ...] [--vectors DIR]

Positive vectors must verify (partials under share keys, combinations under the group
key, certificates with FastAggregateVerify after PopVerify of every key) and the
combinations are recomputed here by Lagrange interpolation in G2; negative vectors
must be refused with the required code. Prints one row per check and ends with the
line "N passed, M failed"; exits 1 on any failure.

py_ecc is pure Python (a verification takes ~0.5 s), so the n = 100 files are checked
on a documented sample unless --full is given (docs/vectors.md, "Python cross-check").
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyecc_impl as impl  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DIR = os.path.normpath(os.path.join(HERE, "..", "vectors"))
SAMPLE_PARTIALS = 4
SAMPLE_POPS = 4


def h(s):
    return bytes.fromhex(s)


def abbreviate(s):
    out, run = [], ""
    for ch in s + " ":
        if ch in "0123456789abcdef":
            run += ch
            continue
        out.append(f"{run[:12]}...({len(run) // 2}B)" if len(run) >= 24 else run)
        run = ""
        out.append(ch)
    return "".join(out)[:-1]


class Report:
    def __init__(self):
        self.rows = []

    def add(self, file, case, expected, run):
        try:
            got = run()
        except Exception as e:  # an exception is a failure of this check, shown as such
            got = f"exception: {type(e).__name__}: {e}"
        ok = got == expected
        self.rows.append((ok, file, case, expected, got))
        print(f"{'pass' if ok else 'FAIL'}  {file:24} {case[:56]:56} {abbreviate(expected)[:44]:44} {abbreviate(got)[:60]}", flush=True)


def validity(b):
    return "valid" if b else "invalid"


def show_combine_expect(e):
    if e["ok"]:
        return f"signature {e['signature']}"
    return f"error {e['error']}" + (f" at index {e['index']}" if "index" in e else "")


def run_combine(d, c):
    try:
        return f"signature {impl.combine(d['t'], d['n'], [(p['index'], h(p['signature'])) for p in c['partials']]).hex()}"
    except impl.Refusal as r:
        if c["expect"]["ok"] or "index" not in c["expect"]:
            return f"error {r.code}"
        return f"error {r.code} at index {r.index}"


def run_collect(d, msg, c):
    shares = {s["index"]: h(s["publicKey"]) for s in d["sharePublicKeys"]}
    ps = [(p["index"], h(p["signature"])) for p in c["partials"]]
    try:
        sig, rejected = impl.collect(d["t"], d["n"], msg, h(d["groupPublicKey"]), shares, ps)
        return f"rejected [{','.join(map(str, rejected))}] signature {sig.hex()}"
    except impl.Refusal as r:
        return f"rejected [{','.join(map(str, getattr(r, 'rejected', [])))}] error {r.code}"


def show_collect_expect(e):
    rej = f"rejected [{','.join(map(str, e['rejected']))}]"
    return f"{rej} signature {e['signature']}" if e["ok"] else f"{rej} error {e['error']}"


def check_threshold(rep, name, d, full):
    msgs = [h(m["hex"]) for m in d["messages"]]
    share_pk = {s["index"]: h(s["publicKey"]) for s in d["sharePublicKeys"]}
    large = d["n"] >= 100 and not full
    table = d["partials"][:SAMPLE_PARTIALS] if large else d["partials"]
    skipped = len(d["partials"]) - len(table)
    for p in table:
        rep.add(name, f"partial m{p['message']} i{p['index']} valid", "valid",
                lambda p=p: validity(impl.verify_partial(share_pk[p["index"]], msgs[p["message"]], h(p["signature"]))))
    group = {g["message"]: g["signature"] for g in d["groupSignatures"]}
    for m, sig in group.items():
        rep.add(name, f"group signature m{m} valid", "valid",
                lambda m=m, sig=sig: validity(impl.verify(h(d["groupPublicKey"]), msgs[m], h(sig))))
    for c in d["cases"]:
        op = c["op"]
        if large and (op == "collect" or (op == "combine" and c["expect"]["ok"] and c["message"] != 1)):
            skipped += 1
            continue
        if op == "verify":
            dst = c["dst"].encode()
            rep.add(name, c["name"], validity(c["expect"]["valid"]),
                    lambda c=c, dst=dst: validity(impl.verify(h(c["publicKey"]), msgs[c["message"]], h(c["signature"]), dst)))
        elif op == "verifyPartial":
            rep.add(name, c["name"], validity(c["expect"]["valid"]),
                    lambda c=c: validity(impl.verify_partial(share_pk[c["index"]], msgs[c["message"]], h(c["signature"]))))
        elif op == "combine":
            if c["expect"]["ok"] and c["expect"]["signature"] != group[c["message"]]:
                rep.add(name, c["name"] + " (file)", "expects the group signature", lambda: "expects another signature")
            rep.add(name, c["name"], show_combine_expect(c["expect"]), lambda c=c: run_combine(d, c))
        elif op == "collect":
            rep.add(name, c["name"], show_collect_expect(c["expect"]), lambda c=c: run_collect(d, msgs[c["message"]], c))
        else:
            rep.add(name, c["name"], "a known op", lambda op=op: f"unknown op {op!r}")
    return skipped


def check_certificates(rep, name, d, full):
    large = len(d["validators"]) >= 100 and not full
    pops = d["validators"][:SAMPLE_POPS] if large else d["validators"]
    for v in pops:
        rep.add(name, f"proof of possession of {v['id']}", "valid",
                lambda v=v: validity(impl.pop_verify(h(v["publicKey"]), h(v["pop"]))))
    keys = {v["id"]: h(v["publicKey"]) for v in d["validators"]}
    ids = [v["id"] for v in d["validators"]]
    for c in d["cases"]:
        rep.add(name, f"{c['name']}: sign-bytes", "precommit sign-bytes",
                lambda c=c: "precommit sign-bytes" if impl.precommit_sign_bytes(d["chainId"], c["height"], c["round"], c["value"]).hex() == c["message"] else "other bytes")
        if "bitmap" in c:
            rep.add(name, f"{c['name']}: bitmap", ",".join(sorted(c["signers"])),
                    lambda c=c: ",".join(sorted(impl.bitmap_signers(h(c["bitmap"]), ids))))
        e = c["expect"]
        rep.add(name, c["name"], "valid" if e["valid"] else f"invalid ({e['reason']})",
                lambda c=c: (lambda r: "valid" if r is None else f"invalid ({r})")(
                    impl.verify_certificate(keys, d["quorum"], h(c["message"]), c["signers"], h(c["aggregate"]))))
    return len(d["validators"]) - len(pops)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--full", action="store_true", help="check the n = 100 files completely (slow: tens of minutes)")
    ap.add_argument("--file", action="append", default=[], help="only this vector file (repeatable)")
    ap.add_argument("--vectors", default=DEFAULT_DIR, help="vector directory")
    a = ap.parse_args()
    names = a.file or sorted(f for f in os.listdir(a.vectors) if f.endswith(".json"))
    rep = Report()
    notes = []
    for name in names:
        with open(os.path.join(a.vectors, name), encoding="utf-8") as f:
            d = json.load(f)
        fmt = d.get("format")
        if fmt == "hybrid-bft/threshold-vectors/1":
            skipped = check_threshold(rep, name, d, a.full)
        elif fmt == "hybrid-bft/certificate-vectors/1":
            skipped = check_certificates(rep, name, d, a.full)
        else:
            rep.add(name, "format", "a known format", lambda fmt=fmt: f"unknown format {fmt!r}")
            skipped = 0
        if skipped:
            notes.append(f"{name}: sample, {skipped} checks left out (--full checks them)")
    failed = [r for r in rep.rows if not r[0]]
    for ok, file, case, expected, got in failed:
        print(f"\nFAILED {file} / {case}\n  expected: {expected}\n  got:      {got}")
    for n in notes:
        print(n)
    print(f"{len(rep.rows) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or not rep.rows else 0


if __name__ == "__main__":
    sys.exit(main())
