import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { verify } from '../../src/crypto/bls.ts';
import { SignatureAggregator } from '../../src/crypto/collector.ts';
import { deal, partialSign } from '../../src/crypto/threshold.ts';
import { ChannelLedger } from '../../src/channel/ledger.ts';
import { ChannelSigner } from '../../src/channel/signer.ts';
import { channelStateBytes, updateDigest, type ChannelState } from '../../src/channel/state.ts';
import { channelExample } from '../../src/channel/example.ts';

const entity = 'entity-1';
const dealt = deal(3, 5, new Uint8Array(32).fill(11));
const other = deal(3, 5, new Uint8Array(32).fill(12));
type HashState = Extract<ChannelState, { kind: 'hash' }>;
const st = (nonce: bigint, fill = 1): HashState => ({ kind: 'hash', channelId: 'ch-1', nonce, stateHash: new Uint8Array(32).fill(fill) });
/** Certificate by validators 1..3 of `d` (no commit check: the ledger is under test). */
function certify(s: ChannelState, d = dealt): Uint8Array {
  const bytes = channelStateBytes(entity, s);
  return new SignatureAggregator(d).aggregate(bytes, d.shares.slice(0, 3).map((sh) => partialSign(sh, bytes)));
}

describe('channel: ledger, signer, example', () => {
  it('happy path (the README example): 3-of-5, three validators sign a committed update, combine, accepted', () => {
    const { result, certificate, groupPublicKey } = channelExample();
    assert.deepEqual(result, { ok: true, channelId: 'alice-bob', nonce: 1n });
    assert.equal(certificate.length, 192);
    assert.equal(groupPublicKey.length, 96);
  });

  it('docs/crypto.md quotes src/channel/example.ts verbatim', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/crypto.md', import.meta.url)), 'utf8');
    const src = readFileSync(fileURLToPath(new URL('../../src/channel/example.ts', import.meta.url)), 'utf8');
    assert.ok(doc.includes('```ts\n' + src + '```'), 'the example block in docs/crypto.md differs from src/channel/example.ts');
  });

  it('accepts increasing nonces; refuses stale, duplicate; keeps a conflicting certified update as evidence', () => {
    const ledger = new ChannelLedger(entity, dealt.groupPublicKey);
    assert.deepEqual(ledger.submit(st(1n), certify(st(1n))), { ok: true, channelId: 'ch-1', nonce: 1n });
    assert.equal(ledger.submit(st(3n), certify(st(3n))).ok, true);
    assert.deepEqual(ledger.submit(st(2n), certify(st(2n))),
      { ok: false, reason: 'stale-nonce', detail: 'channel ch-1: nonce 2 is not greater than the last accepted 3' });
    assert.deepEqual(ledger.submit(st(3n), certify(st(3n))),
      { ok: false, reason: 'duplicate', detail: 'channel ch-1 nonce 3 is already accepted' });
    const conflict = ledger.submit(st(3n, 2), certify(st(3n, 2)));
    assert.equal(conflict.ok, false);
    assert.equal(!conflict.ok && conflict.reason, 'conflict');
    const [ev] = ledger.evidence();
    assert.equal(ledger.evidence().length, 1);
    assert.equal(ev!.nonce, 3n);
    assert.deepEqual(ev!.first.update, st(3n));
    assert.deepEqual(ev!.second.update, st(3n, 2));
    assert.ok(verify(dealt.groupPublicKey, channelStateBytes(entity, ev!.second.update), ev!.second.certificate), 'evidence is self-proving');
    assert.deepEqual(ledger.latest('ch-1')!.update, st(3n), 'the first stays accepted');
    assert.equal(ledger.latest('ch-2'), undefined);
    assert.equal(ledger.submit({ ...st(1n), channelId: 'ch-2' }, certify({ ...st(1n), channelId: 'ch-2' })).ok, true, 'channels are independent');
  });

  it('refuses a certificate under another key, over other bytes, and malformed input', () => {
    const ledger = new ChannelLedger(entity, dealt.groupPublicKey);
    const r1 = ledger.submit(st(1n), certify(st(1n), other));
    assert.equal(!r1.ok && r1.reason, 'bad-certificate');
    assert.equal(!r1.ok && r1.detail, 'certificate over channel ch-1 nonce 1 does not verify under the group key of entity entity-1');
    assert.equal((ledger.submit(st(1n), certify(st(2n))) as { reason: string }).reason, 'bad-certificate');
    const otherEntity = new ChannelLedger('entity-2', dealt.groupPublicKey);
    assert.equal((otherEntity.submit(st(1n), certify(st(1n))) as { reason: string }).reason, 'bad-certificate', 'entity id is in the bytes');
    assert.equal((ledger.submit(st(1n), certify(st(1n)).slice(0, 95)) as { reason: string }).reason, 'bad-certificate');
    assert.deepEqual(ledger.submit({ ...st(1n), stateHash: new Uint8Array(3) }, certify(st(1n))),
      { ok: false, reason: 'malformed', detail: 'channelStateBytes: expected 32-byte stateHash, got 3' });
    assert.equal(ledger.latest('ch-1'), undefined, 'nothing was accepted');
    assert.throws(() => new ChannelLedger(entity, new Uint8Array(48)), /ChannelLedger: group public key: not a valid G1 point/);
    assert.throws(() => new ChannelLedger('', dealt.groupPublicKey), /entityId must be 1\.\.255 UTF-8 bytes, got 0/);
  });

  it('ChannelSigner signs only committed updates', () => {
    const decided = new Set([updateDigest(entity, st(1n))]);
    const signer = new ChannelSigner(entity, dealt.shares[1]!, { committed: (u) => decided.has(updateDigest(entity, u)) });
    const p = signer.signUpdate(st(1n));
    assert.equal(p.index, 2);
    assert.ok(verify(dealt.sharePublicKeys[1]!, channelStateBytes(entity, st(1n)), p.signature));
    assert.throws(() => signer.signUpdate(st(2n)), /update of channel ch-1 at nonce 2 is not committed by entity entity-1; refusing to sign/);
    assert.throws(() => signer.signUpdate({ ...st(1n), nonce: -1n }), /nonce must be in 0\.\.2\^64-1/);
  });
});
