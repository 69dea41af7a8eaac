// Throughput of the pure core (not a test; mocha does not load it):
//   node --loader ts-node/esm/transpile-only --no-warnings test/core/bench.ts [n] [heights]
// One process (a follower) is fed every other validator's proposal, prevotes and
// precommits for each height, then StartHeight; reports steps/s and heights/s.
import { makeConfig } from '../../src/core/config.ts';
import { proposer } from '../../src/core/proposer.ts';
import { initState, step } from '../../src/core/step.ts';
import type { ConsensusEvent, ConsensusMessage } from '../../src/core/types.ts';

const n = Number(process.argv[2] ?? 4);
const heights = Number(process.argv[3] ?? 2000);
const validators = Array.from({ length: n }, (_, i) => `c${i + 1}`);
const cfg = makeConfig({ validators, self: validators[n - 1]!, isValid: () => true });
const vote = (type: 'PREVOTE' | 'PRECOMMIT', src: string, h: number): ConsensusMessage =>
  ({ type, src, height: h, round: 0, value: `v${h}`, validRound: -1 });

const events: ConsensusEvent[] = [];
for (let h = 1; h <= heights; h++) {
  events.push({ kind: 'StartHeight', height: h, value: `v${h}` });
  const p = proposer(validators, h, 0);
  if (p !== cfg.self) events.push({ kind: 'Deliver', msg: { type: 'PROPOSAL', src: p, height: h, round: 0, value: `v${h}`, validRound: -1 }, value: 'none' });
  for (const type of ['PREVOTE', 'PRECOMMIT'] as const) {
    for (const src of validators) if (src !== cfg.self) events.push({ kind: 'Deliver', msg: vote(type, src, h), value: 'none' });
  }
}

let state = initState(cfg);
let decided = 0;
const t0 = process.hrtime.bigint();
for (const e of events) {
  const r = step(cfg, state, e);
  state = r.state;
  for (const o of r.outputs) if (o.kind === 'decide') decided++;
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
if (decided !== heights) throw new Error(`bench: expected ${heights} decisions, got ${decided}`);
console.log(`n=${n} heights=${heights} steps=${events.length} time=${s.toFixed(2)}s `
  + `steps/s=${Math.round(events.length / s)} heights/s=${Math.round(heights / s)}`);
