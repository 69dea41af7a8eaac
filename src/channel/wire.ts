// The channel layer's messages, carried over the node's transport as
// `{ kind: 'channel', msg }` (src/node/transport.ts). What arrives is untrusted:
// `parseChannelMessage` checks every field and returns one sentence when it does not fit.
// The transport names the sender (`from`); nothing in a message claims who sent it.
import { channelStateBytes, type ChannelState } from './state.ts';
import type { WireMessage } from '../node/transport.ts';

export type ChannelMessage =
  /** "Sign `update` with your share if your consensus decided it." `id` matches the answer. */
  | { type: 'partialRequest'; id: number; update: ChannelState }
  /**
   * A partial signature of share `index` over the update whose value id is `digest`;
   * `id` is the request answered, or null when the validator pushes it after deciding.
   */
  | { type: 'partial'; id: number | null; digest: string; index: number; signature: Uint8Array }
  /** The request `id` is refused (e.g. the update is not decided there yet), with the signer's reason. */
  | { type: 'refused'; id: number; reason: string }
  /** A combined certificate: anyone may hand one to the counterparty, whose ledger checks it. */
  | { type: 'certificate'; update: ChannelState; certificate: Uint8Array };

export const channelWire = (msg: ChannelMessage): WireMessage => ({ kind: 'channel', msg });

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isId = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

/** The message, or why `raw` is not one (`entityId` checks an update's encoding). */
export function parseChannelMessage(entityId: string, raw: unknown): ChannelMessage | string {
  if (!isObj(raw)) return 'channel message is not an object';
  const update = (u: unknown): ChannelState | string => {
    try {
      channelStateBytes(entityId, u as ChannelState);
      return u as ChannelState;
    } catch (e) {
      return `channel message carries a malformed update: ${(e as Error).message}`;
    }
  };
  switch (raw.type) {
    case 'partialRequest': {
      if (!isId(raw.id)) return 'partialRequest: id is not a non-negative integer';
      const u = update(raw.update);
      return typeof u === 'string' ? u : { type: 'partialRequest', id: raw.id, update: u };
    }
    case 'partial':
      if (raw.id !== null && !isId(raw.id)) return 'partial: id is neither null nor a non-negative integer';
      if (typeof raw.digest !== 'string' || !/^[0-9a-f]{64}$/.test(raw.digest)) return 'partial: digest is not 64 hex digits';
      if (!Number.isSafeInteger(raw.index) || (raw.index as number) < 1) return 'partial: index is not a positive integer';
      if (!(raw.signature instanceof Uint8Array)) return 'partial: signature is not bytes';
      return { type: 'partial', id: raw.id as number | null, digest: raw.digest, index: raw.index as number, signature: raw.signature };
    case 'refused':
      if (!isId(raw.id) || typeof raw.reason !== 'string') return 'refused: expected an integer id and a reason string';
      return { type: 'refused', id: raw.id, reason: raw.reason.slice(0, 500) };
    case 'certificate': {
      if (!(raw.certificate instanceof Uint8Array)) return 'certificate: certificate is not bytes';
      const u = update(raw.update);
      return typeof u === 'string' ? u : { type: 'certificate', update: u, certificate: raw.certificate };
    }
    default:
      return `unknown channel message type ${JSON.stringify(raw.type)}`;
  }
}
