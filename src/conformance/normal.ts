// The normal form in which the model's and an implementation's steps are compared:
// plain JSON with the fields docs/contract.md lists and nothing else (no signatures,
// no timeout durations, no `rejected` outputs, certificates reduced to sorted signers).
import type { ConsensusMessage, ConsensusOutput, Projection } from '../core/types.ts';
import { idRecord, own } from '../core/ids.ts';
import { assertNever } from '../core/types.ts';

export interface NormalMessage {
  type: string; src: string; height: number; round: number; value: string; validRound: number;
  cert: string[];
}

export type NormalOutput =
  | { kind: 'broadcast'; msg: NormalMessage }
  /** durationMs only where asked for (normalOutputs' `durations`, a driver that reports it): never compared, judged for growth. */
  | { kind: 'scheduleTimeout'; timeout: string; height: number; round: number; durationMs?: number }
  | { kind: 'getValue'; height: number; round: number }
  | { kind: 'decide'; height: number; value: string; round: number; cert: string[] }
  | { kind: 'evidence'; src: string; type: string; height: number; round: number;
      first: NormalMessage; second: NormalMessage };

export interface NormalProjection {
  height: number; round: number; step: string;
  lockedValue: string; lockedRound: number; validValue: string; validRound: number;
  decisions: Record<string, { value: string; round: number; cert: string[] }>;
}

export function normalMessage(m: ConsensusMessage): NormalMessage {
  return {
    type: m.type, src: m.src, height: m.height, round: m.round, value: m.value,
    validRound: m.validRound, cert: m.cert ? [...m.cert.signers].sort() : [],
  };
}

/**
 * Drops what is never compared (`rejected`), normalizes the rest, keeps the order.
 * `durations`: keep each scheduleTimeout's durationMs (for the verdict's growth check).
 */
export function normalOutputs(outputs: readonly ConsensusOutput[], opts: { durations?: boolean } = {}): NormalOutput[] {
  const out: NormalOutput[] = [];
  for (const o of outputs) {
    switch (o.kind) {
      case 'broadcast': out.push({ kind: 'broadcast', msg: normalMessage(o.msg) }); break;
      case 'scheduleTimeout':
        out.push({ kind: 'scheduleTimeout', timeout: o.timeout, height: o.height, round: o.round, ...(opts.durations ? { durationMs: o.durationMs } : {}) });
        break;
      case 'getValue': out.push({ kind: 'getValue', height: o.height, round: o.round }); break;
      case 'decide':
        out.push({ kind: 'decide', height: o.height, value: o.value, round: o.round, cert: [...o.cert.signers].sort() });
        break;
      case 'evidence':
        out.push({ kind: 'evidence', src: o.src, type: o.type, height: o.height, round: o.round,
          first: normalMessage(o.first), second: normalMessage(o.second) });
        break;
      case 'rejected': break;
      default: assertNever(o);
    }
  }
  return out;
}

/** The outputs without durations: what the strict comparison (replayTrace) compares. */
export function withoutDurations(outputs: readonly NormalOutput[]): readonly NormalOutput[] {
  if (!outputs.some((o) => o.kind === 'scheduleTimeout' && o.durationMs !== undefined)) return outputs;
  return outputs.map((o) => (o.kind === 'scheduleTimeout' ? { kind: o.kind, timeout: o.timeout, height: o.height, round: o.round } : o));
}

export function normalProjection(p: Projection): NormalProjection {
  const decisions: NormalProjection['decisions'] = idRecord();
  for (const h of Object.keys(p.decisions).map(Number).sort((a, b) => a - b)) {
    const d = p.decisions[h]!;
    decisions[String(h)] = { value: d.value, round: d.round, cert: [...d.cert.signers].sort() };
  }
  return {
    height: p.height, round: p.round, step: p.step, lockedValue: p.lockedValue,
    lockedRound: p.lockedRound, validValue: p.validValue, validRound: p.validRound, decisions,
  };
}

/**
 * true iff two JSON values are equal (same keys, in any order; arrays element-wise).
 * The replay's fast path: almost every comparison is equal, and this allocates nothing.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (!Object.hasOwn(x, k)) continue;
    n++;
    if (!Object.hasOwn(y, k) || !sameJson(x[k], y[k])) return false;
  }
  for (const k in y) if (Object.hasOwn(y, k)) n--;
  return n === 0;
}

/** Field-by-field differences between two JSON values, as `path: expected → actual` lines; [] iff sameJson. */
export function diff(expected: unknown, actual: unknown, path = ''): string[] {
  if (sameJson(expected, actual)) return [];
  const bothObjects = typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null;
  if (!bothObjects || Array.isArray(expected) !== Array.isArray(actual)) {
    return [`${path || '(value)'}: expected ${show(expected)}, got ${show(actual)}`];
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const lines: string[] = [];
    const n = Math.max(expected.length, actual.length);
    for (let i = 0; i < n; i++) {
      if (i >= expected.length) lines.push(`${path}[${i}]: unexpected ${show(actual[i])}`);
      else if (i >= actual.length) lines.push(`${path}[${i}]: missing ${show(expected[i])}`);
      else lines.push(...diff(expected[i], actual[i], `${path}[${i}]`));
    }
    return lines;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])].sort();
  return keys.flatMap((k) => diff(own(e, k), own(a, k), path ? `${path}.${k}` : k));
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : JSON.stringify(v);
}
