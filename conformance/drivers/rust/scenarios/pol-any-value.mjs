// The consequence of deviation L36/L28-polka-certificate-any-value (docs/peers/malachite.md):
// n = 4 (c3, b1, c1, c2 in proposer order), one Byzantine validator b1, and the two
// correct processes c1, c2 decide different values through Malachite's core.
// Round 0: c3 proposes v1, every correct process prevotes v1 (a polka for v1) and
// precommits v1; c1 decides v1 with b1's precommit; b1 sends PRECOMMIT nil to c2 and c3,
// which time out into round 1. Round 1: b1 (its proposer) proposes v2 with validRound 0.
// Paper line 28: prevote v2 only upon 2f+1 PREVOTE(h, 0, id(v2)): there are none, so c2
// and c3 wait (the reference core does, and so does Malachite core 0.8.2). Malachite
// core 0.5.0 finds the round-0 polka certificate (for v1) by its round alone, prevotes
// v2, and c2 decides v2 (.ci/run: --expect-violation on the 0.5.0 build,
// --expect-agreement on the 0.8.2 build and the reference core).
// Runs the events through a driver and prints each process's decision as JSON:
//   node conformance/drivers/rust/scenarios/pol-any-value.mjs "<driver command>"
// With --expect-violation / --expect-agreement it exits 1 unless that is what happened.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const [command, expect] = process.argv.slice(2);
if (command === undefined) {
  console.error('usage: pol-any-value.mjs "<driver command>" [--expect-violation|--expect-agreement]');
  process.exit(2);
}
const msg = (type, src, round, value, validRound = -1) => ({ type, src, height: 1, round, value, validRound, cert: [] });
const deliver = (p, m) => ({ process: p, event: { kind: 'Deliver', msg: m, value: 'none' } });
const timeout = (p, t, round) => ({ process: p, event: { kind: 'Timeout', timeout: t, height: 1, round, value: 'none' } });
const start = (p, value = 'none') => ({ process: p, event: { kind: 'StartHeight', height: 1, value } });
const steps = [
  start('c3', 'v1'), start('c1'), start('c2'),                                   // c3 proposes v1 (L19)
  deliver('c1', msg('PROPOSAL', 'c3', 0, 'v1')), deliver('c2', msg('PROPOSAL', 'c3', 0, 'v1')),  // L22-L24
  deliver('c2', msg('PREVOTE', 'c3', 0, 'v1')), deliver('c2', msg('PREVOTE', 'c1', 0, 'v1')),    // polka v1: L36
  deliver('c3', msg('PREVOTE', 'c1', 0, 'v1')), deliver('c3', msg('PREVOTE', 'c2', 0, 'v1')),
  deliver('c1', msg('PREVOTE', 'c3', 0, 'v1')), deliver('c1', msg('PREVOTE', 'c2', 0, 'v1')),
  deliver('c1', msg('PRECOMMIT', 'c2', 0, 'v1')), deliver('c1', msg('PRECOMMIT', 'b1', 0, 'v1')), // c1 decides v1: L49
  deliver('c2', msg('PRECOMMIT', 'c3', 0, 'v1')), deliver('c2', msg('PRECOMMIT', 'b1', 0, 'nil')), // L47
  deliver('c3', msg('PRECOMMIT', 'c2', 0, 'v1')), deliver('c3', msg('PRECOMMIT', 'b1', 0, 'nil')),
  timeout('c2', 'precommit', 0), timeout('c3', 'precommit', 0),                  // L65: round 1, proposer b1
  deliver('c2', msg('PROPOSAL', 'b1', 1, 'v2', 0)), deliver('c3', msg('PROPOSAL', 'b1', 1, 'v2', 0)), // L28: no polka for v2 in round 0
  deliver('c2', msg('PREVOTE', 'c3', 1, 'v2')), deliver('c2', msg('PREVOTE', 'b1', 1, 'v2')),
  deliver('c3', msg('PREVOTE', 'c2', 1, 'v2')), deliver('c3', msg('PREVOTE', 'b1', 1, 'v2')),
  deliver('c2', msg('PRECOMMIT', 'c3', 1, 'v2')), deliver('c2', msg('PRECOMMIT', 'b1', 1, 'v2')),
];
const requests = [
  { op: 'hello' },
  { op: 'consensus.reset', validators: ['c3', 'b1', 'c1', 'c2'], correct: ['c1', 'c2', 'c3'], validValues: ['v1', 'v2'], maxRound: 1, maxHeight: 1 },
  ...steps.map((s) => ({ op: 'consensus.step', ...s })),
];
const child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'inherit'] });
const decided = {};
let next = 0;
const send = () => child.stdin.write(`${JSON.stringify({ id: next + 1, ...requests[next] })}\n`);
createInterface({ input: child.stdout }).on('line', (line) => {
  const a = JSON.parse(line);
  if (a.ok !== true) { console.error(`request ${a.id} refused: ${line}`); process.exit(1); }
  const req = requests[next];
  if (req.op === 'consensus.step') {
    for (const o of a.outputs) if (o.kind === 'decide') decided[req.process] = { value: o.value, round: o.round };
  }
  if (++next < requests.length) { send(); return; }
  child.stdin.end();
  const values = new Set(Object.values(decided).map((d) => d.value));
  console.log(JSON.stringify({ decided, agreement: values.size <= 1 }));
  if (expect === '--expect-violation' && values.size <= 1) process.exit(1);
  if (expect === '--expect-agreement' && values.size > 1) process.exit(1);
});
send();
