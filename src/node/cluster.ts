// n nodes in one process on a virtual clock and an in-memory network: what `run` and
// the node tests drive. Validators are c1..cn; each node proposes from a stand-in
// mempool ("blk-<height>-<proposer>-r<round>"), and a value is valid iff it starts with
// "blk-". With `walDir`, every node keeps a WAL there and can be crashed and restarted.
import * as path from 'node:path';
import type { ConsensusCrypto } from '../core/crypto.ts';
import { makeConfig } from '../core/config.ts';
import type { ConfigInput, CoreConfig, TimeoutSetting } from '../core/config.ts';
import type { ConsensusEvent, ConsensusOutput, TimeoutKind, ValidatorId, Value } from '../core/types.ts';
import { VirtualClock } from './clock.ts';
import { MemoryNetwork } from './memory-transport.ts';
import type { MemoryNetworkOptions } from './memory-transport.ts';
import { Node } from './node.ts';
import type { NodeNotice } from './node.ts';
import { splitTransport } from './mux.ts';
import type { Transport } from './transport.ts';
import { Wal } from './wal.ts';
import type { Durability } from './wal.ts';

export interface ClusterOptions {
  n: number;
  /** Seeds network delays (and nothing else: keys are fixed by validator id). */
  seed?: number;
  /** Network delay range per copy, in virtual ms. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Seeded message loss and duplication (MemoryNetworkOptions). */
  dropRate?: number;
  duplicateRate?: number;
  /** Nodes do not start heights above this one. */
  lastHeight?: number;
  walDir?: string;
  durability?: Durability;
  /** Stored in each WAL and checked on restart (see NodeOptions.walTag). */
  walTag?: string;
  /** Per-validator crypto; default: trusting (abstract signatures, as in the model). */
  crypto?: (validators: readonly ValidatorId[], self: ValidatorId) => ConsensusCrypto;
  timeouts?: Partial<Record<TimeoutKind, TimeoutSetting>>;
  commitDelayMs?: number;
  /** Called with every event a node feeds its core, and the outputs. */
  onStep?(id: ValidatorId, event: ConsensusEvent, outputs: readonly ConsensusOutput[]): void;
  /** Node.batchWindowMs (batched signature checks, when the crypto offers them). */
  batchWindowMs?: number;
  /** Validators that are not started (to be driven by a test instead). */
  absent?: readonly ValidatorId[];
  /** Extra members of the network that are not validators (MemoryNetworkOptions.listeners). */
  listeners?: readonly ValidatorId[];
  /** valid(v) of every node's core (default: isMempoolValue). */
  isValid?: (v: Value) => boolean;
  /** getValue of validator `self` (default: mempoolValue). */
  proposeValue?: (height: number, round: number, self: ValidatorId, incarnation: number) => Value;
  /**
   * Something that shares each node's transport (a channel agent): with it, the node's
   * transport is split (mux.ts) and `attach` gets the channel side when the node starts;
   * what it returns hears the node's notices and is stopped when the node stops or crashes.
   */
  attach?: (id: ValidatorId, channel: Transport) => Attached;
  /** The conventions of every node's core (docs/contract.md, "Conventions"); default the contract's. */
  conventions?: Pick<ConfigInput, 'firstHeight' | 'getValue' | 'ownMessages'>;
}

/**
 * The stand-in mempool's block for (height, round) at `self`. A restarted node's mempool
 * has other content (incarnation > 0 adds "-i<n>"), as a real one would: so a node that
 * forgot what it proposed before a crash would propose something else.
 */
export const mempoolValue = (height: number, round: number, self: ValidatorId, incarnation = 0): Value =>
  `blk-${height}-${self}-r${round}${incarnation > 0 ? `-i${incarnation}` : ''}`;
export const isMempoolValue = (v: Value): boolean => v.startsWith('blk-');

/** What ClusterOptions.attach returns. */
export interface Attached { onNotice(n: NodeNotice): void; stop(): void }

export class Cluster {
  readonly clock = new VirtualClock();
  readonly net: MemoryNetwork;
  readonly ids: ValidatorId[];
  readonly nodes = new Map<ValidatorId, Node>();
  readonly notices: { id: ValidatorId; at: number; n: NodeNotice }[] = [];
  readonly configs = new Map<ValidatorId, CoreConfig>();
  private readonly starts = new Map<ValidatorId, number>();
  private readonly attached = new Map<ValidatorId, Attached>();

  constructor(readonly opts: ClusterOptions) {
    if (!Number.isSafeInteger(opts.n) || opts.n < 1) throw new RangeError(`Cluster: expected n >= 1, got ${opts.n}`);
    this.ids = Array.from({ length: opts.n }, (_, i) => `c${i + 1}`);
    const netOpts: MemoryNetworkOptions = {};
    if (opts.dropRate !== undefined) netOpts.dropRate = opts.dropRate;
    if (opts.duplicateRate !== undefined) netOpts.duplicateRate = opts.duplicateRate;
    if (opts.seed !== undefined) netOpts.seed = opts.seed;
    if (opts.minDelayMs !== undefined) netOpts.minDelayMs = opts.minDelayMs;
    if (opts.maxDelayMs !== undefined) netOpts.maxDelayMs = opts.maxDelayMs;
    if (opts.listeners !== undefined) netOpts.listeners = opts.listeners;
    this.net = new MemoryNetwork(this.clock, [...this.ids, ...(opts.listeners ?? [])], netOpts);
    for (const id of this.ids) {
      const input: Parameters<typeof makeConfig>[0] = { validators: this.ids, self: id, isValid: opts.isValid ?? isMempoolValue };
      // Without a factory, makeConfig's default: trusting crypto with the core's own quorum.
      if (opts.crypto !== undefined) input.crypto = opts.crypto(this.ids, id);
      if (opts.timeouts !== undefined) input.timeouts = opts.timeouts;
      this.configs.set(id, makeConfig({ ...input, ...opts.conventions }));
    }
  }

  /** Starts every node not listed in `absent`. */
  start(): this {
    for (const id of this.ids) if (!this.opts.absent?.includes(id)) this.startNode(id);
    return this;
  }

  walFile(id: ValidatorId): string | undefined {
    return this.opts.walDir === undefined ? undefined : path.join(this.opts.walDir, `${id}.wal`);
  }

  /** Starts (or restarts, from its WAL) validator `id` and brings it online. */
  startNode(id: ValidatorId): Node {
    const config = this.configs.get(id);
    if (config === undefined) throw new Error(`Cluster.startNode: unknown validator '${id}'`);
    if (this.nodes.has(id)) throw new Error(`Cluster.startNode: ${id} is running`);
    this.net.setOnline(id, true);
    const incarnation = this.starts.get(id) ?? 0;
    this.starts.set(id, incarnation + 1);
    const file = this.walFile(id);
    let transport = this.net.endpoint(id);
    let attached: Attached | undefined;
    if (this.opts.attach !== undefined) {
      const split = splitTransport(transport);
      transport = split.node;
      attached = this.opts.attach(id, split.channel);
      this.attached.set(id, attached);
    }
    const propose = this.opts.proposeValue;
    const o: Parameters<typeof Node.start>[0] = {
      config, transport, clock: this.clock,
      proposeValue: propose === undefined ? (h, r) => mempoolValue(h, r, id, incarnation) : (h, r) => propose(h, r, id, incarnation),
      onNotice: (n) => { this.notices.push({ id, at: this.clock.now(), n }); attached?.onNotice(n); },
    };
    if (file !== undefined) o.wal = Wal.open(file, this.opts.durability ?? 'fsync');
    if (this.opts.lastHeight !== undefined) o.lastHeight = this.opts.lastHeight;
    if (this.opts.walTag !== undefined) o.walTag = this.opts.walTag;
    if (this.opts.commitDelayMs !== undefined) o.commitDelayMs = this.opts.commitDelayMs;
    if (this.opts.batchWindowMs !== undefined) o.batchWindowMs = this.opts.batchWindowMs;
    const onStep = this.opts.onStep;
    if (onStep !== undefined) o.onStep = (e, outs) => onStep(id, e, outs);
    const node = Node.start(o);
    this.nodes.set(id, node);
    return node;
  }

  /** Kills `id` as a crash would (unsynced WAL records lost) and takes it offline. */
  crash(id: ValidatorId): void {
    const node = this.nodes.get(id);
    if (node === undefined) throw new Error(`Cluster.crash: ${id} is not running`);
    node.stop(true);
    this.nodes.delete(id);
    this.attached.get(id)?.stop();
    this.attached.delete(id);
    this.net.setOnline(id, false);
  }

  /** Stops every node cleanly (WALs closed). */
  stop(): void {
    for (const n of this.nodes.values()) n.stop(false);
    this.nodes.clear();
    for (const a of this.attached.values()) a.stop();
    this.attached.clear();
  }

  /** true iff every running node has decided height `h`. */
  decided(h: number): boolean {
    return [...this.nodes.values()].every((n) => n.decision(h) !== undefined);
  }

  /** runUntil for owners with promises settled by timers (VirtualClock.runUntilAsync). */
  runUntilAsync(done: () => boolean, maxMs = 600_000): Promise<boolean> {
    return this.clock.runUntilAsync(done, this.clock.now() + maxMs);
  }

  /** Runs the virtual clock until `done()` or `maxMs` virtual ms have passed. */
  runUntil(done: () => boolean, maxMs = 600_000): boolean {
    return this.clock.runUntil(done, this.clock.now() + maxMs);
  }
}
