import { strict as assert } from 'node:assert';
import { bytesToHex } from '@noble/hashes/utils.js';
import { channelStateBytes, updateDigest, type ChannelState } from '../../src/channel/state.ts';

const hashState: ChannelState = { kind: 'hash', channelId: 'ch', nonce: 5n, stateHash: new Uint8Array(32).fill(0xab) };
const balState: ChannelState = { kind: 'balances', channelId: 'ch', nonce: 5n, balances: [{ party: 'a', amount: 1n }, { party: 'b', amount: 2n }] };

describe('channel/state canonical bytes', () => {
  it('pins the layout of docs/crypto.md (hash and balances forms)', () => {
    const head = '4859425249442d4246542f4348414e4e454c' + '01' + '0165' + '026368' + '0000000000000005';
    assert.equal(bytesToHex(channelStateBytes('e', hashState)), head + '01' + 'ab'.repeat(32));
    assert.equal(bytesToHex(channelStateBytes('e', balState)), head + '02' + '0002' +
      '0161' + '00'.repeat(15) + '01' + '0162' + '00'.repeat(15) + '02');
  });

  it('entity, channel, nonce and body all change the bytes and the digest', () => {
    const ds = new Set([
      updateDigest('e', hashState), updateDigest('f', hashState), updateDigest('e', { ...hashState, channelId: 'ci' }),
      updateDigest('e', { ...hashState, nonce: 6n }), updateDigest('e', { ...hashState, stateHash: new Uint8Array(32) }),
      updateDigest('e', balState), updateDigest('e', { ...balState, balances: [{ party: 'a', amount: 2n }, { party: 'b', amount: 1n }] }),
    ]);
    assert.equal(ds.size, 7);
    assert.match(updateDigest('e', hashState), /^[0-9a-f]{64}$/);
  });

  it('rejects malformed states with precise messages', () => {
    assert.throws(() => channelStateBytes('e', { ...hashState, stateHash: new Uint8Array(31) }), /expected 32-byte stateHash, got 31/);
    assert.throws(() => channelStateBytes('e', { ...hashState, nonce: -1n }), /nonce must be in 0\.\.2\^64-1, got -1/);
    assert.throws(() => channelStateBytes('e', { ...hashState, nonce: 1n << 64n }), /nonce must be in 0\.\.2\^64-1/);
    assert.throws(() => channelStateBytes('e', { ...hashState, nonce: 1 as unknown as bigint }), /expected nonce to be a bigint, got number/);
    assert.throws(() => channelStateBytes('e', { ...hashState, channelId: '' }), /channelId must be 1\.\.255 UTF-8 bytes, got 0/);
    assert.throws(() => channelStateBytes('', hashState), /entityId must be 1\.\.255 UTF-8 bytes, got 0/);
    assert.throws(() => channelStateBytes('e', { ...balState, balances: [] }), /balances must list 1\.\.65535 parties, got 0/);
    assert.throws(() => channelStateBytes('e', { ...balState, balances: [{ party: 'b', amount: 1n }, { party: 'a', amount: 1n }] }),
      /sorted by party without duplicates, got a after b/);
    assert.throws(() => channelStateBytes('e', { ...balState, balances: [{ party: 'a', amount: 1n }, { party: 'a', amount: 1n }] }), /got a after a/);
    assert.throws(() => channelStateBytes('e', { ...balState, balances: [{ party: 'a', amount: -1n }] }), /amount of a must be in 0\.\.2\^128-1/);
    assert.throws(() => channelStateBytes('e', { ...hashState, kind: 'other' } as unknown as ChannelState), /channelStateBytes: unknown state kind other/);
    assert.throws(() => channelStateBytes('e', null as unknown as ChannelState), TypeError);
  });
});
