#!/usr/bin/env python3
"""The vector half of the driver protocol (docs/vectors.md), implemented over py_ecc.

Reads one JSON request per line on stdin, writes one JSON answer per line on stdout:

    {"id":1,"op":"combine","t":2,"n":3,"message":"..","partials":[{"index":1,"signature":".."}]}
    {"id":1,"ok":true,"signature":".."}        or
    {"id":1,"ok":false,"error":"too-few","detail":"..."}

Run against the vectors with
    npx hybrid-bft vectors --driver "python3 conformance/drivers/python/driver.py"
after `pip install -r conformance/py/requirements.txt`.
"""

import json
import os
import sys

sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "py")))
import pyecc_impl as impl  # noqa: E402

PROTOCOL = "hybrid-bft-driver/1"
OPS = ["hello", "verify", "verifyPartial", "combine", "collect", "verifyCertificate"]


def h(s):
    if not isinstance(s, str):
        raise ValueError(f"expected a hex string, got {type(s).__name__}")
    return bytes.fromhex(s)


def partials(req):
    return [(p["index"], h(p["signature"])) for p in req["partials"]]


def refusal(r, **extra):
    out = {"ok": False, "error": r.code, "detail": str(r), **extra}
    if r.index is not None:
        out["index"] = r.index
    return out


# The fields each op requires (docs/vectors.md, "Driver protocol"); `bitmap` is optional.
REQUIRED = {
    "hello": [],
    "verify": ["publicKey", "message", "signature", "dst"],
    "verifyPartial": ["publicKey", "message", "signature", "index"],
    "combine": ["t", "n", "message", "partials"],
    "collect": ["t", "n", "message", "groupPublicKey", "shares", "partials"],
    "verifyCertificate": ["validators", "quorum", "chainId", "height", "round", "value", "message", "signers", "aggregate"],
}


class BadRequest(Exception):
    pass


def handle(req):
    op = req.get("op")
    # A missing field is the client's mistake: bad-request naming it, never a default.
    for k in REQUIRED.get(op, []):
        if req.get(k) is None:
            raise BadRequest(f'{op}: missing field "{k}"')
    if op == "hello":
        return {"ok": True, "protocol": PROTOCOL, "name": "py_ecc 8.0.0 (conformance/drivers/python)", "ops": OPS}
    if op == "verify":
        dst = req["dst"].encode()
        return {"ok": True, "valid": impl.verify(h(req["publicKey"]), h(req["message"]), h(req["signature"]), dst)}
    if op == "verifyPartial":
        return {"ok": True, "valid": impl.verify_partial(h(req["publicKey"]), h(req["message"]), h(req["signature"]))}
    if op == "combine":
        try:
            return {"ok": True, "signature": impl.combine(req["t"], req["n"], partials(req)).hex()}
        except impl.Refusal as r:
            return refusal(r)
    if op == "collect":
        shares = {s["index"]: h(s["publicKey"]) for s in req["shares"]}
        try:
            sig, rejected = impl.collect(req["t"], req["n"], h(req["message"]), h(req["groupPublicKey"]), shares, partials(req))
            return {"ok": True, "signature": sig.hex(), "rejected": rejected}
        except impl.Refusal as r:
            return refusal(r, rejected=getattr(r, "rejected", []))
    if op == "verifyCertificate":
        validators = {v["id"]: h(v["publicKey"]) for v in req["validators"]}
        msg = h(req["message"])
        # The vector's bytes must agree with the encodings of docs/crypto.md, re-derived here.
        if impl.precommit_sign_bytes(req["chainId"], req["height"], req["round"], req["value"]) != msg:
            return {"ok": False, "error": "bad-request", "detail": "message is not the PRECOMMIT sign-bytes"}
        if "bitmap" in req and sorted(impl.bitmap_signers(h(req["bitmap"]), [v["id"] for v in req["validators"]])) != sorted(req["signers"]):
            return {"ok": False, "error": "bad-request", "detail": "bitmap does not decode to the signers"}
        for v in req["validators"]:
            if v["id"] not in POP_CHECKED.get(v["publicKey"], ()):
                if not impl.pop_verify(h(v["publicKey"]), h(v["pop"])):
                    return {"ok": False, "error": "bad-request", "detail": f"proof of possession of {v['id']} does not verify"}
                POP_CHECKED.setdefault(v["publicKey"], set()).add(v["id"])
        reason = impl.verify_certificate(validators, req["quorum"], msg, req["signers"], h(req["aggregate"]))
        return {"ok": True} if reason is None else {"ok": False, "error": reason, "detail": ""}
    return {"ok": False, "error": "unknown-op", "detail": f"unknown op {op!r}"}


# Each proof of possession is checked once per process (py_ecc takes ~0.5 s a pairing).
POP_CHECKED = {}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            if not isinstance(req, dict):
                raise ValueError("expected a JSON object")
        except ValueError as e:
            print(json.dumps({"id": None, "ok": False, "error": "bad-request", "detail": f"not a JSON object: {e}"}), flush=True)
            continue
        try:
            answer = handle(req)
        except BadRequest as e:
            answer = {"ok": False, "error": "bad-request", "detail": str(e)}
        except (KeyError, TypeError, ValueError) as e:
            answer = {"ok": False, "error": "bad-request", "detail": f"{type(e).__name__}: {e}"}
        print(json.dumps({"id": req.get("id"), **answer}), flush=True)


if __name__ == "__main__":
    main()
