// How nodes reach each other. The node only sees this interface; memory-transport.ts is
// the in-process implementation used by `run` and the tests.
import type { ConsensusMessage, ValidatorId } from '../core/types.ts';

export type WireMessage =
  /** A consensus message (PROPOSAL, PREVOTE, PRECOMMIT, or a COMMIT answering a sync request). */
  | { kind: 'consensus'; msg: ConsensusMessage }
  /** "Send me the COMMITs of heights fromHeight..toHeight that you decided." */
  | { kind: 'syncRequest'; fromHeight: number; toHeight: number }
  /**
   * A channel-layer message (partial requests, partials, certificates: src/channel/wire.ts
   * parses `msg`, which is untrusted). The node ignores it; `splitTransport` (mux.ts)
   * routes it to the channel agent that shares the node's transport.
   */
  | { kind: 'channel'; msg: unknown };

/** `M` is the message type: the node's WireMessage by default; the DKG (dkg-run.ts) has its own. */
export interface Transport<M = WireMessage> {
  readonly self: ValidatorId;
  /** Sends to every other validator (the core has already stored its own copy). */
  broadcast(m: M): void;
  /** Sends to one validator. */
  send(to: ValidatorId, m: M): void;
  /** Installs the (single) receive handler; a later call replaces it. */
  onReceive(handler: (from: ValidatorId, m: M) => void): void;
}
