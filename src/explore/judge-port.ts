// The port through which every step of an engine under exploration is judged, one
// process at a time (issue 22 §2). The explorer calls `reset` at the start of a run,
// `step` after each answer of the engine, with the event it was given and what it
// answered, and `finish` at the end of the run (what is still owed, e.g. a judge that
// batches). A judge never talks to the engine: it sees the same events and answers.
// The paper's verdict (src/conformance/verdict/) implements it in paper-judge.ts (the
// default); strict-judge.ts has the older reference comparison and none.
import type { ConsensusEvent } from '../core/types.ts';
import type { SutStepResult, TraceParams } from '../conformance/replay.ts';

export type JudgeVerdict = { ok: true } | { ok: false; detail: string[] };

export interface StepJudge {
  /** Forgets everything: a new run with these parameters (the same the engine's consensus.reset got). */
  reset(params: TraceParams): void;
  /** The engine's answer to `event` delivered to `process`; not ok: a finding, with one line per difference. */
  step(process: string, event: ConsensusEvent, answer: SutStepResult): JudgeVerdict;
  /** At the end of a run: the processes with something still wrong, if any. */
  finish(): { process: string; detail: string[] }[];
}

/** The names `--judge` accepts. */
export const JUDGES = ['paper', 'strict', 'none'] as const;
export type JudgeName = (typeof JUDGES)[number];
