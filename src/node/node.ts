// A validator node: owns one core state, feeds it events (messages from the transport,
// timeouts from the RoundManager, StartHeight after each decision) and performs the
// outputs. The order inside `feed` is the WAL discipline: step the core, append the
// event and every own message and decision, sync, and only then let anything leave.
import type { CoreConfig } from '../core/config.ts';
import { initState, project, step, type StepResult } from '../core/step.ts';
import { roundMessages, roundsOf } from '../core/store.ts';
import { checkBeforeSignature } from '../core/validate.ts';
import type { ConsensusState } from '../core/step.ts';
import { NONE, assertNever } from '../core/types.ts';
import type {
  ConsensusEvent, ConsensusMessage, ConsensusOutput, Decision, Projection, RejectReason, RuleName, Value, ValidatorId,
} from '../core/types.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { decodeMessage } from './codec.ts';
import { HeightSynchronizer } from './height-sync.ts';
import type { SyncOptions } from './height-sync.ts';
import { RoundManager } from './round-manager.ts';
import { SignGuard } from './sign-guard.ts';
import type { Transport, WireMessage } from './transport.ts';
import type { Wal } from './wal.ts';
import type { WalRecord } from './wal-records.ts';

/** What a node reports to its owner. */
export type NodeNotice =
  | { kind: 'decided'; height: number; value: Value; round: number; cert: Decision['cert'] }
  | { kind: 'evidence'; output: Extract<ConsensusOutput, { kind: 'evidence' }> }
  | { kind: 'rejected'; from: ValidatorId | null; reason: RejectReason | 'bad-sync-request'; detail: string; msg?: ConsensusMessage }
  /** The guard stopped an own message that conflicts with one signed earlier. */
  | { kind: 'guardRefused'; msg: ConsensusMessage; previous: ConsensusMessage }
  /** The node rebuilt its state from its WAL. */
  | { kind: 'recovered'; events: number; height: number; round: number; torn: string | null };

/** What `onStep` learns about a step besides its event and outputs. */
export interface StepInfo { logged: boolean; projection: Projection; fired: readonly RuleName[] }

export interface NodeOptions {
  config: CoreConfig;
  transport: Transport;
  clock: Clock;
  /** getValue() (paper L18): the value to propose as proposer of (height, round) without a validValue. */
  proposeValue(height: number, round: number): Value;
  /**
   * Names the configuration beyond the validator set that the WAL is only valid with
   * (e.g. "crypto=bls"): replaying a log under other crypto would reject what was
   * accepted before and rebuild another state. Stored in the WAL; a mismatch refuses to start.
   */
  walTag?: string;
  /** The opened WAL and the records read from it (none: no durability, e.g. `run` without --wal-dir). */
  wal?: { wal: Wal; records: readonly WalRecord[]; torn: string | null };
  /** Pause between a decision and the next StartHeight (Tendermint's timeout_commit). */
  commitDelayMs?: number;
  /** Do not start heights above this one. */
  lastHeight?: number;
  /**
   * Batched verification, used when the crypto offers `verifyMany`: an inbound consensus
   * message waits up to this many ms (default 0: until the messages delivered at the same
   * instant are in) and the waiting ones are verified with one randomized check. Any
   * other event (a timeout, the next height) first feeds the waiting messages, so the
   * core sees every event in arrival order, batched or not.
   */
  batchWindowMs?: number;
  /**
   * When the node has been in the same undecided height for this long, it sends all its
   * own messages of the height again and retries height sync (default 2000 ms). The
   * paper assumes reliable gossip (every message of a correct process is eventually
   * received); this is our stand-in. Without it, a node that restarts into a height
   * everyone else has left hears nothing and schedules no timeout, forever; and with
   * message loss, a height can spin through rounds for ever when the prevotes that
   * justify a re-proposal (its POL round) were lost.
   */
  gossipMs?: number;
  sync?: Partial<SyncOptions>;
  onNotice?(n: NodeNotice): void;
  /**
   * Every event fed to the core (replayed ones excluded) with its outputs, before any of
   * them is performed: for traces and tests. `after.logged`: the event was appended to
   * the WAL (it changed something); `after.projection`: the core's projection after it.
   */
  onStep?(event: ConsensusEvent, outputs: readonly ConsensusOutput[], after: StepInfo): void;
  /**
   * The core's step function (default: src/core/step.ts's `step`). Only the simulator's
   * legal variants (src/sim/variant-node.ts) pass another: a reading of Algorithm 1
   * that differs where the paper leaves a choice.
   */
  step?(config: CoreConfig, state: ConsensusState, event: ConsensusEvent): StepResult;
}

function sameFields(a: ConsensusState, b: ConsensusState): boolean {
  return (Object.keys(a) as (keyof ConsensusState)[]).every((k) => a[k] === b[k]);
}

/** A value no real proposeValue returns: used to find out whether a reaction proposes a fresh value. */
const PROBE = '\u0000getValue';

export class Node {
  readonly id: ValidatorId;
  private state: ConsensusState;
  private readonly rounds: RoundManager;
  private readonly sync: HeightSynchronizer;
  private readonly guard = new SignGuard();
  private readonly decisions = new Map<number, Decision>();
  private readonly decidedAt = new Map<number, number>();
  private readonly retryMs: number;
  private stopped = false;
  private replaying = false;
  /** Own messages of the current height, for gossip and for re-sending after recovery. */
  private ownAtHeight: ConsensusMessage[] = [];
  /** The height (and whether decided) at the last gossip check: unchanged twice in a row means stalled. */
  private gossipMark = '';
  private gossipTimer: TimerHandle | undefined;
  private nextHeightTimer: TimerHandle | undefined;
  /** Inbound consensus messages waiting for one batched signature check. */
  private inbox: ConsensusMessage[] = [];
  private inboxTimer: TimerHandle | undefined;
  private readonly signer = (m: ConsensusMessage): Uint8Array | undefined => this.o.config.crypto.sign(m);
  /**
   * The config of the probe step: the same, except that a proposal of the PROBE marker
   * is not signed (a signature is as costly as a verification, and a PROBE proposal
   * never leaves: its step is redone with the real value).
   */
  private readonly probeConfig: CoreConfig;
  /** Events fed to the core since start (replayed ones included). */
  eventsFed = 0;
  /** The core's step function (NodeOptions.step). */
  private readonly core: NonNullable<NodeOptions['step']>;

  private constructor(private readonly o: NodeOptions) {
    this.id = o.config.self;
    this.core = o.step ?? step;
    if (o.transport.self !== this.id) throw new Error(`Node: transport is for ${o.transport.self}, config.self is ${this.id}`);
    this.state = initState(o.config);
    const crypto = o.config.crypto;
    this.probeConfig = { ...o.config, crypto: { ...crypto, sign: (m) => (m.value === PROBE ? undefined : crypto.sign(m)) } };
    this.rounds = new RoundManager(o.clock, (t) => this.feed({ kind: 'Timeout', ...t, value: NONE }));
    this.retryMs = o.sync?.retryMs ?? 1000;
    this.sync = new HeightSynchronizer(o.transport, o.clock, {
      retryMs: this.retryMs,
      maxBatch: o.sync?.maxBatch ?? o.config.futureBuffer.maxHeightsAhead + 1,
    });
  }

  /**
   * Creates the node, rebuilds its state from the WAL records if any, and starts: the
   * first height, or the next one if the recovered state has just decided. Throws when
   * the WAL belongs to another validator or validator set, or when replay makes the
   * core produce an own message that conflicts with one the WAL says was signed.
   */
  static start(o: NodeOptions): Node {
    const n = new Node(o);
    if (o.wal !== undefined) n.recover(o.wal.records, o.wal.torn);
    o.transport.onReceive((from, m) => n.receive(from, m));
    n.armGossip();
    if (n.state.height === o.config.firstHeight - 1) n.feed({ kind: 'StartHeight', height: o.config.firstHeight, value: NONE });
    else if (n.state.step === 'commit') n.scheduleNextHeight(n.state.height);
    return n;
  }

  /** The core's projection (height, round, step, locks, decisions). */
  get projection() { return project(this.state); }
  decision(h: number): Decision | undefined { return this.decisions.get(h); }
  get pendingTimeouts() { return this.rounds.pending(); }
  get timerStats() { return this.rounds.stats; }
  get syncStats() { return this.sync.stats; }

  /** Stops timers and ignores further input; with `crash`, buffered WAL records are lost. */
  stop(crash = false): void {
    if (this.stopped) return;
    this.stopped = true;
    this.rounds.stop();
    if (this.gossipTimer !== undefined) this.o.clock.clearTimer(this.gossipTimer);
    if (this.nextHeightTimer !== undefined) this.o.clock.clearTimer(this.nextHeightTimer);
    if (this.inboxTimer !== undefined) this.o.clock.clearTimer(this.inboxTimer);
    this.inbox = [];
    this.o.transport.onReceive(() => {});
    if (this.o.wal !== undefined) { if (crash) this.o.wal.wal.abandon(); else this.o.wal.wal.close(); }
  }

  private receive(from: ValidatorId, m: WireMessage): void {
    if (this.stopped) return;
    switch (m.kind) {
      case 'consensus': {
        let msg: ConsensusMessage;
        try {
          msg = decodeMessage(m.msg, `message from ${from}`);
        } catch (e) {
          this.notice({ kind: 'rejected', from, reason: 'malformed', detail: e instanceof Error ? e.message : String(e) });
          return;
        }
        // Sync only with validators: peers are who the transport says sent it (`from`).
        if (msg.type !== 'COMMIT' && this.o.config.validators.includes(from)) {
          if (msg.height > this.state.height) this.sync.observe(from, msg.height, this.state.height, this.state.step);
          else if (this.isStale(msg.height)) this.sync.offer(from, msg.height, (h) => this.decisions.get(h), this.signer);
        }
        if (this.o.config.crypto.verifyMany === undefined) this.feed({ kind: 'Deliver', msg, value: NONE });
        else this.enqueue(msg);
        return;
      }
      case 'syncRequest': {
        if (!this.o.config.validators.includes(from)) {
          this.notice({ kind: 'rejected', from, reason: 'bad-sync-request', detail: `syncRequest from non-validator ${from}` });
          return;
        }
        const err = this.sync.answer(from, m.fromHeight, m.toHeight, (h) => this.decisions.get(h), this.signer);
        if (err !== null) this.notice({ kind: 'rejected', from, reason: 'bad-sync-request', detail: err });
        return;
      }
      case 'channel': return; // the channel agent's (mux.ts), not the core's
      default: return assertNever(m);
    }
  }

  /** Holds `msg` for the next batch; the first one of a batch arms the window. */
  private enqueue(msg: ConsensusMessage): void {
    this.inbox.push(Object.freeze(msg)); // frozen: the crypto remembers its verdict per object
    if (this.inbox.length === 1) this.inboxTimer = this.o.clock.setTimer(this.o.batchWindowMs ?? 0, () => this.flush());
  }

  /**
   * Verifies the waiting messages together (crypto.verifyMany), then feeds them in
   * arrival order. Messages the core would reject before looking at their signature in
   * the current state (a decided height, a wrong proposer, ...) are left out of the
   * batch: the core asks for their signature only if it needs it after all (evidence
   * at a decided height), and then `verify` computes it alone.
   */
  private flush(): void {
    if (this.inbox.length === 0) return;
    const batch = this.inbox;
    this.inbox = [];
    if (this.inboxTimer !== undefined) { this.o.clock.clearTimer(this.inboxTimer); this.inboxTimer = undefined; }
    const wanted = batch.filter((m) => checkBeforeSignature(this.o.config, this.state, m) === null);
    if (wanted.length > 0) this.o.config.crypto.verifyMany?.(wanted);
    for (const msg of batch) this.stepEvent({ kind: 'Deliver', msg, value: NONE });
  }

  /** One event through the core, after the inbound messages that arrived before it. */
  private feed(ev: ConsensusEvent): void {
    this.flush();
    this.stepEvent(ev);
  }

  /**
   * One event through the core. The event's getValue answer is found by a probe: the
   * core is pure, so it is stepped with a marker value first, and only if the reaction
   * proposes that marker (a fresh proposal: validRound -1) is proposeValue asked for
   * the round it proposes in and the step redone with the real value. Otherwise the
   * event carries "none", as in the model.
   */
  private stepEvent(ev: ConsensusEvent): void {
    if (this.stopped) return;
    let event: ConsensusEvent = { ...ev, value: PROBE };
    let r = this.core(this.probeConfig, this.state, event);
    const fresh = r.outputs.find((x) => x.kind === 'broadcast' && x.msg.type === 'PROPOSAL' && x.msg.value === PROBE);
    if (fresh !== undefined && fresh.kind === 'broadcast') {
      const v = this.o.proposeValue(fresh.msg.height, fresh.msg.round);
      if (typeof v !== 'string' || v === PROBE || v === NONE || v === 'nil')
        throw new TypeError(`Node ${this.id}: proposeValue returned an unusable value ${JSON.stringify(v)}`);
      event = { ...ev, value: v };
      r = this.core(this.o.config, this.state, event);
    } else {
      event = { ...ev, value: NONE };
    }
    this.eventsFed++;
    this.apply(event, r.state, r.outputs, r.fired);
  }

  private apply(event: ConsensusEvent, next: ConsensusState, outputs: readonly ConsensusOutput[],
    fired: readonly RuleName[] = []): void {
    const wal = this.o.wal?.wal;
    // An event that changed nothing (a rejection, a duplicate) need not be replayed.
    // The core replaces what it changes, so "nothing changed" is field-wise identity.
    const noop = outputs.every((x) => x.kind === 'rejected') && sameFields(this.state, next);
    if (wal !== undefined && !this.replaying && !noop) wal.append({ kind: 'event', event });
    if (!this.replaying) this.o.onStep?.(event, outputs, { logged: wal !== undefined && !noop, projection: project(next), fired });
    const send: ConsensusMessage[] = [];
    let durable = false;
    for (const out of outputs) {
      if (out.kind === 'broadcast') {
        const prev = this.guard.conflict(out.msg);
        if (prev !== null) {
          if (this.replaying) {
            throw new Error(`Node ${this.id}: WAL replay produced ${out.msg.type} h=${out.msg.height} r=${out.msg.round} `
              + `value ${out.msg.value}, but the WAL holds a signed ${prev.value}: refusing to start`);
          }
          this.notice({ kind: 'guardRefused', msg: out.msg, previous: prev });
          continue;
        }
        if (!this.guard.has(out.msg)) {
          // During replay this means the vote record after this event was torn off: log it again.
          this.guard.record(out.msg);
          if (wal !== undefined) { wal.append({ kind: 'vote', msg: out.msg }); durable = true; }
        }
        send.push(out.msg);
      } else if (out.kind === 'decide' && !this.decisions.has(out.height) && !this.replaying) {
        if (wal !== undefined) { wal.append({ kind: 'decision', height: out.height, value: out.value, round: out.round, cert: out.cert }); durable = true; }
      }
    }
    if (wal !== undefined && (durable || send.length > 0) && !this.replaying) wal.sync();

    this.state = next;
    this.rounds.enter(next.height, next.round, next.step);
    for (const out of outputs) this.perform(out, send);
    if (!this.replaying) this.sync.poke(next.height, next.step);
  }

  private perform(out: ConsensusOutput, send: readonly ConsensusMessage[]): void {
    switch (out.kind) {
      case 'broadcast':
        if (!send.includes(out.msg)) return;
        if (this.ownAtHeight.length > 0 && this.ownAtHeight[0]!.height !== out.msg.height) this.ownAtHeight = [];
        this.ownAtHeight.push(out.msg);
        if (!this.replaying) {
          this.o.transport.broadcast({ kind: 'consensus', msg: out.msg });
          // config.ownMessages = 'delivered-back': the core counts it once it comes back.
          const own = out.msg;
          if (this.o.config.ownMessages === 'delivered-back') this.o.clock.setTimer(0, () => this.feed({ kind: 'Deliver', msg: own, value: NONE }));
        }
        return;
      case 'scheduleTimeout':
        this.rounds.schedule(out);
        return;
      case 'decide': {
        if (this.decisions.has(out.height)) return;
        const d: Decision = { value: out.value, round: out.round, cert: out.cert };
        this.decisions.set(out.height, d);
        this.decidedAt.set(out.height, this.replaying ? -Infinity : this.o.clock.now());
        this.guard.forgetBelow(out.height);
        if (!this.replaying) {
          this.notice({ kind: 'decided', height: out.height, ...d });
          this.scheduleNextHeight(out.height);
        }
        return;
      }
      case 'evidence':
        if (!this.replaying) this.notice({ kind: 'evidence', output: out });
        return;
      case 'getValue':
        // config.getValue = 'later-event': answer with a ProposeValue event of its own
        // (stepEvent's probe asks proposeValue for the value); a stale answer is a no-op.
        if (!this.replaying) {
          this.o.clock.setTimer(0, () => this.feed({ kind: 'ProposeValue', height: out.height, round: out.round, value: NONE }));
        }
        return;
      case 'rejected':
        if (!this.replaying) {
          const n: NodeNotice = { kind: 'rejected', from: out.msg?.src ?? null, reason: out.reason, detail: out.detail };
          if (out.msg !== undefined) n.msg = out.msg;
          this.notice(n);
        }
        return;
      default: return assertNever(out);
    }
  }

  /**
   * true iff we decided `height` at least retryMs ago: a peer still sending messages of
   * it is stuck, not merely a few milliseconds behind (late precommits are normal).
   */
  private isStale(height: number): boolean {
    const at = this.decidedAt.get(height);
    return at !== undefined && this.o.clock.now() - at >= this.retryMs;
  }

  private armGossip(): void {
    this.gossipTimer = this.o.clock.setTimer(this.o.gossipMs ?? 2000, () => {
      if (this.stopped) return;
      const s = this.state;
      // Stalled = the same undecided height as one tick ago (rounds may have moved: a
      // height can spin through rounds for ever when the POL prevotes of an old round
      // were lost, so every own message of the height is sent, old rounds included).
      const mark = `${s.height}/${s.step === 'commit' ? 'commit' : ''}`;
      if (mark === this.gossipMark && s.step !== 'commit') {
        // Relay every stored message of the height, not only our own: Tendermint's
        // gossip property (a message one correct process received reaches every correct
        // process) is what lets a lagging process see the POL prevotes a Byzantine sent
        // only to some (found by `hybrid-bft simulate`: without it, a height never ended).
        for (const r of roundsOf(s.store, s.height)) {
          const rm = roundMessages(s.store, s.height, r);
          for (const type of ['PROPOSAL', 'PREVOTE', 'PRECOMMIT'] as const)
            for (const held of Object.values(rm[type] ?? {})) for (const m of held) this.o.transport.broadcast({ kind: 'consensus', msg: m });
        }
        this.sync.poke(s.height, s.step);
      }
      this.gossipMark = mark;
      this.armGossip();
    });
  }

  private scheduleNextHeight(decided: number): void {
    if (this.o.lastHeight !== undefined && decided >= this.o.lastHeight) return;
    this.nextHeightTimer = this.o.clock.setTimer(this.o.commitDelayMs ?? 0, () => {
      if (this.state.height === decided && this.state.step === 'commit')
        this.feed({ kind: 'StartHeight', height: decided + 1, value: NONE });
    });
  }

  /**
   * Rebuilds the state by replaying the logged events through the core (deterministic,
   * so this reproduces the state before the crash, minus unsynced events that had no
   * visible effect). Own messages logged as signed load the guard first, so a replay
   * that would produce a conflicting one stops the start. Own messages of the current
   * height are sent again: peers treat them as duplicates if they already have them,
   * and a message whose event was logged but which never left (torn tail) goes out now.
   */
  private recover(records: readonly WalRecord[], torn: string | null): void {
    const wal = this.o.wal!.wal;
    let sawOpen = false;
    for (const r of records) {
      if (r.kind === 'open') {
        sawOpen = true;
        const same = r.self === this.id && r.validators.length === this.o.config.validators.length
          && r.validators.every((v, i) => v === this.o.config.validators[i]);
        if (!same) throw new Error(`Node ${this.id}: WAL ${wal.file} belongs to ${r.self} with validators ${r.validators.join(',')}`);
        const tag = this.o.walTag ?? '';
        if (r.tag !== tag) throw new Error(`Node ${this.id}: WAL ${wal.file} was written with tag '${r.tag}', this node runs with '${tag}'`);
      } else if (r.kind === 'vote') this.guard.record(r.msg);
    }
    if (!sawOpen) {
      if (records.length > 0) throw new Error(`Node ${this.id}: WAL ${wal.file} has records but no 'open' record`);
      wal.append({ kind: 'open', self: this.id, validators: [...this.o.config.validators], tag: this.o.walTag ?? '' });
      wal.sync();
      return;
    }
    const logged = new Set(records.flatMap((r) => (r.kind === 'decision' ? [r.height] : [])));
    this.replaying = true;
    let events = 0;
    try {
      for (const r of records) {
        if (r.kind !== 'event') continue;
        const res = this.core(this.o.config, this.state, r.event);
        for (const out of res.outputs) {
          if (out.kind === 'decide' && !logged.has(out.height)) {
            // The event was synced but its decision record was torn off: log it again.
            wal.append({ kind: 'decision', height: out.height, value: out.value, round: out.round, cert: out.cert });
          }
        }
        this.apply(r.event, res.state, res.outputs);
        events++;
      }
    } finally {
      this.replaying = false;
    }
    this.eventsFed = events;
    // Own messages whose vote record was torn off were re-appended by `apply` above.
    wal.sync();
    const current = this.ownAtHeight.filter((m) => m.height === this.state.height);
    for (const m of current) this.o.transport.broadcast({ kind: 'consensus', msg: m });
    this.notice({ kind: 'recovered', events, height: this.state.height, round: this.state.round, torn });
  }

  private notice(n: NodeNotice): void { this.o.onNotice?.(n); }
}
