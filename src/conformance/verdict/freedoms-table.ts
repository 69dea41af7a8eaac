// docs/contract.md's table of what the verdict allows, generated from FREEDOMS
// (`npm run docs:freedoms`; test/conformance/freedoms-doc.test.ts fails when they differ).
import { FREEDOMS } from './freedoms.ts';

export const BEGIN = '<!-- freedoms:begin: generated from src/conformance/verdict/freedoms.ts by `npm run docs:freedoms`; edit the list, not this table -->';
export const END = '<!-- freedoms:end -->';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function freedomsTable(): string {
  return [BEGIN,
    '| freedom | where the paper (or the contract) leaves it | the contract\'s choice (the reference core; `--strict`) | what the verdict accepts |',
    '| --- | --- | --- | --- |',
    ...FREEDOMS.map((f) => `| \`${f.name}\` | ${cell(f.lines)} | ${cell(f.contract)} | ${cell(f.verdict)} |`),
    END].join('\n');
}

/** `doc` with the block between the markers replaced; throws when the markers are missing. */
export function withFreedomsTable(doc: string): string {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error('docs/contract.md: the freedoms markers are missing; put them where the table of freedoms goes');
  return doc.slice(0, a) + freedomsTable() + doc.slice(b + END.length);
}
