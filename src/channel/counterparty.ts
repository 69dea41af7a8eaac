// The counterparty of an entity's channels: a participant on the transport that is not
// a validator. For each update it waits for, it collects t verified partials through a
// SignatureCollector over the network PartialSource (requests, per-validator timeouts
// and retries on the clock), combines them (SignatureAggregator: the result verifies
// under the group key before it is used), and submits the certified update to its
// ChannelLedger in nonce order: nonce k only after the channel's accepted nonce reached
// k − 1. A failed collection (too few good partials: validators not decided yet, down,
// silent or Byzantine) is retried after `retryMs`, for as long as the counterparty runs.
// Certificates others hand it (`certificate` messages) go through the same ledger.
import type { ValidatorId } from '../core/types.ts';
import type { BlsBackend } from '../crypto/backend.ts';
import { SignatureAggregator, SignatureCollector, type Collected, type PartialSource, type ThresholdPublic } from '../crypto/collector.ts';
import { defaultBackend } from '../crypto/select-backend.ts';
import type { Clock, TimerHandle } from '../node/clock.ts';
import type { Transport } from '../node/transport.ts';
import { ChannelLedger, type LedgerResult } from './ledger.ts';
import { NetworkPartialSource } from './partial-source.ts';
import { updateDigest, type ChannelState } from './state.ts';
import { parseChannelMessage } from './wire.ts';

/** What collects partials: SignatureCollector, or (the simulator's negative control only) a broken one. */
export interface CollectorLike { collect(msg: Uint8Array, order?: readonly number[]): Promise<Collected> }

export interface CounterpartyOptions {
  entityId: string;
  pub: ThresholdPublic;
  /** Share index i (1-based) is held by validators[i-1]. */
  validators: readonly ValidatorId[];
  self: ValidatorId;
  /** The counterparty's transport (all of it is channel traffic). */
  transport: Transport;
  clock: Clock;
  /** The updates to certify (each channel's nonces consecutive from 1). */
  updates: readonly ChannelState[];
  /**
   * Pause after a failed collection of one update, ms (default 500), doubling with each
   * further failure up to 16 × retryMs: a validator set that cannot certify (Byzantine
   * partials in the way, a partition) is not asked again at full rate.
   */
  retryMs?: number;
  /** Per request: timeout per attempt (default 200 ms) and attempts (default 3). */
  timeoutMs?: number;
  attempts?: number;
  backend?: BlsBackend;
  collector?(pub: ThresholdPublic, source: PartialSource, backend: BlsBackend): CollectorLike;
}

/** One certified update handed to the ledger, and its verdict. */
export interface Submission {
  digest: string;
  channelId: string;
  nonce: bigint;
  certificate: Uint8Array;
  /** Share indices of the partials combined here; null for a certificate someone else sent. */
  signers: number[] | null;
  from: ValidatorId | null;
  verdict: LedgerResult;
  at: number;
}

interface Offer { update: ChannelState; certificate: Uint8Array; signers: number[] | null; from: ValidatorId | null }

export class Counterparty {
  readonly ledger: ChannelLedger;
  readonly source: NetworkPartialSource;
  readonly submissions: Submission[] = [];
  /** Collection attempts that failed, with the collector's reason. */
  readonly failures: { digest: string; at: number; reason: string }[] = [];
  readonly #o: CounterpartyOptions;
  readonly #collector: CollectorLike;
  readonly #aggregator: SignatureAggregator;
  readonly #waiting = new Map<string, Offer[]>();
  readonly #wakers = new Map<string, () => void>();
  readonly #sleepers = new Set<() => void>();
  readonly #certified = new Set<string>();
  #stopped = false;

  constructor(o: CounterpartyOptions) {
    this.#o = o;
    const backend = o.backend ?? defaultBackend();
    this.ledger = new ChannelLedger(o.entityId, o.pub.groupPublicKey);
    const so: ConstructorParameters<typeof NetworkPartialSource>[0] = {
      entityId: o.entityId, transport: o.transport, clock: o.clock, validatorOf: (i) => o.validators[i - 1],
    };
    if (o.timeoutMs !== undefined) so.timeoutMs = o.timeoutMs;
    if (o.attempts !== undefined) so.attempts = o.attempts;
    this.source = new NetworkPartialSource(so);
    this.source.onPushed = (d) => this.#wakers.get(d)?.();
    this.#collector = o.collector?.(o.pub, this.source, backend) ?? new SignatureCollector(o.pub, this.source, backend);
    this.#aggregator = new SignatureAggregator(o.pub, backend);
    o.transport.onReceive((from, m) => {
      if (m.kind !== 'channel' || this.#stopped) return;
      const msg = parseChannelMessage(o.entityId, m.msg);
      if (typeof msg === 'string') return;
      if (msg.type === 'certificate') this.#offer({ update: msg.update, certificate: msg.certificate, signers: null, from });
      else this.source.receive(from, msg);
    });
  }

  /** Starts one certification loop per update. */
  start(): this {
    for (const u of this.#o.updates) void this.#certify(u);
    return this;
  }

  /** true iff the ledger accepted the update with this digest. */
  accepted(digest: string): boolean {
    return this.submissions.some((s) => s.digest === digest && s.verdict.ok);
  }

  stop(): void {
    this.#stopped = true;
    this.source.stop();
    for (const w of [...this.#sleepers]) w();
  }

  async #certify(update: ChannelState): Promise<void> {
    const bytes = this.source.register(update);
    const digest = updateDigest(this.#o.entityId, update);
    const n = this.#o.validators.length;
    const base = this.#o.retryMs ?? 500;
    let pause = base;
    while (!this.#stopped && !this.#certified.has(digest)) {
      if (this.source.pushedIndices(digest).length === 0) await this.#wake(digest);
      if (this.#stopped) return;
      // Validators that pushed a partial first (they decided it), then the rest in index order.
      const pushed = this.source.pushedIndices(digest);
      const order = [...pushed, ...Array.from({ length: n }, (_, i) => i + 1).filter((i) => !pushed.includes(i))];
      try {
        const c = await this.#collector.collect(bytes, order);
        const certificate = this.#aggregator.aggregate(bytes, c.partials);
        if (this.#stopped) return;
        this.#certified.add(digest);
        this.#offer({ update, certificate, signers: c.partials.map((p) => p.index), from: null });
      } catch (e) {
        this.failures.push({ digest, at: this.#o.clock.now(), reason: e instanceof Error ? e.message : String(e) });
        if (!this.#stopped) await this.#wake(digest, pause);
        pause = Math.min(pause * 2, 16 * base);
      }
    }
  }

  /** Resolves when a partial for `digest` is pushed or after retryMs; with `pauseMs`, only after that pause. */
  #wake(digest: string, pauseMs?: number): Promise<void> {
    return new Promise((resolve) => {
      let h: TimerHandle | undefined;
      const fire = (): void => {
        this.#sleepers.delete(fire);
        if (this.#wakers.get(digest) === fire) this.#wakers.delete(digest);
        if (h !== undefined) this.#o.clock.clearTimer(h);
        resolve();
      };
      if (this.#stopped) { resolve(); return; }
      h = this.#o.clock.setTimer(pauseMs ?? this.#o.retryMs ?? 500, fire);
      this.#sleepers.add(fire);
      if (pauseMs === undefined) this.#wakers.set(digest, fire);
    });
  }

  /** Queues a certified update and submits, in nonce order, everything whose turn has come. */
  #offer(o: Offer): void {
    const ch = o.update.channelId;
    const list = this.#waiting.get(ch) ?? [];
    list.push(o);
    this.#waiting.set(ch, list);
    for (;;) {
      const next = (this.ledger.latest(ch)?.update.nonce ?? 0n) + 1n;
      const due = list.filter((x) => x.update.nonce <= next);
      if (due.length === 0) return;
      for (const x of due) {
        list.splice(list.indexOf(x), 1);
        const verdict = this.ledger.submit(x.update, x.certificate);
        this.submissions.push({
          digest: updateDigest(this.#o.entityId, x.update), channelId: ch, nonce: x.update.nonce,
          certificate: x.certificate.slice(), signers: x.signers, from: x.from, verdict, at: this.#o.clock.now(),
        });
      }
    }
  }
}
