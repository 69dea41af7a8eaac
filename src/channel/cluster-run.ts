// Channel updates as consensus values, end to end on the in-memory cluster (what
// `hybrid-bft run --channels K` runs): the entity's validators decide the digests of K
// pending updates (getValue: the next update its node has not decided; then stand-in
// blocks), each validator's ChannelAgent signs a decided update with its share and
// pushes the partial to the counterparty `cp`, a network member that is not a
// validator, whose Counterparty collects t verified partials over the transport,
// combines them and has its ledger accept the certified updates in nonce order.
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Decision, ValidatorId } from '../core/types.ts';
import type { BlsBackend } from '../crypto/backend.ts';
import { Cluster, isMempoolValue, mempoolValue, type ClusterOptions } from '../node/cluster.ts';
import { ChannelAgent } from './agent.ts';
import { Counterparty } from './counterparty.ts';
import { UpdatePool, decidedDigests, demoEntity, demoUpdates, shareOf, type ChannelEntity } from './entity.ts';

export const COUNTERPARTY_ID = 'cp';

export interface UpdateReport {
  channelId: string;
  nonce: string;
  digest: string;
  /** The height whose decision is this update's digest (at the first running validator that decided it). */
  height: number | null;
  /** Share indices whose partials were combined, and their validators. */
  signers: number[];
  signerIds: ValidatorId[];
  certificate: string;
  verdict: 'accepted' | string;
  detail: string;
}

export interface ChannelRunResult {
  updates: UpdateReport[];
  /** Each validator's decisions of heights 1..H (index h − 1), read before the cluster stopped. */
  decisions: Map<ValidatorId, (Decision | undefined)[]>;
  virtualMs: number;
  messages: number;
  entity: ChannelEntity;
  counterparty: Counterparty;
}

/**
 * Runs the cluster (options as ClusterOptions, minus what this sets) until every node
 * decided `heights` and the counterparty's ledger accepted all `updates`, or until
 * `budgetMs` virtual ms. Throws when `updates` > `heights` (each update needs a height).
 * The cluster is stopped before it returns.
 */
export async function runChannels(o: {
  cluster: Omit<ClusterOptions, 'listeners' | 'isValid' | 'proposeValue' | 'attach' | 'lastHeight'>;
  heights: number; updates: number; budgetMs: number; backend?: BlsBackend;
}): Promise<ChannelRunResult> {
  if (o.updates > o.heights) throw new RangeError(`runChannels: ${o.updates} updates need at least ${o.updates} heights, got ${o.heights}`);
  const ids = Array.from({ length: o.cluster.n }, (_, i) => `c${i + 1}`);
  const entity = demoEntity(ids);
  const pool = new UpdatePool(entity.entityId, demoUpdates(o.updates));
  let cluster: Cluster | undefined;
  const decidedAt = (id: ValidatorId) => decidedDigests((h) => cluster?.nodes.get(id)?.decision(h));
  cluster = new Cluster({
    ...o.cluster, lastHeight: o.heights, listeners: [COUNTERPARTY_ID],
    isValid: (v) => isMempoolValue(v) || pool.has(v),
    proposeValue: (h, r, self, inc) => pool.next(decidedAt(self)) ?? mempoolValue(h, r, self, inc),
    attach: (id, channel) => {
      const agent = new ChannelAgent({
        entityId: entity.entityId, share: shareOf(entity, id)!, transport: channel, counterparty: COUNTERPARTY_ID,
        decided: (d) => decidedAt(id).has(d), lookup: (d) => pool.get(d),
      });
      return { onNotice: (n) => { if (n.kind === 'decided') agent.onDecided(n.value); }, stop: () => agent.stop() };
    },
  });
  const cp = new Counterparty({
    entityId: entity.entityId, pub: entity.dealt, validators: ids, self: COUNTERPARTY_ID,
    transport: cluster.net.endpoint(COUNTERPARTY_ID), clock: cluster.clock, updates: pool.updates,
    ...(o.backend !== undefined ? { backend: o.backend } : {}),
  });
  const c = cluster;
  try {
    c.start();
    cp.start();
    const done = () => c.decided(o.heights) && pool.digests.every((d) => cp.accepted(d));
    await c.runUntilAsync(done, o.budgetMs);
    const heightOf = (d: string): number | null => {
      for (const node of c.nodes.values())
        for (let h = 1; h <= o.heights; h++) if (node.decision(h)?.value === d) return h;
      return null;
    };
    const updates = pool.updates.map((u, k): UpdateReport => {
      const digest = pool.digests[k]!;
      const sub = cp.submissions.find((s) => s.digest === digest && s.signers !== null);
      const last = cp.failures.filter((f) => f.digest === digest).at(-1);
      return {
        channelId: u.channelId, nonce: u.nonce.toString(), digest, height: heightOf(digest),
        signers: [...(sub?.signers ?? [])].sort((a, b) => a - b), signerIds: [],
        certificate: sub === undefined ? '' : bytesToHex(sub.certificate),
        verdict: sub === undefined ? 'not-certified' : sub.verdict.ok ? 'accepted' : sub.verdict.reason,
        detail: sub === undefined ? (last?.reason ?? 'no collection finished') : sub.verdict.ok ? `nonce ${u.nonce} accepted` : sub.verdict.detail,
      };
    });
    for (const u of updates) u.signerIds = u.signers.map((i) => ids[i - 1]!);
    const decisions = new Map(ids.map((id) => [id, Array.from({ length: o.heights }, (_, h) => c.nodes.get(id)?.decision(h + 1))]));
    return { updates, decisions, virtualMs: Math.round(c.clock.now()), messages: c.net.delivered, entity, counterparty: cp };
  } finally {
    cp.stop();
    c.stop();
  }
}
