import { strict as assert } from 'node:assert';
import { makeConfig } from '../../src/core/config.ts';
import type { ConsensusEvent, ConsensusOutput } from '../../src/core/types.ts';
import { VirtualClock } from '../../src/node/clock.ts';
import { Cluster, isMempoolValue } from '../../src/node/cluster.ts';
import { MemoryNetwork } from '../../src/node/memory-transport.ts';
import { Node } from '../../src/node/node.ts';
import type { NodeNotice } from '../../src/node/node.ts';
import { Wal } from '../../src/node/wal.ts';
import { tmpDir } from './helpers.ts';

describe('node: the step loop', () => {
  it('an event carries a getValue answer only when its reaction proposes a fresh value (contract), and it is logged that way', () => {
    const steps: { id: string; e: ConsensusEvent; outs: readonly ConsensusOutput[] }[] = [];
    const dir = tmpDir('getvalue');
    const c = new Cluster({ n: 4, seed: 6, maxDelayMs: 40, lastHeight: 5, walDir: dir, onStep: (id, e, outs) => steps.push({ id, e, outs }) }).start();
    c.crash('c3'); // forces later rounds, where proposers re-propose or propose fresh
    assert.ok(c.runUntil(() => c.decided(5)));
    let fresh = 0;
    for (const { id, e, outs } of steps) {
      const proposals = outs.flatMap((o) => (o.kind === 'broadcast' && o.msg.type === 'PROPOSAL' && o.msg.src === id ? [o.msg] : []));
      const freshOnes = proposals.filter((p) => p.validRound === -1);
      if (e.value === 'none') assert.deepEqual(freshOnes, [], `${id}: fresh proposal without a getValue answer`);
      else {
        fresh++;
        assert.ok(freshOnes.length > 0 && freshOnes.every((p) => p.value === e.value), `${id}: getValue answer ${e.value} unused`);
        const p = freshOnes[0]!;
        assert.equal(e.value, `blk-${p.height}-${id}-r${p.round}`, 'proposeValue asked for the round actually proposed in');
      }
    }
    assert.ok(fresh >= 5);
    c.stop();
    const logged = Wal.open(`${dir}/c1.wal`);
    const withValue = logged.records.flatMap((r) => (r.kind === 'event' && r.event.value !== 'none' ? [r.event.value] : []));
    assert.ok(withValue.length > 0 && withValue.every((v) => v.startsWith('blk-') && v.includes('-c1-')));
    logged.wal.close();
  });

  it('logs an event only if it changed something: a duplicate delivery is not logged', () => {
    const dir = tmpDir('dup');
    const c = new Cluster({ n: 4, seed: 2, lastHeight: 1, walDir: dir, absent: ['c4'] }).start();
    const prevote = { type: 'PREVOTE' as const, src: 'c4', height: 1, round: 0, value: 'nil', validRound: -1 };
    for (let i = 0; i < 3; i++) c.net.endpoint('c4').send('c1', { kind: 'consensus', msg: prevote });
    c.runUntil(() => c.decided(1));
    c.stop();
    const { records, wal } = Wal.open(`${dir}/c1.wal`);
    wal.close();
    const fromC4 = records.filter((r) => r.kind === 'event' && r.event.kind === 'Deliver' && r.event.msg.src === 'c4');
    assert.equal(fromC4.length, 1);
  });

  it('refuses a transport of another validator and an unusable proposeValue', () => {
    const ids = ['c1', 'c2', 'c3', 'c4'];
    const clock = new VirtualClock();
    const net = new MemoryNetwork(clock, ids);
    const config = makeConfig({ validators: ids, self: 'c1', isValid: isMempoolValue });
    assert.throws(() => Node.start({ config, transport: net.endpoint('c2'), clock, proposeValue: () => 'blk' }),
      /Node: transport is for c2, config.self is c1/);
    assert.throws(() => Node.start({ config, transport: net.endpoint('c1'), clock, proposeValue: () => 'none' }),
      /Node c1: proposeValue returned an unusable value "none"/);
  });

  it('a non-validator on the network is never asked for, nor answered with, COMMITs', () => {
    const ids = ['c1', 'c2', 'c3', 'c4'];
    const clock = new VirtualClock();
    const net = new MemoryNetwork(clock, [...ids, 'mallory']);
    const notices: NodeNotice[] = [];
    Node.start({
      config: makeConfig({ validators: ids, self: 'c1', isValid: isMempoolValue }), transport: net.endpoint('c1'), clock,
      proposeValue: (h, r) => `blk-${h}-c1-r${r}`, onNotice: (n) => notices.push(n),
    });
    const m = net.endpoint('mallory');
    m.send('c1', { kind: 'consensus', msg: { type: 'PREVOTE', src: 'mallory', height: 9, round: 0, value: 'nil', validRound: -1 } });
    m.send('c1', { kind: 'syncRequest', fromHeight: 1, toHeight: 1 });
    clock.runUntil(() => false, 100);
    // Broadcasts reach every member (observers too); sync traffic does not.
    const sync = net.sent.filter((x) => x.to === 'mallory' && (x.m.kind === 'syncRequest' || (x.m.kind === 'consensus' && x.m.msg.type === 'COMMIT')));
    assert.deepEqual(sync, []);
    const reasons = notices.flatMap((n) => (n.kind === 'rejected' ? [`${n.reason}: ${n.detail}`] : []));
    assert.ok(reasons.includes('bad-sync-request: syncRequest from non-validator mallory'), reasons.join('\n'));
    assert.ok(reasons.some((r) => r.startsWith('unknown-sender')), reasons.join('\n'));
  });

  it('a malformed message from the network is reported, not fed to the core', () => {
    const c = new Cluster({ n: 4, lastHeight: 1, absent: ['c4'] }).start();
    const bad = { type: 'PREVOTE', src: 'c4', height: -1, round: 0, value: 'x', validRound: -1 };
    c.net.endpoint('c4').send('c1', { kind: 'consensus', msg: bad as never });
    c.runUntil(() => c.notices.some((x) => x.n.kind === 'rejected' && x.n.reason === 'malformed'), 50);
    const r = c.notices.find((x) => x.n.kind === 'rejected' && x.n.reason === 'malformed');
    assert.ok(r !== undefined && r.n.kind === 'rejected');
    assert.equal(r.n.detail, "message from c4: expected integer 'height' >= 0, got -1");
  });
});

describe('node: the conventions of its core (docs/contract.md, "Conventions")', () => {
  it('first height 0, getValue as a later event and own messages delivered back: the cluster decides heights 0..3 with a crashed node', () => {
    const steps: { id: string; e: ConsensusEvent; outs: readonly ConsensusOutput[] }[] = [];
    const c = new Cluster({ n: 4, seed: 3, maxDelayMs: 40, lastHeight: 3, onStep: (id, e, outs) => steps.push({ id, e, outs }),
      conventions: { firstHeight: 0, getValue: 'later-event', ownMessages: 'delivered-back' } }).start();
    c.crash('c3');
    assert.ok(c.runUntil(() => c.decided(0) && c.decided(3)));
    assert.ok(steps.some(({ outs }) => outs.some((o) => o.kind === 'getValue')), 'a getValue output');
    assert.ok(steps.some(({ e }) => e.kind === 'ProposeValue' && e.value !== 'none'), 'a ProposeValue event with the value');
    assert.ok(steps.some(({ id, e }) => e.kind === 'Deliver' && e.msg.src === id), 'an own message delivered back');
  });
});
