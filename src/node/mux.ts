// One transport, two users: the validator node (consensus and sync messages) and the
// channel agent beside it (src/channel, `kind: 'channel'` messages). Transport has a
// single receive handler (a later onReceive replaces it), so the split installs one
// that routes by kind; each side's onReceive replaces only its own handler.
import type { ValidatorId } from '../core/types.ts';
import type { Transport, WireMessage } from './transport.ts';

export interface SplitTransport { node: Transport; channel: Transport }

type Handler = (from: ValidatorId, m: WireMessage) => void;

/** Routes `channel` messages to `.channel`'s handler and everything else to `.node`'s; sends go through `t` unchanged. */
export function splitTransport(t: Transport): SplitTransport {
  let toNode: Handler = () => {};
  let toChannel: Handler = () => {};
  t.onReceive((from, m) => { if (m.kind === 'channel') toChannel(from, m); else toNode(from, m); });
  const side = (set: (h: Handler) => void): Transport => ({
    self: t.self,
    broadcast: (m) => t.broadcast(m),
    send: (to, m) => t.send(to, m),
    onReceive: set,
  });
  return { node: side((h) => { toNode = h; }), channel: side((h) => { toChannel = h; }) };
}
