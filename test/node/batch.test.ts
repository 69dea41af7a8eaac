// The node's batched inbound path: messages that arrive together are verified with one
// randomized check (crypto.verifyMany), the core still sees every event in arrival
// order, and a forged signature inside a batch is rejected while the rest go through.
import { strict as assert } from 'node:assert';
import type { ConsensusCrypto } from '../../src/core/crypto.ts';
import type { ConsensusEvent, ValidatorId } from '../../src/core/types.ts';
import { Cluster, type ClusterOptions } from '../../src/node/cluster.ts';
import { demoBlsCrypto } from '../../src/node/demo-keys.ts';
import { backendByName } from '../../src/crypto/select-backend.ts';
import { assertAgreement } from './helpers.ts';

const blst = () => demoBlsCrypto(backendByName('blst'));
/** The same crypto without verifyMany: the node then feeds each message at once, unbatched. */
function unbatched(make: ClusterOptions['crypto']): ClusterOptions['crypto'] {
  return (vs, self) => {
    const { verifyMany: _dropped, ...rest } = make!(vs, self);
    return rest as ConsensusCrypto;
  };
}
/** Counts the verifyMany calls and their sizes. */
function counted(make: ClusterOptions['crypto'], sizes: number[]): ClusterOptions['crypto'] {
  return (vs, self) => {
    const c = make!(vs, self);
    return { ...c, verifyMany: (msgs) => { sizes.push(msgs.length); return c.verifyMany!(msgs); } };
  };
}

function run(opts: Partial<ClusterOptions>, heights: number): { c: Cluster; events: Map<ValidatorId, string[]> } {
  const events = new Map<ValidatorId, string[]>();
  const show = (e: ConsensusEvent) => (e.kind === 'Deliver' ? `D ${e.msg.type} ${e.msg.src} r${e.msg.round} ${e.msg.value}` : `${e.kind} ${JSON.stringify(e)}`);
  const c = new Cluster({
    n: 4, seed: 3, maxDelayMs: 30, lastHeight: heights, ...opts,
    onStep: (id, e) => { if (!events.has(id)) events.set(id, []); events.get(id)!.push(show(e)); },
  }).start();
  assert.ok(c.runUntil(() => c.decided(heights)), 'decides');
  assertAgreement(c, heights);
  return { c, events };
}

describe('node: batched signature checks', function () {
  this.timeout(120_000);

  it('without ties in arrival time, batching (window 0) changes nothing: same events, same order, same end time', () => {
    const sizes: number[] = [];
    const batched = run({ crypto: counted(blst(), sizes) }, 3);
    const plain = run({ crypto: unbatched(blst()) }, 3);
    assert.ok(sizes.length > 0, 'the batched path was used');
    assert.deepEqual(batched.events, plain.events);
    assert.equal(batched.c.clock.now(), plain.c.clock.now());
  });

  // A fixed 10 ms delay makes many messages arrive at the same instant: real batches
  // with window 0 (nodes then react at the end of the instant instead of in its middle,
  // so the interleaving of same-instant sends differs from an unbatched run). A 5 ms
  // window makes timeouts and StartHeight fall inside windows.
  for (const [minDelayMs, maxDelayMs, batchWindowMs, absent] of [[10, 10, 0, []], [0, 30, 20, ['c3']]] as const)
  it(`with real batches (delay ${minDelayMs}..${maxDelayMs} ms, window ${batchWindowMs} ms, absent [${absent.join()}]), each core sees the messages in arrival order, and a timeout or StartHeight after those that arrived before it`, () => {
    const sizes: number[] = [];
    const c = new Cluster({ n: 4, seed: 3, minDelayMs, maxDelayMs, batchWindowMs, absent, lastHeight: 3, crypto: counted(blst(), sizes),
      onStep: (id, e) => log.get(id)!.push(e.kind === 'Deliver' ? e.msg : e.kind) });
    const log = new Map(c.ids.filter((id) => !(absent as readonly string[]).includes(id)).map((id) => [id, [] as unknown[]]));
    const endpoint = c.net.endpoint.bind(c.net);
    c.net.endpoint = (id) => {
      const t = endpoint(id);
      return { ...t, broadcast: t.broadcast.bind(t), send: t.send.bind(t),
        onReceive: (f) => t.onReceive((from, m) => { if (m.kind === 'consensus') log.get(id)!.push(`arrived ${JSON.stringify(m.msg)}`); f(from, m); }) };
    };
    c.start();
    assert.ok(c.runUntil(() => c.decided(3)));
    assert.ok(Math.max(...sizes) >= 2, 'batches of several messages');
    const kinds = new Set<string>();
    for (const [id, entries] of log) {
      const waiting: string[] = [];
      for (const x of entries) {
        if (typeof x === 'string' && x.startsWith('arrived ')) { waiting.push(x.slice(8)); continue; }
        if (typeof x === 'string') { kinds.add(x); assert.deepEqual(waiting, [], `${id}: ${x} fed before messages that arrived earlier`); }
        else assert.equal(JSON.stringify(x), waiting.shift(), `${id}: fed out of arrival order`);
      }
    }
    if (absent.length > 0) assert.ok(kinds.has('Timeout'), 'timeouts were fed (the absent proposer)');
  });

  it('with a window, messages are verified in batches of several, and the cluster still decides', () => {
    const sizes: number[] = [];
    const { c } = run({ crypto: counted(blst(), sizes), batchWindowMs: 10 }, 3);
    assert.ok(Math.max(...sizes) >= 3, `batches of several messages (largest ${Math.max(...sizes)})`);
    assert.deepEqual(c.notices.filter((x) => x.n.kind === 'rejected' && x.n.reason === 'bad-signature'), []);
  });

  it('a timeout that fires inside a window is fed after the messages waiting in it', () => {
    // c2 runs alone; c1 (the round-0 proposer) stays silent, c3 prevotes nil at once. The
    // prevote waits in c2's 10 s window; timeoutPropose (3 s) fires first and must let it in before.
    const fed: string[] = [];
    const c = new Cluster({ n: 4, seed: 1, maxDelayMs: 5, lastHeight: 1, crypto: blst(), batchWindowMs: 10_000,
      absent: ['c1', 'c3', 'c4'], onStep: (_id, e) => fed.push(e.kind === 'Deliver' ? `${e.msg.type} ${e.msg.src}` : e.kind) });
    c.start();
    const prevote = { type: 'PREVOTE' as const, src: 'c3', height: 1, round: 0, value: 'nil', validRound: -1 };
    c.net.endpoint('c3').send('c2', { kind: 'consensus', msg: { ...prevote, signature: c.configs.get('c3')!.crypto.sign(prevote)! } });
    c.runUntil(() => fed.includes('Timeout'), 5000);
    assert.deepEqual(fed.slice(0, 3), ['StartHeight', 'PREVOTE c3', 'Timeout']);
  });

  it('a message the core rejects before its signature (a decided height) is left out of the batch; at a decided height an equivocation is still checked and becomes evidence, a forged one does not', () => {
    const verified = new Set<unknown>();
    const c = new Cluster({ n: 4, seed: 3, maxDelayMs: 30, lastHeight: 1,
      crypto: (vs, self) => { const k = blst()(vs, self); return { ...k, verifyMany: (ms) => { ms.forEach((m) => verified.add(m)); return k.verifyMany!(ms); } }; } }).start();
    assert.ok(c.runUntil(() => c.decided(1)));
    c.runUntil(() => false, 1000); // the late messages arrive
    const late = c.notices.flatMap((x) => (x.n.kind === 'rejected' && x.n.reason === 'past-height' ? [x.n.msg] : []));
    assert.ok(late.length > 0, 'some messages arrived after the decision');
    assert.deepEqual(late.filter((m) => verified.has(m)), [], 'none of them was verified');
    // c1 equivocates at the decided height: a second precommit, validly signed, and a forged one.
    const second = { type: 'PRECOMMIT' as const, src: 'c1', height: 1, round: 0, value: 'blk-evil', validRound: -1 };
    const signature = c.configs.get('c1')!.crypto.sign(second)!;
    const before = c.notices.length;
    c.net.endpoint('c1').broadcast({ kind: 'consensus', msg: { ...second, signature } });
    c.net.endpoint('c1').broadcast({ kind: 'consensus', msg: { ...second, value: 'blk-evil2', signature } });
    c.runUntil(() => false, 1000);
    const after = c.notices.slice(before).map((x) => x.n);
    const evidence = after.filter((n) => n.kind === 'evidence');
    assert.ok(evidence.length > 0, 'evidence from the nodes that stored c1\'s first precommit');
    assert.ok(evidence.every((n) => n.kind === 'evidence' && n.output.second.value === 'blk-evil'), 'only the validly signed one is evidence');
    assert.ok(after.some((n) => n.kind === 'rejected' && n.reason === 'bad-signature' && n.msg?.value === 'blk-evil2'), 'the forged one is a bad signature');
  });

  it('a forged signature in a batch is rejected (bad-signature); the honest messages of the batch count', () => {
    const c = new Cluster({ n: 4, seed: 1, maxDelayMs: 20, lastHeight: 1, crypto: blst(), batchWindowMs: 10, absent: ['c4'] }).start();
    const evil = c.net.endpoint('c4');
    // c4 sends a prevote with c1's key's signature bytes of another message: it does not verify.
    const forged = c.configs.get('c4')!.crypto.sign({ type: 'PREVOTE', src: 'c4', height: 1, round: 0, value: 'blk-other', validRound: -1 })!;
    evil.broadcast({ kind: 'consensus', msg: { type: 'PREVOTE', src: 'c4', height: 1, round: 0, value: 'blk-1-c1-r0', validRound: -1, signature: forged } });
    assert.ok(c.runUntil(() => c.decided(1)), 'the three honest nodes decide');
    const bad = c.notices.filter((x) => x.n.kind === 'rejected' && x.n.reason === 'bad-signature');
    assert.deepEqual(bad.map((x) => x.id).sort(), ['c1', 'c2', 'c3']);
  });
});
