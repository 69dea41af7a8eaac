// Byzantine validators on the channel layer of the simulation (ChannelBehaviour in
// schedule.ts). Each holds its real share (it cannot forge another validator's) and
// misbehaves in one named way: bad partials, signing what was never decided (and trying
// to get a conflicting update certified with the partials it can gather), or silence.
import type { ValidatorId } from '../core/types.ts';
import { SignatureAggregator, SignatureCollector } from '../crypto/collector.ts';
import { partialSign, type Share } from '../crypto/threshold.ts';
import type { Clock, TimerHandle } from '../node/clock.ts';
import type { Transport } from '../node/transport.ts';
import type { ChannelEntity } from '../channel/entity.ts';
import { NetworkPartialSource } from '../channel/partial-source.ts';
import { channelStateBytes, updateDigest, type ChannelState } from '../channel/state.ts';
import { channelWire, parseChannelMessage } from '../channel/wire.ts';
import type { ChannelBehaviour } from './schedule.ts';

/** Pushes of bad partials and forging attempts, virtual ms apart. */
export const BAD_PUSH_MS = 300;
export const FORGE_MS = 1000;

/** The conflicting twin of `u` a forger wants certified: same channel and nonce, alice's funds moved to bob. */
export function forgedTwin(u: ChannelState): ChannelState {
  return { kind: 'balances', channelId: u.channelId, nonce: u.nonce, balances: [{ party: 'alice', amount: 0n }, { party: 'bob', amount: 1000n }] };
}

export interface ByzantineChannelHost {
  entity: ChannelEntity;
  self: ValidatorId;
  share: Share;
  transport: Transport;
  clock: Clock;
  counterparty: ValidatorId;
  updates: readonly ChannelState[];
}

export class ByzantineChannelAgent {
  readonly #h: ByzantineChannelHost;
  readonly #timers = new Set<TimerHandle>();
  #source: NetworkPartialSource | undefined;
  /** Signatures by (kind, digest): BLS signing is deterministic, and costs as much as a verification. */
  readonly #memo = new Map<string, Uint8Array>();
  #stopped = false;
  /** Certificates it managed to produce for updates that were never decided (sent to the counterparty). */
  readonly forged: ChannelState[] = [];

  constructor(h: ByzantineChannelHost, readonly behaviour: ChannelBehaviour) {
    this.#h = h;
    h.transport.onReceive((from, m) => { if (m.kind === 'channel') this.#receive(from, m.msg); });
  }

  start(): void {
    if (this.behaviour === 'bad-partial') this.#every(BAD_PUSH_MS, () => {
      for (const u of this.#h.updates) this.#send(this.#h.counterparty, this.#bad(u), null, u);
    });
    if (this.behaviour === 'undecided') this.#forge();
  }

  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) this.#h.clock.clearTimer(t);
    this.#source?.stop();
  }

  /** A well-formed partial of its share that does not verify: over the update's bytes with one byte appended. */
  #bad(u: ChannelState): Uint8Array {
    return this.#signed('bad', u, (b) => new Uint8Array([...b, 0xff]));
  }

  #signed(kind: string, u: ChannelState, bytes: (b: Uint8Array) => Uint8Array = (b) => b): Uint8Array {
    const b = channelStateBytes(this.#h.entity.entityId, u);
    const key = `${kind}/${updateDigest(this.#h.entity.entityId, u)}`;
    let sig = this.#memo.get(key);
    if (sig === undefined) { sig = partialSign(this.#h.share, bytes(b)).signature; this.#memo.set(key, sig); }
    return sig;
  }

  #send(to: ValidatorId, sig: Uint8Array, id: number | null, u: ChannelState): void {
    this.#h.transport.send(to, channelWire({ type: 'partial', id, digest: updateDigest(this.#h.entity.entityId, u), index: this.#h.share.index, signature: sig }));
  }

  #receive(from: ValidatorId, raw: unknown): void {
    if (this.#stopped || this.behaviour === 'silent') return;
    const m = parseChannelMessage(this.#h.entity.entityId, raw);
    if (typeof m === 'string') return;
    if (m.type === 'partialRequest') {
      const sig = this.behaviour === 'bad-partial' ? this.#bad(m.update) : this.#signed('good', m.update); // signs undecided too
      this.#send(from, sig, m.id, m.update);
    } else this.#source?.receive(from, m);
  }

  /** Every FORGE_MS: ask every validator for partials over each update's forged twin; certify and hand over what reaches t. */
  #forge(): void {
    const { entity, clock, transport } = this.#h;
    const source = new NetworkPartialSource({ entityId: entity.entityId, transport, clock, validatorOf: (i) => entity.validators[i - 1], timeoutMs: 100, attempts: 1 });
    this.#source = source;
    const collector = new SignatureCollector(entity.dealt, source);
    const aggregator = new SignatureAggregator(entity.dealt);
    const twins = this.#h.updates.map(forgedTwin);
    let busy = false;
    this.#every(FORGE_MS, () => {
      // Its partials for every pending update, decided or not, pushed to the counterparty.
      for (const u of this.#h.updates) this.#send(this.#h.counterparty, this.#signed('good', u), null, u);
      if (busy) return;
      busy = true;
      void (async () => {
        for (const twin of twins) {
          if (this.#stopped || this.forged.includes(twin)) continue;
          const bytes = source.register(twin);
          try {
            const c = await collector.collect(bytes);
            const certificate = aggregator.aggregate(bytes, c.partials);
            this.forged.push(twin);
            if (!this.#stopped) transport.send(this.#h.counterparty, channelWire({ type: 'certificate', update: twin, certificate }));
          } catch { /* too few partials: the correct validators refused */ }
        }
        busy = false;
      })();
    });
  }

  #every(ms: number, fn: () => void): void {
    const tick = (): void => {
      if (this.#stopped) return;
      fn();
      const h = this.#h.clock.setTimer(ms, () => { this.#timers.delete(h); tick(); });
      this.#timers.add(h);
    };
    const h = this.#h.clock.setTimer(ms, () => { this.#timers.delete(h); tick(); });
    this.#timers.add(h);
  }
}
