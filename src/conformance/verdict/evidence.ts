// Evidence judged over a trace (freedom evidence-timing; docs/contract.md "What the
// verdict allows"): Algorithm 1 has no evidence; the contract outputs it on every
// delivery of a conflicting message. The verdict asks only that it be
//   sound:    every evidence output names two messages of its (type, src, height, round),
//             with different contents, both received by the process (delivered, and
//             passing the contract's receipt checks but for a decided height); and
//   complete: every equivocation the process accepted (a PROPOSAL, PREVOTE or PRECOMMIT
//             that conflicts with one delivered before under the same key, delivered
//             while its height was still undecided or ahead) is reported at least once
//             by the end of the trace.
import type { NormalMessage, NormalOutput } from '../normal.ts';

const keyOf = (m: { type: string; src: string; height: number; round: number }): string => `${m.type}/${m.src}/${m.height}/${m.round}`;
/** Contract receive step 4: a PROPOSAL is its value and validRound, a vote its value. */
const contentOf = (m: NormalMessage): string => (m.type === 'PROPOSAL' ? `${m.value}/${m.validRound}` : m.value);
const show = (m: NormalMessage): string => `${m.type}(${m.src}, h=${m.height}, r=${m.round}, ${m.value}${m.type === 'PROPOSAL' ? `, vr=${m.validRound}` : ''})`;

export class EvidenceJudge {
  /** Contents delivered per key. */
  private readonly delivered = new Map<string, Set<string>>();
  /** Contents accepted per key (delivered, not rejected, at an undecided or later height). */
  private readonly accepted = new Map<string, Set<string>>();
  /** Keys with an accepted equivocation not yet reported: the step that made it required. */
  private readonly owed = new Map<string, { step: number; what: string }>();
  private readonly reported = new Set<string>();

  /**
   * Records a message the process received (delivered, passing the receipt checks but
   * for a decided height). `accepted`: the contract's receipt neither
   * rejects it nor finds its height decided (the shadow's view), so an equivocation it
   * completes with an earlier accepted message must be reported.
   */
  deliver(m: NormalMessage, accepted: boolean, step: number): void {
    if (m.type === 'COMMIT') return;
    const k = keyOf(m);
    const c = contentOf(m);
    const seen = this.delivered.get(k) ?? new Set<string>();
    seen.add(c);
    this.delivered.set(k, seen);
    if (!accepted) return;
    const ok = this.accepted.get(k) ?? new Set<string>();
    if (ok.size > 0 && !ok.has(c) && !this.reported.has(k) && !this.owed.has(k)) {
      this.owed.set(k, { step, what: `${show(m)} conflicts with an earlier ${m.type} of ${m.src} in (${m.height}, ${m.round})` });
    }
    ok.add(c);
    this.accepted.set(k, ok);
  }

  /** Judges one evidence output: null if sound, else why not. */
  report(o: Extract<NormalOutput, { kind: 'evidence' }>): string | null {
    const k = keyOf(o);
    for (const [name, m] of [['first', o.first], ['second', o.second]] as const) {
      if (keyOf(m) !== k) return `evidence against ${o.src} for (${o.type}, ${o.height}, ${o.round}): its ${name} message ${show(m)} is of another key`;
      if (!this.delivered.get(k)?.has(contentOf(m))) return `evidence against ${o.src}: its ${name} message ${show(m)} was never received by the process (delivered and passing the receipt checks)`;
    }
    if (contentOf(o.first) === contentOf(o.second)) return `evidence against ${o.src}: its two messages are the same ${show(o.first)}`;
    this.reported.add(k);
    this.owed.delete(k);
    return null;
  }

  /** At the end of the trace: the accepted equivocations never reported. */
  unreported(): { step: number; what: string }[] {
    return [...this.owed.values()];
  }
}
