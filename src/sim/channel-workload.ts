// The channel workload inside a simulated run (world.ts): the entity's key dealt over
// the validators in proposer order, the pool of pending updates (the correct nodes'
// getValue proposes the next one they have not decided, then stand-in blocks), a
// ChannelAgent beside every correct node incarnation (sharing its transport), a
// ByzantineChannelAgent beside every Byzantine one, and the counterparty `cp` on the
// simulated network. `ChannelSimOptions` swaps in the negative controls.
import type { Decision, ValidatorId } from '../core/types.ts';
import { ChannelAgent } from '../channel/agent.ts';
import { Counterparty } from '../channel/counterparty.ts';
import { UpdatePool, decidedDigests, demoEntity, demoUpdates, shareOf, type ChannelEntity } from '../channel/entity.ts';
import type { Clock } from '../node/clock.ts';
import { isMempoolValue } from '../node/cluster.ts';
import { splitTransport } from '../node/mux.ts';
import type { Transport } from '../node/transport.ts';
import { ByzantineChannelAgent } from './channel-byzantine.ts';
import type { ChannelRunInfo } from './channel-checks.ts';
import { TrustingCollector, uncheckedSigner } from './channel-mutants.ts';
import type { ChannelWorkload } from './schedule.ts';

export const SIM_COUNTERPARTY = 'cp';

export interface ChannelSimOptions {
  /** Negative control: correct validators sign updates that were not decided. */
  signer?: 'checked' | 'sign-undecided';
  /** Negative control: the counterparty combines partials it did not verify. */
  collector?: 'verified' | 'trusting';
}

export class SimChannels {
  readonly entity: ChannelEntity;
  readonly pool: UpdatePool;
  readonly counterparty: Counterparty;
  readonly #agents = new Map<ValidatorId, ChannelAgent>();
  readonly #byzantine: ByzantineChannelAgent[] = [];

  constructor(readonly w: ChannelWorkload, order: readonly ValidatorId[], private readonly clock: Clock,
    cpTransport: Transport, private readonly o: ChannelSimOptions = {}) {
    this.entity = demoEntity(order);
    this.pool = new UpdatePool(this.entity.entityId, demoUpdates(w.updates));
    this.counterparty = new Counterparty({
      entityId: this.entity.entityId, pub: this.entity.dealt, validators: order, self: SIM_COUNTERPARTY,
      transport: cpTransport, clock, updates: this.pool.updates, retryMs: 300, timeoutMs: 100, attempts: 2,
      ...(o.collector === 'trusting' ? { collector: (pub, source) => new TrustingCollector(pub, source) } : {}),
    });
  }

  isValid = (v: string): boolean => isMempoolValue(v) || this.pool.has(v);

  /** getValue of a correct node: the next pending update it has not decided, else `fallback`. */
  proposeValue(decision: (h: number) => Decision | undefined, fallback: string): string {
    return this.pool.next(decidedDigests(decision)) ?? fallback;
  }

  /** Splits a correct node's endpoint; its agent gets the channel side. Returns the node's side. */
  attachCorrect(id: ValidatorId, endpoint: Transport, decision: (h: number) => Decision | undefined): Transport {
    const split = splitTransport(endpoint);
    const share = shareOf(this.entity, id)!;
    this.#agents.set(id, new ChannelAgent({
      entityId: this.entity.entityId, share, transport: split.channel, counterparty: SIM_COUNTERPARTY,
      decided: (d) => decidedDigests(decision).has(d), lookup: (d) => this.pool.get(d),
      ...(this.o.signer === 'sign-undecided' ? { sign: uncheckedSigner(this.entity.entityId, share) } : {}),
    }));
    return split.node;
  }

  onDecided(id: ValidatorId, value: string): void { this.#agents.get(id)?.onDecided(value); }

  /** The node crashed: its agent goes with it. */
  detach(id: ValidatorId): void {
    this.#agents.get(id)?.stop();
    this.#agents.delete(id);
  }

  /** Splits a Byzantine validator's endpoint; returns the side its consensus part receives on. */
  attachByzantine(id: ValidatorId, endpoint: Transport): Transport {
    const split = splitTransport(endpoint);
    const how = this.w.byzantine[id];
    if (how !== undefined) {
      this.#byzantine.push(new ByzantineChannelAgent({
        entity: this.entity, self: id, share: shareOf(this.entity, id)!, transport: split.channel, clock: this.clock,
        counterparty: SIM_COUNTERPARTY, updates: this.pool.updates,
      }, how));
    }
    return split.node;
  }

  start(): void {
    this.counterparty.start();
    for (const b of this.#byzantine) b.start();
  }

  /** true when every pool update some correct validator decided has been accepted by the counterparty. */
  done(decisions: Iterable<ReadonlyMap<number, Decision>>): boolean {
    const decided = new Set<string>();
    for (const ds of decisions) for (const d of ds.values()) decided.add(d.value);
    return this.pool.digests.every((d) => !decided.has(d) || this.counterparty.accepted(d));
  }

  stop(): void {
    this.counterparty.stop();
    for (const a of this.#agents.values()) a.stop();
    for (const b of this.#byzantine) b.stop();
  }

  info(): ChannelRunInfo {
    return {
      updates: this.pool.updates.map((u, i) => ({ digest: this.pool.digests[i]!, channelId: u.channelId, nonce: u.nonce })),
      submissions: [...this.counterparty.submissions], failures: [...this.counterparty.failures],
      evidence: this.counterparty.ledger.evidence().length,
    };
  }
}
