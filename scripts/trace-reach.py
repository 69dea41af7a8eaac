#!/usr/bin/env python3
"""How deep do the behaviours in some ITF traces of the step model get?

usage: python3 scripts/trace-reach.py TRACE.itf.json[.gz] ...

Prints, over the traces given: how many reach round 1 and round 2, lock (a correct
process with lockedRound >= 0; "relock": one that later locks another value), and
decide (by the decision's round); then how often each rule fired (the `fired` of
every step, rule names as in docs/contract.md). Used for the figures of refine-sim's
draw in docs/spec.md ("Refinement"), e.g. after
`npx hybrid-bft traces --simulate refine-sim --num 20 --seed 7 --out DIR`.
Standard library only; exits 2 on no arguments or a file that is not an ITF trace.
"""
import collections
import gzip
import json
import sys


def load(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt') as h:
        return json.load(h)


def num(x):
    return int(x['#bigint']) if isinstance(x, dict) else x


def main(paths):
    if not paths:
        print('usage: python3 scripts/trace-reach.py TRACE.itf.json[.gz] ...', file=sys.stderr)
        sys.exit(2)
    stats, fired = collections.Counter(), collections.Counter()
    for path in paths:
        try:
            states = load(path)['states']
            reach = summarize(states, fired)
        except (OSError, ValueError, KeyError, TypeError) as e:
            print(f'trace-reach: {path} is not an ITF trace of the step model ({e}); give the files that hybrid-bft traces wrote', file=sys.stderr)
            sys.exit(2)
        stats.update(reach)
    print(f'traces: {len(paths)}')
    for k, v in sorted(stats.items()):
        print(f'  {k}: {v}')
    print('fired:', ', '.join(f'{k} {v}' for k, v in fired.most_common()))


def summarize(states, fired):
    max_round, first_lock, out = 0, {}, set()
    for s in states:
        fired.update(s.get('fired', []))
        for p, ls in s['ps'].items():
            max_round = max(max_round, num(ls['round']))
            if num(ls['lockedRound']) >= 0:
                out.add('lock')
                if num(ls['lockedRound']) >= 1:
                    out.add('lock in round >= 1')
                first = first_lock.setdefault(p, ls['lockedValue'])
                if first != ls['lockedValue']:
                    out.add('relock')
            for d in ls['decisions']:
                if num(d['round']) >= 0:
                    out.add('decision')
                    out.add(f"decision in round {num(d['round'])}")
    if max_round >= 1:
        out.add('round >= 1')
    if max_round >= 2:
        out.add('round >= 2')
    return out


if __name__ == '__main__':
    main(sys.argv[1:])
