import { strict as assert } from 'node:assert';
import { Cluster } from '../../src/node/cluster.ts';
import { demoBlsCrypto } from '../../src/node/demo-keys.ts';
import { assertAgreement, assertNoEquivocation } from './helpers.ts';

describe('node: cluster in memory', () => {
  it('four nodes decide six heights in a row, all agreeing, each proposer in turn', () => {
    const c = new Cluster({ n: 4, seed: 11, minDelayMs: 1, maxDelayMs: 40, lastHeight: 6 }).start();
    assert.ok(c.runUntil(() => c.decided(6)), 'all decide height 6');
    const values = assertAgreement(c, 6);
    // Round-robin proposer (contract): height h, round 0 is proposed by validators[(h-1) mod n].
    assert.deepEqual(values, ['blk-1-c1-r0', 'blk-2-c2-r0', 'blk-3-c3-r0', 'blk-4-c4-r0', 'blk-5-c1-r0', 'blk-6-c2-r0']);
    for (const id of c.ids) assertNoEquivocation(c, id);
    for (const [id, n] of c.nodes) {
      assert.equal(n.projection.height, 6, `${id} stops at the last height`);
      for (let h = 1; h <= 6; h++) assert.ok(n.decision(h)!.cert.signers.length >= 3, `${id}: certificate of ${h} has a quorum`);
    }
  });

  it('the same seed gives the same run; another seed delivers in another order', () => {
    const trace = (seed: number) => {
      const c = new Cluster({ n: 4, seed, minDelayMs: 1, maxDelayMs: 40, lastHeight: 3 }).start();
      c.runUntil(() => c.decided(3));
      return { at: c.clock.now(), sent: c.net.sent.map((s) => `${s.from}>${s.to}:${JSON.stringify(s.m)}`) };
    };
    assert.deepEqual(trace(5), trace(5));
    assert.notDeepEqual(trace(5).sent, trace(6).sent);
  });

  it('with a crashed validator (f = 1) the other three still decide, through timeouts where it proposes', () => {
    const c = new Cluster({ n: 4, seed: 2, maxDelayMs: 30, lastHeight: 5 }).start();
    c.crash('c3');
    assert.ok(c.runUntil(() => c.decided(5)));
    assertAgreement(c, 5);
    // c3 proposes height 3 round 0: that height is decided in a later round, by c4.
    const d3 = c.nodes.get('c1')!.decision(3)!;
    assert.ok(d3.round >= 1);
    assert.equal(d3.value, `blk-3-c4-r${d3.round}`);
  });

  it('an equivocating validator is reported as evidence, and its second vote does not count', () => {
    const c = new Cluster({ n: 4, seed: 1, lastHeight: 1, absent: ['c4'] }).start();
    const evil = c.net.endpoint('c4');
    for (const value of ['blk-1-c1-r0', 'blk-evil'])
      evil.broadcast({ kind: 'consensus', msg: { type: 'PREVOTE', src: 'c4', height: 1, round: 0, value, validRound: -1 } });
    assert.ok(c.runUntil(() => c.decided(1)));
    assertAgreement(c, 1);
    const ev = c.notices.filter((x) => x.n.kind === 'evidence');
    assert.deepEqual(ev.map((x) => x.id).sort(), ['c1', 'c2', 'c3']);
    for (const x of ev) {
      assert.ok(x.n.kind === 'evidence');
      assert.deepEqual([x.n.output.src, x.n.output.type, x.n.output.first.value, x.n.output.second.value],
        ['c4', 'PREVOTE', 'blk-1-c1-r0', 'blk-evil']);
    }
  });

  it('with real BLS signatures: decisions carry a 96-byte aggregate over a quorum', function () {
    this.timeout(60_000);
    const c = new Cluster({ n: 4, seed: 1, maxDelayMs: 20, lastHeight: 1, crypto: demoBlsCrypto() }).start();
    assert.ok(c.runUntil(() => c.decided(1)));
    assertAgreement(c, 1);
    for (const [id, n] of c.nodes) {
      const d = n.decision(1)!;
      assert.equal(d.cert.aggregate?.length, 96, `${id}: aggregate present`);
      assert.equal(c.configs.get('c2')!.crypto.checkCertificate(1, d.round, d.value, d.cert), null, `${id}: certificate verifies`);
    }
    const rejected = c.notices.filter((x) => x.n.kind === 'rejected' && x.n.reason === 'bad-signature');
    assert.deepEqual(rejected, []);
  });
});
