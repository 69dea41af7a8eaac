// An entity's channel setup as the demos and the simulator use it: the threshold key
// dealt t-of-n over its validators (share index i belongs to validators[i-1]), and the
// pool of pending channel updates its consensus orders. The key comes from the trusted
// dealer `deal` with a fixed seed: anyone can recompute it (a demo, never a real key).
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { quorum } from '../core/quorum.ts';
import type { ValidatorId } from '../core/types.ts';
import { deal, type Dealt, type Share } from '../crypto/threshold.ts';
import { updateDigest, type ChannelState } from './state.ts';

export const DEMO_ENTITY = 'entity-1';

export interface ChannelEntity {
  entityId: string;
  /** Share index i (1-based) is held by validators[i-1]. */
  validators: readonly ValidatorId[];
  dealt: Dealt;
}

/** t = n − f, f = floor((n−1)/3) (core/quorum.ts): at least f+1 signers, so one correct one; reachable with f silent (n = 100: 67). */
export const channelThreshold = (n: number): number => quorum(n);

/** The demo entity over `validators`, t = channelThreshold(n) unless given. Throws ThresholdError on bad t. */
export function demoEntity(validators: readonly ValidatorId[], t = channelThreshold(validators.length), entityId = DEMO_ENTITY): ChannelEntity {
  const dealt = deal(t, validators.length, sha256(utf8ToBytes(`hybrid-bft demo entity ${entityId} ${validators.join(',')}`)));
  return { entityId, validators: [...validators], dealt };
}

export function shareOf(e: ChannelEntity, id: ValidatorId): Share | undefined {
  const i = e.validators.indexOf(id);
  return i < 0 ? undefined : e.dealt.shares[i];
}

export function indexOf(e: ChannelEntity, id: ValidatorId): number | undefined {
  const i = e.validators.indexOf(id);
  return i < 0 ? undefined : i + 1;
}

/**
 * The entity's pending channel updates, in the order its proposers take them (nonce
 * order per channel). A consensus value is an update's digest (updateDigest, 64 hex).
 */
export class UpdatePool {
  readonly updates: readonly ChannelState[];
  readonly #byDigest = new Map<string, ChannelState>();
  readonly digests: readonly string[];

  /** Throws when an update is malformed or listed twice. */
  constructor(readonly entityId: string, updates: readonly ChannelState[]) {
    this.updates = updates.map((u) => structuredClone(u));
    this.digests = this.updates.map((u) => updateDigest(entityId, u));
    this.digests.forEach((d, i) => {
      if (this.#byDigest.has(d)) throw new Error(`UpdatePool: update ${i + 1} is listed twice`);
      this.#byDigest.set(d, this.updates[i]!);
    });
  }

  has(digest: string): boolean { return this.#byDigest.has(digest); }
  get(digest: string): ChannelState | undefined { return this.#byDigest.get(digest); }

  /** getValue for a proposer: the first update whose digest is not among `decided`, or undefined when all are. */
  next(decided: ReadonlySet<string>): string | undefined {
    return this.digests.find((d) => !decided.has(d));
  }
}

/** K demo updates of channel alice-bob, nonces 1..K: bob is paid 1 per update out of alice's 1000. */
export function demoUpdates(k: number, channelId = 'alice-bob'): ChannelState[] {
  return Array.from({ length: k }, (_, i) => ({
    kind: 'balances' as const, channelId, nonce: BigInt(i + 1),
    balances: [{ party: 'alice', amount: BigInt(1000 - i - 1) }, { party: 'bob', amount: BigInt(i + 1) }],
  }));
}

/** Digests decided so far by a node (heights 1, 2, … until the first undecided one). */
export function decidedDigests(decision: (h: number) => { value: string } | undefined): Set<string> {
  const out = new Set<string>();
  for (let h = 1; ; h++) {
    const d = decision(h);
    if (d === undefined) return out;
    out.add(d.value);
  }
}
