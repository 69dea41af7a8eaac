// `hybrid-bft node` processes over TCP: a validator killed with SIGKILL mid-height and
// restarted from its WAL signs nothing twice, and the height is decided. Nothing
// started is left running.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsensusMessage } from '../../src/core/types.ts';
import { freePorts } from '../../src/node/ports.ts';
import { until } from './procs.ts';
import {
  assertAgreement, conflicts, decidedHeights, received, startNode, walVotes, nodeProcFolder,
} from './node-procs.ts';

const IDS = ['c1', 'c2', 'c3', 'c4'];

/** Every message in `sent` has the same (value, validRound) as the WAL's vote for its slot. */
function notInWal(sent: readonly ConsensusMessage[], wal: readonly ConsensusMessage[]): string[] {
  const key = (m: ConsensusMessage) => `${m.type}/${m.height}/${m.round}`;
  const logged = new Map(wal.map((m) => [key(m), `${m.value}/${m.validRound}`]));
  return sent.filter((m) => m.type !== 'COMMIT' && logged.get(key(m)) !== `${m.value}/${m.validRound}`).map(key);
}

describe('cli: node processes, SIGKILL and restart from the WAL', function () {
  this.timeout(60_000);
  const ctx = nodeProcFolder();

  it('SIGKILL of the proposer mid-height, restart from its WAL: no double sign, heights 1..3 decided by all', async () => {
    const { T, procs } = ctx;
    const ports = await freePorts(4);
    const peers = IDS.map((id, i) => `${id}=127.0.0.1:${ports[i]}`).join(',');
    const start = (id: string) => {
      const p = startNode(id, peers, join(T, id), ['--heights', '3', '--linger', '60000', '--log-received', join(T, `${id}.rcv`)]);
      procs.push(p);
      return p;
    };
    // Only c1 (the proposer of height 1) and c2 at first: two of four are no quorum, so
    // height 1 stays open while c1 has signed its proposal and prevote.
    let c1 = start('c1');
    const c2 = start('c2');
    const wal1 = join(T, 'c1', 'c1.wal');
    await until('c1 to sign and c2 to receive its proposal', () => existsSync(wal1) && walVotes(wal1).some((m) => m.type === 'PREVOTE')
      && existsSync(join(T, 'c2.rcv')) && received(join(T, 'c2.rcv')).some((r) => r.msg.type === 'PROPOSAL' && r.msg.src === 'c1'), 40_000);
    assert.deepEqual(decidedHeights(c1), [], 'mid-height: nothing decided yet');
    c1.child.kill('SIGKILL');
    await c1.exited;
    const before = walVotes(wal1);
    assert.ok(before.some((m) => m.type === 'PROPOSAL' && m.height === 1), 'c1 had signed its height-1 proposal');
    const seenBefore = received(join(T, 'c2.rcv')).filter((r) => r.msg.src === 'c1').map((r) => r.msg);
    start('c3');
    start('c4');
    c1 = start('c1');
    const all = [c1, c2, procs[2]!, procs[3]!];
    await until('heights 1..3 at every node', () => all.every((p) => decidedHeights(p).includes(3)), 50_000);
    assertAgreement(all, 3);
    const rec = c1.events.find((e) => e.event === 'recovered');
    assert.ok(rec !== undefined && (rec.events as number) > 0, 'the restarted c1 replayed its WAL');
    assert.equal(c1.events.find((e) => e.event === 'listening')?.restarted, true);

    // Every message of c1 that any peer received (directly or relayed), before and after the kill.
    const sent = IDS.slice(1).flatMap((id) => received(join(T, `${id}.rcv`))).map((r) => r.msg).filter((m) => m.src === 'c1');
    assert.ok(seenBefore.length > 0 && sent.some((m) => m.height === 3), 'messages from both incarnations');
    assert.deepEqual(conflicts(sent), [], 'c1 never signed two different messages for one slot');
    const after = walVotes(wal1);
    assert.deepEqual(notInWal(sent, after), [], "every message of c1 on the network is its WAL's vote for that slot");
    assert.deepEqual(notInWal(before, after), [], 'the votes logged before the kill are still there, unchanged');
    // Negative controls: a second value for a slot c1 used, and a message its WAL never signed, are caught.
    const m0 = sent.find((m) => m.type === 'PREVOTE')!;
    assert.equal(conflicts([...sent, { ...m0, value: 'blk-forged' }]).length, 1);
    assert.deepEqual(notInWal([{ ...m0, value: 'blk-forged' }], after), [`PREVOTE/${m0.height}/${m0.round}`]);
  });
});
