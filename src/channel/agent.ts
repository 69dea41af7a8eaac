// The channel side of a validator: it shares the node's transport (src/node/mux.ts) and
// signs with the validator's threshold share only what the node's consensus decided.
// After the node decides an update's digest, it pushes its partial to the counterparty;
// it answers every `partialRequest` with a partial, or with `refused` and the reason
// (ChannelSigner refuses an update that is not committed: the node's decisions are
// its `CommittedUpdates`).
import type { ValidatorId } from '../core/types.ts';
import type { Partial, Share } from '../crypto/threshold.ts';
import type { Transport } from '../node/transport.ts';
import { ChannelSigner } from './signer.ts';
import { updateDigest, type ChannelState } from './state.ts';
import { channelWire, parseChannelMessage } from './wire.ts';

export interface AgentOptions {
  entityId: string;
  share: Share;
  /** The channel side of the validator's transport. */
  transport: Transport;
  /** Where decided updates' partials are pushed. */
  counterparty: ValidatorId;
  /** true iff this validator's consensus decided the value `digest` (at any height). */
  decided(digest: string): boolean;
  /** The pending updates this validator knows, by digest (to push a partial after deciding one). */
  lookup(digest: string): ChannelState | undefined;
  /**
   * How a partial is produced. Default: ChannelSigner over `decided`. Only the
   * simulator's negative control replaces it (a signer that skips the commit check).
   */
  sign?(update: ChannelState): Partial;
}

export class ChannelAgent {
  readonly #o: AgentOptions;
  readonly #sign: (u: ChannelState) => Partial;
  #stopped = false;
  /** Partials made so far, by digest: BLS signing is deterministic and costs as much as a verification. */
  readonly #made = new Map<string, Partial>();
  /** Partials handed out (pushed and answered), and requests refused. */
  readonly stats = { pushed: 0, answered: 0, refused: 0, malformed: 0 };

  constructor(o: AgentOptions) {
    this.#o = o;
    const signer = new ChannelSigner(o.entityId, o.share, { committed: (u) => o.decided(updateDigest(o.entityId, u)) });
    const sign = o.sign ?? ((u: ChannelState) => signer.signUpdate(u));
    this.#sign = (u) => {
      const d = updateDigest(o.entityId, u);
      const p = this.#made.get(d) ?? sign(u); // throws (refuses) before anything is remembered
      this.#made.set(d, p);
      return p;
    };
    o.transport.onReceive((from, m) => { if (m.kind === 'channel') this.#receive(from, m.msg); });
  }

  /** Call with every value the node decides: an update's digest gets its partial pushed to the counterparty. */
  onDecided(value: string): void {
    if (this.#stopped) return;
    const update = this.#o.lookup(value);
    if (update === undefined) return;
    let p: Partial;
    try { p = this.#sign(update); } catch { return; }
    this.stats.pushed++;
    this.#o.transport.send(this.#o.counterparty, channelWire({ type: 'partial', id: null, digest: value, index: p.index, signature: p.signature }));
  }

  stop(): void {
    this.#stopped = true;
    this.#o.transport.onReceive(() => {});
  }

  #receive(from: ValidatorId, raw: unknown): void {
    if (this.#stopped) return;
    const m = parseChannelMessage(this.#o.entityId, raw);
    if (typeof m === 'string') { this.stats.malformed++; return; }
    if (m.type !== 'partialRequest') return;
    let p: Partial;
    try {
      p = this.#sign(m.update);
    } catch (e) {
      this.stats.refused++;
      this.#o.transport.send(from, channelWire({ type: 'refused', id: m.id, reason: (e as Error).message }));
      return;
    }
    this.stats.answered++;
    this.#o.transport.send(from, channelWire({ type: 'partial', id: m.id, digest: updateDigest(this.#o.entityId, m.update), index: p.index, signature: p.signature }));
  }
}
