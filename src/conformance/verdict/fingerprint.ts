// A structural fingerprint of the shadow's states, for telling equal states apart from
// different ones cheaply (judge.ts dedupe). The core's states are immutable and copy
// only the path they change, so each object's fingerprint is computed once and cached;
// a new state costs the path it changed. Two 32-bit FNV-style hashes (the first cached,
// the second computed only when the first collides) tell states apart: a collision of
// both would merge two different states and could only drop a legal state (a later
// legal step then flagged), never hide a violation.

const cache = new WeakMap<object, number>();

function mix(h: number, x: number): number {
  return Math.imul(h ^ x, 16777619) >>> 0;
}

function ofString(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

/** A 32-bit hash of a JSON-like value (keys in sorted order; signatures and aggregates left out). */
function hash(v: unknown, seed: number): number {
  if (v === null || v === undefined) return mix(seed, 0x9e37);
  switch (typeof v) {
    case 'string': return ofString(v, mix(seed, 1));
    case 'number': return ofString(String(v), mix(seed, 2));
    case 'boolean': return mix(seed, v ? 3 : 4);
    case 'object': {
      if (v instanceof Uint8Array) return mix(seed, 5);
      const key = seed === SEED_A ? v : undefined;
      if (key !== undefined) { const c = cache.get(key); if (c !== undefined) return c; }
      let h = mix(seed, Array.isArray(v) ? 6 : 7);
      if (Array.isArray(v)) for (const x of v) h = mix(h, hash(x, seed));
      else {
        for (const k of Object.keys(v).sort()) {
          if (k === 'signature' || k === 'aggregate') continue;
          h = mix(ofString(k, h), hash((v as Record<string, unknown>)[k], seed));
        }
        for (const s of Object.getOwnPropertySymbols(v)) h = mix(h, hash((v as Record<symbol, unknown>)[s], seed));
      }
      if (key !== undefined) cache.set(key, h);
      return h;
    }
    default: return mix(seed, 8);
  }
}

const SEED_A = 2166136261;
const SEED_B = 0x811c9dc5 ^ 0x5bd1e995;

/**
 * The fingerprint of `v` as a string of two hashes (the first cached per object, the
 * second over the whole value only when asked for: `full`).
 */
export function fingerprint(v: unknown, full = false): string {
  const a = hash(v, SEED_A);
  return full ? `${a}:${hash(v, SEED_B)}` : String(a);
}
