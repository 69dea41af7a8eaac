// An in-memory network on an injected clock. Every copy of a message gets its own delay,
// drawn from a seeded PRNG in [minDelayMs, maxDelayMs], so a seed fixes the delivery
// order (reordering included) and a run is reproducible. Nodes can be taken offline
// (crashed or partitioned): copies to or from them are dropped, and a seeded fraction of
// copies can be lost or duplicated. Each delivered copy is a structured clone, so no two
// nodes ever share a mutable message object. Byzantine strategies are later work (tests
// drive Byzantine endpoints by hand).
import type { ValidatorId } from '../core/types.ts';
import type { Clock } from './clock.ts';
import { seededRng } from './rng.ts';
import type { Rng } from './rng.ts';
import type { Transport, WireMessage } from './transport.ts';

export interface MemoryNetworkOptions {
  seed?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Probability in [0, 1) that a copy is lost. */
  dropRate?: number;
  /** Probability in [0, 1) that a copy is delivered twice (the second time with its own delay). */
  duplicateRate?: number;
  /**
   * Members that are not validators (a channel's counterparty): they can send and be
   * sent to, but `broadcast` (consensus traffic, to every other validator) skips them.
   */
  listeners?: readonly ValidatorId[];
}

/** One copy handed to the network, for inspection by tests and `run`. */
export interface SentRecord<M = WireMessage> { at: number; from: ValidatorId; to: ValidatorId; m: M }

/** `M`: the message type (the node's WireMessage by default; any structured-cloneable type). */
export class MemoryNetwork<M = WireMessage> {
  private readonly handlers = new Map<ValidatorId, (from: ValidatorId, m: M) => void>();
  private readonly offline = new Set<ValidatorId>();
  private readonly rng: Rng;
  private readonly minDelay: number;
  private readonly maxDelay: number;
  private readonly dropRate: number;
  private readonly duplicateRate: number;
  private readonly listeners: ReadonlySet<ValidatorId>;
  /** Every copy sent while the sender was online, in send order. */
  readonly sent: SentRecord<M>[] = [];
  delivered = 0;
  dropped = 0;

  constructor(private readonly clock: Clock, readonly members: readonly ValidatorId[], opts: MemoryNetworkOptions = {}) {
    if (new Set(members).size !== members.length) throw new Error('MemoryNetwork: members must be distinct');
    this.minDelay = opts.minDelayMs ?? 1;
    this.maxDelay = opts.maxDelayMs ?? this.minDelay;
    if (!(this.minDelay >= 0 && this.maxDelay >= this.minDelay))
      throw new RangeError(`MemoryNetwork: expected 0 <= minDelayMs <= maxDelayMs, got ${this.minDelay}, ${this.maxDelay}`);
    this.dropRate = opts.dropRate ?? 0;
    this.duplicateRate = opts.duplicateRate ?? 0;
    for (const [name, p] of [['dropRate', this.dropRate], ['duplicateRate', this.duplicateRate]] as const)
      if (!(p >= 0 && p < 1)) throw new RangeError(`MemoryNetwork: expected ${name} in [0, 1), got ${p}`);
    this.rng = seededRng(opts.seed ?? 0);
    this.listeners = new Set(opts.listeners ?? []);
    for (const l of this.listeners) if (!members.includes(l)) throw new Error(`MemoryNetwork: listener '${l}' is not a member`);
  }

  /** The transport of member `id`. */
  endpoint(id: ValidatorId): Transport<M> {
    if (!this.members.includes(id)) throw new Error(`MemoryNetwork.endpoint: '${id}' is not a member`);
    return {
      self: id,
      broadcast: (m) => { for (const to of this.members) if (to !== id && !this.listeners.has(to)) this.transmit(id, to, m); },
      send: (to, m) => {
        if (!this.members.includes(to)) throw new Error(`MemoryNetwork.send: '${to}' is not a member`);
        this.transmit(id, to, m);
      },
      onReceive: (h) => { this.handlers.set(id, h); },
    };
  }

  /** Offline members neither send nor receive; copies in flight to them are dropped. */
  setOnline(id: ValidatorId, online: boolean): void {
    if (online) this.offline.delete(id); else this.offline.add(id);
  }

  isOnline(id: ValidatorId): boolean { return !this.offline.has(id); }

  private transmit(from: ValidatorId, to: ValidatorId, m: M): void {
    if (this.offline.has(from)) { this.dropped++; return; }
    this.sent.push({ at: this.clock.now(), from, to, m });
    // Draw only when a rate is set, so enabling nothing keeps older seeds' schedules.
    if (this.dropRate > 0 && this.rng.next() < this.dropRate) { this.dropped++; return; }
    const copies = this.duplicateRate > 0 && this.rng.next() < this.duplicateRate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const copy = structuredClone(m);
      const delay = this.minDelay === this.maxDelay ? this.minDelay : this.minDelay + this.rng.next() * (this.maxDelay - this.minDelay);
      this.clock.setTimer(delay, () => {
        const h = this.handlers.get(to);
        if (this.offline.has(to) || h === undefined) { this.dropped++; return; }
        this.delivered++;
        h(from, copy);
      });
    }
  }
}
