// JSON forms of the core's data (for the WAL and for `run --json`): byte arrays become
// {"$hex": "..."} and decoding checks every field, so a WAL written by another version
// or a hand-edited file fails with a message naming the field instead of feeding the
// core a malformed event.
import { assertNever } from '../core/types.ts';
import type {
  Certificate, ConsensusEvent, ConsensusMessage, MessageType, TimeoutKind,
} from '../core/types.ts';

const MESSAGE_TYPES: readonly MessageType[] = ['PROPOSAL', 'PREVOTE', 'PRECOMMIT', 'COMMIT'];
const TIMEOUT_KINDS: readonly TimeoutKind[] = ['propose', 'prevote', 'precommit'];

function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/** JSON.stringify with byte arrays as {"$hex": "..."}. */
export function stringifyWithBytes(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => (v instanceof Uint8Array ? { $hex: toHex(v) } : v));
}

/** JSON.parse turning {"$hex": "..."} back into Uint8Array. Throws on malformed hex. */
export function parseWithBytes(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const hex = (v as { $hex?: unknown }).$hex;
      if (keys.length === 1 && typeof hex === 'string') {
        if (!/^([0-9a-f]{2})*$/.test(hex)) throw new Error(`parseWithBytes: expected even-length lowercase hex, got '${hex.slice(0, 16)}'`);
        return new Uint8Array(Buffer.from(hex, 'hex'));
      }
    }
    return v;
  });
}

type Obj = Record<string, unknown>;

export function obj(x: unknown, where: string): Obj {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) throw new TypeError(`${where}: expected an object, got ${describe(x)}`);
  return x as Obj;
}
export function str(o: Obj, k: string, where: string): string {
  const v = o[k];
  if (typeof v !== 'string') throw new TypeError(`${where}: expected string '${k}', got ${describe(v)}`);
  return v;
}
export function int(o: Obj, k: string, where: string, min: number): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
    throw new TypeError(`${where}: expected integer '${k}' >= ${min}, got ${describe(v)}`);
  return v;
}
export function oneOf<T extends string>(o: Obj, k: string, allowed: readonly T[], where: string): T {
  const v = str(o, k, where);
  if (!(allowed as readonly string[]).includes(v)) throw new TypeError(`${where}: expected '${k}' in ${allowed.join('|')}, got '${v}'`);
  return v as T;
}
function bytes(o: Obj, k: string, where: string): Uint8Array | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (!(v instanceof Uint8Array)) throw new TypeError(`${where}: expected bytes '${k}', got ${describe(v)}`);
  return v;
}
function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

export function decodeCertificate(x: unknown, where: string): Certificate {
  const o = obj(x, where);
  const signers = o.signers;
  if (!Array.isArray(signers) || !signers.every((s) => typeof s === 'string'))
    throw new TypeError(`${where}: expected string array 'signers', got ${describe(signers)}`);
  const aggregate = bytes(o, 'aggregate', where);
  return aggregate === undefined ? { signers: [...signers] } : { signers: [...signers], aggregate };
}

export function decodeMessage(x: unknown, where: string): ConsensusMessage {
  const o = obj(x, where);
  const msg: ConsensusMessage = {
    type: oneOf(o, 'type', MESSAGE_TYPES, where),
    src: str(o, 'src', where),
    height: int(o, 'height', where, 0),
    round: int(o, 'round', where, 0),
    value: str(o, 'value', where),
    validRound: int(o, 'validRound', where, -1),
  };
  if (o.cert !== undefined) msg.cert = decodeCertificate(o.cert, `${where}.cert`);
  const signature = bytes(o, 'signature', where);
  if (signature !== undefined) msg.signature = signature;
  return msg;
}

export function decodeEvent(x: unknown, where: string): ConsensusEvent {
  const o = obj(x, where);
  const kind = oneOf(o, 'kind', ['StartHeight', 'Deliver', 'Timeout', 'ProposeValue'] as const, where);
  const value = str(o, 'value', where);
  switch (kind) {
    case 'StartHeight': return { kind, height: int(o, 'height', where, 0), value };
    case 'Deliver': return { kind, msg: decodeMessage(o.msg, `${where}.msg`), value };
    case 'Timeout': return {
      kind, timeout: oneOf(o, 'timeout', TIMEOUT_KINDS, where),
      height: int(o, 'height', where, 0), round: int(o, 'round', where, 0), value,
    };
    case 'ProposeValue': return { kind, height: int(o, 'height', where, 0), round: int(o, 'round', where, 0), value };
    default: return assertNever(kind);
  }
}
