// The paper's verdict (src/conformance/verdict/) behind the explorer's judge port: per
// process a ProcessJudge, whose shadow follows the engine's legal choices, judging each
// answer at the full level (projection, outputs, timeouts, fired rules if reported) and
// evidence over the run (finish). An event the shadow says the engine's path never
// meets (a timeout it never scheduled, …) is not judged: the explorer makes its events
// from the engine's own outputs, so that is rare, and it is counted, not a finding.
import type { SutStepResult, TraceParams } from '../conformance/replay.ts';
import { traceConfig } from '../conformance/core-sut.ts';
import { ProcessJudge } from '../conformance/verdict/judge.ts';
import { FULL } from '../conformance/verdict/level.ts';
import type { ConsensusEvent } from '../core/types.ts';
import type { JudgeVerdict, StepJudge } from './judge-port.ts';

export function paperJudge(): StepJudge & { notApplicable: number } {
  let judges = new Map<string, ProcessJudge>();
  let steps = 0;
  const self = {
    notApplicable: 0,
    reset(params: TraceParams): void {
      judges = new Map(params.correct.map((p) => [p, new ProcessJudge(p, traceConfig(p, params), FULL)]));
      steps = 0;
    },
    step(process: string, event: ConsensusEvent, answer: SutStepResult): JudgeVerdict {
      const j = judges.get(process);
      if (j === undefined) throw new Error(`paperJudge: no process ${JSON.stringify(process)} in this run`);
      steps++;
      if (j.applicable(event) !== null) { self.notApplicable++; return { ok: true }; }
      const r = j.judge(steps, event, answer);
      if (r.kind === 'legal') return { ok: true };
      const v = r.violation;
      return { ok: false, detail: [`${v.class} (Algorithm 1 allows no such reaction)`, ...v.enabled.map((e) => `enabled: ${e.rule} (${e.lines})`), ...v.lines] };
    },
    finish(): { process: string; detail: string[] }[] {
      return [...judges].flatMap(([p, j]) => j.finish(steps).map((v) => ({ process: p, detail: [v.class, ...v.lines] })));
    },
  };
  return self;
}
