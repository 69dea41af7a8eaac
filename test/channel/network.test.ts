// Channel updates over the node's transport: the network PartialSource (timeouts,
// retries, answers matched by sender), the validator's agent (signs only what its
// consensus decided), the counterparty (nonce order, checks every certificate), and
// runChannels end to end on the in-memory cluster with a crashed validator, a lossy
// network and a validator answering bad partials.
import { strict as assert } from 'node:assert';
import { hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { DST_SIG, verify } from '../../src/crypto/bls.ts';
import { SignatureAggregator } from '../../src/crypto/collector.ts';
import { partialSign } from '../../src/crypto/threshold.ts';
import { ChannelAgent } from '../../src/channel/agent.ts';
import { runChannels } from '../../src/channel/cluster-run.ts';
import { Counterparty } from '../../src/channel/counterparty.ts';
import { demoEntity, demoUpdates, shareOf } from '../../src/channel/entity.ts';
import { NetworkPartialSource } from '../../src/channel/partial-source.ts';
import { channelStateBytes, updateDigest, type ChannelState } from '../../src/channel/state.ts';
import { channelWire, parseChannelMessage } from '../../src/channel/wire.ts';
import { VirtualClock } from '../../src/node/clock.ts';
import { MemoryNetwork } from '../../src/node/memory-transport.ts';

const ids = ['c1', 'c2', 'c3', 'c4'];
const entity = demoEntity(ids);
const E = entity.entityId;
const [u1, u2] = demoUpdates(2) as [ChannelState, ChannelState];

function world() {
  const clock = new VirtualClock();
  const net = new MemoryNetwork(clock, [...ids, 'cp'], { minDelayMs: 5, listeners: ['cp'] });
  return { clock, net };
}

/** Settles the promise while the virtual clock runs. */
async function drive<T>(clock: VirtualClock, p: Promise<T>, ms = 60_000): Promise<PromiseSettledResult<T>> {
  let out: PromiseSettledResult<T> | undefined;
  p.then((value) => { out = { status: 'fulfilled', value }; }, (reason: unknown) => { out = { status: 'rejected', reason }; });
  await clock.runUntilAsync(() => out !== undefined, ms);
  assert.ok(out !== undefined, 'the promise did not settle');
  return out;
}

describe('channel: updates over the transport', function () {
  this.timeout(120_000);

  it('the source times out a silent validator after attempts × timeout of virtual time, naming it', async () => {
    const { clock, net } = world();
    const src = new NetworkPartialSource({ entityId: E, transport: net.endpoint('cp'), clock, validatorOf: (i) => ids[i - 1], timeoutMs: 100, attempts: 3 });
    const bytes = src.register(u1);
    const r = await drive(clock, src.requestPartial(2, bytes));
    assert.equal(r.status, 'rejected');
    assert.match(String((r as PromiseRejectedResult).reason), /c2 \(share 2\) gave no partial in 3 attempts of 100 ms: no answer/);
    assert.equal(clock.now(), 300);
    assert.equal(src.requests, 3);
  });

  it('answers are matched by sender: a partial from another member for the request id is ignored', async () => {
    const { clock, net } = world();
    const src = new NetworkPartialSource({ entityId: E, transport: net.endpoint('cp'), clock, validatorOf: (i) => ids[i - 1], timeoutMs: 100, attempts: 1 });
    net.endpoint('cp').onReceive((from, m) => { const x = parseChannelMessage(E, (m as { msg: unknown }).msg); if (typeof x !== 'string') src.receive(from, x); });
    // c2's requests are answered by c3 (a spoofer on the same network), then by c2 itself.
    let answerer = 'c3';
    net.endpoint('c2').onReceive((_f, m) => {
      const msg = parseChannelMessage(E, (m as { msg: unknown }).msg);
      if (typeof msg === 'string' || msg.type !== 'partialRequest') return;
      const p = partialSign(shareOf(entity, 'c2')!, channelStateBytes(E, msg.update));
      net.endpoint(answerer).send('cp', channelWire({ type: 'partial', id: msg.id, digest: updateDigest(E, msg.update), index: 2, signature: p.signature }));
    });
    const bytes = src.register(u1);
    assert.equal((await drive(clock, src.requestPartial(2, bytes))).status, 'rejected');
    answerer = 'c2'; // the same answer from the validator asked is taken
    assert.equal((await drive(clock, src.requestPartial(2, bytes))).status, 'fulfilled');
  });

  it('the agent refuses an undecided update with ChannelSigner\'s reason, and signs it once decided; the source retries past the refusal', async () => {
    const { clock, net } = world();
    const decided = new Set<string>();
    const agent = new ChannelAgent({ entityId: E, share: shareOf(entity, 'c1')!, transport: net.endpoint('c1'), counterparty: 'cp',
      decided: (d) => decided.has(d), lookup: () => undefined });
    const src = new NetworkPartialSource({ entityId: E, transport: net.endpoint('cp'), clock, validatorOf: (i) => ids[i - 1], timeoutMs: 100, attempts: 2 });
    net.endpoint('cp').onReceive((from, m) => { const x = parseChannelMessage(E, (m as { msg: unknown }).msg); if (typeof x !== 'string') src.receive(from, x); });
    const bytes = src.register(u1);
    const refused = await drive(clock, src.requestPartial(1, bytes));
    assert.equal(refused.status, 'rejected');
    assert.match(String((refused as PromiseRejectedResult).reason), /refused: signUpdate: update of channel alice-bob at nonce 1 is not committed by entity entity-1; refusing to sign/);
    assert.equal(agent.stats.refused, 2);
    // Decided after the first refusal: the retry gets the partial.
    const p = src.requestPartial(1, bytes);
    clock.setTimer(50, () => decided.add(updateDigest(E, u1)));
    const ok = await drive(clock, p);
    assert.equal(ok.status, 'fulfilled');
    const partial = (ok as PromiseFulfilledResult<{ index: number; signature: Uint8Array }>).value;
    assert.ok(verify(entity.dealt.sharePublicKeys[0]!, bytes, partial.signature, DST_SIG));
  });

  it('the counterparty submits in nonce order (nonce 2 waits for 1) and its ledger refuses a certificate that does not verify', async () => {
    const { clock, net } = world();
    const cp = new Counterparty({ entityId: E, pub: entity.dealt, validators: ids, self: 'cp', transport: net.endpoint('cp'), clock, updates: [] });
    const cert = (u: ChannelState) => {
      const b = channelStateBytes(E, u);
      return new SignatureAggregator(entity.dealt).aggregate(b, entity.dealt.shares.slice(0, 3).map((s) => partialSign(s, b)));
    };
    net.endpoint('c4').send('cp', channelWire({ type: 'certificate', update: u2, certificate: cert(u2) }));
    net.endpoint('c4').send('cp', channelWire({ type: 'certificate', update: u1, certificate: cert(u2) })); // wrong: u2's certificate
    clock.advance(20);
    assert.deepEqual(cp.submissions.map((s) => [s.nonce, s.verdict.ok ? 'ok' : s.verdict.reason]), [[1n, 'bad-certificate']]);
    net.endpoint('c4').send('cp', channelWire({ type: 'certificate', update: u1, certificate: cert(u1) }));
    clock.advance(20);
    assert.deepEqual(cp.submissions.map((s) => [s.nonce, s.verdict.ok ? 'ok' : s.verdict.reason]), [[1n, 'bad-certificate'], [1n, 'ok'], [2n, 'ok']]);
    cp.stop();
  });

  it('fuzz: arbitrary values and wrongly typed channel messages never throw from the parser, nor from an agent or the counterparty receiving them', () => {
    const { clock, net } = world();
    const agent = new ChannelAgent({ entityId: E, share: shareOf(entity, 'c1')!, transport: net.endpoint('c1'), counterparty: 'cp', decided: () => true, lookup: () => undefined });
    const cp = new Counterparty({ entityId: E, pub: entity.dealt, validators: ids, self: 'cp', transport: net.endpoint('cp'), clock, updates: [] });
    const field = fc.oneof(fc.anything(), fc.bigInt(), fc.uint8Array({ maxLength: 100 }), fc.integer(), fc.constant(null));
    const shaped = fc.record({
      type: fc.constantFrom('partialRequest', 'partial', 'refused', 'certificate', 'x'), id: field, digest: fc.oneof(field, fc.stringMatching(/^[0-9a-f]{64}$/)),
      index: field, signature: field, reason: field, certificate: field,
      update: fc.oneof(field, fc.record({ kind: fc.constantFrom('hash', 'balances', 'x'), channelId: field, nonce: field, stateHash: field, balances: field })),
    }, { requiredKeys: ['type'] });
    fc.assert(fc.property(fc.oneof(fc.anything(), shaped), (raw) => {
      const m = parseChannelMessage(E, raw);
      assert.ok(typeof m === 'string' || typeof m === 'object');
      net.endpoint('c2').send('c1', channelWire(raw as never));
      net.endpoint('c2').send('cp', channelWire(raw as never));
      clock.advance(10);
    }), { numRuns: 300, seed: 24 });
    assert.equal(cp.submissions.length, 0);
    assert.ok(agent.stats.malformed > 0);
    cp.stop();
  });

  it('malformed channel messages are named and dropped', () => {
    assert.equal(parseChannelMessage(E, 7), 'channel message is not an object');
    assert.equal(parseChannelMessage(E, { type: 'partial', id: null, digest: 'zz', index: 1, signature: new Uint8Array() }), 'partial: digest is not 64 hex digits');
    assert.match(String(parseChannelMessage(E, { type: 'partialRequest', id: 1, update: { ...u1, nonce: -1n } })), /malformed update: .*nonce must be in 0\.\.2\^64-1/);
    assert.equal(parseChannelMessage(E, { type: 'vote' }), 'unknown channel message type "vote"');
  });

  it('end to end: with c1 down from the start and 30% of copies lost, 3 updates are decided, certified by shares 2..4 and accepted', async () => {
    const r = await runChannels({ cluster: { n: 4, seed: 3, minDelayMs: 1, maxDelayMs: 40, dropRate: 0.3, absent: ['c1'] }, heights: 4, updates: 3, budgetMs: 600_000 });
    assert.deepEqual(r.updates.map((u) => u.verdict), ['accepted', 'accepted', 'accepted']);
    for (const [k, u] of r.updates.entries()) {
      assert.deepEqual(u.signers, [2, 3, 4]);
      assert.ok(u.height !== null && r.decisions.get('c2')![u.height - 1]!.value === u.digest);
      // The certificate is the entity's signature, checked here independently of the ledger.
      assert.ok(verify(entity.dealt.groupPublicKey, channelStateBytes(E, demoUpdates(3)[k]!), hexToBytes(u.certificate), DST_SIG));
    }
    // Collections failed and were retried (c1 silent, lost copies), yet nothing else was accepted.
    assert.equal(r.counterparty.submissions.length, 3);
  });

  it('an update not certified within the budget is reported as such, with the reason (the path run --channels exits 1 on)', async () => {
    // Two of four validators down: no quorum, nothing decided, no t = 3 partials.
    const r = await runChannels({ cluster: { n: 4, seed: 1, minDelayMs: 1, maxDelayMs: 40, absent: ['c1', 'c2'] }, heights: 1, updates: 1, budgetMs: 5_000 });
    assert.equal(r.updates[0]!.verdict, 'not-certified');
    assert.equal(r.updates[0]!.height, null);
    assert.match(r.updates[0]!.detail, /^collect: need 3 valid partials, got 0/);
    assert.deepEqual(r.counterparty.submissions, []);
  });
});
