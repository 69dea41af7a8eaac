// A fault schedule: everything that makes one simulated run what it is. A run is a pure
// function of its schedule (src/sim/world.ts), so a schedule is also a reproduction:
// written to a file as JSON, read back, run again, bit for bit the same.
import type { ValidatorId } from '../core/types.ts';

/** What a Byzantine validator does (src/sim/byzantine.ts). */
export type Behaviour =
  /** As proposer, sends one value to half of the validators and another to the rest. */
  | 'equivocate'
  /** Sends every PREVOTE and PRECOMMIT with two different values to two halves. */
  | 'double-vote'
  /** Proposes and votes for values that are not valid (valid(v) is false). */
  | 'invalid-values'
  /** Runs the algorithm but forgets its lock at every new round. */
  | 'amnesia'
  /** Sends nothing at all. */
  | 'silent'
  /** Runs the algorithm and also re-sends old messages it received, to random validators. */
  | 'replay';

export const BEHAVIOURS: readonly Behaviour[] = ['equivocate', 'double-vote', 'invalid-values', 'amnesia', 'silent', 'replay'];

/** What a Byzantine validator does on the channel layer (src/sim/channel-byzantine.ts). */
export type ChannelBehaviour =
  /** Answers every partial request, and pushes partials unasked every 300 ms, with partials that do not verify. */
  | 'bad-partial'
  /** Signs whatever it is asked, decided or not, pushes its partials of every pending update unasked, and tries to get a conflicting update (one that was never decided) certified. */
  | 'undecided'
  /** Never answers a partial request. */
  | 'silent';

export const CHANNEL_BEHAVIOURS: readonly ChannelBehaviour[] = ['bad-partial', 'undecided', 'silent'];

/**
 * The channel workload: `updates` pending updates of channel alice-bob (nonces 1..),
 * proposed as consensus values and certified by the counterparty `cp`; each Byzantine
 * validator's channel behaviour.
 */
export interface ChannelWorkload { updates: number; byzantine: Record<ValidatorId, ChannelBehaviour> }

/** Cut `side` off from everyone else from `fromMs` until `toMs` (virtual ms): copies across are lost. */
export interface Partition { fromMs: number; toMs: number; side: ValidatorId[] }

/**
 * Crash `node` at `atMs` (between two events), or, with `atSend` = k, at its k-th send
 * after `atMs`: after the WAL append and sync of the step, before that copy leaves.
 * It restarts from its WAL `downMs` later.
 */
export interface Crash { node: ValidatorId; atMs: number; atSend?: number; downMs: number }

export interface Schedule {
  /** Seeds the network's delays, losses, duplications and the Byzantine replays. */
  seed: number;
  /** The validators in proposer order: c1.. are correct, b1.. Byzantine. */
  order: ValidatorId[];
  byzantine: Record<ValidatorId, Behaviour>;
  /** Heights every correct validator must decide. */
  heights: number;
  /** Before stabilization: delay per copy uniform in [1, maxDelayMs]; loss and duplication probabilities. */
  net: { maxDelayMs: number; loss: number; dup: number };
  /** Global stabilization time (virtual ms): from then on no loss, no duplication, delay <= STABLE_DELAY_MS, no partition, no crash. */
  gstMs: number;
  partitions: Partition[];
  crashes: Crash[];
  crypto: 'trusting' | 'bls';
  /** The channel workload, if any (a run with one is asynchronous: simulateAsync). */
  channels?: ChannelWorkload;
}

/** Delay bound after stabilization (virtual ms). */
export const STABLE_DELAY_MS = 10;

/**
 * The liveness bound checked after stabilization: every correct validator decides every
 * height h in a round at most LIVENESS_ROUNDS(f) above the highest round any correct
 * validator had reached in h at GST (0 if none had reached h). f rounds may have
 * Byzantine proposers, and with the node's gossip period a round or two can pass before
 * every message lost before GST has been sent again.
 */
export const livenessRounds = (f: number): number => f + 3;

export const correctIds = (s: Schedule): ValidatorId[] => s.order.filter((v) => s.byzantine[v] === undefined);
export const faultyCount = (n: number): number => Math.floor((n - 1) / 3);

/** Throws (naming the field) on a schedule that is not well-formed: used on files read back. */
export function checkSchedule(s: Schedule): Schedule {
  const fail = (what: string): never => { throw new TypeError(`schedule: ${what}`); };
  if (typeof s !== 'object' || s === null) fail('expected an object');
  if (!Number.isSafeInteger(s.seed)) fail(`seed: expected an integer, got ${String(s.seed)}`);
  if (!Array.isArray(s.order) || s.order.length < 1 || s.order.length > 100) fail('order: expected 1..100 validator ids');
  if (new Set(s.order).size !== s.order.length) fail('order: ids must be distinct');
  for (const v of s.order) if (typeof v !== 'string' || !/^[cb]\d+$/.test(v)) fail(`order: expected ids c<i> or b<i>, got ${JSON.stringify(v)}`);
  const byz = Object.keys(s.byzantine ?? {});
  for (const b of byz) {
    if (!s.order.includes(b) || !b.startsWith('b')) fail(`byzantine: ${b} is not a b<i> validator of order`);
    if (!BEHAVIOURS.includes(s.byzantine[b]!)) fail(`byzantine.${b}: unknown behaviour ${JSON.stringify(s.byzantine[b])}`);
  }
  for (const v of s.order) if (v.startsWith('b') && s.byzantine[v] === undefined) fail(`byzantine: no behaviour for ${v}`);
  if (byz.length > faultyCount(s.order.length)) fail(`byzantine: ${byz.length} Byzantine validators exceed f = ${faultyCount(s.order.length)}`);
  if (!Number.isSafeInteger(s.heights) || s.heights < 1) fail('heights: expected an integer >= 1');
  const n = s.net;
  if (!(n.maxDelayMs >= 1) || !(n.loss >= 0 && n.loss < 1) || !(n.dup >= 0 && n.dup < 1)) fail('net: expected maxDelayMs >= 1, loss and dup in [0, 1)');
  if (!(s.gstMs >= 0)) fail('gstMs: expected >= 0');
  for (const p of s.partitions) {
    if (!(p.fromMs >= 0 && p.toMs >= p.fromMs && p.toMs <= s.gstMs)) fail('partitions: expected 0 <= fromMs <= toMs <= gstMs');
    for (const v of p.side) if (!s.order.includes(v)) fail(`partitions: unknown validator ${v}`);
  }
  for (const c of s.crashes) {
    if (!correctIds(s).includes(c.node)) fail(`crashes: ${c.node} is not a correct validator`);
    if (!(c.atMs >= 0 && c.downMs >= 1 && c.atMs + c.downMs <= s.gstMs)) fail('crashes: expected the restart (atMs + downMs) by gstMs');
    if (c.atSend !== undefined && !(Number.isSafeInteger(c.atSend) && c.atSend >= 0)) fail('crashes.atSend: expected an integer >= 0');
  }
  if (s.crypto !== 'trusting' && s.crypto !== 'bls') fail('crypto: expected trusting or bls');
  if (s.channels !== undefined) {
    const c = s.channels;
    if (typeof c !== 'object' || c === null) fail('channels: expected an object');
    if (!Number.isSafeInteger(c.updates) || c.updates < 1 || c.updates > 1000) fail('channels.updates: expected an integer in 1..1000');
    for (const [b, how] of Object.entries(c.byzantine ?? {})) {
      if (s.byzantine[b] === undefined) fail(`channels.byzantine: ${b} is not a Byzantine validator`);
      if (!CHANNEL_BEHAVIOURS.includes(how)) fail(`channels.byzantine.${b}: unknown behaviour ${JSON.stringify(how)}`);
    }
  }
  return s;
}

/** The schedule as readable lines (the reproduction's event list). */
export function describeSchedule(s: Schedule): string[] {
  const lines = [
    `seed ${s.seed}; validators ${s.order.join(' ')} (proposer order); ${s.heights} heights; crypto ${s.crypto}`,
    ...Object.entries(s.byzantine).map(([b, how]) => `${b} is Byzantine: ${how}`),
    `before GST: delay 1..${s.net.maxDelayMs} ms, loss ${s.net.loss}, duplication ${s.net.dup}; GST at ${s.gstMs} ms`,
  ];
  if (s.channels !== undefined) {
    lines.push(`channel workload: ${s.channels.updates} updates of alice-bob, certified by the counterparty cp`);
    for (const [b, how] of Object.entries(s.channels.byzantine)) lines.push(`${b} on the channel layer: ${how}`);
  }
  for (const p of s.partitions) lines.push(`${p.fromMs} ms: partition {${p.side.join(', ')}} | rest, healed at ${p.toMs} ms`);
  for (const c of s.crashes) {
    const when = c.atSend === undefined ? `at ${c.atMs} ms` : `at its send #${c.atSend} after ${c.atMs} ms (after the WAL sync, before the copy leaves)`;
    lines.push(`${c.node} crashes ${when}, restarts from its WAL ${c.downMs} ms later`);
  }
  return lines;
}
