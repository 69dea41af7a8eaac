import { strict as assert } from 'node:assert';
import { DkgError, DkgParticipant, demoDkgSeed, type DkgMessage, type DkgOutbound } from '../../src/crypto/dkg.ts';

const seed = (i: number) => demoDkgSeed('unit', i);
const reasons = (p: DkgParticipant) => p.notices.map((x) => (x.kind === 'rejected' ? `${x.from}: ${x.reason}` : `dq ${x.dealer}: ${x.reason}`));

/** Delivers every message in `out` from `from` to the participants it addresses (synchronously, in order). */
function deliver(ps: DkgParticipant[], from: number, out: DkgOutbound[]): void {
  for (const o of out) for (const p of ps) if (p.self !== from && (o.to === 'all' || o.to === p.self)) p.receive(from, o.msg);
}

describe('crypto/dkg: one participant\'s state machine, message by message', () => {
  it('three participants stepped by hand reach one key; each step is deterministic', () => {
    const make = () => [1, 2, 3].map((i) => new DkgParticipant(2, 3, i, seed(i)));
    const ps = make();
    const starts = ps.map((p) => p.start());
    assert.deepEqual(starts, make().map((p) => p.start()), 'same seed, same messages');
    assert.deepEqual(starts[0]!.map((o) => [o.to, o.msg.type]), [['all', 'commit'], [2, 'share'], [3, 'share']]);
    starts.forEach((out, k) => deliver(ps, k + 1, out));
    for (let phase = 0; phase < 3; phase++) ps.map((p) => p.endPhase()).forEach((out, k) => deliver(ps, k + 1, out));
    assert.deepEqual(ps.map((p) => p.phase), ['done', 'done', 'done']);
    assert.deepEqual(new Set(ps.map((p) => Buffer.from(p.output!.groupPublicKey).toString('hex'))).size, 1);
    assert.deepEqual(ps.flatMap(reasons), []);
  });

  it('refuses, with a notice and no exception, what a peer cannot send: forged names, late, conflicting and malformed messages', () => {
    const a = new DkgParticipant(2, 3, 1, seed(1));
    const b = new DkgParticipant(2, 3, 2, seed(2));
    a.receive(2, { type: 'commit', dealer: 2, commitments: [] });
    assert.deepEqual(reasons(a), ['2: message before start']);
    a.notices.length = 0;
    a.start();
    const bOut = b.start();
    const commit = bOut[0]!.msg;
    const share = bOut.find((o) => o.to === 1)!.msg;
    a.receive(3, commit); // dealer 2's commit relayed by 3
    a.receive(2, commit);
    a.receive(2, commit); // an identical duplicate is fine
    a.receive(2, { ...commit, commitments: [...(commit as { commitments: Uint8Array[] }).commitments].reverse() } as DkgMessage);
    a.receive(2, { type: 'share', dealer: 2, to: 3, share: new Uint8Array(32).fill(1) });
    a.receive(2, { type: 'share', dealer: 2, to: 1, share: new Uint8Array(31) });
    a.receive(2, share);
    a.receive(2, { type: 'share', dealer: 2, to: 1, share: new Uint8Array(32).fill(1) });
    a.receive(2, { type: 'complaint', accuser: 2, dealer: 2, reason: '' });
    a.receive(2, { type: 'nonsense' } as unknown as DkgMessage);
    a.receive(2, null as unknown as DkgMessage);
    a.receive(9, commit);
    assert.deepEqual(reasons(a), [
      '3: commit names dealer 2, sent by 3',
      '2: second, different commit from dealer 2; the first counts',
      '2: share for 3 delivered to 1',
      '2: share from dealer 2 is not a 32-byte scalar in 1..r-1',
      '2: second, different share from dealer 2; the first counts',
      '2: complaint against 2, not another validator',
      '2: unknown message type "nonsense"',
      '2: message is not an object',
      '9: sender 9 is not another validator',
    ]);
    a.notices.length = 0;
    a.endPhase(); // deal -> complain: dealer 3 sent nothing
    a.receive(2, commit);
    assert.deepEqual(reasons(a), ['2: commit after the deal phase']);
    a.endPhase();
    a.endPhase();
    assert.match(reasons(a).join('|'), /dq 3: dealer 3 sent no commit/);
    assert.deepEqual(a.output!.qualified, [1, 2]);
  });

  it('a malformed commit is public: the dealer is disqualified without a complaint', () => {
    const a = new DkgParticipant(2, 2, 1, seed(1));
    assert.deepEqual(a.start().map((o) => o.msg.type), ['commit', 'share']);
    a.receive(2, { type: 'commit', dealer: 2, commitments: [new Uint8Array(48)] });
    assert.deepEqual(a.endPhase(), []);
    a.endPhase();
    a.endPhase();
    assert.match(reasons(a).join(), /dq 2: commit from dealer 2: expected 2 commitments \(one per coefficient\), got 1/);
  });

  it('throws DkgError on caller misuse only', () => {
    assert.throws(() => new DkgParticipant(3, 2, 1, seed(1)), (e: unknown) => e instanceof DkgError && /t must be an integer in 1..2, got 3/.test((e as Error).message));
    assert.throws(() => new DkgParticipant(1, 2, 3, seed(1)), /self must be an index in 1..2, got 3/);
    assert.throws(() => new DkgParticipant(1, 2, 1, new Uint8Array(8)), /at least 32-byte seed/);
    const p = new DkgParticipant(1, 1, 1, seed(1));
    assert.throws(() => p.endPhase(), /nothing to end in phase idle/);
    p.start();
    assert.throws(() => p.start(), /already started/);
    p.endPhase(); p.endPhase(); p.endPhase();
    assert.throws(() => p.endPhase(), /nothing to end in phase done/);
    assert.deepEqual(p.output!.qualified, [1]);
  });
});
