// One simulated run: the real node (src/node: core, WAL, timers, height sync) for every
// correct validator and a ByzantineNode for every Byzantine one, on a virtual clock and
// the simulated network, with the schedule's crashes. Everything random is drawn from
// one seeded PRNG in a fixed order, so one schedule gives one run, bit for bit. Each
// correct node's steps are recorded (event, outputs, rules fired, projection after it,
// whether it reached the WAL) for the checks and for TLC (src/validate).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeConfig, type CoreConfig } from '../core/config.ts';
import type { ConsensusCrypto } from '../core/crypto.ts';
import type {
  ConsensusEvent, ConsensusMessage, ConsensusOutput, Decision, Projection, RuleName, ValidatorId,
} from '../core/types.ts';
import { VirtualClock } from '../node/clock.ts';
import { isMempoolValue } from '../node/cluster.ts';
import { demoBlsCrypto } from '../node/demo-keys.ts';
import { Node, type NodeNotice, type NodeOptions, type StepInfo } from '../node/node.ts';
import { seededRng } from '../node/rng.ts';
import { Wal } from '../node/wal.ts';
import { ByzantineNode } from './byzantine.ts';
import { checkChannels, type ChannelRunInfo } from './channel-checks.ts';
import { SIM_COUNTERPARTY, SimChannels, type ChannelSimOptions } from './channel-workload.ts';
import { checkRun, type Violation } from './checks.ts';
import { SimNetwork, type NetStats } from './network.ts';
import { correctIds, describeSchedule, type Schedule } from './schedule.ts';

/** The simulation's timeouts (virtual ms): short, so that rounds are cheap. */
export const SIM_TIMEOUTS = Object.freeze({
  propose: { baseMs: 300, deltaMs: 100 },
  prevote: { baseMs: 200, deltaMs: 100 },
  precommit: { baseMs: 200, deltaMs: 100 },
});
/**
 * The simulation's mempool: one block per (height, proposer, incarnation), whatever the
 * round (re-proposing the same block in a later round is what a proposer does anyway).
 * Few distinct values keep TLC's getValue() choice small when a run is validated.
 */
export const simValue = (height: number, self: ValidatorId, incarnation = 0): string =>
  `blk-${height}-${self}${incarnation > 0 ? `-i${incarnation}` : ''}`;

/** Virtual time a run may take after stabilization before liveness counts as violated. */
export const LIVENESS_BUDGET_MS = 60_000;

export interface RecordedStep {
  /** Global order of steps over all processes (causal: a send precedes its delivery). */
  seq: number;
  at: number;
  p: ValidatorId;
  event: ConsensusEvent;
  outputs: ConsensusOutput[];
  fired: RuleName[];
  projection: Projection;
  logged: boolean;
}

/** The steps of one incarnation of a correct node; `durable` logged steps survived its crash. */
export interface Incarnation { steps: RecordedStep[]; crashedAt: number | null; durableLogged: number | null }

/** What `start` needs: the node class, replaceable by a mutant's copy (src/sim/mutant-node.ts). */
export interface NodeLike {
  readonly projection: Projection;
  decision(h: number): Decision | undefined;
  stop(crash?: boolean): void;
}
export interface NodeImpl { start(o: NodeOptions): NodeLike }

export interface RunStats {
  steps: number; decisions: number; maxRound: number; heightsDecided: number;
  crashes: number; restarts: number; byzantineMessages: number; net: NetStats; virtualMs: number;
}

export interface RunResult {
  schedule: Schedule;
  violations: Violation[];
  /** Readable log: the schedule, then what happened (crashes, restarts, decisions). */
  log: string[];
  stats: RunStats;
  incarnations: Map<ValidatorId, Incarnation[]>;
  byzantineSent: ConsensusMessage[];
  /** Each correct node's decisions (from every incarnation). */
  decisions: Map<ValidatorId, Map<number, Decision>>;
  configs: Map<ValidatorId, CoreConfig>;
  /** The channel workload's outcome (schedules with one). */
  channels?: ChannelRunInfo;
}

export interface SimOptions {
  impl?: NodeImpl;
  /** For a schedule with a channel workload: the negative controls (channel-workload.ts). */
  channels?: ChannelSimOptions;
}

function cryptoFactory(s: Schedule): ((validators: readonly ValidatorId[], self: ValidatorId) => ConsensusCrypto) | undefined {
  return s.crypto === 'bls' ? demoBlsCrypto() : undefined;
}

/** What the run asks of its driver: run the clock until `done()` or `until` (virtual ms). */
interface ClockRequest { clock: VirtualClock; done: () => boolean; until: number }

/**
 * Runs one schedule to the end. Never throws for what the nodes do: that is a violation.
 * A schedule with a channel workload needs simulateAsync (its collections are promises).
 */
export function simulate(s: Schedule, opts: SimOptions = {}): RunResult {
  if (s.channels !== undefined) throw new TypeError('simulate: a schedule with a channel workload runs with simulateAsync');
  const run = world(s, opts);
  for (let r = run.next(); ;) {
    if (r.done === true) return r.value;
    try {
      r.value.clock.runUntil(r.value.done, r.value.until);
      r = run.next();
    } catch (e) {
      r = run.throw(e);
    }
  }
}

/** `simulate` for any schedule: the clock settles every promise a timer's callback starts before the next timer (VirtualClock.runUntilAsync). */
export async function simulateAsync(s: Schedule, opts: SimOptions = {}): Promise<RunResult> {
  const run = world(s, opts);
  for (let r = run.next(); ;) {
    if (r.done === true) return r.value;
    try {
      await r.value.clock.runUntilAsync(r.value.done, r.value.until);
      r = run.next();
    } catch (e) {
      r = run.throw(e);
    }
  }
}

/** The run itself; it yields where the clock must run, so one body serves both drivers. */
function* world(s: Schedule, opts: SimOptions): Generator<ClockRequest, RunResult, void> {
  const impl: NodeImpl = opts.impl ?? Node;
  const clock = new VirtualClock();
  const rng = seededRng(s.seed);
  const net = new SimNetwork(clock, rng, s, s.channels === undefined ? [] : [SIM_COUNTERPARTY]);
  const channels = s.channels === undefined ? undefined
    : new SimChannels(s.channels, s.order, clock, net.endpoint(SIM_COUNTERPARTY), opts.channels);
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-sim-'));
  const correct = correctIds(s);
  const crypto = cryptoFactory(s);
  const configs = new Map<ValidatorId, CoreConfig>();
  for (const id of s.order) {
    configs.set(id, makeConfig({
      validators: s.order, self: id, isValid: channels?.isValid ?? isMempoolValue, timeouts: SIM_TIMEOUTS,
      // Buffer every height of the run, as the model does (it never drops a message).
      futureBuffer: { maxHeightsAhead: s.heights, maxMessages: 1_000_000 },
      ...(crypto ? { crypto: crypto(s.order, id) } : {}),
    }));
  }
  const log = describeSchedule(s);
  const violations: Violation[] = [];
  const nodes = new Map<ValidatorId, NodeLike>();
  const incarnations = new Map<ValidatorId, Incarnation[]>(correct.map((id) => [id, []]));
  const decisions = new Map<ValidatorId, Map<number, Decision>>(correct.map((id) => [id, new Map()]));
  const durableSoFar = new Map<ValidatorId, number>(correct.map((id) => [id, 0]));
  const notices: { id: ValidatorId; n: NodeNotice }[] = [];
  let seq = 0;
  let crashes = 0, restarts = 0;
  let stableAt = s.gstMs;
  const pendingCrash: ValidatorId[] = [];
  const sendCountdown = new Map<ValidatorId, number>();
  const dying = new Set<ValidatorId>();
  const downFor = new Map<ValidatorId, number>();

  net.beforeSend = (from) => {
    if (dying.has(from)) return false;
    const k = sendCountdown.get(from);
    if (k === undefined) return true;
    if (k > 0) { sendCountdown.set(from, k - 1); return true; }
    sendCountdown.delete(from);
    dying.add(from);
    pendingCrash.push(from);
    return false;
  };

  const startNode = (id: ValidatorId, incarnation: number): void => {
    const inc: Incarnation = { steps: [], crashedAt: null, durableLogged: null };
    incarnations.get(id)!.push(inc);
    const opened = Wal.open(join(dir, `${id}.wal`), 'flush');
    const decision = (h: number) => nodes.get(id)?.decision(h);
    const node = impl.start({
      config: configs.get(id)!, clock, wal: opened,
      transport: channels === undefined ? net.endpoint(id) : channels.attachCorrect(id, net.endpoint(id), decision),
      proposeValue: channels === undefined ? (h) => simValue(h, id, incarnation)
        : (h) => channels.proposeValue(decision, simValue(h, id, incarnation)),
      lastHeight: s.heights, gossipMs: 1000, sync: { retryMs: 500 },
      onNotice: (n) => {
        notices.push({ id, n });
        if (n.kind === 'decided') {
          const mine = decisions.get(id)!;
          if (!mine.has(n.height)) mine.set(n.height, { value: n.value, round: n.round, cert: n.cert });
          channels?.onDecided(id, n.value);
          log.push(`${clock.now()} ms: ${id} decides h=${n.height} ${n.value} in round ${n.round}`);
        } else if (n.kind === 'guardRefused') {
          violations.push({ kind: 'conflicting-votes', detail: `${id} (its core) signed ${n.msg.type} h=${n.msg.height} r=${n.msg.round} ${n.msg.value}, conflicting with ${n.previous.value} signed before; the WAL guard stopped it` });
        }
      },
      onStep: (event: ConsensusEvent, outputs: readonly ConsensusOutput[], after: StepInfo) => {
        inc.steps.push({ seq: seq++, at: clock.now(), p: id, event, outputs: [...outputs], fired: [...after.fired],
          projection: after.projection, logged: after.logged });
      },
    });
    nodes.set(id, node);
  };

  const crash = (id: ValidatorId): void => {
    const node = nodes.get(id);
    if (node === undefined) return;
    node.stop(true);
    nodes.delete(id);
    channels?.detach(id);
    net.setDown(id, true);
    crashes++;
    const incs = incarnations.get(id)!;
    incs[incs.length - 1]!.crashedAt = clock.now();
    log.push(`${clock.now()} ms: ${id} crashes${dying.has(id) ? ' in the middle of sending (after the WAL sync)' : ''}`);
    const downMs = downFor.get(id) ?? 1;
    stableAt = Math.max(stableAt, clock.now() + downMs);
    clock.setTimer(downMs, () => {
      // How many of the logged steps of the crashed incarnation reached the disk.
      const events = Wal.open(join(dir, `${id}.wal`), 'flush');
      events.wal.close();
      const total = events.records.filter((r) => r.kind === 'event').length;
      incs[incs.length - 1]!.durableLogged = total - durableSoFar.get(id)!;
      durableSoFar.set(id, total);
      dying.delete(id);
      net.setDown(id, false);
      restarts++;
      log.push(`${clock.now()} ms: ${id} restarts from its WAL (${total} events)`);
      startNode(id, incs.length);
    });
  };

  const byzantine: ByzantineNode[] = [];
  try {
    for (const c of s.crashes) {
      clock.setTimer(c.atMs, () => {
        if (!nodes.has(c.node) || dying.has(c.node)) return;
        downFor.set(c.node, c.downMs);
        if (c.atSend === undefined) pendingCrash.push(c.node); else sendCountdown.set(c.node, c.atSend);
      });
    }
    // Crash triggers that never fired by GST expire, so that GST means no more crashes.
    clock.setTimer(s.gstMs, () => { sendCountdown.clear(); });
    for (const id of correct) startNode(id, 0);
    for (const b of s.order.filter((v) => s.byzantine[v] !== undefined)) {
      const bn = new ByzantineNode(configs.get(b)!, s.byzantine[b]!, {
        clock, rng, peers: s.order, send: (from, to, m) => net.transmit(from, to, m),
        proposeValue: (h) => simValue(h, b), lastHeight: s.heights,
      });
      const endpoint = channels === undefined ? net.endpoint(b) : channels.attachByzantine(b, net.endpoint(b));
      endpoint.onReceive((from, m) => bn.receive(from, m));
      byzantine.push(bn);
    }
    for (const bn of byzantine) bn.start();
    channels?.start();
    const done = (): boolean => correct.every((id) => {
      const n = nodes.get(id);
      return n !== undefined && n.decision(s.heights) !== undefined;
    }) && (channels === undefined || channels.done(decisions.values()));
    for (;;) {
      const limit = stableAt + LIVENESS_BUDGET_MS;
      yield { clock, done: () => pendingCrash.length > 0 || done(), until: limit };
      if (pendingCrash.length > 0) { for (const id of pendingCrash.splice(0)) crash(id); continue; }
      break;
    }
  } catch (e) {
    violations.push({ kind: 'exception', detail: `at ${clock.now()} ms: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
  } finally {
    for (const n of nodes.values()) n.stop(false);
    channels?.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  const byzantineSent = byzantine.flatMap((b) => b.own);
  const result: RunResult = {
    schedule: s, violations, log, incarnations, byzantineSent, decisions, configs,
    stats: {
      steps: seq, decisions: [...decisions.values()].reduce((a, m) => a + m.size, 0),
      maxRound: 0, heightsDecided: Math.min(...[...decisions.values()].map((m) => m.size)),
      crashes, restarts, byzantineMessages: byzantineSent.length, net: { ...net.stats }, virtualMs: clock.now(),
    },
  };
  for (const incs of incarnations.values())
    for (const inc of incs) for (const st of inc.steps) result.stats.maxRound = Math.max(result.stats.maxRound, st.projection.round);
  if (channels !== undefined) result.channels = channels.info();
  if (violations.every((v) => v.kind !== 'exception')) {
    violations.push(...checkRun(result, net.sent, stableAt));
    if (result.channels !== undefined) violations.push(...checkChannels(result.channels, decisions, stableAt, clock.now()));
  }
  return result;
}
