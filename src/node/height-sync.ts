// Height synchronization: a node that sees a message of a height above its own asks a
// peer that is ahead for the COMMITs of the heights it lacks; peers answer from their decisions
// (value, round, certificate). The answers are ordinary Deliver events: the core checks
// each certificate (config.crypto.checkCertificate) and decides, or rejects it with
// 'bad-certificate' and a reason. Requests are batched to what the core's future buffer
// holds (the current height plus maxHeightsAhead), and one outstanding range is
// re-requested only after `retryMs`, so a lagging node sends a few requests, not one per
// message it sees. Conversely a node that receives a message of a height it has decided
// offers the sender its COMMITs (`offer`).
import type { ConsensusMessage, Decision, Step, ValidatorId } from '../core/types.ts';
import type { Clock } from './clock.ts';
import type { Transport } from './transport.ts';

export interface SyncOptions {
  /** Wait this long before asking again for a height already asked for. */
  retryMs: number;
  /** Most heights per request (and per answer). */
  maxBatch: number;
}

export interface SyncStats { requestsSent: number; requestsAnswered: number; commitsSent: number }

export class HeightSynchronizer {
  /** Highest height seen in each peer's messages. */
  private readonly seen = new Map<ValidatorId, number>();
  /** Height -> when we last asked for it. */
  private readonly asked = new Map<number, number>();
  /** (peer, height) -> when we last offered that peer our COMMIT unasked. */
  private readonly offered = new Map<string, number>();
  private rotation = 0;
  readonly stats: SyncStats = { requestsSent: 0, requestsAnswered: 0, commitsSent: 0 };

  constructor(private readonly transport: Transport, private readonly clock: Clock, private readonly opts: SyncOptions) {
    if (!(Number.isSafeInteger(opts.maxBatch) && opts.maxBatch >= 1))
      throw new RangeError(`HeightSynchronizer: expected maxBatch >= 1, got ${opts.maxBatch}`);
    if (!(opts.retryMs >= 0)) throw new RangeError(`HeightSynchronizer: expected retryMs >= 0, got ${opts.retryMs}`);
  }

  /** A consensus message of `height` arrived from `peer`; we are at (myHeight, myStep). */
  observe(peer: ValidatorId, height: number, myHeight: number, myStep: Step): void {
    if (height > (this.seen.get(peer) ?? 0)) this.seen.set(peer, height);
    this.poke(myHeight, myStep);
  }

  /**
   * Asks for the lacking heights, if any: from our first undecided height up to (but
   * excluding) the highest height seen, which is still being decided. The request goes
   * to the peers that showed a height above the wanted one in turn, so one peer that
   * claims a high height and then answers nonsense cannot keep us from the others.
   */
  poke(myHeight: number, myStep: Step): void {
    const lo = myStep === 'commit' ? myHeight + 1 : myHeight;
    for (const h of this.asked.keys()) if (h < lo) this.asked.delete(h);
    const ahead = [...this.seen].filter(([, h]) => h > lo).map(([p]) => p).sort();
    if (ahead.length === 0) return;
    const target = Math.max(...ahead.map((p) => this.seen.get(p)!));
    const hi = Math.min(target - 1, lo + this.opts.maxBatch - 1);
    const last = this.asked.get(lo);
    const now = this.clock.now();
    if (last !== undefined && now - last < this.opts.retryMs) return;
    for (let h = lo; h <= hi; h++) this.asked.set(h, now);
    const peer = ahead[this.rotation++ % ahead.length]!;
    this.stats.requestsSent++;
    this.transport.send(peer, { kind: 'syncRequest', fromHeight: lo, toHeight: hi });
  }

  /**
   * A peer sent a message of `height`, which we have decided: it is behind, so offer it
   * our COMMITs from that height on without waiting to be asked (at most once per
   * retryMs per peer and height). This is what lets a node that lags after everyone
   * else has stopped catch up: nobody sends it a higher height to notice.
   */
  offer(peer: ValidatorId, height: number, decided: (h: number) => Decision | undefined,
    sign: (m: ConsensusMessage) => Uint8Array | undefined): void {
    const k = `${peer}/${height}`;
    const last = this.offered.get(k);
    const now = this.clock.now();
    if (this.offered.size > 4096) // keep the rate-limit memory bounded
      for (const [key, at] of this.offered) if (now - at >= this.opts.retryMs) this.offered.delete(key);
    if (last !== undefined && now - last < this.opts.retryMs) return;
    this.offered.set(k, now);
    this.sendCommits(peer, height, height + this.opts.maxBatch - 1, decided, sign);
  }

  /**
   * Answers a request from `peer` with a COMMIT per decided height in the range (at most
   * maxBatch). Returns an error sentence for a malformed range instead of answering.
   */
  answer(peer: ValidatorId, fromHeight: number, toHeight: number,
    decided: (h: number) => Decision | undefined, sign: (m: ConsensusMessage) => Uint8Array | undefined): string | null {
    if (!Number.isSafeInteger(fromHeight) || !Number.isSafeInteger(toHeight) || fromHeight < 1 || toHeight < fromHeight)
      return `syncRequest: expected 1 <= fromHeight <= toHeight, got ${fromHeight}..${toHeight}`;
    this.stats.requestsAnswered++;
    this.sendCommits(peer, fromHeight, Math.min(toHeight, fromHeight + this.opts.maxBatch - 1), decided, sign);
    return null;
  }

  private sendCommits(peer: ValidatorId, from: number, to: number, decided: (h: number) => Decision | undefined,
    sign: (m: ConsensusMessage) => Uint8Array | undefined): void {
    for (let h = from; h <= to; h++) {
      const d = decided(h);
      if (d === undefined) break; // decisions are contiguous: nothing above either
      const msg: ConsensusMessage = {
        type: 'COMMIT', src: this.transport.self, height: h, round: d.round, value: d.value, validRound: -1,
        cert: d.cert,
      };
      const signature = sign(msg);
      if (signature !== undefined) msg.signature = signature;
      this.stats.commitsSent++;
      this.transport.send(peer, { kind: 'consensus', msg });
    }
  }
}
