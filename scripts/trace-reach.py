#!/usr/bin/env python3
"""How deep do the behaviours in some ITF traces of the step model get?

usage: python3 scripts/trace-reach.py TRACE.itf.json[.gz] ...

Prints, over the traces given: how many reach round 1, round 2 and height 2, lock (a correct
process with lockedRound >= 0; "relock": one that later locks another value), and
decide (by the decision's round), and in how many a correct process stores a faulty
validator's proposal or vote while it is past round 0 of its first height (how far
the Byzantine validator acts in the draw); then how often each rule fired (the `fired` of
every step, rule names as in docs/contract.md). Used for the figures of refine-sim's
draw in docs/spec.md ("Refinement"), e.g. after
`npx hybrid-bft traces --simulate refine-sim --num 20 --seed 7 --out DIR`.
Every count is printed, 0 included. Standard library only; -h/--help prints this
text; exits 2 on no arguments, a file that cannot be read, or one that is not an ITF
trace of the step model (no states, or a state without the processes' `ps`).
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


USAGE = 'usage: python3 scripts/trace-reach.py TRACE.itf.json[.gz] ...'
# What summarize() can report, in print order (the decision rounds follow).
REACH = ['round >= 1', 'round >= 2', 'height 2', 'lock', 'lock in round >= 1', 'relock', 'decision',
         'faulty vote/proposal stored after round 0']


def fail(message):
    print(f'trace-reach: {message}', file=sys.stderr)
    sys.exit(2)


def main(paths):
    if paths in (['-h'], ['--help']):
        print(__doc__.strip())
        return
    if not paths:
        fail(f'no trace given\n{USAGE}')
    stats, fired = collections.Counter(), collections.Counter()
    for path in paths:
        try:
            trace = load(path)
        except OSError as e:
            fail(f'cannot read {path} ({e.strerror or e}); give the files that hybrid-bft traces wrote')
        except ValueError as e:
            fail(f'{path} is not JSON ({e}); give the files that hybrid-bft traces wrote')
        try:
            states = trace['states']
            if not states or not all(s['ps'] for s in states):
                raise ValueError('no states, or a state without processes')
            reach = summarize(states, fired)
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            fail(f'{path} is not an ITF trace of the step model ({type(e).__name__}: {e}); give the files that hybrid-bft traces wrote')
        stats.update(reach)
    print(f'traces: {len(paths)}')
    rounds = sorted((k for k in stats if k.startswith('decision in round ')), key=lambda k: int(k.rsplit(' ', 1)[1]))
    for k in REACH + rounds:
        print(f'  {k}: {stats[k]}')
    print('fired:', ', '.join(f'{k} {v}' for k, v in fired.most_common()) or '(nothing)')


def faulty_of(states):
    faulty = states[0].get('params', {}).get('faulty', {})
    return set(faulty.get('#set', [])) if isinstance(faulty, dict) else set()


def store_keys(ls):
    return {json.dumps(m, sort_keys=True) for m in ls['store'].get('#set', [])}


def summarize(states, fired):
    max_round, first_lock, out = 0, {}, set()
    # Processes start one below the first height (FirstHeight - 1), before StartHeight.
    faulty, first_height = faulty_of(states), 1 + min(num(ls['height']) for ls in states[0]['ps'].values())
    for prev, s in zip([None] + states[:-1], states):
        if prev is not None:
            for p, ls in s['ps'].items():
                before = prev['ps'][p]
                h = num(before['height'])
                if h > first_height or (h == first_height and num(before['round']) >= 1):
                    for m in store_keys(ls) - store_keys(before):
                        m = json.loads(m)
                        if m.get('src') in faulty and m.get('type') != 'COMMIT':
                            out.add('faulty vote/proposal stored after round 0')
        fired.update(s.get('fired', []))
        for p, ls in s['ps'].items():
            max_round = max(max_round, num(ls['round']))
            if num(ls['height']) >= 2:
                out.add('height 2')
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
