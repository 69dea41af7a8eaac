// Timers of any length (docs/node.md, "Timers of any length"; issue 23 §3, nodejs/node#4541):
// Node's setTimeout fires a delay above 2^31 − 1 ms after 1 ms. Each timer of the code base
// is held to its delay: the chain helper, the node's RealClock and VirtualClock, the core's
// timeout durations through the RoundManager, and the driver client's request timeout
// (oracle / check / replay / vectors `--timeout MS`); and every setTimeout/setInterval in
// the sources either goes through the helper or has a small constant delay.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeConfig, timeoutDuration } from '../../src/core/config.ts';
import { RealClock, VirtualClock } from '../../src/node/clock.ts';
import { RoundManager, type FiredTimeout } from '../../src/node/round-manager.ts';
import { MAX_TIMER_MS, setLongTimeout, type TimerHost } from '../../src/proc/long-timer.ts';
import { LineClient, type Transport } from '../../src/vectors/driver.ts';

/** A TimerHost that records each link and fires the pending ones on demand. */
function fakeHost() {
  let next = 1;
  const live = new Map<number, { fn: () => void; ms: number }>();
  const scheduled: number[] = [];
  const cleared: number[] = [];
  const host: TimerHost = {
    setTimeout: (fn, ms) => { const h = next++; live.set(h, { fn, ms }); scheduled.push(ms); return h; },
    clearTimeout: (h) => { cleared.push(h as number); live.delete(h as number); },
  };
  /** Fires every pending link once (what the event loop does when their delays pass). */
  const tick = (): void => { const now = [...live]; live.clear(); for (const [, t] of now) t.fn(); };
  return { host, scheduled, cleared, tick, pending: () => live.size };
}

/** Collects the process warnings named TimeoutOverflowWarning emitted while it listens. */
function overflowWarnings() {
  const seen: string[] = [];
  const on = (w: Error): void => { if (w.name === 'TimeoutOverflowWarning') seen.push(w.message); };
  process.on('warning', on);
  return { seen, stop: () => { process.off('warning', on); } };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('timers: setLongTimeout chains delays past 2^31 − 1 ms', () => {
  it('2^31 ms is one link of 2^31 − 1 and one of 1; 2^32 + 5 is two full links and 7; fn fires after the last', () => {
    for (const [delay, links] of [[2 ** 31, [MAX_TIMER_MS, 1]], [2 ** 32 + 5, [MAX_TIMER_MS, MAX_TIMER_MS, 7]]] as const) {
      const f = fakeHost();
      let fired = 0;
      setLongTimeout(delay, () => { fired++; }, 't', f.host);
      for (let i = 0; i < links.length; i++) {
        assert.deepEqual(f.scheduled, links.slice(0, i + 1), `${delay}: link ${i + 1} scheduled for the remainder`);
        assert.equal(fired, 0, `${delay}: not fired before the last link`);
        f.tick();
      }
      assert.equal(fired, 1);
      assert.equal(f.pending(), 0);
      assert.equal(links.reduce((a, b) => a + b, 0), delay, 'the links add up to the delay');
    }
  });

  it('a delay up to 2^31 − 1 is one plain setTimeout', () => {
    for (const d of [0, 1, 1000, MAX_TIMER_MS]) {
      const f = fakeHost();
      setLongTimeout(d, () => {}, 't', f.host);
      assert.deepEqual(f.scheduled, [d]);
    }
  });

  it('cancelling in the middle of the chain clears the pending link, and fn never fires', () => {
    const f = fakeHost();
    let fired = false;
    const t = setLongTimeout(2 ** 32 + 5, () => { fired = true; }, 't', f.host);
    f.tick(); // the first link ran, the second is pending
    t.cancel();
    assert.deepEqual(f.cleared, [2]);
    assert.equal(f.pending(), 0);
    t.cancel(); // idempotent
    assert.deepEqual(f.cleared, [2]);
    assert.equal(fired, false);
  });

  it('refuses a negative, NaN or infinite delay with a sentence naming the timer', () => {
    for (const d of [-1, Number.NaN, Infinity])
      assert.throws(() => setLongTimeout(d, () => {}, 'RealClock.setTimer'), new RegExp(`^RangeError: RealClock.setTimer: expected a finite delay >= 0 ms, got ${d}$`));
  });
});

describe('timers: the node clocks honour any delay', () => {
  it('negative control: a plain setTimeout of 2^31 ms fires within 50 ms with a TimeoutOverflowWarning', async () => {
    const w = overflowWarnings();
    let fired = false;
    const t = setTimeout(() => { fired = true; }, 2 ** 31);
    await sleep(50);
    clearTimeout(t);
    w.stop();
    assert.equal(fired, true, 'Node shortens the delay, so the check below can fail');
    assert.equal(w.seen.length, 1);
  });

  it('RealClock.setTimer(2^31) and (2^32 + 5) have not fired after 50 ms, warn nothing, and cancel', async () => {
    const w = overflowWarnings();
    const c = new RealClock();
    let fired = 0;
    const a = c.setTimer(2 ** 31, () => { fired++; });
    const b = c.setTimer(2 ** 32 + 5, () => { fired++; });
    await sleep(50);
    w.stop();
    assert.equal(fired, 0);
    assert.deepEqual(w.seen, []);
    assert.equal(c.pending, 2);
    c.clearTimer(a); c.clearTimer(b);
    assert.equal(c.pending, 0);
  });

  it('RealClock chains on its host: the remainder is scheduled, cancellation cancels the chain', () => {
    const f = fakeHost();
    const c = new RealClock(f.host);
    let fired = false;
    const h = c.setTimer(2 ** 32 + 5, () => { fired = true; });
    f.tick();
    assert.deepEqual(f.scheduled, [MAX_TIMER_MS, MAX_TIMER_MS]);
    c.clearTimer(h);
    assert.equal(f.pending(), 0);
    f.tick();
    assert.equal(fired, false);
    const g = new RealClock(f.host);
    g.setTimer(2 ** 32 + 5, () => { fired = true; });
    f.tick(); f.tick();
    assert.equal(fired, false);
    assert.equal(f.scheduled.at(-1), 7);
    f.tick();
    assert.equal(fired, true);
  });

  it('VirtualClock fires 2^31, 2^32 + 5 and 2^53 − 1 ms timers at exactly their due time', () => {
    const c = new VirtualClock();
    const at: number[] = [];
    for (const d of [2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER]) c.setTimer(d, () => at.push(c.now()));
    c.runUntil(() => false, 2 ** 31 - 1);
    assert.deepEqual(at, []);
    c.runUntil(() => false);
    assert.deepEqual(at, [2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER]);
  });
});

describe('timers: the core\'s timeout durations', () => {
  const config = (deltaMs: number) => makeConfig({ validators: ['c1'], self: 'c1', isValid: () => true,
    timeouts: { propose: { baseMs: 3000, deltaMs } } });

  it("issue 23's input: timeoutPropose(716) with delta 3,000,000 is 2,148,003,000 ms and the node's timer is chained, not shortened", () => {
    const d = timeoutDuration(config(3_000_000), 'propose', 716);
    assert.equal(d, 2_148_003_000);
    const f = fakeHost();
    const fired: FiredTimeout[] = [];
    const rm = new RoundManager(new RealClock(f.host), (t) => fired.push(t));
    rm.enter(1, 716, 'propose');
    assert.ok(rm.schedule({ timeout: 'propose', height: 1, round: 716, durationMs: d }));
    assert.deepEqual(f.scheduled, [MAX_TIMER_MS]);
    f.tick();
    assert.deepEqual(f.scheduled, [MAX_TIMER_MS, 2_148_003_000 - MAX_TIMER_MS]);
    assert.deepEqual(fired, []);
    f.tick();
    assert.deepEqual(fired, [{ timeout: 'propose', height: 1, round: 716 }]);
  });

  it('a duration past 2^53 − 1 is capped there, so durationMs stays a safe integer', () => {
    const d = timeoutDuration(config(Number.MAX_SAFE_INTEGER), 'propose', 5);
    assert.equal(d, Number.MAX_SAFE_INTEGER);
    assert.equal(timeoutDuration(config(2 ** 40), 'propose', 1000), 3000 + 1000 * 2 ** 40, 'below the cap: exact');
  });
});

describe('timers: the driver client (--timeout MS)', () => {
  function silent(): Transport & { sent: string[]; answer(line: string): void } {
    let onLine: (l: string) => void = () => {};
    const sent: string[] = [];
    return { sent, send: (l) => { sent.push(l); }, onLine: (cb) => { onLine = cb; }, onClose: () => {}, close: () => {}, answer: (l) => onLine(l) };
  }

  it('a request timeout of 2^31 ms has not expired after 50 ms and warns nothing; the answer still arrives', async () => {
    const w = overflowWarnings();
    const t = silent();
    const client = new LineClient(t, 2 ** 31);
    const p = client.request('hello', {});
    let settled = false;
    void p.then(() => { settled = true; }, () => { settled = true; });
    await sleep(50);
    w.stop();
    assert.equal(settled, false, 'the request is still waiting');
    assert.deepEqual(w.seen, []);
    t.answer(JSON.stringify({ id: 1, ok: true }));
    assert.deepEqual(await p, { id: 1, ok: true });
  });

  it('control: a 20 ms request timeout does expire', async () => {
    const client = new LineClient(silent(), 20);
    await assert.rejects(client.request('hello', {}), /driver did not answer hello \(id 1\) within 20 ms/);
  });

  it('refuses a request timeout that is not a finite delay >= 0', async () => {
    await assert.rejects(new LineClient(silent(), -5).request('hello', {}), /^RangeError: driver request hello: expected a finite timeout >= 0 ms, got -5$/);
  });
});

/**
 * The timer calls of `text` that neither go through setLongTimeout nor have a literal delay
 * of at most 2^31 − 1 ms on their line.
 */
function unsafeTimers(file: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!/\bset(?:Timeout|Interval)\(/.test(line) || /^\s*(\/\/|\*)/.test(line)) return;
    const m = /\bset(?:Timeout|Interval)\(.*,\s*(\d[\d_]*)\)/.exec(line);
    if (m !== null && Number(m[1]!.replace(/_/g, '')) <= MAX_TIMER_MS) return;
    out.push(`${file}:${i + 1}: ${line.trim()}`);
  });
  return out;
}

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.(ts|mts|mjs|js)$/.test(e.name) ? [p] : [];
  });
}

describe('timers: every timer in the code base', () => {
  it('every setTimeout/setInterval in src, bin, scripts and the TS driver goes through setLongTimeout or has a small constant delay', () => {
    const files = ['src', 'bin', 'scripts', 'conformance/drivers/ts'].flatMap(sources)
      .filter((f) => f !== path.join('src', 'proc', 'long-timer.ts'));
    assert.ok(files.length > 100, `the sources were found (${files.length})`);
    const bad = files.flatMap((f) => unsafeTimers(f, fs.readFileSync(f, 'utf8')));
    assert.deepEqual(bad, [], 'route these through setLongTimeout (src/proc/long-timer.ts)');
  });

  it('control: the scan flags a variable or too-long delay and passes a small constant one', () => {
    assert.deepEqual(unsafeTimers('x.ts', 'const t = setTimeout(() => f(), delayMs);\nsetInterval(g, 3_000_000_000);\nsetTimeout(r, 200);'),
      ['x.ts:1: const t = setTimeout(() => f(), delayMs);', 'x.ts:2: setInterval(g, 3_000_000_000);']);
  });
});
