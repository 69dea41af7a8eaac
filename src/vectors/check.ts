// Runs every vector of a file against an implementation and says, per case, what was
// expected and what came back. The implementation is a parameter (VectorImpl), so the
// same loop checks the TypeScript code, a broken variant (negative control) and a driver.
import { DriverBroken } from './driver.ts';
import { fromHex, toHex } from './hex.ts';
import { assertNever } from '../core/types.ts';
import {
  CERTIFICATE_FORMAT, THRESHOLD_FORMAT,
  type CertificateCase, type CertificateFile, type CollectExpect, type CombineExpect,
  type LoadedFile, type ThresholdCase, type ThresholdFile,
} from './format.ts';
import type { CertificateOutcome, CollectOutcome, CombineOutcome, VectorImpl } from './impl.ts';

export interface Row { file: string; case: string; expected: string; got: string; pass: boolean }

export interface CheckOptions {
  /**
   * Check only this many entries of each file's partial-signature table (the first
   * ones); the cases are always all checked. For the 67-of-100 file in quick runs.
   */
  maxPartials?: number;
}

const DST_SIG = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';

/** One row per check of `file`; throws only DriverBroken (the driver cannot be used any more), never for a wrong answer. */
export async function checkFile(impl: VectorImpl, file: LoadedFile, opts: CheckOptions = {}): Promise<Row[]> {
  const d = file.data;
  switch (d.format) {
    case THRESHOLD_FORMAT: return checkThreshold(impl, file.name, d, opts);
    case CERTIFICATE_FORMAT: return checkCertificates(impl, file.name, d);
    default: return assertNever(d);
  }
}

export async function checkFiles(impl: VectorImpl, files: LoadedFile[], opts: CheckOptions = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for (const f of files) rows.push(...(await checkFile(impl, f, opts)));
  return rows;
}

async function row(file: string, name: string, expected: string, run: () => Promise<string>): Promise<Row> {
  let got: string;
  try {
    got = await run();
  } catch (e) {
    // The driver cannot be used (it broke the framing, or died in the vector before this
    // one): stop with one sentence instead of failing every later vector alike.
    if (e instanceof DriverBroken) throw new DriverBroken(`${e.message}; the vector checks stopped at ${file} "${name}"`);
    got = `exception: ${e instanceof Error ? e.message : String(e)}`;
  }
  return { file, case: name, expected, got, pass: got === expected };
}

async function checkThreshold(impl: VectorImpl, file: string, d: ThresholdFile, opts: CheckOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const msg = (k: number) => fromHex((d.messages[k] as { hex: string }).hex, `${file}: message ${k}`);
  const sharePk = (i: number) => fromHex((d.sharePublicKeys[i - 1] as { publicKey: string }).publicKey);
  const table = d.partials.slice(0, opts.maxPartials ?? d.partials.length);
  for (const p of table) {
    rows.push(await row(file, `partial m${p.message} i${p.index} valid`, 'valid', async () =>
      validity(await impl.verifyPartial(sharePk(p.index), msg(p.message), { index: p.index, signature: fromHex(p.signature) }))));
  }
  for (const g of d.groupSignatures) {
    rows.push(await row(file, `group signature m${g.message} valid`, 'valid', async () =>
      validity(await impl.verify(fromHex(d.groupPublicKey), msg(g.message), fromHex(g.signature), DST_SIG))));
  }
  for (const c of d.cases) rows.push(await checkThresholdCase(impl, file, d, c, msg, sharePk));
  return rows;
}

function checkThresholdCase(impl: VectorImpl, file: string, d: ThresholdFile, c: ThresholdCase,
  msg: (k: number) => Uint8Array, sharePk: (i: number) => Uint8Array): Promise<Row> {
  switch (c.op) {
    case 'verify':
      return row(file, c.name, validity(c.expect.valid), async () =>
        validity(await impl.verify(fromHex(c.publicKey), msg(c.message), fromHex(c.signature), c.dst)));
    case 'verifyPartial':
      return row(file, c.name, validity(c.expect.valid), async () =>
        validity(await impl.verifyPartial(sharePk(c.index), msg(c.message), { index: c.index, signature: fromHex(c.signature) })));
    case 'combine':
      return row(file, c.name, showCombineExpect(c.expect), async () =>
        showCombine(await impl.combine(d.t, d.n, msg(c.message), partials(c.partials)), c.expect));
    case 'collect': {
      const shares = d.sharePublicKeys.map((s) => ({ index: s.index, publicKey: fromHex(s.publicKey) }));
      return row(file, c.name, showCollectExpect(c.expect), async () =>
        showCollect(await impl.collect(d.t, d.n, msg(c.message), fromHex(d.groupPublicKey), shares, partials(c.partials))));
    }
    default: return assertNever(c);
  }
}

async function checkCertificates(impl: VectorImpl, file: string, d: CertificateFile): Promise<Row[]> {
  const validators = d.validators.map((v) => ({ id: v.id, publicKey: fromHex(v.publicKey), pop: fromHex(v.pop) }));
  const rows: Row[] = [];
  for (const c of d.cases) {
    rows.push(await row(file, c.name, showCertExpect(c), async () => showCert(await impl.verifyCertificate({
      validators, quorum: d.quorum, chainId: d.chainId, height: c.height, round: c.round, value: c.value,
      message: fromHex(c.message), signers: c.signers, aggregate: fromHex(c.aggregate),
      ...(c.bitmap === undefined ? {} : { bitmap: fromHex(c.bitmap) }),
    }))));
  }
  return rows;
}

function partials(ps: { index: number; signature: string }[]) {
  return ps.map((p) => ({ index: p.index, signature: fromHex(p.signature) }));
}

// The rendering is also the comparison: a case passes iff `got` equals `expected`
// character for character, so what the table shows is exactly what was compared.
// Signatures are shown in full: a prefix could hide a difference.
const validity = (v: boolean) => (v ? 'valid' : 'invalid');

function showCombineExpect(e: CombineExpect): string {
  if (e.ok) return `signature ${e.signature}`;
  return e.index === undefined ? `error ${e.error}` : `error ${e.error} at index ${e.index}`;
}

/** The index is shown only when the vector names one, so an extra detail is not a failure. */
function showCombine(o: CombineOutcome, e: CombineExpect): string {
  if (o.ok) return `signature ${toHex(o.signature)}`;
  if (e.ok || e.index === undefined) return `error ${o.error}`;
  return o.index === undefined ? `error ${o.error} (no index)` : `error ${o.error} at index ${o.index}`;
}

function showCollectExpect(e: CollectExpect): string {
  const rej = `rejected [${e.rejected.join(',')}]`;
  return e.ok ? `${rej} signature ${e.signature}` : `${rej} error ${e.error}`;
}

function showCollect(o: CollectOutcome): string {
  const rej = `rejected [${o.rejected.join(',')}]`;
  return o.ok ? `${rej} signature ${toHex(o.signature)}` : `${rej} error ${o.error}`;
}

function showCertExpect(c: CertificateCase): string {
  return c.expect.valid ? 'valid' : `invalid (${c.expect.reason})`;
}

function showCert(o: CertificateOutcome): string {
  return o.valid ? 'valid' : `invalid (${o.reason})`;
}
