// The receive checks (docs/contract.md, "Receiving a message"), before anything is
// stored. Each failure is a value (`rejected` with a precise detail), never a throw:
// peers are untrusted, and a bad message must not crash or change the process.
import type { CoreConfig } from './config.ts';
import { describe } from './messages.ts';
import { proposerOf } from './proposer.ts';
import type { ConsensusState } from './state.ts';
import { NIL, NONE, type ConsensusMessage, type MessageType, type RejectReason } from './types.ts';

export interface Rejection { reason: RejectReason; detail: string }

const TYPES: readonly MessageType[] = ['PROPOSAL', 'PREVOTE', 'PRECOMMIT', 'COMMIT'];

function show(x: unknown): string {
  if (x instanceof Uint8Array) return `Uint8Array(${x.length})`;
  if (typeof x === 'string') return JSON.stringify(x);
  if (typeof x === 'bigint') return `${x}n`;
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object' && x !== null) return 'an object';
  return String(x);
}

/**
 * null when `m` has the contract's record shape with in-range fields (a height from
 * `firstHeight` on, 1 or 0, default 1), else what is wrong.
 */
export function shapeError(m: unknown, firstHeight = 1): string | null {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return `message: expected an object, got ${show(m)}`;
  const r = m as Record<string, unknown>;
  if (!TYPES.includes(r.type as MessageType)) return `message.type: expected one of ${TYPES.join('|')}, got ${show(r.type)}`;
  const type = r.type as MessageType;
  if (typeof r.src !== 'string' || r.src.length === 0) return `${type}.src: expected a non-empty string, got ${show(r.src)}`;
  if (typeof r.height !== 'number' || !Number.isSafeInteger(r.height) || r.height < firstHeight) return `${type}.height: expected an integer >= ${firstHeight}, got ${show(r.height)}`;
  if (typeof r.round !== 'number' || !Number.isSafeInteger(r.round) || r.round < 0) return `${type}.round: expected an integer >= 0, got ${show(r.round)}`;
  if (typeof r.value !== 'string' || r.value.length === 0 || r.value === NONE) return `${type}.value: expected a value or "nil", got ${show(r.value)}`;
  if ((type === 'PROPOSAL' || type === 'COMMIT') && r.value === NIL) return `${type}.value: expected a value, got "nil"`;
  const vr = r.validRound;
  if (typeof vr !== 'number' || !Number.isSafeInteger(vr)) return `${type}.validRound: expected an integer, got ${show(vr)}`;
  if (type === 'PROPOSAL') {
    if (vr < -1 || vr >= r.round) return `PROPOSAL.validRound: expected -1..${r.round - 1} (below round ${r.round}), got ${vr}`;
  } else if (vr !== -1) {
    return `${type}.validRound: expected -1, got ${vr}`;
  }
  if (type === 'COMMIT') {
    const certError = certShapeError(r.cert);
    if (certError !== null) return certError;
  } else if (r.cert !== undefined) {
    return `${type}.cert: expected no certificate on a ${type}, got ${show(r.cert)}`;
  }
  if (r.signature !== undefined && !(r.signature instanceof Uint8Array)) return `${type}.signature: expected a Uint8Array, got ${show(r.signature)}`;
  return null;
}

function certShapeError(c: unknown): string | null {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return `COMMIT.cert: expected a certificate object, got ${show(c)}`;
  const cert = c as Record<string, unknown>;
  if (!Array.isArray(cert.signers)) return `COMMIT.cert.signers: expected an array, got ${show(cert.signers)}`;
  for (const s of cert.signers) if (typeof s !== 'string') return `COMMIT.cert.signers: expected strings, got ${show(s)}`;
  if (cert.aggregate !== undefined && !(cert.aggregate instanceof Uint8Array)) return `COMMIT.cert.aggregate: expected a Uint8Array, got ${show(cert.aggregate)}`;
  return null;
}

/** Injected crypto may throw on malformed bytes (noble does); that is a bad signature here. */
function attempt<T>(f: () => T): T | { threw: string } {
  try { return f(); } catch (e) { return { threw: e instanceof Error ? e.message : String(e) }; }
}

/** The bad-signature check alone (also for a conflicting message at a decided height). */
export function checkSignature(config: CoreConfig, m: ConsensusMessage): Rejection | null {
  const ok = attempt(() => config.crypto.verify(m));
  if (ok === true) return null;
  const why = typeof ok === 'object' ? `verify threw: ${ok.threw}` : `signature of ${m.src} does not verify`;
  return { reason: 'bad-signature', detail: `${describe(m)}: ${why}` };
}

/**
 * The checks of `checkMessage` before the signature (malformed, unknown-sender,
 * past-height, round-out-of-range, not-proposer): no crypto. A driver that verifies
 * signatures ahead of the core (the node's batches) skips the messages this rejects,
 * since the core rejects them without asking for their signature.
 */
export function checkBeforeSignature(config: CoreConfig, state: ConsensusState, raw: unknown): Rejection | null {
  const shape = shapeError(raw, config.firstHeight);
  if (shape !== null) return { reason: 'malformed', detail: shape };
  const m = raw as ConsensusMessage;
  if (!config.validators.includes(m.src)) return { reason: 'unknown-sender', detail: `${describe(m)}: sender ${m.src} is not a validator` };
  if (m.height < state.height || (m.height === state.height && state.step === 'commit')) {
    return { reason: 'past-height', detail: `${describe(m)}: height ${m.height} is decided (process at height ${state.height}, step ${state.step})` };
  }
  if (m.round > config.maxRound) return { reason: 'round-out-of-range', detail: `${describe(m)}: round ${m.round} exceeds maxRound ${config.maxRound}` };
  if (m.type === 'PROPOSAL') {
    const expected = proposerOf(config.proposer, config.validators, m.height, m.round, config.firstHeight);
    if (m.src !== expected) return { reason: 'not-proposer', detail: `${describe(m)}: proposer of h=${m.height} r=${m.round} is ${expected}, not ${m.src}` };
  }
  return null;
}

/**
 * Runs every check that does not depend on the store, in this order: malformed,
 * unknown-sender, past-height, round-out-of-range, not-proposer, bad-signature,
 * bad-certificate (cheap checks first, pairing checks last). Duplicates, evidence and
 * the future-height bound need the store: see receive in handlers.ts.
 */
export function checkMessage(config: CoreConfig, state: ConsensusState, raw: unknown): Rejection | null {
  const cheap = checkBeforeSignature(config, state, raw);
  if (cheap !== null) return cheap;
  const m = raw as ConsensusMessage;
  const bad = checkSignature(config, m);
  if (bad !== null) return bad;
  if (m.type === 'COMMIT') {
    const cert = m.cert!;
    const err = attempt(() => config.crypto.checkCertificate(m.height, m.round, m.value, cert));
    if (err !== null) {
      const why = typeof err === 'object' ? `checkCertificate threw: ${err.threw}` : err;
      return { reason: 'bad-certificate', detail: `${describe(m)}: ${why}` };
    }
  }
  return null;
}
