// One explored run: makes the events as it goes from the engine's answers (issue 22
// §1). Correct processes' broadcasts become copies in flight, one per other correct
// process, each delayed 0..maxDelay steps (so reordered), duplicated with chance `dup`
// and, before GST, held back with chance `loss` or when its round is a partitioned
// round and it crosses the partition; held copies are released at GST (partial
// synchrony: every message is eventually delivered). Timeouts the processes scheduled
// fire at any time before GST and, after it, only when no correct process's copy is in
// flight (messages are faster than timeouts), the earliest (height, round, kind) first
// (timeouts that grow with the round are long enough for the laggards to catch up). After GST every Byzantine message that
// reached a correct process is relayed to the others (the gossip of the paper's
// liveness argument). A decision sends the decided process's COMMIT (height
// synchronization, the model's CommitMsgs) to the other correct processes. StartHeight(h + 1) follows a decision of h.
// The Byzantine validators move (byzantine.ts) with weight byzRate and, in most runs,
// also follow the protocol with a per-round mutation plan (follower.ts). Every choice comes
// from the run's PRNG (genome.seed), so a genome and an engine give one run, bit for bit.
import type { NormalMessage } from '../conformance/normal.ts';
import { toCoreMessage } from '../conformance/model-trace.ts';
import { normalMessage } from '../conformance/normal.ts';
import type { TraceParams } from '../conformance/replay.ts';
import { faulty } from '../core/quorum.ts';
import { NONE } from '../core/types.ts';
import type { Rng } from '../node/rng.ts';
import { byzantineMove } from './byzantine.ts';
import { Cluster, timerKey, type AppliedStep, type ExploreEvent, type Origin } from './cluster.ts';
import { Followers, drawPlan } from './follower.ts';
import { BYZ_KINDS, forkedRng, type Genome } from './genome.ts';
import { commitOf, msgKey, type Violation } from './properties.ts';

/**
 * Liveness after GST: every correct process decides every height h by round
 * R(h) + LIVENESS_ROUNDS(f), where R(h) is the highest round a correct process had
 * reached in h at GST (0 if none had started h). f rounds may have Byzantine
 * proposers, one more may have been under way at GST, one more to align the rounds.
 */
export const livenessRounds = (f: number): number => f + 2;

/** Steps a run may take per height before it is cut (a cut run after GST that has not decided fails Liveness). */
export const STEPS_PER_HEIGHT = 400;
/** Byzantine moves per height and run (ByzzFuzz bounds its mutations too): the adversary cannot flood a run for ever. */
export const BYZ_MOVES_PER_HEIGHT = 16;

interface InFlight { to: string; msg: NormalMessage; ready: number; origin: Origin; relay?: boolean }

export interface RunOutcome {
  events: ExploreEvent[];
  violation: (Violation & { step: number }) | null;
  coverage: Set<string>;
  steps: number;
  maxRound: number;
  decided: boolean;
  /** Draws of the run's PRNG (where a child may fork it: genome.ts). */
  draws: number;
  /** False when liveness was not judged: a Byzantine validator sent more than VoteSlots votes of one (type, height, round). */
  livenessJudged: boolean;
}

/** docs/contract.md, "Receiving a message", step 4: a process stores at most this many votes of a sender per (type, height, round). */
export const VOTE_SLOTS = 2;

/** The getValue() answer of process p at height h in this run. */
export function valueFor(params: TraceParams, p: string, h: number, seed: number): string {
  let x = (seed ^ (h * 0x9e3779b1)) >>> 0;
  for (const c of p) x = Math.imul(x ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return params.validValues[x % params.validValues.length]!;
}

export function eventValue(params: TraceParams, cluster: Cluster, p: string, e: { kind: string; height?: number }, seed: number): string {
  const h = e.kind === 'StartHeight' ? e.height! : cluster.proj.get(p)!.height;
  return h < 1 ? NONE : valueFor(params, p, h, seed);
}

const KIND_ORDER: Record<string, number> = { propose: 0, prevote: 1, precommit: 2 };
/** A timer key's place in time after GST: by height, then round, then kind. */
function timerOrder(k: string): number {
  const [kind, h, r] = k.split('|');
  return (Number(h) * 1000 + Number(r)) * 3 + KIND_ORDER[kind!]!;
}

function weighted(rng: Rng, ws: readonly number[]): number {
  const total = ws.reduce((a, b) => a + b, 0);
  let x = rng.next() * total;
  for (let i = 0; i < ws.length; i++) { x -= ws[i]!; if (x < 0) return i; }
  return ws.length - 1;
}

/** Runs one genome against the cluster's engine; stops at the first violation. */
export async function exploreRun(cluster: Cluster, g: Genome): Promise<RunOutcome> {
  const params = cluster.params;
  const rng = forkedRng(g.seed, g.forks);
  const correct = params.correct;
  const byzantine = params.validators.filter((v) => cluster.isByzantine(v));
  const f = faulty(params.validators.length);
  const events: ExploreEvent[] = [];
  const coverage = new Set<string>();
  const history: NormalMessage[] = [];
  let flight: InFlight[] = [];
  const held: InFlight[] = [];
  const starts: { p: string; h: number }[] = correct.map((p) => ({ p, h: 1 }));
  const sideA = new Set(correct.filter((_, i) => ((g.side >> i) & 1) === 1));
  let tick = 0;
  let stable = false;
  const gstRound = new Map<number, number>();
  let maxRound = 0;
  // A Byzantine validator with more than VoteSlots votes of one (type, height, round) can
  // hide its vote for v from a process for ever (docs/contract.md, the price of
  // VoteSlots): liveness is then not judged in this run.
  const byzVotes = new Map<string, Set<string>>();
  let livenessJudged = true;
  const voteKey = (m: NormalMessage): string => `${m.type}|${m.src}|${m.height}|${m.round}`;
  const noteVote = (m: NormalMessage): void => {
    if (m.type !== 'PREVOTE' && m.type !== 'PRECOMMIT') return;
    const vs = byzVotes.get(voteKey(m)) ?? new Set<string>();
    vs.add(m.value);
    byzVotes.set(voteKey(m), vs);
    if (vs.size > VOTE_SLOTS) livenessJudged = false;
  };
  const out = (violation: RunOutcome['violation']): RunOutcome => ({ events, violation, coverage, steps: events.length, maxRound, decided: cluster.done(), livenessJudged, draws: rng.draws() });

  const send = (m: NormalMessage, to: string, origin: Origin): void => {
    const crosses = sideA.has(m.src) !== sideA.has(to);
    const copy = { to, msg: m, ready: tick + (stable ? rng.int(0, 1) : rng.int(0, g.maxDelay)), origin };
    if (!stable && (origin === 'net' || origin === 'sync') && ((crosses && g.partitionRounds.includes(m.round)) || rng.next() < g.loss)) held.push(copy);
    else flight.push(copy);
    if (rng.next() < g.dup) flight.push({ ...copy, ready: copy.ready + rng.int(1, 1 + g.maxDelay) });
  };
  const followers = g.follow && byzantine.length > 0
    ? new Followers(params, byzantine, drawPlan(rng, correct), rng, (b, h) => valueFor(params, b, h, g.seed), (m, to) => {
      history.push(m);
      noteVote(m);
      send(m, to, 'byz:follow');
    })
    : undefined;
  // The gossip the paper's liveness proof assumes: after GST a message one correct
  // process received reaches every correct process, a Byzantine one included.
  const byzDelivered = new Map<string, { msg: NormalMessage; origin: Origin; to: Set<string> }>();
  const relay = (k: string): void => {
    const d = byzDelivered.get(k)!;
    for (const q of correct) {
      if (d.to.has(q)) continue;
      d.to.add(q);
      flight.push({ to: q, msg: d.msg, ready: tick + rng.int(0, 1), origin: d.origin, relay: true });
    }
  };
  const stabilise = (): void => {
    stable = true;
    for (const c of held.splice(0)) flight.push({ ...c, ready: tick + rng.int(0, 2) });
    for (const k of byzDelivered.keys()) relay(k);
    for (const p of correct) {
      const pr = cluster.proj.get(p)!;
      gstRound.set(pr.height, Math.max(gstRound.get(pr.height) ?? 0, pr.round));
    }
  };
  // Before the engine sees an event: the gossip bookkeeping of a Byzantine delivery.
  const before = (e: ExploreEvent): void => {
    events.push(e);
    if (e.event.kind === 'Deliver' && cluster.isByzantine(e.event.msg.src)) {
      const m = normalMessage(e.event.msg);
      const k = msgKey(m);
      const d = byzDelivered.get(k) ?? { msg: m, origin: e.origin, to: new Set<string>() };
      d.to.add(e.p);
      byzDelivered.set(k, d);
      if (stable) relay(k);
    }
  };
  // After its answer: new copies in flight, StartHeight after a decision, the liveness bound.
  const after = (e: ExploreEvent, r: AppliedStep): Violation | null => {
    for (const k of r.coverage) coverage.add(k);
    coverage.add(clusterKey(e.p));
    followers?.see(e.p, e.event);
    for (const m of r.broadcasts) {
      history.push(m);
      for (const q of correct) if (q !== e.p) send(m, q, 'net');
    }
    for (const d of r.decided) {
      if (d.height < params.maxHeight) starts.push({ p: e.p, h: d.height + 1 });
      // Height synchronization: the decided process's COMMIT to every other correct process.
      const c = commitOf(e.p, d);
      for (const q of correct) if (q !== e.p) send(c, q, 'sync');
    }
    const pr = cluster.proj.get(e.p)!;
    if (pr.round > maxRound) maxRound = pr.round;
    if (livenessJudged && stable && (gstRound.get(pr.height) ?? 0) + livenessRounds(f) < pr.round && Object.keys(pr.decisions).length < params.maxHeight && pr.height <= params.maxHeight) {
      return { property: 'Liveness', process: e.p, detail: [`after GST (step ${g.gst}), ${e.p} reached round ${pr.round} of height ${pr.height} undecided: more than ${livenessRounds(f)} rounds (f + 2) above round ${gstRound.get(pr.height) ?? 0}, the highest a correct process had reached in it at GST`] };
    }
    return r.violations[0] ?? null;
  };
  // A coverage key of the cluster as a whole (coverage.ts): at the stepped process's
  // height, how many correct processes decided, how far apart the others' rounds are,
  // how many of them are locked, and the highest round.
  const clusterKey = (p: string): string => {
    const h = cluster.proj.get(p)!.height;
    let d = 0, locked = 0, lo = Infinity, hi = 0;
    for (const q of correct) {
      const x = cluster.proj.get(q)!;
      if (x.decisions[String(h)] !== undefined) { d++; continue; }
      if (x.lockedRound !== -1) locked++;
      lo = Math.min(lo, x.round);
      hi = Math.max(hi, x.round);
    }
    return `cluster|d${d}|s${lo === Infinity ? 0 : Math.min(hi - lo, 3)}|l${locked}|r${Math.min(hi, 3)}`;
  };
  const undecided = (): string => correct.find((p) => Object.keys(cluster.proj.get(p)!.decisions).length < params.maxHeight)!;

  const limit = STEPS_PER_HEIGHT * params.maxHeight;
  let byzMoves = BYZ_MOVES_PER_HEIGHT * params.maxHeight;
  /** The next event for a process not in `busy`, 'byz' after a Byzantine move, 'none' when nothing is enabled. */
  const next = (busy: ReadonlySet<string>): ExploreEvent | 'byz' | 'none' => {
    const ready = flight.filter((c) => c.ready <= tick && !busy.has(c.to));
    const correctInFlight = flight.some((c) => c.origin === 'net' || c.origin === 'sync' || c.relay === true);
    const free = starts.filter((x) => !busy.has(x.p));
    let timers = correct.filter((p) => !busy.has(p)).flatMap((p) => [...cluster.timers.get(p)!].map((k) => ({ p, k, at: timerOrder(k) })))
      .filter((t) => !t.k.startsWith('precommit|') || !t.k.endsWith(`|${params.maxRound}`));
    if (stable && timers.length > 0) {
      // After GST timeouts are long enough: the earliest (height, round, kind) expires first.
      const first = Math.min(...timers.map((t) => t.at));
      timers = timers.filter((t) => t.at === first);
    }
    const canTime = timers.length > 0 && (!stable || (!correctInFlight && starts.length === 0 && busy.size === 0));
    const ws = [free.length > 0 ? 4 : 0, ready.length, canTime ? (stable ? 1 : g.timeoutRate * (1 + ready.length)) : 0,
      byzantine.length > 0 && byzMoves > 0 ? g.byzRate * (1 + ready.length / 2) : 0];
    if (ws.every((w) => w === 0)) return 'none';
    const choice = weighted(rng, ws);
    if (choice === 0) {
      const s = free[rng.int(0, free.length - 1)]!;
      starts.splice(starts.indexOf(s), 1);
      const ev = { kind: 'StartHeight' as const, height: s.h };
      return { p: s.p, event: { ...ev, value: eventValue(params, cluster, s.p, ev, g.seed) }, origin: 'start' };
    }
    if (choice === 1) {
      const c = ready[rng.int(0, ready.length - 1)]!;
      flight.splice(flight.indexOf(c), 1);
      const ev = { kind: 'Deliver' as const, msg: toCoreMessage(c.msg) };
      return { p: c.to, event: { ...ev, value: eventValue(params, cluster, c.to, ev, g.seed) }, origin: c.origin };
    }
    if (choice === 2) {
      const t = timers[rng.int(0, timers.length - 1)]!;
      const [timeout, h, r] = t.k.split('|');
      const ev = { kind: 'Timeout' as const, timeout: timeout as 'propose' | 'prevote' | 'precommit', height: Number(h), round: Number(r) };
      return { p: t.p, event: { ...ev, value: eventValue(params, cluster, t.p, ev, g.seed) }, origin: 'timeout' };
    }
    byzMoves--;
    const kind = BYZ_KINDS[weighted(rng, g.byzMix)]!;
    for (const x of byzantineMove(kind, rng, { params, byzantine, correct, proj: cluster.proj, history }) ?? []) {
      if (x.msg.type === 'PREVOTE' || x.msg.type === 'PRECOMMIT') {
        const vs = byzVotes.get(voteKey(x.msg));
        // Mostly within VoteSlots (so that liveness stays judged); now and then beyond.
        if (vs !== undefined && !vs.has(x.msg.value) && vs.size >= VOTE_SLOTS && rng.next() < 0.85) x.msg = { ...x.msg, value: [...vs][rng.int(0, vs.size - 1)]! };
        noteVote(x.msg);
      }
      history.push(x.msg);
      for (const to of x.to) send(x.msg, to, `byz:${kind}`);
    }
    return 'byz';
  };

  // Each round of the loop picks a batch of events for distinct processes (one, unless
  // the engine pipelines: then up to one per correct process), all chosen on the state
  // before any of them, sends them together and takes the answers in order.
  const width = Math.min(cluster.window, correct.length);
  while (!cluster.done()) {
    if (!stable && tick >= g.gst) stabilise();
    if (events.length >= limit) {
      return out(stable && livenessJudged ? { property: 'Liveness', process: undecided(), step: events.length,
        detail: [`after GST (step ${g.gst}), not every correct process decided every height within ${limit} steps`] } : null);
    }
    const batch: ExploreEvent[] = [];
    const busy = new Set<string>();
    let idle = false;
    for (let tries = 0; batch.length < width && tries < 2 * width + 2; tries++) {
      const e = next(busy);
      if (e === 'none') { idle = batch.length === 0; break; }
      tick++;
      if (e === 'byz' || !cluster.legal(e)) continue;
      batch.push(e);
      busy.add(e.p);
    }
    if (idle) {
      if (flight.length > 0) { tick = Math.max(tick, Math.min(...flight.map((c) => c.ready))); continue; }
      if (!stable) { tick = Math.max(tick + 1, g.gst); continue; }
      if (!livenessJudged) return out(null);
      return out({ property: 'Liveness', process: undecided(), step: events.length,
        detail: ['after GST nothing is left to deliver and no timeout is scheduled, but not every correct process decided every height'] });
    }
    for (const e of batch) before(e);
    const answers = batch.map((e) => cluster.begin(e));
    let v: (Violation & { step: number }) | null = null;
    for (const [i, e] of batch.entries()) {
      const a = await answers[i]!;
      if (v !== null) continue;
      const bad = after(e, cluster.end(e, a));
      if (bad !== null) v = { ...bad, step: events.length - batch.length + i + 1 };
    }
    if (v !== null) { events.length = v.step; return out(v); }
  }
  return out(null);
}

export { timerKey };
