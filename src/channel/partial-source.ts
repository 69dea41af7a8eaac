// The network PartialSource (crypto/collector.ts): SignatureCollector asks it for share
// index i's partial over an update's bytes, and it asks validator i over the transport
// (a `partialRequest`, answered by a `partial` or a `refused`), with a timeout per
// attempt and a bounded number of attempts, all on the injected clock. A partial that a
// validator pushed unasked after deciding is used first (once: the collector verifies
// it, and a bad one is not offered again). Nothing here is trusted: answers are matched
// by request id AND by the transport's sender, and the collector checks every partial.
import { bytesToHex } from '@noble/hashes/utils.js';
import type { ValidatorId } from '../core/types.ts';
import type { PartialSource } from '../crypto/collector.ts';
import type { Partial } from '../crypto/threshold.ts';
import type { Clock, TimerHandle } from '../node/clock.ts';
import type { Transport } from '../node/transport.ts';
import { channelStateBytes, updateDigest, type ChannelState } from './state.ts';
import { channelWire, type ChannelMessage } from './wire.ts';

export interface NetworkSourceOptions {
  entityId: string;
  /** The channel side of the owner's transport (src/node/mux.ts). */
  transport: Transport;
  clock: Clock;
  /** Share index (1-based) → the validator that holds it. */
  validatorOf(index: number): ValidatorId | undefined;
  /** Virtual/real ms an attempt waits for an answer (default 200). */
  timeoutMs?: number;
  /** Attempts per request before it fails (default 3); a refusal also costs one, after timeoutMs. */
  attempts?: number;
}

interface Waiting { index: number; from: ValidatorId; answer(m: ChannelMessage): void }

export class NetworkPartialSource implements PartialSource {
  readonly #o: NetworkSourceOptions;
  readonly #timeoutMs: number;
  readonly #attempts: number;
  /** hex(bytes) → the registered update and its digest. */
  readonly #updates = new Map<string, { update: ChannelState; digest: string }>();
  /** digest → index → signature pushed by that index's validator. */
  readonly #pushed = new Map<string, Map<number, Uint8Array>>();
  readonly #waiting = new Map<number, Waiting>();
  readonly #timers = new Set<TimerHandle>();
  #nextId = 1;
  #stopped = false;
  /** Called when a pushed partial for `digest` arrives. */
  onPushed: (digest: string) => void = () => {};
  /** Requests sent (attempts included). */
  requests = 0;

  constructor(o: NetworkSourceOptions) {
    this.#o = o;
    this.#timeoutMs = o.timeoutMs ?? 200;
    this.#attempts = o.attempts ?? 3;
    if (!(this.#timeoutMs > 0) || !Number.isSafeInteger(this.#attempts) || this.#attempts < 1)
      throw new RangeError(`NetworkPartialSource: expected timeoutMs > 0 and attempts >= 1, got ${this.#timeoutMs}, ${this.#attempts}`);
  }

  /** Makes `update` requestable; returns its canonical bytes (what the collector signs over). Throws when malformed. */
  register(update: ChannelState): Uint8Array {
    const bytes = channelStateBytes(this.#o.entityId, update);
    this.#updates.set(bytesToHex(bytes), { update: structuredClone(update), digest: updateDigest(this.#o.entityId, update) });
    return bytes;
  }

  /** Indices whose pushed partial for `digest` is waiting to be used. */
  pushedIndices(digest: string): number[] {
    return [...(this.#pushed.get(digest)?.keys() ?? [])].sort((a, b) => a - b);
  }

  /** Feed every `partial` and `refused` message the owner receives. Returns false when nothing here wanted it. */
  receive(from: ValidatorId, m: ChannelMessage): boolean {
    if (this.#stopped) return false;
    if (m.type === 'partial' && m.id === null) {
      const known = [...this.#updates.values()].some((u) => u.digest === m.digest);
      if (!known || this.#o.validatorOf(m.index) !== from) return false;
      const map = this.#pushed.get(m.digest) ?? new Map<number, Uint8Array>();
      map.set(m.index, m.signature);
      this.#pushed.set(m.digest, map);
      this.onPushed(m.digest);
      return true;
    }
    if (m.type !== 'partial' && m.type !== 'refused') return false;
    if (m.id === null) return false;
    const w = this.#waiting.get(m.id);
    if (w === undefined || w.from !== from) return false;
    w.answer(m);
    return true;
  }

  requestPartial(index: number, msg: Uint8Array): Promise<Partial> {
    const entry = this.#updates.get(bytesToHex(msg));
    const to = this.#o.validatorOf(index);
    if (entry === undefined) return Promise.reject(new Error('no registered update has these bytes'));
    if (to === undefined) return Promise.reject(new Error(`no validator holds share ${index}`));
    const cached = this.#pushed.get(entry.digest);
    const sig = cached?.get(index);
    if (sig !== undefined) {
      cached!.delete(index);
      return Promise.resolve({ index, signature: sig });
    }
    return new Promise<Partial>((resolve, reject) => {
      let last = 'no answer';
      const attempt = (k: number): void => {
        if (this.#stopped) return;
        const id = this.#nextId++;
        let done = false;
        const finish = (): void => { done = true; this.#waiting.delete(id); this.#clear(timer); };
        const next = (): void => {
          if (k < this.#attempts) attempt(k + 1);
          else reject(new Error(`${to} (share ${index}) gave no partial in ${this.#attempts} attempts of ${this.#timeoutMs} ms: ${last}`));
        };
        const timer = this.#after(this.#timeoutMs, () => { if (!done) { finish(); last = 'no answer'; next(); } });
        this.#waiting.set(id, {
          index, from: to,
          answer: (m) => {
            if (done) return;
            finish();
            if (m.type === 'partial') { resolve({ index: m.index, signature: m.signature }); return; }
            last = m.type === 'refused' ? `refused: ${m.reason}` : 'unexpected answer';
            // A refusal (typically: not decided there yet) is retried after a pause.
            this.#after(this.#timeoutMs, next);
          },
        });
        this.requests++;
        this.#o.transport.send(to, channelWire({ type: 'partialRequest', id, update: entry.update }));
      };
      attempt(1);
    });
  }

  /** Cancels every timer; pending requests never settle. */
  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) this.#o.clock.clearTimer(t);
    this.#timers.clear();
    this.#waiting.clear();
  }

  #after(ms: number, fn: () => void): TimerHandle {
    const h = this.#o.clock.setTimer(ms, () => { this.#timers.delete(h); if (!this.#stopped) fn(); });
    this.#timers.add(h);
    return h;
  }

  #clear(h: TimerHandle): void {
    this.#o.clock.clearTimer(h);
    this.#timers.delete(h);
  }
}
