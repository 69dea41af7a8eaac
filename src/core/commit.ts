// Height synchronization, the sending side: a driver that decided a height answers a
// lagging peer with a COMMIT built from its decision. The core never broadcasts COMMITs
// itself (docs/contract.md lists no such output); this helper only builds the message.
import type { CoreConfig } from './config.ts';
import { copyMessage } from './messages.ts';
import type { ConsensusMessage, Decision } from './types.ts';

/**
 * The COMMIT of `decision` at `height`, from and signed by `config.self` (contract:
 * value, round of the precommits, validRound -1, cert). Throws on a height < 1.
 */
export function commitMessage(config: CoreConfig, height: number, decision: Decision): ConsensusMessage {
  if (!Number.isSafeInteger(height) || height < 1) throw new RangeError(`commitMessage: expected height >= 1, got ${height}`);
  const msg: ConsensusMessage = {
    type: 'COMMIT', src: config.self, height, round: decision.round, value: decision.value, validRound: -1, cert: decision.cert,
  };
  const signature = config.crypto.sign(msg);
  return copyMessage(signature === undefined ? msg : { ...msg, signature });
}
