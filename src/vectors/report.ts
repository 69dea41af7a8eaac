// The pass/fail table of `hybrid-bft vectors`. Cells abbreviate long hex so the table
// stays readable; each failure is then repeated with the full expected and got values
// (the comparison itself is always on the full strings, see check.ts).
import type { Row } from './check.ts';

const HEX_RUN = /[0-9a-f]{24,}/g;

/** Long hex runs shortened to their first 12 digits and length. */
export function abbreviate(s: string): string {
  return s.replace(HEX_RUN, (h) => `${h.slice(0, 12)}…(${h.length / 2}B)`);
}

function clip(s: string, width: number): string {
  return s.length <= width ? s.padEnd(width) : `${s.slice(0, width - 1)}…`;
}

export interface TableOptions { failuresOnly?: boolean }

export function formatTable(rows: Row[], opts: TableOptions = {}): string {
  const shown = opts.failuresOnly ? rows.filter((r) => !r.pass) : rows;
  const cells = shown.map((r) => [r.pass ? 'pass' : 'FAIL', r.file, r.case, abbreviate(r.expected), abbreviate(r.got)]);
  const header = ['result', 'file', 'case', 'expected', 'got'];
  const caps = [6, 26, 56, 48, 60];
  const widths = header.map((h, i) => Math.min(caps[i] as number, Math.max(h.length, ...cells.map((c) => (c[i] as string).length))));
  const line = (c: string[]) => c.map((x, i) => clip(x, widths[i] as number)).join('  ').trimEnd();
  const out = shown.length === 0 && opts.failuresOnly ? ['(no failing rows)'] : [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
  const failed = rows.filter((r) => !r.pass);
  if (failed.length > 0) {
    out.push('', 'failures in full:');
    for (const r of failed) out.push(`  ${r.file} / ${r.case}`, `    expected: ${r.expected}`, `    got:      ${r.got}`);
  }
  out.push('', summaryLine(rows));
  return out.join('\n');
}

/** `N passed, M failed`: the closing line CI reads. */
export function summaryLine(rows: Row[]): string {
  const failed = rows.filter((r) => !r.pass).length;
  return `${rows.length - failed} passed, ${failed} failed`;
}
