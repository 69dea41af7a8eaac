// The README example: an entity's key split 3-of-5; three validators sign a committed
// channel update; their partials combine into one signature the counterparty accepts.
// Run: node --loader ts-node/esm/transpile-only --no-warnings src/channel/example.ts
import { bytesToHex } from '@noble/hashes/utils.js';
import { deal } from '../crypto/threshold.ts';
import { SignatureAggregator } from '../crypto/collector.ts';
import { ChannelSigner } from './signer.ts';
import { ChannelLedger } from './ledger.ts';
import { channelStateBytes, updateDigest, type ChannelState } from './state.ts';

export function channelExample() {
  const entity = 'entity-1';
  // 1. Split the entity's key 3-of-5 (deterministic seed: an example, not a real key).
  const dealt = deal(3, 5, new Uint8Array(32).fill(1));

  // 2. The update the entity's consensus decided (its value is the update's digest).
  const update: ChannelState = {
    kind: 'balances', channelId: 'alice-bob', nonce: 1n,
    balances: [{ party: 'alice', amount: 70n }, { party: 'bob', amount: 30n }],
  };
  const decided = new Set([updateDigest(entity, update)]);
  const committed = { committed: (u: ChannelState) => decided.has(updateDigest(entity, u)) };

  // 3. Validators 1, 3 and 5 sign it with their shares (each checks the commit first).
  const partials = [1, 3, 5].map((i) =>
    new ChannelSigner(entity, dealt.shares[i - 1]!, committed).signUpdate(update));

  // 4. Combine (one MSM) and verify under the group key.
  const certificate = new SignatureAggregator(dealt).aggregate(channelStateBytes(entity, update), partials);

  // 5. The counterparty knows only the entity's group public key.
  const ledger = new ChannelLedger(entity, dealt.groupPublicKey);
  const result = ledger.submit(update, certificate);
  return { groupPublicKey: bytesToHex(dealt.groupPublicKey), certificate: bytesToHex(certificate), result };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(channelExample());
