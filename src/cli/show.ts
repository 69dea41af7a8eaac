// `hybrid-bft show`: one trace or counterexample as a self-contained HTML page with a
// message-sequence diagram (src/show/, docs/show.md).
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isWitnessName, readShowSource, ShowInputError } from '../show/input.ts';
import { sourceHtml, writeHtml } from '../show/page.ts';

export const USAGE = `usage: hybrid-bft show <input> [--out FILE] [--property NAME]

Writes one self-contained HTML file (SVG inside; no script, no network) with the
message-sequence diagram of a trace: one lifeline per validator, an arrow per delivered
message, each correct process's step, round, lock, valid value and decisions, the state
table beside it, and the violated property highlighted.

<input> is any of (told apart by content; gzip is detected):
  an ITF trace          traces/witness/*.itf.json.gz, traces/sim/*, hybrid-bft traces --out
  hybrid-bft tlc output  what 'hybrid-bft tlc <name>' prints for a violation, saved to a
                         file (as in spec/counterexamples/*.txt)
  TLC output            TLC's own output with an error trace, plain or -tool

options:
  --out FILE        where to write (default: the input's name with .html, in the
                    current folder)
  --property NAME   the property the trace violates (default: from the input: ITF
                    "#meta".violated, the tlc summary line, TLC's error message)
  -h, --help        this text

Exit code: 0 written, 2 bad usage, an unreadable or unrecognized input, or an
output that cannot be written.`;

/** "traces/witness/w-lock-witness.itf.json.gz" → "w-lock-witness.html". */
export function defaultOut(input: string): string {
  return `${basename(input).replace(/\.gz$/, '').replace(/\.(itf\.json|json|txt|out|log)$/, '') || 'trace'}.html`;
}

export async function run(args: string[]): Promise<number> {
  let v;
  try {
    v = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' }, property: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    console.error(`hybrid-bft show: ${e instanceof Error ? e.message : String(e)}\n\nRun 'hybrid-bft show --help' for the options.`);
    return 2;
  }
  if (v.values.help === true) { console.log(USAGE); return 0; }
  if (v.positionals.length !== 1) {
    console.error(`hybrid-bft show: expected one input file, got ${v.positionals.length}\n\nRun 'hybrid-bft show --help' for the options.`);
    return 2;
  }
  const input = v.positionals[0]!;
  const property = v.values.property;
  if (property !== undefined && property.trim() === '') {
    console.error('hybrid-bft show: --property needs a property name, e.g. --property Agreement');
    return 2;
  }
  const out = resolve(v.values.out ?? defaultOut(input));
  let html: string;
  try {
    const src = readShowSource(input);
    html = property === undefined ? sourceHtml(src, input)
      : sourceHtml(src, input, property, isWitnessName(property) || (src.witness && property === src.property));
  } catch (e) {
    if (e instanceof ShowInputError) { console.error(`hybrid-bft show: ${e.message}`); return 2; }
    throw e;
  }
  try {
    writeHtml(out, html);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    const why = code === 'ENOTDIR' || code === 'EEXIST' ? 'a file is in the way of its folder'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission denied' : code;
    console.error(`hybrid-bft show: cannot write ${out} (${why}): choose a writable place with --out`);
    return 2;
  }
  console.log(`wrote ${out}`);
  return 0;
}
