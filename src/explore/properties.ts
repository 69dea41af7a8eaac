// The properties checked across the correct processes after every step of an explored
// run (issue 22 §2), from what the engine answered and what was sent:
// - Agreement: no two correct processes decide different values at one height, and no
//   process changes a decision;
// - Validity: a decided value is valid and was proposed (a PROPOSAL of it at that
//   height was sent, by anyone);
// - DecisionBacked: a decision's certificate names validators holding a quorum of power,
//   every one of whom sent PRECOMMIT(height, round, value) (a correct one broadcast it,
//   the Byzantine ones sent it to someone);
// - NoEquivocation: a correct process never broadcasts two different messages of one
//   (type, height, round), nor one in another's name.
// Liveness (the bounded-rounds check after GST) is judged at the end of a run: cluster.ts.
import type { NormalMessage, NormalOutput, NormalProjection } from '../conformance/normal.ts';
import type { TraceParams } from '../conformance/replay.ts';
import { equalPower, powerOf } from '../core/power.ts';
import { quorum } from '../core/quorum.ts';

export const PROPERTIES = ['Agreement', 'Validity', 'DecisionBacked', 'NoEquivocation', 'Liveness', 'Judge', 'EngineError'] as const;
export type Property = (typeof PROPERTIES)[number];

export interface Violation { property: Property; process: string; detail: string[] }

const key = (m: NormalMessage): string => `${m.type}|${m.src}|${m.height}|${m.round}`;
export const msgKey = (m: NormalMessage): string => JSON.stringify([m.type, m.src, m.height, m.round, m.value, m.validRound, m.cert]);

/** The COMMIT of height synchronization that a decision allows its process to send (spec/Consensus.tla CommitMsgs). */
export function commitOf(p: string, d: { height: number; value: string; round: number; cert: readonly string[] }): NormalMessage {
  return { type: 'COMMIT', src: p, height: d.height, round: d.round, value: d.value, validRound: -1, cert: [...d.cert].sort() };
}

/** What has been sent in a run so far, and what was decided: the state of the checks. */
export class Ledger {
  /** Every message sent (correct broadcasts and Byzantine sends), by msgKey. */
  readonly sent = new Map<string, NormalMessage>();
  /** A correct process's broadcasts by (type, src, height, round). */
  private readonly byKey = new Map<string, NormalMessage>();
  /** height -> [process, value] of the first decision. */
  private readonly first = new Map<number, { p: string; value: string }>();
  private readonly power: Record<string, number>;
  private readonly quorum: number;
  private readonly valid: Set<string>;

  constructor(readonly params: TraceParams) {
    this.power = params.power ?? equalPower(params.validators);
    this.quorum = quorum(powerOf(this.power, params.validators));
    this.valid = new Set(params.validValues);
  }

  /** A Byzantine message put on the network. */
  byzantine(m: NormalMessage): void { this.sent.set(msgKey(m), m); }

  /** Checks and records one answer of process p; returns the violations it shows. */
  step(p: string, outputs: readonly NormalOutput[], before: NormalProjection, after: NormalProjection): Violation[] {
    const out: Violation[] = [];
    for (const o of outputs) {
      if (o.kind !== 'broadcast') continue;
      const m = o.msg;
      if (m.src !== p) { out.push({ property: 'NoEquivocation', process: p, detail: [`${p} broadcast a message in the name of ${m.src}: ${JSON.stringify(m)}`] }); continue; }
      const k = key(m);
      const old = this.byKey.get(k);
      if (old !== undefined && msgKey(old) !== msgKey(m)) {
        out.push({ property: 'NoEquivocation', process: p, detail: [`${p} broadcast two ${m.type}s of height ${m.height} round ${m.round}:`, `first ${JSON.stringify(old)}`, `then ${JSON.stringify(m)}`] });
      } else if (old === undefined) this.byKey.set(k, m);
      this.sent.set(msgKey(m), m);
    }
    for (const o of outputs) {
      if (o.kind !== 'decide') continue;
      out.push(...this.decision(p, o.height, o.value, o.round, o.cert));
      // Its COMMIT (height synchronization) may now be delivered to the others (the model's CommitMsgs).
      const c = commitOf(p, o);
      this.sent.set(msgKey(c), c);
    }
    for (const [h, d] of Object.entries(before.decisions)) {
      const now = after.decisions[h];
      if (now === undefined || now.value !== d.value) {
        out.push({ property: 'Agreement', process: p, detail: [`${p} changed its decision of height ${h} from ${d.value} to ${now === undefined ? '(none)' : now.value}`] });
      }
    }
    for (const [h, d] of Object.entries(after.decisions)) {
      if (before.decisions[h] === undefined && !outputs.some((o) => o.kind === 'decide' && o.height === Number(h))) {
        out.push(...this.decision(p, Number(h), d.value, d.round, d.cert));
      }
    }
    return out;
  }

  private decision(p: string, h: number, value: string, round: number, cert: readonly string[]): Violation[] {
    const out: Violation[] = [];
    const first = this.first.get(h);
    if (first === undefined) this.first.set(h, { p, value });
    else if (first.value !== value) {
      out.push({ property: 'Agreement', process: p, detail: [`height ${h}: ${first.p} decided ${first.value}, ${p} decided ${value} (round ${round})`] });
    }
    if (!this.valid.has(value)) out.push({ property: 'Validity', process: p, detail: [`${p} decided ${value} at height ${h}, which is not a valid value`] });
    else if (![...this.sent.values()].some((m) => m.type === 'PROPOSAL' && m.height === h && m.value === value)) {
      out.push({ property: 'Validity', process: p, detail: [`${p} decided ${value} at height ${h}, which no PROPOSAL of that height carried`] });
    }
    const signers = [...new Set(cert)];
    const unsent = signers.filter((s) => !this.sent.has(msgKey({ type: 'PRECOMMIT', src: s, height: h, round, value, validRound: -1, cert: [] })));
    const power = powerOf(this.power, signers);
    if (power < this.quorum || unsent.length > 0) {
      out.push({ property: 'DecisionBacked', process: p, detail: [
        `${p} decided ${value} at height ${h} round ${round} with certificate {${signers.join(', ')}}`,
        ...(power < this.quorum ? [`its power ${power} is below the quorum ${this.quorum}`] : []),
        ...(unsent.length > 0 ? [`no PRECOMMIT(${h}, ${round}, ${value}) was sent by ${unsent.join(', ')}`] : []),
      ] });
    }
    return out;
  }
}
