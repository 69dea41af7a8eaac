// Recognizing SANY's (the TLA+ parser's) errors in its output. SANY exits 0 even on
// semantic errors, so the text is what tells.

const MARKERS = [/\*\*\*Parse Error\*\*\*/, /^Semantic errors:/, /^Fatal errors/, /^\*\*\* Errors:/, /Lexical error/, /^Could not parse module/, /Cannot find source file/];
const NOISE = [/^Parsing file /, /^Semantic processing of module /, /^\*+ SANY2 Version/, /^Starting SANY/, /^SANY finished/,
  /^tla2sany\.semantic\.AbortException$/, /^Residual stack trace follows:/, /starting at line \d+, column \d+\.$/];

/** The error part of SANY's output, condensed to its non-empty lines; undefined if none. */
export function sanyError(lines: string[]): string | undefined {
  const first = lines.findIndex((l) => MARKERS.some((re) => re.test(l)));
  if (first < 0) return undefined;
  const kept = lines.slice(first).map((l) => l.trim()).filter((l) => l !== '' && !NOISE.some((re) => re.test(l)));
  return kept.join('\n');
}
