// TLC's word on a finding's trace (issue 22 §4): the model run (model-run.ts) as a
// recording of src/validate, checked by TLC against spec/TraceConsensus.tla (the
// model's own StartHeight, Deliver and Timeout actions with Next's guards; a Byzantine
// message must be one the run's Byzantine validators sent). Accepted: the finding is
// something a real adversary and network can do. Rejected: the explorer is wrong.
// Values: TLC's ValidValues are the recording's values that start with "blk-"
// (src/validate/recording.ts), so the explorer's valid values are named so.
import { normalEvent, type Recording } from '../validate/recording.ts';
import { checkBatch, formatRejection } from '../validate/tlc-check.ts';
import type { ModelRun } from './model-run.ts';

export function modelRunRecording(run: ModelRun, name: string): Recording {
  const { params } = run;
  return {
    name, order: [...params.validators], correct: [...params.correct],
    faulty: params.validators.filter((v) => !params.correct.includes(v)), heights: params.maxHeight,
    steps: run.steps.map((s, k) => ({ seq: k, at: k, p: s.p, event: normalEvent(s.p, s.event), outputs: [...s.outputs],
      fired: s.fired, proj: s.projections[s.p]! })),
    byzantine: run.byzantine, leftOut: { undone: 0, noCounterpart: 0 },
  };
}

export interface TlcVerdict { accepted: boolean; detail: string; seconds: number }

/** Runs TLC once on the run; never throws for TLC's answer (a missing java/TLC throws, as src/validate does). */
export async function tlcAccepts(run: ModelRun, name: string): Promise<TlcVerdict> {
  if (run.steps.length === 0) return { accepted: true, detail: 'no steps', seconds: 0 };
  const v = await checkBatch([modelRunRecording(run, name)]);
  if (v.error !== null) return { accepted: false, detail: v.error, seconds: v.seconds };
  if (v.rejected !== null) return { accepted: false, detail: formatRejection(v.rejected), seconds: v.seconds };
  return { accepted: v.accepted.includes(name), detail: v.accepted.includes(name) ? 'accepted' : 'not decided', seconds: v.seconds };
}
