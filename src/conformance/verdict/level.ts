// What a driver reports and wants judged (its `hello` answer's `judge`, docs/driver-protocol.md
// "Levels"): the full projection and outputs, or only what a node shows the world.

export interface Level {
  /** "full": projection, broadcasts, decisions, getValue requests; "observable": broadcasts and decisions only. */
  readonly level: 'full' | 'observable';
  /** scheduleTimeout outputs are compared (and their durationMs, when reported, judged for growth). */
  readonly timeouts: boolean;
  /** Evidence outputs are judged over the trace (sound and complete). */
  readonly evidence: boolean;
  /** The fired rules, when the driver reports them, must be those of the legal reaction it took. */
  readonly fired: boolean;
}

/** A driver that says nothing: everything it reports is judged (today's protocol). */
export const FULL: Level = Object.freeze({ level: 'full', timeouts: true, evidence: true, fired: true });
/** Messages sent and decisions only. */
export const OBSERVABLE: Level = Object.freeze({ level: 'observable', timeouts: false, evidence: false, fired: false });

const KEYS = ['level', 'timeouts', 'evidence', 'fired'];

/**
 * Reads `hello`'s `judge` field: absent is FULL; otherwise {"level": "full"|"observable",
 * "timeouts"?, "evidence"?, "fired"?: boolean}, each flag defaulting to the level's.
 * Throws an Error naming the field on any other shape.
 */
export function readLevel(x: unknown): Level {
  if (x === undefined) return FULL;
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new Error(`judge: expected an object {"level": "full"|"observable", …}, got ${JSON.stringify(x)}`);
  const o = x as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) throw new Error(`judge: unknown field ${JSON.stringify(k)} (fields: ${KEYS.join(', ')})`);
  if (o.level !== 'full' && o.level !== 'observable') throw new Error(`judge.level: expected "full" or "observable", got ${JSON.stringify(o.level)}`);
  const base = o.level === 'full' ? FULL : OBSERVABLE;
  const flag = (k: 'timeouts' | 'evidence' | 'fired'): boolean => {
    if (o[k] === undefined) return base[k];
    if (typeof o[k] !== 'boolean') throw new Error(`judge.${k}: expected true or false, got ${JSON.stringify(o[k])}`);
    return o[k] as boolean;
  };
  return Object.freeze({ level: o.level, timeouts: flag('timeouts'), evidence: flag('evidence'), fired: flag('fired') });
}

export function describeLevel(l: Level): string {
  const extra = (['timeouts', 'evidence', 'fired'] as const).filter((k) => l[k]);
  return `${l.level}${extra.length > 0 ? ` + ${extra.join(', ')}` : ''}`;
}
