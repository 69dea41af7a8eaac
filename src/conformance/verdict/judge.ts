// The verdict by the paper for one process (docs/contract.md, "What the verdict allows"):
// a shadow of the process — every reference state consistent with what the
// implementation has answered so far — is advanced along the legal choice the
// implementation made. A step conforms iff the answer equals some legal reaction
// (reactions.ts) of some shadow state, at the driver's level (match.ts); the shadow
// then becomes the states of the reactions that match. A step no legal reaction
// explains is a violation; the shadow is then resynchronized to the implementation's
// answer (the closest reaction with the implementation's projection and messages), so
// the later steps are judged too.
import { timeoutDuration, type CoreConfig } from '../../core/config.ts';
import { RULES } from '../../core/rules.ts';
import { NO_FLAGS, type ConsensusState } from '../../core/state.ts';
import { initState, project } from '../../core/step.ts';
import { held, sameContent } from '../../core/store.ts';
import { NONE, type ConsensusEvent, type ConsensusMessage, type TimeoutKind } from '../../core/types.ts';
import { normalMessage, normalOutputs, normalProjection, type NormalMessage, type NormalOutput, type NormalProjection } from '../normal.ts';
import type { SutStepResult } from '../replay.ts';
import { EvidenceJudge } from './evidence.ts';
import { fingerprint } from './fingerprint.ts';
import type { Freedom } from './freedoms.ts';
import type { Level } from './level.ts';
import { describeReaction, match } from './match.ts';
import { reactions, type Reaction } from './reactions.ts';
import { addMessage, removeMessage } from './store-edit.ts';
import { TimeoutJudge } from './timeouts.ts';

/** One shadow state: the reference state and what it has pending from its environment. */
interface Candidate {
  readonly state: ConsensusState;
  /** Scheduled, not yet fired timeouts ("t/kind/h/r") and unanswered getValue requests ("g/h/r"). */
  readonly pending: ReadonlySet<string>;
  /** The freedoms taken on this state's path. */
  readonly taken: ReadonlySet<Freedom>;
}

/** Rejections that are the contract's bounds, not a bad message: the message still counts as received, for evidence. */
const RECEIVED_ANYWAY: ReadonlySet<string> = new Set(['past-height', 'vote-limit', 'future-height-buffer-full']);

/** More shadow states than this are cut (reported: a later legal step may then be flagged, never a bug missed). */
export const MAX_CANDIDATES = 64;

export interface Violation {
  step: number;
  process: string;
  event: ConsensusEvent | null;
  /** A short name for counting, derived from what differs (e.g. "unexpected broadcast PREVOTE"). */
  class: string;
  /** The rules that fire in some legal reaction, with their paper lines. */
  enabled: { rule: string; lines: string }[];
  /** The legal reactions (at most 6), as compared at the level. */
  alternatives: ReturnType<typeof describeReaction>[];
  /** The implementation's answer, as compared. */
  answer: { outputs: NormalOutput[]; projection?: NormalProjection; fired?: string[] };
  /** Field by field, against the closest legal reaction. */
  lines: string[];
  /** The process had a violation before: the shadow was resynchronized to it (a knock-on effect is possible). */
  afterResync?: boolean;
}

export type StepJudgement =
  | { kind: 'legal'; freedoms: readonly Freedom[] }
  | { kind: 'violation'; violation: Violation };

const timerKey = (kind: string, h: number, r: number): string => `t/${kind}/${h}/${r}`;
const askKey = (h: number, r: number): string => `g/${h}/${r}`;

function sentBy(config: CoreConfig, s: ConsensusState, m: ConsensusMessage): boolean {
  return held(config.ownMessages === 'delivered-back' ? s.sent : s.store, m).some((x) => sameContent(x, m));
}

export class ProcessJudge {
  private candidates: Candidate[];
  private readonly evidence = new EvidenceJudge();
  private readonly timeouts = new TimeoutJudge();
  /** Steps judged after the shadow was resynchronized by a violation. */
  resynced = 0;
  /** Times the shadow was cut to MAX_CANDIDATES. */
  cut = 0;
  /** Legal reactions left out because they need a getValue() answer the event does not carry. */
  unanswered = 0;

  constructor(readonly process: string, readonly config: CoreConfig, readonly level: Level) {
    this.candidates = [{ state: initState(config), pending: new Set(), taken: new Set() }];
  }

  /** The shadow's projection (the first state's): what the initial answer must equal. */
  initialProjection(): NormalProjection {
    return normalProjection(project(this.candidates[0]!.state));
  }

  /**
   * Whether `event` can reach the process in a run of the implementation's own path:
   * null if so, else why not. A timeout fires only if scheduled (and once), a getValue
   * answer only if asked, StartHeight(h) only after height h − 1 is decided, and a
   * message in the process's own name only if it sent it (a correct process's
   * signature cannot be forged). Such an event is not sent: in the implementation's run
   * it never happens, which the environment may always choose.
   */
  applicable(event: ConsensusEvent): string | null {
    return this.fitting(event).length > 0 ? null : this.why(event);
  }

  /** Whether applicable() can depend on the shadow (else the event is always applicable). */
  static shadowDependent(process: string, event: ConsensusEvent): boolean {
    return event.kind !== 'Deliver' || event.msg.src === process;
  }

  private fitting(event: ConsensusEvent): Candidate[] {
    const { config } = this;
    switch (event.kind) {
      case 'Timeout': return this.candidates.filter((c) => c.pending.has(timerKey(event.timeout, event.height, event.round)));
      case 'ProposeValue': return this.candidates.filter((c) => c.pending.has(askKey(event.height, event.round)));
      case 'StartHeight': return this.candidates.filter((c) => c.state.step === 'commit' && c.state.height === event.height - 1);
      case 'Deliver': return event.msg.src !== this.process ? this.candidates : this.candidates.filter((c) => sentBy(config, c.state, event.msg));
    }
  }

  private why(event: ConsensusEvent): string {
    switch (event.kind) {
      case 'Timeout': return `timeout ${event.timeout} of (${event.height}, ${event.round}) was never scheduled on the implementation's path (or fired already)`;
      case 'ProposeValue': return `getValue of (${event.height}, ${event.round}) was never asked on the implementation's path`;
      case 'StartHeight': return `height ${event.height - 1} is not decided on the implementation's path`;
      case 'Deliver': return 'a message in the process\'s own name that it did not send on its path (a correct process\'s signature cannot be forged)';
    }
  }

  /** Judges the implementation's answer to `event` (which must be applicable) and advances the shadow. */
  judge(step: number, event: ConsensusEvent, answer: SutStepResult): StepJudgement {
    const { config, level } = this;
    const from = this.fitting(event);
    if (from.length === 0) throw new Error(`verdict: step ${step} was sent although not applicable: ${this.why(event)}`);
    const problems: string[] = [];
    const shadowEvent = withAnswerValue(event, answer, this.process);
    const options = from.map((c) => ({ c, ...reactions(config, c.state, shadowEvent) }));
    if (level.evidence) {
      if (event.kind === 'Deliver' && event.msg.src !== this.process) {
        // Received, for evidence: a well-formed message of a validator, passing the receipt
        // checks (the shadow's first reaction rejects it, if at all, only for a decided
        // height, the vote slots or the future-height buffer: the contract's bounds). Accepted, so that an
        // equivocation it completes is owed: not rejected at all, and its height undecided.
        const rejections = options.map(({ reactions: rs }) => rs[0]!.outputs.filter((o) => o.kind === 'rejected'));
        const received = rejections.every((rs) => rs.every((o) => o.kind === 'rejected' && RECEIVED_ANYWAY.has(o.reason)));
        const accepted = rejections.every((rs) => rs.length === 0) && options.every(({ c }) => event.msg.height > c.state.height
          || (event.msg.height === c.state.height && c.state.step !== 'commit'));
        if (received) this.evidence.deliver(normalMessage(event.msg), accepted, step);
      }
      for (const o of answer.outputs) {
        if (o.kind !== 'evidence') continue;
        const p = this.evidence.report(o);
        if (p !== null) problems.push(`evidence: ${p}`);
      }
    }
    if (level.timeouts) {
      for (const o of answer.outputs) {
        if (o.kind !== 'scheduleTimeout' || o.durationMs === undefined) continue;
        const p = this.timeouts.schedule(o.timeout, o.height, o.round, o.durationMs);
        if (p !== null) problems.push(`durations: ${p}`);
      }
    }
    const all: { c: Candidate; r: Reaction }[] = [];
    const next: Candidate[] = [];
    let freedoms: Freedom[] | undefined;
    let branched = false;
    for (const { c, reactions: rs, unanswered } of options) {
      this.unanswered += unanswered;
      const before = next.length;
      for (const r of rs) {
        all.push({ c, r });
        if (problems.length > 0) continue;
        const m = match(config, r, answer, level);
        if (!m.ok) continue;
        const f = [...r.freedoms, ...reported(config, r, m.state, m.ordered, answer, level)];
        next.push({ state: m.state, pending: pendingAfter(c.pending, event, r.outputs), taken: new Set([...c.taken, ...f]) });
        if (freedoms === undefined || freedoms.length > f.length) freedoms = f;
      }
      if (next.length - before > 1) branched = true;
    }
    if (this.resynced > 0) this.resynced++;
    if (next.length > 0 && freedoms !== undefined) {
      // Distinct states that each took one reaction stay distinct but for a rare
      // convergence (a height dropped from both stores): those are merged at the next
      // StartHeight, or once the shadow grows past a few states.
      this.candidates = branched || event.kind === 'StartHeight' || next.length > 8 ? dedupe(next) : next;
      if (this.candidates.length > MAX_CANDIDATES) { this.candidates = this.candidates.slice(0, MAX_CANDIDATES); this.cut++; }
      return { kind: 'legal', freedoms };
    }
    return { kind: 'violation', violation: this.violation(step, event, answer, all, problems) };
  }

  /** The freedoms the shadow's path has taken so far: the fewest of any of its states. */
  taken(): ReadonlySet<Freedom> {
    let best: ReadonlySet<Freedom> | undefined;
    for (const c of this.candidates) if (best === undefined || c.taken.size < best.size) best = c.taken;
    return best ?? new Set();
  }

  /** At the end of the trace: the equivocations accepted and never reported (level.evidence). */
  finish(lastStep: number): Violation[] {
    if (!this.level.evidence) return [];
    return this.evidence.unreported().map((u) => ({
      step: lastStep, process: this.process, event: null, class: 'equivocation not reported', enabled: [], alternatives: [],
      answer: { outputs: [] }, lines: [`evidence: by the end of the trace, no evidence output for: ${u.what} (delivered at step ${u.step})`],
    }));
  }

  private violation(step: number, event: ConsensusEvent, answer: SutStepResult, all: { c: Candidate; r: Reaction }[], problems: string[]): Violation {
    const { config, level } = this;
    let best: { c: Candidate; r: Reaction; lines: string[] } | undefined;
    for (const { c, r } of all) {
      const m = match(config, r, answer, level);
      const lines = m.ok ? [] : m.lines;
      if (best === undefined || lines.length < best.lines.length) best = { c, r, lines };
    }
    const lines = [...problems, ...(best?.lines ?? [])];
    if (all.length === 0) lines.push('no legal reaction: every one proposes a fresh value (getValue, L18), and neither the event nor the implementation\'s answer carries one');
    const rules = new Set(all.flatMap(({ r }) => r.fired));
    const enabled = RULES.filter((x) => rules.has(x.name)).map((x) => ({ rule: x.name, lines: x.lines }));
    if (best !== undefined) {
      this.candidates = [this.resync(best.c, best.r, event, answer)];
      this.resynced = Math.max(this.resynced, 1);
    }
    return {
      step, process: this.process, event, class: classify(lines), enabled,
      alternatives: distinct(all.map(({ r }) => describeReaction(r, level))).slice(0, 6),
      afterResync: this.resynced > 0,
      answer: {
        // Everything it output (evidence too, which the verdict judges apart), as compared.
        outputs: [...answer.outputs],
        ...(level.level === 'full' ? { projection: answer.projection } : {}),
        ...(answer.fired !== undefined ? { fired: answer.fired } : {}),
      },
      lines,
    };
  }

  /**
   * The shadow after a violation: the closest legal reaction's state, with the
   * implementation's own messages of the step in place of the reaction's, and (at the
   * full level) its projection; its timeouts if reported. The per-round flags stay the
   * reaction's (cleared if the round differs): an approximation, so the judgments after
   * a resync are counted apart (`resynced`).
   */
  private resync(c: Candidate, r: Reaction, event: ConsensusEvent, answer: SutStepResult): Candidate {
    const { config } = this;
    const own = config.ownMessages === 'delivered-back' ? 'sent' : 'store';
    let box = r.state[own];
    for (const o of r.outputs) if (o.kind === 'broadcast') box = removeMessage(box, o.msg);
    for (const o of answer.outputs) if (o.kind === 'broadcast' && o.msg.src === this.process) box = addMessage(box, fromNormal(o.msg));
    let state: ConsensusState = { ...r.state, [own]: box };
    if (this.level.level === 'full') {
      const p = answer.projection;
      const decisions: Record<number, ConsensusState['decisions'][number]> = {};
      for (const [h, d] of Object.entries(p.decisions)) decisions[Number(h)] = { value: d.value, round: d.round, cert: { signers: [...d.cert] } };
      state = {
        ...state, height: p.height, round: p.round, step: p.step as ConsensusState['step'], lockedValue: p.lockedValue, lockedRound: p.lockedRound,
        validValue: p.validValue, validRound: p.validRound, decisions, flags: p.round === r.state.round ? r.state.flags : NO_FLAGS,
      };
    }
    // Its timeouts if the driver reports them, else the reaction's.
    const pending = pendingAfter(c.pending, event, this.level.timeouts ? answer.outputs : r.outputs);
    return { state, pending, taken: c.taken };
  }
}

/**
 * The freedoms a matching answer takes in what it reports, beside the reaction's own:
 * another order of the same outputs, another certificate, other evidence than the
 * contract's reaction outputs, other timeout durations than the contract's constants.
 */
function reported(config: CoreConfig, r: Reaction, adopted: ConsensusState, ordered: boolean, answer: SutStepResult, level: Level): Freedom[] {
  const out: Freedom[] = [];
  if (!ordered) out.push('output-order');
  if (adopted !== r.state) out.push('certificate-subset');
  if (level.evidence && (answer.outputs.some((o) => o.kind === 'evidence') || r.outputs.some((o) => o.kind === 'evidence'))) {
    const ev = (os: readonly NormalOutput[]) => os.filter((o) => o.kind === 'evidence').map((o) => JSON.stringify(o)).sort().join();
    if (ev(normalOutputs(r.outputs)) !== ev(answer.outputs)) out.push('evidence-timing');
  }
  for (const o of answer.outputs) {
    if (o.kind === 'scheduleTimeout' && o.durationMs !== undefined && o.durationMs !== timeoutDuration(config, o.timeout as TimeoutKind, o.round)) {
      out.push('timeout-durations');
      break;
    }
  }
  return out;
}

/**
 * The event as the shadow takes it: when the trace's event carries no getValue() answer
 * ("none": the model's path proposed no fresh value here) and the implementation
 * proposed a fresh value in this step, the environment answered that value (paper L18:
 * any value may come from getValue; receivers judge its validity). Otherwise the event.
 */
function withAnswerValue(event: ConsensusEvent, answer: SutStepResult, process: string): ConsensusEvent {
  if (event.value !== NONE) return event;
  const fresh = answer.outputs.find((o) => o.kind === 'broadcast' && o.msg.type === 'PROPOSAL' && o.msg.src === process && o.msg.validRound === -1);
  return fresh?.kind === 'broadcast' ? { ...event, value: fresh.msg.value } : event;
}

/** Reactions that compare the same at the level are shown once. */
function distinct<T>(xs: readonly T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => { const k = JSON.stringify(x); if (seen.has(k)) return false; seen.add(k); return true; });
}

function fromNormal(m: NormalMessage): ConsensusMessage {
  return { type: m.type as ConsensusMessage['type'], src: m.src, height: m.height, round: m.round, value: m.value, validRound: m.validRound,
    ...(m.type === 'COMMIT' ? { cert: { signers: [...m.cert] } } : {}) };
}

function consumed(pending: ReadonlySet<string>, event: ConsensusEvent): Set<string> {
  const out = new Set(pending);
  if (event.kind === 'Timeout') out.delete(timerKey(event.timeout, event.height, event.round));
  if (event.kind === 'ProposeValue') out.delete(askKey(event.height, event.round));
  return out;
}

type TimerOutput = { kind: string; timeout?: string; height?: number; round?: number };

/** The pending timeouts and getValue requests after `event` and the step's `outputs` (the core's or an answer's). */
function pendingAfter(pending: ReadonlySet<string>, event: ConsensusEvent, outputs: readonly TimerOutput[]): ReadonlySet<string> {
  // Most steps neither fire a timeout or answer nor schedule or ask one: the same set.
  if (event.kind !== 'Timeout' && event.kind !== 'ProposeValue' && !outputs.some((o) => o.kind === 'scheduleTimeout' || o.kind === 'getValue')) return pending;
  const out = consumed(pending, event);
  for (const o of outputs) {
    if (o.kind === 'scheduleTimeout') out.add(timerKey(o.timeout!, o.height!, o.round!));
    if (o.kind === 'getValue') out.add(askKey(o.height!, o.round!));
  }
  return out;
}

function dedupe(cs: Candidate[]): Candidate[] {
  if (cs.length === 1) return cs;
  // Equal fingerprints (cached per immutable object, fingerprint.ts) are checked once more
  // with a second hash over the whole state before two states are taken as one.
  const seen = new Map<string, Candidate[]>();
  const out: Candidate[] = [];
  for (const c of cs) {
    const k = `${fingerprint(c.state)}|${[...c.pending].sort().join(',')}`;
    const same = seen.get(k);
    if (same === undefined) { seen.set(k, [c]); out.push(c); continue; }
    const full = fingerprint(c.state, true);
    if (same.some((x) => fingerprint(x.state, true) === full)) continue;
    same.push(c);
    out.push(c);
  }
  return out;
}

/** A violation's class: what differs, without the values (e.g. "unexpected broadcast PREVOTE + projection.step"). */
export function classify(lines: readonly string[]): string {
  const parts = new Set<string>();
  for (const l of lines) {
    const out = /^outputs: (missing|unexpected) (.*)$/.exec(l);
    if (out !== null) {
      const o = JSON.parse(out[2]!) as unknown;
      if (Array.isArray(o)) parts.add(`${out[1]} decide`);
      else {
        const x = o as { kind: string; msg?: { type: string }; timeout?: string };
        parts.add(`${out[1]} ${x.kind}${x.msg ? ` ${x.msg.type}` : x.timeout ? ` ${x.timeout}` : ''}`);
      }
      continue;
    }
    if (l.startsWith('no legal reaction: every one proposes a fresh value')) { parts.add('missing fresh proposal'); continue; }
    const field = /^(projection\.[a-zA-Z]+|fired|evidence|durations|outputs: decide)/.exec(l);
    parts.add(field === null ? l.split(':')[0]! : field[1] === 'outputs: decide' ? 'decision certificate' : field[1]!);
  }
  return [...parts].sort().join(' + ') || 'unexplained';
}

