// The properties checked after every simulated run (during the run, the node's own
// guard reports a conflicting signature at once: world.ts). Each violation is one
// sentence naming the validators, the height and the values involved.
import { quorum } from '../core/quorum.ts';
import type { ConsensusMessage, ValidatorId } from '../core/types.ts';
import type { SentCopy } from './network.ts';
import { correctIds, faultyCount, livenessRounds } from './schedule.ts';
import type { RunResult } from './world.ts';

export type ViolationKind =
  | 'agreement' | 'validity' | 'conflicting-votes' | 'certificate' | 'liveness' | 'exception'
  /** The channel workload's (channel-checks.ts). */
  | 'channel-undecided' | 'channel-conflict' | 'channel-uncertified';

export interface Violation { kind: ViolationKind; detail: string }

const key = (m: ConsensusMessage): string => `${m.type}/${m.height}/${m.round}`;

/** Checks Agreement, Validity, signatures, certificates and liveness after stabilization (`stableAt`). */
export function checkRun(r: RunResult, sent: readonly SentCopy[], stableAt: number): Violation[] {
  const out: Violation[] = [];
  const s = r.schedule;
  const correct = correctIds(s);

  // Every message anyone put on the network, and every message a correct core signed
  // (a broadcast output; sent or not: a crash may have stopped it), by sender.
  const signed = new Map<ValidatorId, ConsensusMessage[]>();
  const add = (m: ConsensusMessage): void => {
    const list = signed.get(m.src) ?? [];
    list.push(m);
    signed.set(m.src, list);
  };
  for (const c of sent) if (c.m.kind === 'consensus' && c.m.msg.src === c.from) add(c.m.msg);
  for (const m of r.byzantineSent) add(m);
  for (const incs of r.incarnations.values())
    for (const inc of incs) for (const st of inc.steps) for (const o of st.outputs) if (o.kind === 'broadcast') add(o.msg);

  // No correct validator signs two different messages of one (type, height, round), across restarts too.
  for (const id of correct) {
    const first = new Map<string, ConsensusMessage>();
    for (const m of signed.get(id) ?? []) {
      if (m.type === 'COMMIT') continue;
      const k = key(m);
      const f = first.get(k);
      if (f === undefined) first.set(k, m);
      else if (f.value !== m.value || f.validRound !== m.validRound) {
        out.push({ kind: 'conflicting-votes', detail: `${id} signed ${m.type} h=${m.height} r=${m.round} for ${f.value} and for ${m.value}` });
        break;
      }
    }
  }

  const proposed = new Set<string>();
  const precommitted = new Set<string>();
  for (const list of signed.values()) for (const m of list) {
    if (m.type === 'PROPOSAL') proposed.add(`${m.height}/${m.value}`);
    if (m.type === 'PRECOMMIT') precommitted.add(`${m.src}/${m.height}/${m.round}/${m.value}`);
  }

  const n = s.order.length;
  const q = quorum(n);
  for (let h = 1; h <= s.heights; h++) {
    const decided = correct.flatMap((id) => {
      const d = r.decisions.get(id)?.get(h);
      return d === undefined ? [] : [{ id, d }];
    });
    const values = new Set(decided.map((x) => x.d.value));
    if (values.size > 1) {
      out.push({ kind: 'agreement', detail: `height ${h}: ${decided.map((x) => `${x.id} decided ${x.d.value} (round ${x.d.round})`).join(', ')}` });
    }
    for (const { id, d } of decided) {
      // valid(v) as the nodes' cores had it (a mempool block, or a pending channel update's digest).
      const valid = r.configs.get(id)!.isValid(d.value);
      if (!valid || !proposed.has(`${h}/${d.value}`))
        out.push({ kind: 'validity', detail: `${id} decided ${d.value} at height ${h}: ${valid ? 'nobody proposed it' : 'not a valid value'}` });
      const signers = d.cert.signers;
      const bad = signers.filter((v) => !precommitted.has(`${v}/${h}/${d.round}/${d.value}`));
      const why = new Set(signers).size !== signers.length ? 'a signer is listed twice'
        : signers.length < q ? `${signers.length} signers, the quorum is ${q}`
          : bad.length > 0 ? `${bad.join(', ')} never signed PRECOMMIT(h=${h}, r=${d.round}, ${d.value})`
            : r.configs.get(id)!.crypto.checkCertificate(h, d.round, d.value, d.cert);
      if (why !== null) out.push({ kind: 'certificate', detail: `${id}'s decision at height ${h}: ${why}` });
    }
  }

  // Liveness after stabilization: every height decided by every correct validator, in a
  // round at most livenessRounds(f) above the highest round reached in it by stableAt.
  const bound = livenessRounds(faultyCount(n));
  const reached = new Map<number, number>();
  for (const incs of r.incarnations.values())
    for (const inc of incs) for (const st of inc.steps) {
      if (st.at > stableAt) continue;
      const h = st.projection.height;
      reached.set(h, Math.max(reached.get(h) ?? 0, st.projection.round));
    }
  for (const id of correct) {
    for (let h = 1; h <= s.heights; h++) {
      const d = r.decisions.get(id)?.get(h);
      if (d === undefined) {
        out.push({ kind: 'liveness', detail: `${id} did not decide height ${h} within ${r.stats.virtualMs - stableAt} virtual ms after stabilization (${stableAt} ms)` });
        break;
      }
      const limit = (reached.get(h) ?? 0) + bound;
      if (d.round > limit)
        out.push({ kind: 'liveness', detail: `${id} decided height ${h} in round ${d.round}, above the bound ${limit} (round ${reached.get(h) ?? 0} reached by stabilization + ${bound})` });
    }
  }
  return out;
}
