// The model's behaviour on a (shrunk) schedule: the reference core (shadow.ts) fed the
// same events, one process at a time, with the model's guards over what *it* did (a
// delivered correct message must have been broadcast by the model's sender, a timeout
// scheduled by the model's process and not yet fired, StartHeight enabled, a process
// never receives its own message, no precommit timeout of the last round). The run is
// cut before the first event the model cannot take, and after step `upTo`. What comes
// out is a behaviour of spec/Consensus.tla (TLC checks it: tlc-accept.ts), written as
// ITF (itf-out.ts).
import { normalMessage, type NormalMessage, type NormalOutput, type NormalProjection } from '../conformance/normal.ts';
import type { TraceParams } from '../conformance/replay.ts';
import { NONE, type ConsensusEvent, type RuleName } from '../core/types.ts';
import { timerKey, type ExploreEvent } from './cluster.ts';
import { commitOf, msgKey } from './properties.ts';
import { Shadow } from './shadow.ts';

export interface ModelRunStep {
  p: string;
  /** The event as the model records it: value "none" unless the reaction used getValue(). */
  event: ConsensusEvent;
  outputs: NormalOutput[];
  fired: RuleName[];
  projections: Record<string, NormalProjection>;
}

export interface ModelRun {
  params: TraceParams;
  initial: Record<string, NormalProjection>;
  steps: ModelRunStep[];
  /** The Byzantine messages delivered in the run (the model's ByzMsgs for it). */
  byzantine: NormalMessage[];
  /** Why the run was cut before the end of the schedule, if it was. */
  cut: string | null;
}

export function modelRun(params: TraceParams, events: readonly ExploreEvent[], upTo = events.length): ModelRun {
  const shadow = new Shadow(params);
  const faulty = new Set(params.validators.filter((v) => !params.correct.includes(v)));
  const sent = new Set<string>();
  const byz = new Map<string, NormalMessage>();
  const timers = new Map(params.correct.map((p) => [p, new Set<string>()]));
  const projections: Record<string, NormalProjection> = Object.fromEntries(params.correct.map((p) => [p, shadow.projection(p)]));
  const initial = { ...projections };
  const steps: ModelRunStep[] = [];
  let cut: string | null = null;
  for (const e of events.slice(0, upTo)) {
    const ev = e.event;
    const pr = projections[e.p]!;
    const why = ev.kind === 'StartHeight' ? (pr.step === 'commit' && pr.height === ev.height - 1 && ev.height <= params.maxHeight ? null : 'StartHeight not enabled')
      : ev.kind === 'Deliver' ? (ev.msg.src === e.p ? 'a process does not receive its own message'
        : faulty.has(ev.msg.src) || sent.has(msgKey(normalMessage(ev.msg))) ? null : `the model's ${ev.msg.src} never sent ${JSON.stringify(normalMessage(ev.msg))}`)
        : ev.kind === 'Timeout' ? (timers.get(e.p)!.has(timerKey(ev)) && !(ev.timeout === 'precommit' && ev.round === params.maxRound) ? null : `the model's ${e.p} has no ${timerKey(ev)} timeout scheduled`)
          : 'ProposeValue is not explored';
    if (why !== null) { cut = `step ${steps.length + 1} (${e.p}: ${ev.kind}): ${why}`; break; }
    if (ev.kind === 'Deliver' && faulty.has(ev.msg.src)) { const m = normalMessage(ev.msg); byz.set(msgKey(m), m); }
    if (ev.kind === 'Timeout') timers.get(e.p)!.delete(timerKey(ev));
    const s = shadow.step(e.p, ev);
    for (const o of s.outputs) {
      if (o.kind === 'broadcast') sent.add(msgKey(o.msg));
      else if (o.kind === 'decide') sent.add(msgKey(commitOf(e.p, o)));
      else if (o.kind === 'scheduleTimeout') timers.get(e.p)!.add(timerKey(o));
    }
    projections[e.p] = s.projection;
    steps.push({ p: e.p, event: { ...ev, value: s.usedValue ? ev.value : NONE }, outputs: s.outputs, fired: s.fired, projections: { ...projections } });
  }
  return { params, initial, steps, byzantine: [...byz.values()], cut };
}
