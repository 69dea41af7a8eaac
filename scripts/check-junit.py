#!/usr/bin/env python3
"""Reads hybrid-bft-junit.xml with junitparser (PyPI), a JUnit consumer CI systems'
tooling uses, and checks what the strict JUnit schemas require of every <testsuite>:
the attributes timestamp (ISO 8601, no zone), hostname, id and package, a <properties>
element, and counts (tests, failures, errors, skipped) that agree with its testcases.
With --expect-ok / --expect-failures it also checks the verdict. Exit 0 when all hold.

usage: check-junit.py FILE [--expect-ok | --expect-failures]
"""
import re
import sys

from junitparser import Error, Failure, JUnitXml, Skipped


def problems(path):
    xml = JUnitXml.fromfile(path)
    out = []
    suites = list(xml) if xml._tag == "testsuites" else [xml]
    if not suites:
        out.append("no <testsuite>")
    for s in suites:
        where = f"testsuite {s.name!r}"
        for attr in ("name", "timestamp", "hostname", "id", "package", "tests", "failures", "errors", "time"):
            if s._elem.get(attr) in (None, ""):
                out.append(f"{where}: attribute {attr} is missing")
        ts = s._elem.get("timestamp") or ""
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", ts):
            out.append(f"{where}: timestamp {ts!r} is not ISO 8601 without a zone")
        if s._elem.find("properties") is None:
            out.append(f"{where}: no <properties>")
        cases = list(s)
        counted = {"tests": len(cases), "failures": 0, "errors": 0, "skipped": 0}
        for c in cases:
            kinds = {type(r) for r in c.result}
            counted["failures"] += Failure in kinds
            counted["errors"] += Error in kinds
            counted["skipped"] += Skipped in kinds
            if len(c.result) > 1:
                out.append(f"{where}: testcase {c.name!r} has {len(c.result)} results")
        for k, v in counted.items():
            if int(s._elem.get(k, "0")) != v:
                out.append(f"{where}: {k}={s._elem.get(k)} but its testcases give {v}")
    return xml, out


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    xml, out = problems(argv[1])
    bad = sum(1 for s in xml for c in s if any(isinstance(r, (Failure, Error)) for r in c.result))
    if "--expect-ok" in argv and bad:
        out.append(f"expected no failure or error, found {bad}")
    if "--expect-failures" in argv and not bad:
        out.append("expected failures or errors, found none")
    for p in out:
        print(f"{argv[1]}: {p}", file=sys.stderr)
    if not out:
        print(f"{argv[1]}: valid JUnit, {sum(1 for s in xml for _ in s)} testcases, {bad} failed or errored")
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
