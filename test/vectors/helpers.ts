// Shared by the vector tests: loading the committed files and running the checker.
import { join } from 'node:path';
import { checkFiles, type Row } from '../../src/vectors/check.ts';
import { loadVectorFile, VECTORS_DIR, type LoadedFile, type ThresholdFile } from '../../src/vectors/format.ts';
import type { VectorImpl } from '../../src/vectors/impl.ts';

export const SMALL_FILES = ['threshold-t1-n1.json', 'threshold-t2-n3.json', 'threshold-t3-n4.json', 'threshold-t5-n7.json', 'certificates-n4.json'];

export function load(name: string): LoadedFile {
  return loadVectorFile(join(VECTORS_DIR, name));
}

/**
 * The sample of the 67-of-100 file that `npm test` checks: 3 partials of the table, the
 * group signatures, the combinations over message 1 and every negative case except the
 * collector's (each of those verifies ~70 partials). `hybrid-bft vectors` checks it all.
 */
export function largeSample(): LoadedFile {
  const f = load('threshold-t67-n100.json');
  const d = f.data as ThresholdFile;
  const keep = (c: ThresholdFile['cases'][number]) => c.op !== 'collect' && !(c.op === 'combine' && c.expect.ok && c.message !== 1);
  return { ...f, data: { ...d, partials: d.partials.slice(0, 3), cases: d.cases.filter(keep) } };
}

export async function failing(impl: VectorImpl, files: LoadedFile[]): Promise<Row[]> {
  return (await checkFiles(impl, files)).filter((r) => !r.pass);
}

export function keys(rows: Row[]): string[] {
  return rows.map((r) => `${r.file}: ${r.case}`).sort();
}

/**
 * `f` with only the cases whose op is in `ops`, and without the partial and
 * group-signature tables: the negative-control tests look only at the vectors aimed at
 * the flaw they inject, which keeps `npm test` fast.
 */
export function only(ops: string[], f: LoadedFile): LoadedFile {
  if (f.data.format !== 'hybrid-bft/threshold-vectors/1') return ops.includes('verifyCertificate') ? f : { ...f, data: { ...f.data, cases: [] } };
  return { ...f, data: { ...f.data, partials: [], groupSignatures: [], cases: f.data.cases.filter((c) => ops.includes(c.op)) } };
}
