// TLC's numbers, read in one fixed locale. TLC 2.18 formats the counts of its progress
// reports (message 2200) with java's default locale: "3,282 states generated" in en-US,
// "3.282" in de-DE, "3 282" (U+202F) in fr-FR, "3’282" in de-CH (test/fixtures/tlc/out/
// Locale.*.txt). Every java that runs TLC for this project gets LOCALE_JVM_ARGS, and the
// readers below take only en-US's form: digits, or digits grouped by three with commas.
// Anything else is refused with a sentence, never read as a part of itself ("3.282"
// as 282).

/** Pins the JVM's locale (java.util.Locale's default), so TLC prints en-US numbers. */
export const LOCALE_JVM_ARGS: readonly string[] = ['-Duser.language=en', '-Duser.country=US'];

/** A count TLC printed in a form this reader does not take. */
export class TlcNumberError extends Error {}

const PLAIN = /^\d+$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+$/;

/**
 * A count as TLC prints it in en-US: "1234" or "1,234" → 1234; "-1" (TLC's "unknown",
 * e.g. distinct states in simulation) → null. Throws TlcNumberError for any other text:
 * "1.234", "1 234", "1’234", "1,23", "12,34,567", "", "1e3".
 */
export function tlcCount(token: string, what = 'a count'): number | null {
  if (token === '-1') return null;
  if (PLAIN.test(token) || GROUPED.test(token)) {
    const n = Number(token.replace(/,/g, ''));
    if (Number.isSafeInteger(n)) return n;
  }
  throw new TlcNumberError(`TLC printed ${what} as ${JSON.stringify(token)}, which is not an en-US number ("1234" or "1,234"); `
    + `the JVM's locale is pinned with ${LOCALE_JVM_ARGS.join(' ')}, so check --jvm-args and JAVA_TOOL_OPTIONS for another -Duser.language/-Duser.country/-Duser.region`);
}

/**
 * The count right before `label` in `text` ("26 states generated" with label "states
 * generated"), the whole token up to the ASCII space, tab or "(" before it (a locale's
 * group separator, such as U+202F, stays inside the token): undefined when the label is absent.
 * Throws TlcNumberError when the token is not an en-US count.
 */
export function countBefore(text: string, label: string): number | null | undefined {
  const m = new RegExp(`(?:^|[ \\t(])([^ \\t\\n(]+) ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm').exec(text);
  return m === null ? undefined : tlcCount(m[1]!, `the number of ${label}`);
}

/** The count right after `label` ("states generated: 1,234"); as countBefore. */
export function countAfter(text: string, label: string): number | null | undefined {
  const m = new RegExp(`${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ([^ \\t\\n]+?)[.,;]?(?:[ \\t\\n]|$)`, 'm').exec(text);
  return m === null ? undefined : tlcCount(m[1]!, `the number after "${label}"`);
}
