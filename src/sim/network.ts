// The simulated network: every copy of a message gets its own seeded delay (so copies
// overtake each other: reordering), and before stabilization a seeded fraction is lost
// or delivered twice, and copies across a partition are lost. After GST: no loss, no
// duplication, delay at most STABLE_DELAY_MS. Crashed nodes neither send nor receive.
// Every copy that leaves a sender is logged (`sent`), which is what the checks read.
import type { ValidatorId } from '../core/types.ts';
import type { Clock } from '../node/clock.ts';
import type { Rng } from '../node/rng.ts';
import type { Transport, WireMessage } from '../node/transport.ts';
import { STABLE_DELAY_MS, type Schedule } from './schedule.ts';

export interface SentCopy { at: number; from: ValidatorId; to: ValidatorId; m: WireMessage }

export interface NetStats { copies: number; lost: number; duplicated: number; partitioned: number; delivered: number }

type Handler = (from: ValidatorId, m: WireMessage) => void;

export class SimNetwork {
  private readonly handlers = new Map<ValidatorId, Handler>();
  private readonly down = new Set<ValidatorId>();
  /** Called before each send of a node; returning false drops the copy (a crash in the middle of sending). */
  beforeSend: (from: ValidatorId) => boolean = () => true;
  readonly sent: SentCopy[] = [];
  readonly stats: NetStats = { copies: 0, lost: 0, duplicated: 0, partitioned: 0, delivered: 0 };

  /** `listeners`: members that are not validators (the channel counterparty): they send and receive, but get no broadcast. */
  constructor(private readonly clock: Clock, private readonly rng: Rng, private readonly s: Schedule,
    private readonly listeners: readonly ValidatorId[] = []) {}

  endpoint(id: ValidatorId): Transport {
    return {
      self: id,
      broadcast: (m) => { for (const to of this.s.order) if (to !== id) this.transmit(id, to, m); },
      send: (to, m) => {
        if (!this.s.order.includes(to) && !this.listeners.includes(to)) throw new Error(`SimNetwork.send: '${to}' is not a member`);
        this.transmit(id, to, m);
      },
      onReceive: (h) => { this.handlers.set(id, h); },
    };
  }

  setDown(id: ValidatorId, down: boolean): void {
    if (down) this.down.add(id); else this.down.delete(id);
  }

  isDown(id: ValidatorId): boolean { return this.down.has(id); }

  private cut(a: ValidatorId, b: ValidatorId, at: number): boolean {
    return this.s.partitions.some((p) => at >= p.fromMs && at < p.toMs && p.side.includes(a) !== p.side.includes(b));
  }

  /** Sends one copy now; the simulation's Byzantine nodes use it too. */
  transmit(from: ValidatorId, to: ValidatorId, m: WireMessage): void {
    if (this.down.has(from) || !this.beforeSend(from)) return;
    const now = this.clock.now();
    this.sent.push({ at: now, from, to, m });
    this.stats.copies++;
    const stable = now >= this.s.gstMs;
    if (!stable && this.cut(from, to, now)) { this.stats.partitioned++; return; }
    if (!stable && this.s.net.loss > 0 && this.rng.next() < this.s.net.loss) { this.stats.lost++; return; }
    const copies = !stable && this.s.net.dup > 0 && this.rng.next() < this.s.net.dup ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    const max = stable ? STABLE_DELAY_MS : this.s.net.maxDelayMs;
    for (let i = 0; i < copies; i++) {
      const copy = structuredClone(m);
      this.clock.setTimer(this.rng.int(1, max), () => {
        const h = this.handlers.get(to);
        // A partition that started while the copy was in flight cuts it too.
        if (this.down.has(to) || h === undefined || this.cut(from, to, this.clock.now())) return;
        this.stats.delivered++;
        h(from, copy);
      });
    }
  }
}
