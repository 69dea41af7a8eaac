// Direct input (docs/peers/cometbft.md, "Found by direct input"): an unlocked process
// prevotes a proposal whose validRound's polka was for another value. n = 4 (c3, b1, c1,
// c2 in proposer order), b1 Byzantine, one process c2 driven. Round 0: c2 receives
// PREVOTE v1 from c1, c3, b1 (a polka for v1; c3's proposal never reaches it), times out of
// propose (prevotes nil, unlocked). Round 1 (proposer b1): PREVOTE nil of round 1 from b1,
// c3, c1 (c1 and c3 locked on v1, timed out of propose), then b1's PROPOSAL of v2 with
// validRound 0. Paper line 28 prevotes v2 only upon 2f+1 PREVOTE(h, 0, id(v2)): there are
// none, so c2 does not prevote v2. Every event is one the model allows.
//   node conformance/drivers/go/cometbft/scenarios/l28-polka-any-value.mjs "<driver command>"
// Prints {"prevotedV2": bool, "outputs": [...the last step's outputs]}; with --expect-prevote /
// --expect-none it exits 1 unless that is what happened; 2 if the driver refuses a request.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const [command, expect] = process.argv.slice(2);
if (command === undefined) {
  console.error('usage: l28-polka-any-value.mjs "<driver command>" [--expect-prevote|--expect-none]');
  process.exit(2);
}
const msg = (type, src, round, value, validRound = -1) => ({ type, src, height: 1, round, value, validRound, cert: [] });
const deliver = (m) => ({ op: 'consensus.step', process: 'c2', event: { kind: 'Deliver', msg: m, value: 'none' } });
const requests = [
  { op: 'hello' },
  { op: 'consensus.reset', validators: ['c3', 'b1', 'c1', 'c2'], correct: ['c1', 'c2', 'c3'], validValues: ['v1', 'v2'], maxRound: 1, maxHeight: 1 },
  { op: 'consensus.step', process: 'c2', event: { kind: 'StartHeight', height: 1, value: 'none' } },
  deliver(msg('PREVOTE', 'c1', 0, 'v1')), deliver(msg('PREVOTE', 'c3', 0, 'v1')), deliver(msg('PREVOTE', 'b1', 0, 'v1')),
  { op: 'consensus.step', process: 'c2', event: { kind: 'Timeout', timeout: 'propose', height: 1, round: 0, value: 'none' } },
  deliver(msg('PREVOTE', 'b1', 1, 'nil')), deliver(msg('PREVOTE', 'c3', 1, 'nil')), deliver(msg('PREVOTE', 'c1', 1, 'nil')),
  deliver(msg('PROPOSAL', 'b1', 1, 'v2', 0)),
];
const child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'inherit'] });
let next = 0;
const send = () => child.stdin.write(`${JSON.stringify({ id: next + 1, ...requests[next] })}\n`);
createInterface({ input: child.stdout }).on('line', (line) => {
  const a = JSON.parse(line);
  if (a.ok !== true) { console.error(`request ${a.id} refused: ${line}`); process.exit(2); }
  if (++next < requests.length) { send(); return; }
  child.stdin.end();
  const prevotedV2 = a.outputs.some((o) => o.kind === 'broadcast' && o.msg.type === 'PREVOTE' && o.msg.value === 'v2');
  console.log(JSON.stringify({ prevotedV2, outputs: a.outputs }));
  if (expect === '--expect-prevote' && !prevotedV2) process.exit(1);
  if (expect === '--expect-none' && prevotedV2) process.exit(1);
});
send();
