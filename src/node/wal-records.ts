// What the node writes to its WAL. Recovery replays `event` records through the
// deterministic core; `vote` records (own signed messages) feed the double-sign guard;
// `decision` records let an operator (and a test) read the decided chain without
// replaying. `open` binds the file to one validator and validator set.
import { assertNever } from '../core/types.ts';
import type { Certificate, ConsensusEvent, ConsensusMessage, ValidatorId, Value } from '../core/types.ts';
import {
  decodeCertificate, decodeEvent, decodeMessage, int, obj, oneOf, parseWithBytes, str, stringifyWithBytes,
} from './codec.ts';

export type WalRecord =
  /** `tag` names the rest of the configuration the log is only valid with (e.g. the crypto). */
  | { kind: 'open'; self: ValidatorId; validators: ValidatorId[]; tag: string }
  | { kind: 'event'; event: ConsensusEvent }
  | { kind: 'vote'; msg: ConsensusMessage }
  | { kind: 'decision'; height: number; value: Value; round: number; cert: Certificate };

export function encodeRecord(r: WalRecord): Uint8Array {
  return new TextEncoder().encode(stringifyWithBytes(r));
}

/** Decodes one checksummed payload; throws (naming `where`) on a record of unknown shape. */
export function decodeRecord(payload: Uint8Array, where: string): WalRecord {
  let x: unknown;
  try {
    x = parseWithBytes(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch (e) {
    throw new Error(`${where}: payload is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const o = obj(x, where);
  const kind = oneOf(o, 'kind', ['open', 'event', 'vote', 'decision'] as const, where);
  switch (kind) {
    case 'open': {
      const v = o.validators;
      if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
        throw new TypeError(`${where}: expected string array 'validators'`);
      return { kind, self: str(o, 'self', where), validators: [...v], tag: str(o, 'tag', where) };
    }
    case 'event': return { kind, event: decodeEvent(o.event, `${where}.event`) };
    case 'vote': return { kind, msg: decodeMessage(o.msg, `${where}.msg`) };
    case 'decision': return {
      kind, height: int(o, 'height', where, 0), value: str(o, 'value', where),
      round: int(o, 'round', where, 0), cert: decodeCertificate(o.cert, `${where}.cert`),
    };
    default: return assertNever(kind);
  }
}
