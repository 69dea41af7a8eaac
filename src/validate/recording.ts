// A simulated run as the model sees it: the steps of its correct processes in causal
// order, in the contract's normal form (docs/contract.md), and the Byzantine messages.
//
// Two kinds of recorded step are left out, both sound (the model allows the same):
// - steps a crash undid: the logged steps of an incarnation after the last one that
//   reached the disk, and everything after them. A step whose effects leave the
//   process (a message, a decision) is synced before they do, so the dropped steps
//   changed only local state, which the restarted node no longer has: to everyone
//   else they look like messages never delivered and timers not yet fired.
// - steps that changed nothing and that the model has no counterpart for: a message
//   rejected by a TypeScript-only check (docs/contract.md lists them), or a copy of a
//   process's own message handed back to it by a Byzantine replay. To the model these
//   are messages the network did not deliver.
import type { ConsensusMessage, RejectReason, RuleName, ValidatorId } from '../core/types.ts';
import {
  normalMessage, normalOutputs, normalProjection, type NormalMessage, type NormalOutput, type NormalProjection,
} from '../conformance/normal.ts';
import type { ConsensusEvent } from '../core/types.ts';
import { isMempoolValue } from '../node/cluster.ts';
import { correctIds } from '../sim/schedule.ts';
import type { RecordedStep, RunResult } from '../sim/world.ts';

/** Rejections the model has no counterpart for (docs/contract.md, "TypeScript-only checks"). */
const TS_ONLY: readonly RejectReason[] = ['malformed', 'unknown-sender', 'bad-signature', 'round-out-of-range',
  'future-height-buffer-full', 'not-sent-by-self'];

export type NormalEvent =
  | { kind: 'StartHeight'; p: string; height: number; value: string }
  | { kind: 'Deliver'; p: string; msg: NormalMessage; value: string }
  | { kind: 'Timeout'; p: string; timeout: string; height: number; round: number; value: string }
  | { kind: 'ProposeValue'; p: string; height: number; round: number; value: string };

export interface ModelStepRecord {
  /** Where it came from: for the report. */
  seq: number;
  at: number;
  p: ValidatorId;
  event: NormalEvent;
  outputs: NormalOutput[];
  fired: RuleName[];
  proj: NormalProjection;
}

export interface Recording {
  name: string;
  order: ValidatorId[];
  correct: ValidatorId[];
  faulty: ValidatorId[];
  heights: number;
  steps: ModelStepRecord[];
  byzantine: NormalMessage[];
  /** Steps left out (see above), for the report. */
  leftOut: { undone: number; noCounterpart: number };
}

export function normalEvent(p: string, e: ConsensusEvent): NormalEvent {
  switch (e.kind) {
    case 'StartHeight': return { kind: 'StartHeight', p, height: e.height, value: e.value };
    case 'Deliver': return { kind: 'Deliver', p, msg: normalMessage(e.msg), value: e.value };
    case 'Timeout': return { kind: 'Timeout', p, timeout: e.timeout, height: e.height, round: e.round, value: e.value };
    case 'ProposeValue': return { kind: 'ProposeValue', p, height: e.height, round: e.round, value: e.value };
  }
}

function noCounterpart(st: RecordedStep): boolean {
  if (st.logged) return false;
  if (st.event.kind === 'Deliver' && st.event.msg.src === st.p) return true;
  return st.outputs.some((o) => o.kind === 'rejected' && TS_ONLY.includes(o.reason));
}

/** The recording of a finished run (its checks need not have passed). */
export function recordRun(r: RunResult, name: string): Recording {
  const kept: RecordedStep[] = [];
  const leftOut = { undone: 0, noCounterpart: 0 };
  for (const incs of r.incarnations.values()) {
    for (const inc of incs) {
      let keep = inc.steps.length;
      if (inc.crashedAt !== null) {
        // Keep up to (and including) the durableLogged-th logged step.
        let logged = 0;
        keep = 0;
        if (inc.durableLogged !== null && inc.durableLogged > 0) {
          for (let j = 0; j < inc.steps.length; j++) {
            if (inc.steps[j]!.logged && ++logged === inc.durableLogged) { keep = j + 1; break; }
          }
        }
      }
      leftOut.undone += inc.steps.length - keep;
      for (const st of inc.steps.slice(0, keep)) {
        if (noCounterpart(st)) leftOut.noCounterpart++; else kept.push(st);
      }
    }
  }
  kept.sort((a, b) => a.seq - b.seq);
  const s = r.schedule;
  const correct = correctIds(s);
  return {
    name, order: [...s.order], correct, faulty: s.order.filter((v) => !correct.includes(v)), heights: s.heights,
    steps: kept.map((st) => ({
      seq: st.seq, at: st.at, p: st.p, event: normalEvent(st.p, st.event), outputs: normalOutputs(st.outputs),
      fired: st.fired, proj: normalProjection(st.projection),
    })),
    byzantine: dedupe(r.byzantineSent),
    leftOut,
  };
}

function dedupe(ms: readonly ConsensusMessage[]): NormalMessage[] {
  const seen = new Map<string, NormalMessage>();
  for (const m of ms) {
    const n = normalMessage(m);
    seen.set(JSON.stringify(n), n);
  }
  return [...seen.values()];
}

/** Every value a recording mentions, split by the simulation's validity predicate. */
export function recordingValues(rec: Recording): { valid: Set<string>; invalid: Set<string> } {
  const all = new Set<string>();
  const msg = (m: NormalMessage): void => { all.add(m.value); };
  for (const m of rec.byzantine) msg(m);
  for (const st of rec.steps) {
    if (st.event.kind === 'Deliver') msg(st.event.msg);
    if (st.event.value !== 'none') all.add(st.event.value);
    for (const o of st.outputs) {
      if (o.kind === 'broadcast') msg(o.msg);
      else if (o.kind === 'decide') all.add(o.value);
      else if (o.kind === 'evidence') { msg(o.first); msg(o.second); }
    }
    for (const v of [st.proj.lockedValue, st.proj.validValue]) all.add(v);
  }
  all.delete('nil');
  all.delete('none');
  const valid = new Set([...all].filter(isMempoolValue));
  return { valid, invalid: new Set([...all].filter((v) => !valid.has(v))) };
}

/** The largest round anywhere in a recording. */
export function recordingMaxRound(rec: Recording): number {
  let max = 0;
  const see = (r: number): void => { if (r > max) max = r; };
  for (const m of rec.byzantine) see(m.round);
  for (const st of rec.steps) {
    see(st.proj.round);
    if (st.event.kind === 'Deliver') see(st.event.msg.round);
    if (st.event.kind === 'Timeout') see(st.event.round);
    for (const o of st.outputs) see(o.kind === 'broadcast' ? o.msg.round : o.round);
  }
  return max;
}
