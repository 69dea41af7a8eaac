// Coverage of validated runs next to the TLC-generated corpus (traces/): how often each
// handler and upon-rule fired, and each (step, rule) pair, where the step is the event
// kind refined by the message type or timeout kind ("Deliver PREVOTE", "Timeout
// precommit"). A pair the corpus never reached but validated runs did is behaviour
// only the simulator brought to TLC; the depth columns say how far each source went.
import { corpusFiles, readTraces } from '../conformance/corpus.ts';
import type { ModelTrace } from '../conformance/replay.ts';
import type { ConsensusEvent } from '../core/types.ts';
import { RULES } from '../core/rules.ts';
import type { NormalEvent, Recording } from './recording.ts';

export interface Coverage {
  rules: Map<string, number>;
  pairs: Map<string, number>;
  steps: number;
  maxRound: number;
  maxHeight: number;
}

const empty = (): Coverage => ({ rules: new Map(), pairs: new Map(), steps: 0, maxRound: 0, maxHeight: 0 });

function stepLabel(e: NormalEvent | ConsensusEvent): string {
  switch (e.kind) {
    case 'StartHeight': return 'StartHeight';
    case 'Deliver': return `Deliver ${e.msg.type}`;
    case 'Timeout': return `Timeout ${e.timeout}`;
    case 'ProposeValue': return 'ProposeValue';
  }
}

function count(c: Coverage, label: string, fired: readonly string[], round: number, height: number): void {
  c.steps++;
  c.maxRound = Math.max(c.maxRound, round);
  c.maxHeight = Math.max(c.maxHeight, height);
  for (const r of new Set(fired)) {
    c.rules.set(r, (c.rules.get(r) ?? 0) + 1);
    const k = `${label} / ${r}`;
    c.pairs.set(k, (c.pairs.get(k) ?? 0) + 1);
  }
}

export function recordingCoverage(recs: readonly Recording[]): Coverage {
  const c = empty();
  for (const r of recs) for (const s of r.steps) count(c, stepLabel(s.event), s.fired, s.proj.round, s.proj.height);
  return c;
}

export function traceCoverage(traces: readonly ModelTrace[]): Coverage {
  const c = empty();
  for (const t of traces) for (const s of t.steps) {
    if (s.event === null) continue;
    const p = s.projections[s.event.p]!;
    count(c, stepLabel(s.event.event), s.fired, p.round, p.height);
  }
  return c;
}

/** The TLC-generated corpus (traces/, the cover graph's transition cover included). */
export function corpusCoverage(): Coverage {
  return traceCoverage(corpusFiles().flatMap(readTraces));
}

export function formatCoverage(validated: Coverage, corpus: Coverage): string {
  const lines = [`                                   validated runs   TLC corpus`,
    `steps                              ${String(validated.steps).padStart(14)}   ${String(corpus.steps).padStart(10)}`,
    `deepest round / height             ${`${validated.maxRound} / ${validated.maxHeight}`.padStart(14)}   ${`${corpus.maxRound} / ${corpus.maxHeight}`.padStart(10)}`,
    '', 'rule                                      validated   corpus'];
  for (const r of RULES) {
    const v = validated.rules.get(r.name) ?? 0;
    const c = corpus.rules.get(r.name) ?? 0;
    lines.push(`${r.name.padEnd(40)} ${String(v).padStart(10)} ${String(c).padStart(8)}${v === 0 ? '  <- not in validated runs' : ''}`);
  }
  const keys = [...new Set([...validated.pairs.keys(), ...corpus.pairs.keys()])].sort();
  lines.push('', '(step, rule) pair                                              validated   corpus');
  for (const k of keys) {
    const v = validated.pairs.get(k) ?? 0;
    const c = corpus.pairs.get(k) ?? 0;
    lines.push(`${k.padEnd(62)} ${String(v).padStart(9)} ${String(c).padStart(8)}${c === 0 ? '  <- only validated runs' : v === 0 ? '  <- only corpus' : ''}`);
  }
  const onlyV = keys.filter((k) => (corpus.pairs.get(k) ?? 0) === 0).length;
  const onlyC = keys.filter((k) => (validated.pairs.get(k) ?? 0) === 0).length;
  lines.push(`pairs: ${validated.pairs.size} in validated runs, ${corpus.pairs.size} in the corpus; ${onlyV} only in validated runs, ${onlyC} only in the corpus`);
  return lines.join('\n');
}
