// A finding, from the run that found it to what a person and CI get (issue 22 §4, §5):
// the schedule shrunk against the same engine (shrink.ts); the model's behaviour on the
// shrunk schedule (model-run.ts) written as an ITF trace (itf-out.ts) and drawn as one
// HTML page (src/show); TLC's trace validation of it (tlc-accept.ts: a rejected trace
// is an explorer bug); and the trace replayed through the engine as `oracle --traces`
// does (src/conformance/replay.ts), which must fail it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelTraceFromItf } from '../conformance/model-trace.ts';
import { formatMismatch, replayTrace, type ConsensusSut } from '../conformance/replay.ts';
import { readShowSource } from '../show/input.ts';
import { sourceHtml, writeHtml } from '../show/page.ts';
import type { RawFinding } from './campaign.ts';
import type { ExploreEvent } from './cluster.ts';
import type { JudgeName } from './judge-port.ts';
import { modelRun } from './model-run.ts';
import { modelRunToItf } from './itf-out.ts';
import { shrink } from './shrink.ts';
import { makeJudge } from './strict-judge.ts';
import { tlcAccepts, type TlcVerdict } from './tlc-accept.ts';

export interface Finding {
  property: string;
  process: string;
  detail: string[];
  run: number;
  seed: number;
  secondsToFind: number;
  /** Steps of the run that found it, and of the shrunk schedule (up to and including the failing step). */
  steps: number;
  shrunkSteps: number;
  replays: number;
  /** Steps of the written model trace (it may stop earlier: `cut`). */
  traceSteps: number;
  cut: string | null;
  itf: string;
  html: string;
  tlc: TlcVerdict | null;
  /** The engine replaying the trace as `oracle --traces` does: the first mismatch, or null if it passed. */
  oracle: string | null;
  /** The shrunk schedule, readable. */
  schedule: string[];
}

export function describeEvent(e: ExploreEvent): string {
  const ev = e.event;
  switch (ev.kind) {
    case 'StartHeight': return `${e.p} <- StartHeight(${ev.height})`;
    case 'Deliver': { const m = ev.msg; return `${e.p} <- ${m.type}(h${m.height} r${m.round} ${m.value}${m.type === 'PROPOSAL' ? ` vr${m.validRound}` : ''}) from ${m.src} [${e.origin}]`; }
    case 'Timeout': return `${e.p} <- timeout ${ev.timeout}(h${ev.height} r${ev.round})`;
    case 'ProposeValue': return `${e.p} <- ProposeValue(h${ev.height} r${ev.round})`;
  }
}

export interface FindingOptions { sut: ConsensusSut; judge: JudgeName; outDir: string; index: number; tlc: boolean; command: string }

export async function processFinding(f: RawFinding, o: FindingOptions): Promise<Finding> {
  const failing = f.outcome.violation!;
  const events = f.outcome.events.slice(0, failing.step);
  let shrunk: ExploreEvent[] = events;
  let replays = 0;
  let step = failing.step;
  if (f.property !== 'Liveness' && f.property !== 'EngineError') {
    const s = await shrink(o.sut, () => makeJudge(o.judge), f.params, events, f.property);
    replays = s.replays;
    if (s.violation !== null) { shrunk = s.applied.slice(0, s.violation.step); step = s.violation.step; }
  }
  const run = modelRun(f.params, shrunk, step);
  const name = `finding-${o.index}-${f.property}`;
  const itf = modelRunToItf(run, { violated: f.property, kind: 'explore finding', seed: String(f.genome.seed), command: o.command,
    description: `explore: ${f.property} by ${f.process} at step ${step} of the shrunk schedule: ${f.detail.join(' ')}` });
  mkdirSync(o.outDir, { recursive: true });
  const itfPath = join(o.outDir, `${name}.itf.json`);
  writeFileSync(itfPath, JSON.stringify(itf) + '\n');
  const htmlPath = join(o.outDir, `${name}.html`);
  writeHtml(htmlPath, sourceHtml(readShowSource(itfPath), itfPath, f.property, false));
  const tlc = o.tlc ? await tlcAccepts(run, name.replace(/[^A-Za-z0-9]/g, '_')) : null;
  const trace = modelTraceFromItf(itf, itfPath);
  const rep = await replayTrace(trace, o.sut);
  return {
    property: f.property, process: f.process, detail: f.detail, run: f.run, seed: f.genome.seed, secondsToFind: f.seconds,
    steps: failing.step, shrunkSteps: shrunk.length, replays, traceSteps: run.steps.length, cut: run.cut,
    itf: itfPath, html: htmlPath, tlc, oracle: rep.mismatch === null ? null : formatMismatch(rep.mismatch), schedule: shrunk.map(describeEvent),
  };
}
