// Byzantine validators of the simulation. Each runs the reference core (so it follows
// the rounds and heights like everyone else) and then misbehaves on the way out, in
// one named way (Behaviour in schedule.ts). It always signs as itself: the model's
// adversary cannot forge signatures, and neither can this one. It sends no COMMIT.
import type { CoreConfig } from '../core/config.ts';
import { initState, step, type ConsensusState } from '../core/step.ts';
import { NIL, NONE, assertNever, type ConsensusEvent, type ConsensusMessage, type ValidatorId } from '../core/types.ts';
import type { Clock, TimerHandle } from '../node/clock.ts';
import type { Rng } from '../node/rng.ts';
import type { WireMessage } from '../node/transport.ts';
import type { Behaviour } from './schedule.ts';

export interface ByzantineHost {
  clock: Clock;
  rng: Rng;
  peers: readonly ValidatorId[];
  /** Sends one copy (through the simulated network). */
  send(from: ValidatorId, to: ValidatorId, m: WireMessage): void;
  /** Value to propose at (height, round). */
  proposeValue(height: number, round: number): string;
  lastHeight: number;
}

/** A value that is not valid (the simulation's valid(v) is "starts with blk-"). */
export const invalidValue = (height: number, round: number, self: ValidatorId): string => `bad-${height}-${self}-r${round}`;

export class ByzantineNode {
  private state: ConsensusState;
  private readonly timers: TimerHandle[] = [];
  private readonly heard: ConsensusMessage[] = [];
  /** Every message this node put on the network with its own name (the model's ByzMsgs). */
  readonly own: ConsensusMessage[] = [];

  constructor(private readonly config: CoreConfig, readonly behaviour: Behaviour, private readonly host: ByzantineHost) {
    this.state = initState(config);
  }

  get id(): ValidatorId { return this.config.self; }

  start(): void {
    this.feed({ kind: 'StartHeight', height: 1, value: NONE });
    if (this.behaviour === 'replay') this.armReplay();
  }

  receive(_from: ValidatorId, m: WireMessage): void {
    if (m.kind !== 'consensus') return; // it answers no sync request
    this.heard.push(m.msg);
    if (this.heard.length > 500) this.heard.splice(0, this.heard.length - 500);
    this.feed({ kind: 'Deliver', msg: m.msg, value: NONE });
  }

  private feed(ev: ConsensusEvent): void {
    // getValue (L18) matters only if this reaction proposes a fresh value; any valid one will do.
    const value = this.host.proposeValue(ev.kind === 'StartHeight' ? ev.height : this.state.height, this.state.round);
    let r;
    try {
      r = step(this.config, this.state, { ...ev, value });
    } catch {
      return; // a Byzantine node's own confusion is no one's problem
    }
    let s = r.state;
    if (this.behaviour === 'amnesia' && s.step === 'propose' && s.lockedRound !== -1) s = { ...s, lockedRound: -1, lockedValue: NONE };
    this.state = s;
    for (const out of r.outputs) {
      switch (out.kind) {
        case 'broadcast': this.misbehave(out.msg); break;
        case 'scheduleTimeout':
          this.timers.push(this.host.clock.setTimer(out.durationMs, () =>
            this.feed({ kind: 'Timeout', timeout: out.timeout, height: out.height, round: out.round, value: NONE })));
          break;
        case 'decide':
          if (out.height < this.host.lastHeight)
            this.host.clock.setTimer(0, () => this.feed({ kind: 'StartHeight', height: out.height + 1, value: NONE }));
          break;
        case 'getValue':
          this.host.clock.setTimer(0, () => this.feed({ kind: 'ProposeValue', height: out.height, round: out.round, value: NONE }));
          break;
        case 'evidence': case 'rejected': break;
        default: assertNever(out);
      }
    }
  }

  private sign(m: ConsensusMessage): ConsensusMessage {
    const { signature: _old, ...unsigned } = m;
    const sig = this.config.crypto.sign(unsigned);
    return sig === undefined ? unsigned : { ...unsigned, signature: sig };
  }

  private sendTo(to: ValidatorId, m: ConsensusMessage): void {
    if (m.src === this.id && !this.own.some((x) => sameMessage(x, m))) this.own.push(m);
    this.host.send(this.id, to, { kind: 'consensus', msg: m });
  }

  /** Two halves of the other validators, by position. */
  private halves(): [ValidatorId[], ValidatorId[]] {
    const others = this.host.peers.filter((p) => p !== this.id);
    const k = Math.ceil(others.length / 2);
    return [others.slice(0, k), others.slice(k)];
  }

  private misbehave(m: ConsensusMessage): void {
    const all = this.host.peers.filter((p) => p !== this.id);
    switch (this.behaviour) {
      case 'silent': return;
      case 'amnesia': case 'replay':
        for (const to of all) this.sendTo(to, m);
        return;
      case 'equivocate': {
        if (m.type !== 'PROPOSAL') { for (const to of all) this.sendTo(to, m); return; }
        const [a, b] = this.halves();
        const other = this.sign({ ...m, value: `${this.host.proposeValue(m.height, m.round)}-eq`, validRound: -1 });
        for (const to of a) this.sendTo(to, m);
        for (const to of b) this.sendTo(to, other);
        return;
      }
      case 'double-vote': {
        if (m.type === 'PROPOSAL') { for (const to of all) this.sendTo(to, m); return; }
        const [a, b] = this.halves();
        const alt = m.value === NIL ? this.host.proposeValue(m.height, m.round) : NIL;
        const other = this.sign({ ...m, value: alt });
        for (const to of a) this.sendTo(to, m);
        for (const to of b) this.sendTo(to, other);
        return;
      }
      case 'invalid-values': {
        const bad = this.sign({ ...m, value: invalidValue(m.height, m.round, this.id), validRound: m.type === 'PROPOSAL' ? -1 : m.validRound });
        for (const to of all) this.sendTo(to, bad);
        return;
      }
      default: assertNever(this.behaviour);
    }
  }

  /** Every 150..600 virtual ms, re-sends one old message (anyone's, any height) to one validator. */
  private armReplay(): void {
    this.host.clock.setTimer(this.host.rng.int(150, 600), () => {
      if (this.heard.length > 0) {
        const m = this.heard[this.host.rng.int(0, this.heard.length - 1)]!;
        const others = this.host.peers.filter((p) => p !== this.id);
        this.sendTo(others[this.host.rng.int(0, others.length - 1)]!, m);
      }
      if (this.state.height < this.host.lastHeight || this.state.step !== 'commit') this.armReplay();
    });
  }
}

export function sameMessage(a: ConsensusMessage, b: ConsensusMessage): boolean {
  return a.type === b.type && a.src === b.src && a.height === b.height && a.round === b.round
    && a.value === b.value && a.validRound === b.validRound;
}
