import { strict as assert } from 'node:assert';
import { Cluster } from '../../src/node/cluster.ts';
import { demoBlsCrypto, demoSecretKey, DEMO_CHAIN_ID } from '../../src/node/demo-keys.ts';
import { aggregateSignatures, sign } from '../../src/crypto/bls.ts';
import { precommitSignBytes } from '../../src/crypto/signbytes.ts';
import type { Certificate, ConsensusMessage } from '../../src/core/types.ts';
import { assertAgreement, assertNoEquivocation } from './helpers.ts';

const commit = (src: string, height: number, value: string, cert: Certificate, round = 0): ConsensusMessage =>
  ({ type: 'COMMIT', src, height, round, value, validRound: -1, cert });

describe('node: height sync', () => {
  it('a node that missed heights catches up through COMMITs, in a few batched requests', () => {
    const c = new Cluster({ n: 4, seed: 21, maxDelayMs: 40, lastHeight: 9, absent: ['c4'] }).start();
    assert.ok(c.runUntil(() => c.decided(6)), 'c1..c3 decide 1..6 without c4');
    const late = c.startNode('c4');
    assert.ok(c.runUntil(() => c.decided(9)), 'c4 catches up and all decide 9');
    assertAgreement(c, 9);
    for (let h = 1; h <= 6; h++) {
      // c4 took no part in heights 1..6: its decision is some peer's COMMIT (round and certificate).
      const d = late.decision(h)!;
      const fromPeer = ['c1', 'c2', 'c3'].some((id) => {
        const p = c.nodes.get(id)!.decision(h)!;
        return p.round === d.round && p.cert.signers.join() === d.cert.signers.join();
      });
      assert.ok(fromPeer, `height ${h}: decided from a peer's certificate`);
      assert.ok(!d.cert.signers.includes('c4'));
    }
    const requests = c.net.sent.filter((s) => s.from === 'c4' && s.m.kind === 'syncRequest');
    assert.ok(requests.length >= 2 && requests.length <= 8, `batched requests, got ${requests.length}`);
    for (const r of requests) {
      assert.ok(r.m.kind === 'syncRequest');
      assert.ok(r.m.toHeight - r.m.fromHeight + 1 <= 3, 'a batch fits the core\'s future buffer (2 heights ahead)');
    }
    for (const id of c.ids) assertNoEquivocation(c, id);
  });

  it('forged certificates (too few signers, unknown or repeated signer) are rejected with a reason; the node syncs from honest peers', () => {
    // c5 is Byzantine, driven here: it answers every sync request with forged COMMITs.
    // n = 7 (f = 2, quorum n - f = 5): c1, c2, c3, c6, c7 decide without c4 and c5.
    const c = new Cluster({ n: 7, seed: 8, maxDelayMs: 40, lastHeight: 5, absent: ['c4', 'c5'] }).start();
    assert.ok(c.runUntil(() => c.decided(3)));
    const evil = c.net.endpoint('c5');
    const forged = (h: number): ConsensusMessage[] => [
      commit('c5', h, 'blk-forged', { signers: ['c1', 'c5'] }),
      commit('c5', h, 'blk-forged', { signers: ['c1', 'c2', 'mallory'] }),
      commit('c5', h, 'blk-forged', { signers: ['c1', 'c1', 'c5'] }),
    ];
    evil.onReceive((from, m) => {
      if (m.kind === 'syncRequest') for (let h = m.fromHeight; h <= m.toHeight; h++) for (const f of forged(h)) evil.send(from, { kind: 'consensus', msg: f });
    });
    c.startNode('c4');
    // Claim a high height so that c4 asks c5 too, and push forgeries unasked.
    evil.send('c4', { kind: 'consensus', msg: { type: 'PREVOTE', src: 'c5', height: 4, round: 0, value: 'nil', validRound: -1 } });
    for (const f of forged(1)) evil.send('c4', { kind: 'consensus', msg: f });
    assert.ok(c.runUntil(() => c.decided(5)));
    assertAgreement(c, 5);
    const reasons = c.notices.flatMap((x) => (x.id === 'c4' && x.n.kind === 'rejected' && x.n.reason === 'bad-certificate' ? [x.n.detail] : []));
    assert.ok(reasons.some((r) => /certificate has 2 signers, needs 5/.test(r)), reasons.join('\n'));
    assert.ok(reasons.some((r) => /certificate signer mallory is not a validator/.test(r)));
    assert.ok(reasons.some((r) => /certificate lists a signer twice/.test(r)));
    for (let h = 1; h <= 5; h++) assert.notEqual(c.nodes.get('c4')!.decision(h)!.value, 'blk-forged');
  });

  it('with BLS: a certificate whose aggregate signs another value is rejected with the reason', function () {
    this.timeout(60_000);
    const c = new Cluster({ n: 4, seed: 1, lastHeight: 1, crypto: demoBlsCrypto(), absent: ['c2', 'c3', 'c4'] }).start();
    c.runUntil(() => false, 10); // c1 proposes height 1 and waits for votes that never come
    // c2 (Byzantine) holds precommit signatures of c1..c3 for "blk-other" and claims they are for "blk-forged".
    const signers = ['c1', 'c2', 'c3'];
    const aggregate = aggregateSignatures(signers.map((id) => sign(demoSecretKey(id), precommitSignBytes(DEMO_CHAIN_ID, 1, 0, 'blk-other'))));
    const msg = commit('c2', 1, 'blk-forged', { signers, aggregate });
    msg.signature = c.configs.get('c2')!.crypto.sign(msg);
    c.net.endpoint('c2').send('c1', { kind: 'consensus', msg });
    c.runUntil(() => c.notices.some((x) => x.n.kind === 'rejected'), 1000);
    const r = c.notices.find((x) => x.n.kind === 'rejected');
    assert.ok(r !== undefined && r.n.kind === 'rejected');
    assert.equal(r.n.reason, 'bad-certificate');
    assert.match(r.n.detail, /certificate aggregate does not verify for PRECOMMIT\(1, 0, blk-forged\) by c1,c2,c3/);
    assert.equal(c.nodes.get('c1')!.decision(1), undefined);
  });

  it('a malformed sync request is answered with nothing and reported', () => {
    const c = new Cluster({ n: 4, lastHeight: 1, absent: ['c4'] }).start();
    c.net.endpoint('c4').send('c1', { kind: 'syncRequest', fromHeight: 5, toHeight: 2 });
    c.runUntil(() => c.notices.some((x) => x.n.kind === 'rejected' && x.n.reason === 'bad-sync-request'), 100);
    const r = c.notices.find((x) => x.n.kind === 'rejected' && x.n.reason === 'bad-sync-request');
    assert.ok(r !== undefined && r.n.kind === 'rejected');
    assert.equal(r.n.detail, 'syncRequest: expected 1 <= fromHeight <= toHeight, got 5..2');
  });
});
