// The Byzantine validators as ByzzFuzz plays them (Winter et al., OOPSLA 2023): each
// runs the reference core and follows the protocol, as a twin of one correct process
// (its buddy, Twins-style: it is fed every event the buddy is fed, so it sees what the
// buddy sees, when the buddy sees it), and its outgoing messages go through a
// per-round mutation plan drawn with the run: in a planned round, its messages of some
// types to some correct processes are withheld, or carry another value (one
// substitute per planned round: a valid value, the invalid one, or nil for a vote),
// or another validRound. Unplanned rounds: sent as the core made them.
import type { NormalMessage } from '../conformance/normal.ts';
import type { TraceParams } from '../conformance/replay.ts';
import { NIL, type ConsensusEvent } from '../core/types.ts';
import type { Rng } from '../node/rng.ts';
import { INVALID_VALUE } from './byzantine.ts';
import { Shadow } from './shadow.ts';

export interface RoundMutation {
  round: number;
  types: string[];
  /** The correct processes it applies to (the others get the message unchanged). */
  to: string[];
  action: 'withhold' | 'value' | 'validRound';
  /** Which substitute value (an index into valid values, the invalid one, nil), the same for every message of the round. */
  pick: number;
}

/** A plan: for each of rounds 0..3, a mutation with chance 1/2. */
export function drawPlan(rng: Rng, correct: readonly string[]): RoundMutation[] {
  const plan: RoundMutation[] = [];
  for (let round = 0; round <= 3; round++) {
    if (rng.next() < 0.5) continue;
    // Half the time every type, and half the time all but one correct process (a partition's side).
    const types = rng.next() < 0.5 ? ['PROPOSAL', 'PREVOTE', 'PRECOMMIT'] : ['PROPOSAL', 'PREVOTE', 'PRECOMMIT'].filter(() => rng.next() < 0.5);
    const spared = correct[rng.int(0, correct.length - 1)];
    const to = rng.next() < 0.5 ? correct.filter((c) => c !== spared) : correct.filter(() => rng.next() < 0.5);
    plan.push({ round, types: types.length > 0 ? types : ['PRECOMMIT'], to: to.length > 0 ? to : [correct[rng.int(0, correct.length - 1)]!],
      action: (['withhold', 'value', 'validRound'] as const)[rng.int(0, 2)]!, pick: rng.int(0, 7) });
  }
  return plan;
}

export class Followers {
  private readonly cores: Shadow;
  private readonly buddy = new Map<string, string>();

  constructor(private readonly params: TraceParams, readonly byzantine: readonly string[], private readonly plan: readonly RoundMutation[],
    private readonly rng: Rng, private readonly value: (b: string, h: number) => string,
    private readonly send: (m: NormalMessage, to: string) => void) {
    this.cores = new Shadow({ ...params, correct: [...byzantine] });
    for (const b of byzantine) this.buddy.set(b, params.correct[rng.int(0, params.correct.length - 1)]!);
  }

  /** Correct process p was fed `event`: its Byzantine twins are fed it too (not their own messages). */
  see(p: string, event: ConsensusEvent): void {
    for (const [b, q] of this.buddy) {
      if (q !== p || (event.kind === 'Deliver' && event.msg.src === b)) continue;
      const h = event.kind === 'StartHeight' ? event.height : Math.max(this.cores.projection(b).height, 1);
      this.feed(b, { ...event, value: this.value(b, h) });
    }
  }

  private feed(b: string, event: ConsensusEvent): void {
    let r;
    try {
      r = this.cores.step(b, event);
    } catch {
      return; // a Byzantine core's confusion is no one's problem
    }
    for (const o of r.outputs) if (o.kind === 'broadcast') this.out(o.msg);
  }

  private out(m: NormalMessage): void {
    const mut = this.plan.find((x) => x.round === m.round && x.types.includes(m.type));
    for (const to of this.params.correct) {
      if (mut === undefined || !mut.to.includes(to)) { this.send(m, to); continue; }
      if (mut.action === 'withhold') continue;
      if (mut.action === 'validRound') {
        this.send(m.type === 'PROPOSAL' ? { ...m, validRound: this.rng.int(-1, m.round - 1) } : m, to);
        continue;
      }
      // One substitute for the round: every message of it carries that value (a proposal never nil).
      const values = [...this.params.validValues, INVALID_VALUE, NIL];
      const target = values[mut.pick % values.length]!;
      this.send(m.type === 'PROPOSAL' && target === NIL ? m : { ...m, value: target }, to);
    }
  }
}
