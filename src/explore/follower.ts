// The Byzantine validators as ByzzFuzz plays them (Winter et al., OOPSLA 2023): each
// runs the reference core (it follows the protocol, hearing every correct broadcast at
// once: a full-information adversary) and its outgoing messages go through a per-round
// mutation plan drawn with the run: in a planned round, its messages of some types to
// some correct processes are withheld, or carry another value (another valid one, nil,
// the invalid one), or another validRound. Unplanned rounds: sent as the core made them.
import type { NormalMessage } from '../conformance/normal.ts';
import { toCoreMessage } from '../conformance/model-trace.ts';
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
}

/** A plan: for each of rounds 0..3, a mutation with chance 1/2. */
export function drawPlan(rng: Rng, correct: readonly string[]): RoundMutation[] {
  const plan: RoundMutation[] = [];
  for (let round = 0; round <= 3; round++) {
    if (rng.next() < 0.5) continue;
    const types = ['PROPOSAL', 'PREVOTE', 'PRECOMMIT'].filter(() => rng.next() < 0.5);
    const to = correct.filter(() => rng.next() < 0.5);
    plan.push({ round, types: types.length > 0 ? types : ['PRECOMMIT'], to: to.length > 0 ? to : [correct[rng.int(0, correct.length - 1)]!],
      action: (['withhold', 'value', 'validRound'] as const)[rng.int(0, 2)]! });
  }
  return plan;
}

export class Followers {
  private readonly cores: Shadow;
  /** Scheduled timeouts of the Byzantine cores: [validator, event]. */
  readonly timers: { b: string; event: ConsensusEvent }[] = [];

  constructor(private readonly params: TraceParams, readonly byzantine: readonly string[], private readonly plan: readonly RoundMutation[],
    private readonly rng: Rng, private readonly value: (b: string, h: number) => string,
    private readonly send: (m: NormalMessage, to: string) => void) {
    this.cores = new Shadow({ ...params, correct: [...byzantine] });
  }

  start(): void {
    for (const b of this.byzantine) this.feed(b, { kind: 'StartHeight', height: 1, value: this.value(b, 1) });
  }

  /** A correct broadcast reaches every Byzantine core at once. */
  hear(m: NormalMessage): void {
    if (m.type === 'COMMIT') return;
    for (const b of this.byzantine) {
      const h = this.cores.projection(b).height;
      this.feed(b, { kind: 'Deliver', msg: toCoreMessage(m), value: this.value(b, Math.max(h, 1)) });
    }
  }

  /** Fires one of the cores' scheduled timeouts (at the explorer's choice). */
  fire(k: number): void {
    const [t] = this.timers.splice(k, 1);
    if (t !== undefined) this.feed(t.b, t.event);
  }

  private feed(b: string, event: ConsensusEvent): void {
    let r;
    try {
      r = this.cores.step(b, event);
    } catch {
      return; // a Byzantine core's confusion is no one's problem
    }
    for (const o of r.outputs) {
      if (o.kind === 'broadcast') this.out(o.msg);
      else if (o.kind === 'scheduleTimeout') this.timers.push({ b, event: { kind: 'Timeout', timeout: o.timeout as 'propose', height: o.height, round: o.round, value: this.value(b, o.height) } });
      else if (o.kind === 'decide' && o.height < this.params.maxHeight) this.feed(b, { kind: 'StartHeight', height: o.height + 1, value: this.value(b, o.height + 1) });
    }
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
      const others = [...this.params.validValues, INVALID_VALUE, ...(m.type === 'PROPOSAL' ? [] : [NIL])].filter((v) => v !== m.value);
      this.send({ ...m, value: others[this.rng.int(0, others.length - 1)]! }, to);
    }
  }
}
