// A recording judged by the TypeScript twin of `validate --verdict paper`: each recorded
// step, in the recording's order, given to the ProcessJudge of its process
// (src/conformance/verdict/judge.ts) with the recorded outputs, fired rules and
// projection as the implementation's answer, at the full level. The first step the
// judge does not accept is the step TLC's paper verdict must reject
// (test/validate/verdict-twin.test.ts holds the two to it).
import { traceConfig } from '../conformance/core-sut.ts';
import { toCoreMessage } from '../conformance/model-trace.ts';
import type { TraceParams } from '../conformance/replay.ts';
import type { Freedom } from '../conformance/verdict/freedoms.ts';
import { ProcessJudge } from '../conformance/verdict/judge.ts';
import { FULL, type Level } from '../conformance/verdict/level.ts';
import type { ConsensusEvent } from '../core/types.ts';
import type { NormalEvent, Recording } from './recording.ts';
import { recordingValues } from './recording.ts';

export interface TwinVerdict {
  /** 1-based index of the first step not accepted (TLC's numbering), or null: all accepted. */
  rejectedAt: number | null;
  /** Why (the judge's lines, or why the event does not fit the process's path). */
  lines: string[];
  /** Accepted steps per freedom they took (a step may take several), up to rejectedAt. */
  freedoms: Map<Freedom, number>;
  /** 1-based index of the first accepted step that is not the contract's reaction (null: none). */
  firstFreedomAt: number | null;
}

export function coreEvent(e: NormalEvent): ConsensusEvent {
  switch (e.kind) {
    case 'StartHeight': return { kind: 'StartHeight', height: e.height, value: e.value };
    case 'Deliver': return { kind: 'Deliver', msg: toCoreMessage(e.msg), value: e.value };
    case 'Timeout': return { kind: 'Timeout', timeout: e.timeout as 'propose' | 'prevote' | 'precommit', height: e.height, round: e.round, value: e.value };
    case 'ProposeValue': return { kind: 'ProposeValue', height: e.height, round: e.round, value: e.value };
  }
}

/**
 * The trace parameters TLC checks `rec` with (src/validate/tla-module.ts): its
 * validators, its valid values, and the batch's round and height bounds.
 */
export function recordingParams(rec: Recording, bounds: { maxRound: number; maxHeight: number }): TraceParams {
  return { validators: [...rec.order], correct: [...rec.correct], validValues: [...recordingValues(rec).valid].sort(), ...bounds };
}

/**
 * Judges `rec` step by step (at `level`, default FULL), stopping at the first step not
 * accepted: a violation, or an event that does not fit the process's path (a timeout it
 * never scheduled: TLC's step has no such event either). At the end of an accepted
 * recording, evidence completeness (judged over the trace) counts as its last step.
 */
export function judgeRecording(rec: Recording, bounds: { maxRound: number; maxHeight: number }, level: Level = FULL): TwinVerdict {
  const params = recordingParams(rec, bounds);
  const judges = new Map(rec.correct.map((p) => [p, new ProcessJudge(p, traceConfig(p, params), level)]));
  const freedoms = new Map<Freedom, number>();
  let firstFreedomAt: number | null = null;
  const stop = (rejectedAt: number | null, lines: string[]): TwinVerdict => ({ rejectedAt, lines, freedoms, firstFreedomAt });
  for (const [k, s] of rec.steps.entries()) {
    const j = judges.get(s.p);
    if (j === undefined) return stop(k + 1, [`${s.p} is not a correct process of the recording`]);
    const event = coreEvent(s.event);
    const why = j.applicable(event);
    if (why !== null) return stop(k + 1, [why]);
    const r = j.judge(k + 1, event, { outputs: s.outputs, fired: s.fired, projection: s.proj });
    if (r.kind === 'violation') return stop(k + 1, r.violation.lines);
    if (r.freedoms.length > 0) firstFreedomAt ??= k + 1;
    for (const f of r.freedoms) freedoms.set(f, (freedoms.get(f) ?? 0) + 1);
  }
  const unreported = [...judges.values()].flatMap((j) => j.finish(rec.steps.length));
  return unreported.length > 0 ? stop(rec.steps.length, unreported.flatMap((u) => u.lines)) : stop(null, []);
}
