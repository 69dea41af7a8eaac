// The channel workload's properties, checked after every simulated run that has one:
//   1. every update the counterparty's ledger accepted was decided by the entity's
//      consensus (some correct validator decided its digest);
//   2. no two different certified updates for one (channel, nonce): the ledger accepts
//      at most one by construction, so this reads every submission whose certificate
//      verified (accepted, duplicate or conflict) and the ledger's evidence;
//   3. every update a correct validator decided was certified and accepted by the end
//      of the run (which lasts until that happens, or LIVENESS_BUDGET_MS past
//      stabilization: crashes restarted, partitions healed).
import type { Decision, ValidatorId } from '../core/types.ts';
import type { Submission } from '../channel/counterparty.ts';
import type { Violation } from './checks.ts';

export interface ChannelRunInfo {
  /** The pool's digests, in nonce order, with their channel and nonce. */
  updates: { digest: string; channelId: string; nonce: bigint }[];
  submissions: readonly Submission[];
  failures: readonly { digest: string; at: number; reason: string }[];
  evidence: number;
}

const name = (s: { channelId: string; nonce: bigint; digest: string }) => `${s.channelId}#${s.nonce} (${s.digest.slice(0, 12)}…)`;

export function checkChannels(info: ChannelRunInfo, decisions: ReadonlyMap<ValidatorId, ReadonlyMap<number, Decision>>, stableAt: number, endAt: number): Violation[] {
  const out: Violation[] = [];
  const decidedAt = new Map<string, number>();
  for (const ds of decisions.values()) for (const [h, d] of ds) if (!decidedAt.has(d.value)) decidedAt.set(d.value, h);

  for (const s of info.submissions)
    if (s.verdict.ok && !decidedAt.has(s.digest))
      out.push({ kind: 'channel-undecided', detail: `the counterparty's ledger accepted ${name(s)}, which no correct validator decided (certificate from ${s.from ?? `its own collection of shares ${s.signers?.join(',')}`})` });

  const certified = new Map<string, Set<string>>();
  for (const s of info.submissions) {
    if (!s.verdict.ok && s.verdict.reason !== 'duplicate' && s.verdict.reason !== 'conflict') continue;
    const k = `${s.channelId}#${s.nonce}`;
    certified.set(k, (certified.get(k) ?? new Set()).add(s.digest));
  }
  for (const [k, ds] of certified)
    if (ds.size > 1) out.push({ kind: 'channel-conflict', detail: `${ds.size} different updates of ${k} carry a valid certificate of the entity: ${[...ds].map((d) => d.slice(0, 12)).join(', ')}` });
  if (info.evidence > 0 && out.every((v) => v.kind !== 'channel-conflict'))
    out.push({ kind: 'channel-conflict', detail: `the ledger kept ${info.evidence} conflicting certified updates as evidence` });

  for (const u of info.updates) {
    const h = decidedAt.get(u.digest);
    if (h === undefined || info.submissions.some((s) => s.digest === u.digest && s.verdict.ok)) continue;
    const last = info.failures.filter((f) => f.digest === u.digest).at(-1);
    out.push({ kind: 'channel-uncertified', detail: `${name(u)}, decided at height ${h}, was not accepted by the counterparty within ${endAt - stableAt} virtual ms after stabilization (${stableAt} ms); last collection: ${last?.reason ?? 'none failed'}` });
  }
  return out;
}
