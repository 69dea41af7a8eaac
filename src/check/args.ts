// Command-line parsing shared by `check` and `replay`: flags with values, integers with
// bounds, and errors that name the flag and what it got.

export class UsageError extends Error {}

export function intValue(flag: string, v: string | undefined, min: number): number {
  // A seed takes any safe integer: "an integer", not "an integer >= -9007199254740991".
  const want = min <= Number.MIN_SAFE_INTEGER ? 'an integer' : `an integer >= ${min}`;
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value (${want})`);
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < min) throw new UsageError(`${flag}: expected ${want}, got ${JSON.stringify(v)}`);
  return Number(v);
}

/** An optional integer flag in min..max: `def` when absent; else a UsageError naming the flag. */
export function intInRange(name: string, raw: string | undefined, def: number, min: number, max: number): number {
  if (raw === undefined) return def;
  const v = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(v) || v < min || v > max) throw new UsageError(`--${name}: expected an integer in ${min}..${max}, got '${raw}'`);
  return v;
}

export function strValue(flag: string, v: string | undefined, what: string): string {
  if (v === undefined || v === '' || v.startsWith('--')) throw new UsageError(`${flag} needs ${what}`);
  return v;
}

/** A pass-through option string ("-Xmx8g -XX:+UseG1GC") split on whitespace; quotes are not interpreted. */
export function splitArgs(v: string): string[] {
  return v.split(/\s+/).filter((x) => x !== '');
}

/**
 * Joins each of `optionFlags` to the value after it (`--jvm-args -Xmx8g` becomes
 * `--jvm-args=-Xmx8g`): their values are other programs' options, which start with a
 * dash and which node's parseArgs would otherwise refuse as ambiguous.
 */
export function joinOptionValues(args: readonly string[], optionFlags: readonly string[]): string[] {
  return joinValues(args, optionFlags, () => true);
}

/**
 * For node:util parseArgs: `--flag -1` becomes `--flag=-1` for the flags that take a
 * value, so that a negative number reaches the flag's own range check instead of
 * parseArgs' "argument is ambiguous".
 */
export function joinNegativeValues(args: readonly string[], valueFlags: readonly string[]): string[] {
  return joinValues(args, valueFlags, (v) => /^-\d/.test(v));
}

/** `flag value` → `flag=value` for each of `flags` whose next argument passes `joins`. */
function joinValues(args: readonly string[], flags: readonly string[], joins: (v: string) => boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const v = args[i + 1];
    if (flags.includes(a) && v !== undefined && joins(v)) { out.push(`${a}=${v}`); i++; } else out.push(a);
  }
  return out;
}
