// The judge used until the paper-based one (src/conformance/verdict/) is wired into
// judge-port.ts: a reference core per process (shadow.ts) fed the same events, and
// after every step the engine's decisions and broadcast messages compared with the
// core's, as multisets (order, timeouts, evidence, projection and fired rules are not
// compared: this is weaker than the oracle's replay, which compares all of them in order).
// `noJudge` judges nothing (only the cross-process properties of properties.ts hold).
import type { NormalOutput } from '../conformance/normal.ts';
import type { SutStepResult, TraceParams } from '../conformance/replay.ts';
import type { ConsensusEvent } from '../core/types.ts';
import type { JudgeName, JudgeVerdict, StepJudge } from './judge-port.ts';
import { paperJudge } from './paper-judge.ts';
import { Shadow } from './shadow.ts';

/** Decisions and broadcasts, each as one line of canonical JSON, sorted. */
export function judgedOutputs(outputs: readonly NormalOutput[]): string[] {
  const lines: string[] = [];
  for (const o of outputs) {
    if (o.kind === 'broadcast') lines.push(`broadcast ${JSON.stringify(o.msg)}`);
    else if (o.kind === 'decide') lines.push(`decide ${JSON.stringify({ height: o.height, value: o.value, round: o.round, cert: [...o.cert].sort() })}`);
  }
  return lines.sort();
}

/** Lines of a multiset difference: what the model has and the engine lacks, and the converse. */
export function multisetDiff(model: readonly string[], engine: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const x of model) left.set(x, (left.get(x) ?? 0) + 1);
  const extra: string[] = [];
  for (const x of engine) {
    const k = left.get(x) ?? 0;
    if (k > 0) left.set(x, k - 1); else extra.push(x);
  }
  const missing = [...left].flatMap(([x, k]) => Array<string>(k).fill(x));
  return [...missing.map((x) => `model only: ${x}`), ...extra.map((x) => `engine only: ${x}`)];
}

export function strictJudge(): StepJudge {
  let shadow: Shadow | undefined;
  return {
    reset(params: TraceParams): void { shadow = new Shadow(params); },
    step(process: string, event: ConsensusEvent, answer: SutStepResult): JudgeVerdict {
      if (shadow === undefined) throw new Error('strictJudge: step before reset');
      const model = shadow.step(process, event);
      const d = multisetDiff(judgedOutputs(model.outputs), judgedOutputs(answer.outputs));
      return d.length === 0 ? { ok: true } : { ok: false, detail: d };
    },
    finish: () => [],
  };
}

export function noJudge(): StepJudge {
  return { reset: () => {}, step: () => ({ ok: true }), finish: () => [] };
}

export function makeJudge(name: JudgeName): StepJudge {
  return name === 'paper' ? paperJudge() : name === 'strict' ? strictJudge() : noJudge();
}
