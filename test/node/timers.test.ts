import { strict as assert } from 'node:assert';
import { RealClock, VirtualClock } from '../../src/node/clock.ts';
import { MemoryNetwork } from '../../src/node/memory-transport.ts';
import type { WireMessage } from '../../src/node/transport.ts';
import { RoundManager } from '../../src/node/round-manager.ts';
import type { FiredTimeout } from '../../src/node/round-manager.ts';
import { Cluster } from '../../src/node/cluster.ts';

describe('node: virtual clock', () => {
  it('fires in (due time, creation order) and skips cancelled timers', () => {
    const c = new VirtualClock();
    const log: string[] = [];
    c.setTimer(5, () => log.push('a5'));
    const b = c.setTimer(3, () => log.push('b3'));
    c.setTimer(5, () => log.push('c5'));
    c.setTimer(0, () => { log.push('d0'); c.setTimer(0, () => log.push('e0')); });
    c.clearTimer(b);
    assert.equal(c.pending, 3);
    c.runUntil(() => false);
    assert.deepEqual(log, ['d0', 'e0', 'a5', 'c5']);
    assert.equal(c.now(), 5);
    assert.equal(c.pending, 0);
  });
  it('stops at the time limit and advances the clock to it', () => {
    const c = new VirtualClock();
    let fired = false;
    c.setTimer(100, () => { fired = true; });
    assert.equal(c.runUntil(() => fired, 50), false);
    assert.equal(c.now(), 50);
    c.advance(50);
    assert.equal(fired, true);
  });
  it('refuses a negative delay', () => {
    assert.throws(() => new VirtualClock().setTimer(-1, () => {}), /VirtualClock.setTimer: expected finite delay >= 0, got -1/);
  });
});

describe('node: real clock', () => {
  it('fires a timer and never fires a cancelled one', async () => {
    const c = new RealClock();
    const log: string[] = [];
    const b = c.setTimer(1, () => log.push('cancelled'));
    c.clearTimer(b);
    await new Promise<void>((resolve) => { c.setTimer(5, () => { log.push('fired'); resolve(); }); });
    await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(log, ['fired']);
  });
});

describe('node: in-memory transport', () => {
  const m = (i: number): WireMessage => ({ kind: 'syncRequest', fromHeight: i, toHeight: i });
  function deliveries(seed: number): string[] {
    const clock = new VirtualClock();
    const net = new MemoryNetwork(clock, ['a', 'b', 'c'], { seed, minDelayMs: 1, maxDelayMs: 50 });
    const got: string[] = [];
    for (const id of ['b', 'c']) net.endpoint(id).onReceive((from, x) => got.push(`${id}<-${from}:${x.kind === 'syncRequest' ? x.fromHeight : '?'}`));
    const a = net.endpoint('a');
    for (let i = 1; i <= 10; i++) a.broadcast(m(i));
    clock.runUntil(() => false);
    return got;
  }
  it('the same seed gives the same delivery order; another seed reorders', () => {
    assert.deepEqual(deliveries(7), deliveries(7));
    assert.notDeepEqual(deliveries(7), deliveries(8));
    assert.equal(deliveries(7).length, 20);
  });
  it('delivers a copy, never the sender\'s object', () => {
    const clock = new VirtualClock();
    const net = new MemoryNetwork(clock, ['a', 'b']);
    const sent = m(1);
    let got: WireMessage | undefined;
    net.endpoint('b').onReceive((_f, x) => { got = x; });
    net.endpoint('a').send('b', sent);
    clock.runUntil(() => false);
    assert.deepEqual(got, sent);
    assert.notEqual(got, sent);
  });
  it('drops copies to and from offline members', () => {
    const clock = new VirtualClock();
    const net = new MemoryNetwork(clock, ['a', 'b']);
    let n = 0;
    net.endpoint('b').onReceive(() => { n++; });
    net.setOnline('b', false);
    net.endpoint('a').send('b', m(1));
    clock.runUntil(() => false);
    net.setOnline('b', true);
    net.setOnline('a', false);
    net.endpoint('a').send('b', m(2));
    clock.runUntil(() => false);
    assert.equal(n, 0);
    assert.equal(net.dropped, 2);
  });
  it('loses and duplicates a seeded fraction of copies, reproducibly', () => {
    const run = (seed: number) => {
      const clock = new VirtualClock();
      const net = new MemoryNetwork(clock, ['a', 'b'], { seed, dropRate: 0.25, duplicateRate: 0.25, maxDelayMs: 10 });
      const got: number[] = [];
      net.endpoint('b').onReceive((_f, x) => { if (x.kind === 'syncRequest') got.push(x.fromHeight); });
      for (let i = 1; i <= 400; i++) net.endpoint('a').send('b', m(i));
      clock.runUntil(() => false);
      return { got, dropped: net.dropped };
    };
    const a = run(3);
    assert.deepEqual(a, run(3));
    assert.ok(a.dropped > 60 && a.dropped < 140, `about a quarter lost, got ${a.dropped}`);
    const twice = a.got.length - new Set(a.got).size;
    assert.ok(twice > 40 && twice < 110, `about a quarter of the rest duplicated, got ${twice}`);
    assert.throws(() => new MemoryNetwork(new VirtualClock(), ['a'], { dropRate: 1 }), /MemoryNetwork: expected dropRate in \[0, 1\), got 1/);
  });

  it('rejects unknown members and bad delay ranges', () => {
    const clock = new VirtualClock();
    assert.throws(() => new MemoryNetwork(clock, ['a']).endpoint('z'), /MemoryNetwork.endpoint: 'z' is not a member/);
    assert.throws(() => new MemoryNetwork(clock, ['a']).endpoint('a').send('z', m(1)), /MemoryNetwork.send: 'z' is not a member/);
    assert.throws(() => new MemoryNetwork(clock, ['a'], { minDelayMs: 5, maxDelayMs: 1 }), /expected 0 <= minDelayMs <= maxDelayMs, got 5, 1/);
  });
});

describe('node: RoundManager', () => {
  function setup() {
    const clock = new VirtualClock();
    const fired: FiredTimeout[] = [];
    const rm = new RoundManager(clock, (t) => fired.push(t));
    return { clock, fired, rm };
  }

  it('a timer of a past round is cancelled and never fires', () => {
    const { clock, fired, rm } = setup();
    rm.enter(1, 0, 'propose');
    assert.equal(rm.schedule({ timeout: 'propose', height: 1, round: 0, durationMs: 100 }), true);
    rm.enter(1, 1, 'propose'); // round skip
    clock.runUntil(() => false);
    assert.deepEqual(fired, []);
    assert.equal(rm.stats.cancelled, 1);
  });

  it('a timer of a past height is cancelled, and one scheduled for a past round is refused', () => {
    const { clock, fired, rm } = setup();
    rm.enter(1, 2, 'precommit');
    rm.schedule({ timeout: 'precommit', height: 1, round: 2, durationMs: 100 });
    rm.enter(2, 0, 'propose');
    assert.equal(rm.schedule({ timeout: 'precommit', height: 1, round: 2, durationMs: 10 }), false);
    clock.runUntil(() => false);
    assert.deepEqual(fired, []);
  });

  it('propose/prevote timers die when the step moves past; precommit survives until the round ends (L57-L67)', () => {
    const { clock, fired, rm } = setup();
    rm.enter(1, 0, 'propose');
    rm.schedule({ timeout: 'propose', height: 1, round: 0, durationMs: 100 });
    rm.enter(1, 0, 'prevote');
    rm.schedule({ timeout: 'prevote', height: 1, round: 0, durationMs: 100 });
    rm.enter(1, 0, 'precommit');
    rm.schedule({ timeout: 'precommit', height: 1, round: 0, durationMs: 100 });
    assert.deepEqual(rm.pending().map((t) => t.timeout), ['precommit']);
    clock.runUntil(() => false);
    assert.deepEqual(fired, [{ timeout: 'precommit', height: 1, round: 0 }]);
  });

  it('a current timer fires once, at its duration; a duplicate request arms nothing', () => {
    const { clock, fired, rm } = setup();
    rm.enter(3, 1, 'prevote');
    assert.equal(rm.schedule({ timeout: 'prevote', height: 3, round: 1, durationMs: 1500 }), true);
    assert.equal(rm.schedule({ timeout: 'prevote', height: 3, round: 1, durationMs: 1500 }), false);
    clock.runUntil(() => fired.length > 0);
    assert.equal(clock.now(), 1500);
    clock.runUntil(() => false);
    assert.deepEqual(fired, [{ timeout: 'prevote', height: 3, round: 1 }]);
  });

  it('in a running cluster, every armed timer is one the core scheduled, for the node\'s current round', () => {
    const scheduled = new Set<string>();
    const c = new Cluster({
      n: 4, seed: 3, maxDelayMs: 30, lastHeight: 3,
      onStep: (id, _e, outs) => {
        for (const o of outs) if (o.kind === 'scheduleTimeout') scheduled.add(`${id}/${o.timeout}/${o.height}/${o.round}`);
      },
    }).start();
    // A silent proposer of height 2 (c2) forces timeouts and round changes.
    let checks = 0;
    c.crash('c2');
    c.runUntil(() => {
      for (const [id, node] of c.nodes) {
        const p = node.projection;
        for (const t of node.pendingTimeouts) {
          assert.ok(scheduled.has(`${id}/${t.timeout}/${t.height}/${t.round}`), `${id}: armed ${t.timeout} the core never scheduled`);
          assert.equal(t.height, p.height, `${id}: timer of another height`);
          assert.equal(t.round, p.round, `${id}: timer of another round`);
          checks++;
        }
      }
      return c.decided(3);
    });
    assert.ok(checks > 0);
    const fired = [...c.nodes.values()].reduce((s, n) => s + n.timerStats.fired, 0);
    assert.ok(fired > 0, 'the silent proposer makes timeouts fire');
  });
});
