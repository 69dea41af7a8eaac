import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { Cluster } from '../../src/node/cluster.ts';
import { SignGuard } from '../../src/node/sign-guard.ts';
import { Wal } from '../../src/node/wal.ts';
import { encodeFrame } from '../../src/node/wal-frame.ts';
import { encodeRecord } from '../../src/node/wal-records.ts';
import type { ConsensusMessage } from '../../src/core/types.ts';
import { assertAgreement, assertNoEquivocation, sentBy, tmpDir } from './helpers.ts';

const vote = (type: ConsensusMessage['type'], height: number, round: number, value: string, validRound = -1): ConsensusMessage =>
  ({ type, src: 'c1', height, round, value, validRound });

describe('node: restart from the WAL', () => {
  it('a node crashed in the middle of a height recovers its state, rejoins, decides the rest, and never equivocates', () => {
    const c = new Cluster({ n: 4, seed: 4, maxDelayMs: 40, lastHeight: 6, walDir: tmpDir('restart') }).start();
    const midHeight3 = () => {
      const p = c.nodes.get('c3')!.projection;
      return p.height === 3 && sentBy(c, 'c3').some((m) => m.height === 3 && m.type === 'PREVOTE');
    };
    assert.ok(c.runUntil(midHeight3));
    const before = c.nodes.get('c3')!.projection;
    c.crash('c3');
    c.runUntil(() => false, 3000); // the others go on without it
    assert.ok(c.nodes.get('c1')!.projection.height > 3, 'the others moved on meanwhile');

    const node = c.startNode('c3');
    const rec = c.notices.find((x) => x.id === 'c3' && x.n.kind === 'recovered');
    assert.ok(rec !== undefined && rec.n.kind === 'recovered');
    assert.equal(rec.n.height, 3);
    assert.equal(rec.n.torn, null);
    // The replayed state is the state at the crash (round and locks included).
    const after = node.projection;
    for (const k of ['height', 'round', 'lockedValue', 'lockedRound', 'validValue', 'validRound'] as const)
      assert.equal(after[k], before[k], `recovered ${k}`);

    assert.ok(c.runUntil(() => c.decided(6)), 'c3 catches up and everybody decides height 6');
    assertAgreement(c, 6);
    for (const id of c.ids) assertNoEquivocation(c, id);
    const commitsToC3 = c.net.sent.filter((s) => s.to === 'c3' && s.m.kind === 'consensus' && s.m.msg.type === 'COMMIT');
    assert.ok(commitsToC3.length > 0, 'c3 caught up through height sync (COMMITs)');
  });

  it('crash-and-restart at many points of a run never makes a node equivocate or disagree', () => {
    // c2 broadcasts about 9 messages over 4 heights (one proposal, a prevote and a precommit per height).
    for (const crashAfter of [1, 2, 3, 4, 5, 6, 7, 8]) {
      for (const downMs of [0, 700, 4000]) {
        const c = new Cluster({ n: 4, seed: crashAfter * 31 + downMs, maxDelayMs: 40, lastHeight: 4, walDir: tmpDir('points') }).start();
        assert.ok(c.runUntil(() => sentBy(c, 'c2').length >= crashAfter * 3), `c2 broadcasts ${crashAfter}`); // 3 copies each
        c.crash('c2');
        c.runUntil(() => false, downMs);
        c.startNode('c2');
        const where = `crashAfter=${crashAfter} downMs=${downMs}`;
        assert.ok(c.runUntil(() => c.decided(4)), `${where}: all decide`);
        assertAgreement(c, 4);
        for (const id of c.ids) assertNoEquivocation(c, id);
        c.stop();
      }
    }
  });

  it('negative control: restarted WITHOUT its WAL, the same node does equivocate (so the check can fail)', () => {
    const c = new Cluster({ n: 4, seed: 3, maxDelayMs: 40, lastHeight: 3, walDir: tmpDir('nowal') }).start();
    assert.ok(c.runUntil(() => sentBy(c, 'c2').some((m) => m.type === 'PROPOSAL' && m.height === 2)));
    c.crash('c2');
    fs.rmSync(c.walFile('c2')!);
    c.startNode('c2');
    c.runUntil(() => c.decided(3));
    assert.throws(() => assertNoEquivocation(c, 'c2'), /c2 equivocated at PROPOSAL\/2\/0: blk-2-c2-r0\/-1 then blk-2-c2-r0-i1\/-1/);
  });

  it('a torn last record (a crash during an append) is dropped and the node recovers cleanly', () => {
    const c = new Cluster({ n: 4, seed: 9, maxDelayMs: 40, lastHeight: 4, walDir: tmpDir('torn') }).start();
    assert.ok(c.runUntil(() => c.nodes.get('c2')!.projection.height === 2));
    c.crash('c2');
    // What a crash in the middle of appending leaves: the first bytes of a record.
    const frame = encodeFrame(encodeRecord({ kind: 'vote', msg: { ...vote('PREVOTE', 2, 0, 'blk-evil'), src: 'c2' } }));
    fs.appendFileSync(c.walFile('c2')!, frame.subarray(0, frame.length - 5));
    c.startNode('c2');
    const rec = c.notices.find((x) => x.id === 'c2' && x.n.kind === 'recovered');
    assert.ok(rec !== undefined && rec.n.kind === 'recovered');
    assert.match(rec.n.torn ?? '', /file ends inside a record at offset \d+/);
    assert.ok(c.runUntil(() => c.decided(4)));
    assertAgreement(c, 4);
    assertNoEquivocation(c, 'c2');
    assert.ok(!sentBy(c, 'c2').some((m) => m.value === 'blk-evil'));
  });

  it('a WAL of another validator is refused', () => {
    const dir = tmpDir('other');
    const { wal } = Wal.open(`${dir}/c1.wal`);
    wal.append({ kind: 'open', self: 'c2', validators: ['c1', 'c2', 'c3', 'c4'], tag: '' });
    wal.close();
    const c = new Cluster({ n: 4, walDir: dir });
    assert.throws(() => c.startNode('c1'), /Node c1: WAL .*c1\.wal belongs to c2 with validators c1,c2,c3,c4/);
  });

  it('a WAL written under another configuration tag (e.g. other crypto) is refused', () => {
    const dir = tmpDir('tag');
    const a = new Cluster({ n: 4, lastHeight: 1, walDir: dir, walTag: 'crypto=trusting' }).start();
    assert.ok(a.runUntil(() => a.decided(1)));
    a.stop();
    const b = new Cluster({ n: 4, lastHeight: 2, walDir: dir, walTag: 'crypto=bls' });
    assert.throws(() => b.startNode('c1'), /Node c1: WAL .*c1\.wal was written with tag 'crypto=trusting', this node runs with 'crypto=bls'/);
    const same = new Cluster({ n: 4, lastHeight: 2, walDir: dir, walTag: 'crypto=trusting' }).start();
    assert.ok(same.runUntil(() => same.decided(2)), 'the same tag resumes and decides the next height');
  });
});

describe('node: double-sign guard', () => {
  it('SignGuard: same slot and value is fine, another value or validRound conflicts, other slots are free', () => {
    const g = new SignGuard();
    g.record(vote('PREVOTE', 1, 0, 'a'));
    assert.equal(g.conflict(vote('PREVOTE', 1, 0, 'a')), null);
    assert.equal(g.conflict(vote('PREVOTE', 1, 0, 'b'))?.value, 'a');
    assert.equal(g.conflict(vote('PREVOTE', 1, 0, 'nil'))?.value, 'a');
    assert.equal(g.conflict(vote('PREVOTE', 1, 1, 'b')), null);
    assert.equal(g.conflict(vote('PRECOMMIT', 1, 0, 'b')), null);
    g.record(vote('PROPOSAL', 2, 0, 'p', -1));
    assert.notEqual(g.conflict(vote('PROPOSAL', 2, 0, 'p', 1)), null);
    assert.throws(() => g.record(vote('PREVOTE', 1, 0, 'b')), /SignGuard.record: PREVOTE\/1\/0 value b conflicts with signed a/);
    g.forgetBelow(2);
    assert.equal(g.conflict(vote('PREVOTE', 1, 0, 'b')), null);
    assert.equal(g.size, 1);
  });

  it('a node refuses to send an own vote that conflicts with one its WAL says it signed', () => {
    const dir = tmpDir('guard');
    const { wal } = Wal.open(`${dir}/c1.wal`);
    wal.append({ kind: 'open', self: 'c1', validators: ['c1', 'c2', 'c3', 'c4'], tag: '' });
    wal.append({ kind: 'vote', msg: vote('PREVOTE', 1, 0, 'blk-signed-before') });
    wal.close();
    const c = new Cluster({ n: 4, seed: 1, lastHeight: 1, walDir: dir }).start();
    assert.ok(c.runUntil(() => c.decided(1)));
    const refused = c.notices.filter((x) => x.n.kind === 'guardRefused');
    assert.equal(refused.length, 1);
    const r = refused[0]!.n;
    assert.ok(r.kind === 'guardRefused');
    assert.equal(refused[0]!.id, 'c1');
    assert.deepEqual([r.msg.type, r.msg.height, r.msg.round, r.msg.value], ['PREVOTE', 1, 0, 'blk-1-c1-r0']);
    assert.equal(r.previous.value, 'blk-signed-before');
    assert.ok(!sentBy(c, 'c1').some((m) => m.type === 'PREVOTE' && m.height === 1 && m.round === 0), 'the conflicting prevote never left');
    assertAgreement(c, 1);
  });

  it('a replay that would produce a message conflicting with a logged one refuses to start', () => {
    const dir = tmpDir('replay');
    const { wal } = Wal.open(`${dir}/c1.wal`);
    wal.append({ kind: 'open', self: 'c1', validators: ['c1', 'c2', 'c3', 'c4'], tag: '' });
    wal.append({ kind: 'event', event: { kind: 'StartHeight', height: 1, value: 'blk-1-c1-r0' } });
    wal.append({ kind: 'vote', msg: vote('PROPOSAL', 1, 0, 'blk-other') });
    wal.close();
    const c = new Cluster({ n: 4, walDir: dir });
    assert.throws(() => c.startNode('c1'),
      /Node c1: WAL replay produced PROPOSAL h=1 r=0 value blk-1-c1-r0, but the WAL holds a signed blk-other: refusing to start/);
  });
});
