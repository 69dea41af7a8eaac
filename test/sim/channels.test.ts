// The channel workload in the simulator: randomized runs with Byzantine signers (bad
// partials, partials for undecided updates, silence), crashes and partitions pass the
// three channel checks; each check is shown to fire on the broken signer or collector
// it exists for (negative controls), on fixed schedules that pass with the real ones.
import { strict as assert } from 'node:assert';
import { SMALL } from '../../src/sim/arbitrary.ts';
import { campaignAsync } from '../../src/sim/campaign.ts';
import { checkSchedule, type ChannelBehaviour, type Schedule } from '../../src/sim/schedule.ts';
import { simulateAsync, simulate } from '../../src/sim/world.ts';
import { run as simulateCli } from '../../src/cli/simulate.ts';

/** b1 is proposer of height 1 (so height 2 decides update 1) and holds share 1; c1 is cut off, c2 crashes, before GST. */
const fixed = (how: ChannelBehaviour): Schedule => checkSchedule({
  seed: 3, order: ['b1', 'c1', 'c2', 'c3'], byzantine: { b1: 'amnesia' }, heights: 2, net: { maxDelayMs: 30, loss: 0.1, dup: 0 },
  gstMs: 1500, partitions: [{ fromMs: 100, toMs: 900, side: ['c1'] }], crashes: [{ node: 'c2', atMs: 200, downMs: 500 }], crypto: 'trusting',
  channels: { updates: 2, byzantine: { b1: how } },
});

/** Every run has one Byzantine validator (b1, second proposer), its consensus and channel behaviours drawn; GST 0.5..2 s. */
const BOUNDS = { ...SMALL, order: ['c1', 'b1', 'c2', 'c3'], minHeights: 2, maxHeights: 2, minGstMs: 500, maxGstMs: 2000, channels: 2 };

const kinds = (r: { violations: { kind: string }[] }) => [...new Set(r.violations.map((v) => v.kind))].sort();

describe('simulate: the channel workload', function () {
  this.timeout(120_000);

  it('randomized runs (Byzantine signers, crashes, partitions, loss): every accepted update was decided, one per nonce, every decided one certified', async () => {
    const behaviours = new Set<string>();
    const res = await campaignAsync({ seed: 20261207, runs: 10, bounds: BOUNDS, onRun: (_t, r) => { for (const b of Object.values(r.schedule.channels!.byzantine)) behaviours.add(b); } });
    assert.equal(res.failure, null, res.failure ? JSON.stringify(res.failure.violations) : '');
    assert.equal(res.totals.runs, 10);
    assert.ok((res.totals.certified ?? 0) >= 10 && res.totals.byzantine === 10 && res.totals.crashes >= 3 && res.totals.partitions >= 3, JSON.stringify(res.totals));
    assert.deepEqual([...behaviours].sort(), ['bad-partial', 'silent', 'undecided']);
    console.log(`      ${res.totals.runs} runs in ${res.totals.seconds.toFixed(1)} s: ${JSON.stringify(res.totals)}`);
  });

  it('a signer that signs undecided updates is caught: an undecided update accepted, two certified for one nonce', async () => {
    const good = await simulateAsync(fixed('undecided'));
    assert.deepEqual(good.violations, []);
    assert.ok(good.channels!.submissions.some((s) => s.verdict.ok));
    const bad = await simulateAsync(fixed('undecided'), { channels: { signer: 'sign-undecided' } });
    assert.deepEqual(kinds(bad), ['channel-conflict', 'channel-undecided'], JSON.stringify(bad.violations));
  });

  it('a collector that accepts unverified partials is caught: a decided update is never certified', async () => {
    const good = await simulateAsync(fixed('bad-partial'));
    assert.deepEqual(good.violations, []);
    // b1's bad partials were offered and skipped: share 1 is not among the signers.
    const signers = good.channels!.submissions.map((s) => s.signers);
    assert.ok(signers.length > 0 && signers.every((x) => x !== null && !x.includes(1)), JSON.stringify(signers));
    const bad = await simulateAsync(fixed('bad-partial'), { channels: { collector: 'trusting' } });
    assert.deepEqual(kinds(bad), ['channel-uncertified'], JSON.stringify(bad.violations));
    assert.match(bad.violations[0]!.detail, /does not verify under the group key/);
  });

  it('one channel schedule gives one run: same events, same submissions and failures, at the same virtual times', async () => {
    const view = (r: Awaited<ReturnType<typeof simulateAsync>>) => JSON.stringify({
      log: r.log, stats: r.stats,
      subs: r.channels!.submissions.map((x) => [x.at, x.digest, x.signers, x.from, x.verdict.ok]), fails: r.channels!.failures,
    });
    const a = await simulateAsync(fixed('silent'));
    const b = await simulateAsync(JSON.parse(JSON.stringify(fixed('silent'))) as Schedule);
    assert.equal(view(a), view(b));
    assert.ok(a.channels!.failures.length > 0);
  });

  it('a silent signer costs timeouts only; the synchronous simulate refuses a channel schedule', async () => {
    const r = await simulateAsync(fixed('silent'));
    assert.deepEqual(r.violations, []);
    assert.ok(r.channels!.failures.some((f) => /b1 \(share 1\) gave no partial in 2 attempts of 100 ms: no answer/.test(f.reason)), JSON.stringify(r.channels!.failures));
    assert.throws(() => simulate(fixed('silent')), /a schedule with a channel workload runs with simulateAsync/);
  });

  it('simulate --channels K: runs the workload (exit 0, accepted updates counted); a bad K exits 2', async () => {
    const out: string[] = [];
    const log = console.log, err = console.error;
    console.log = (...a: unknown[]) => { out.push(a.join(' ')); };
    console.error = (...a: unknown[]) => { out.push(a.join(' ')); };
    try {
      assert.equal(await simulateCli(['--runs', '2', '--channels', '1', '--heights', '1', '--seed', '3', '--json']), 0);
      const j = JSON.parse(out[out.length - 1]!) as { ok: boolean; totals: { runs: number; certified?: number } };
      assert.equal(j.ok, true);
      assert.equal(j.totals.runs, 2);
      assert.ok((j.totals.certified ?? 0) >= 1, JSON.stringify(j.totals));
      assert.equal(await simulateCli(['--channels', '0']), 2);
      assert.match(out.join('\n'), /--channels: expected an integer in 1\.\.50, got '0'/);
    } finally {
      console.log = log;
      console.error = err;
    }
  });
});
