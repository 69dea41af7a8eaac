// The vector files of conformance/vectors/ as TypeScript data, and their loader.
// conformance/schema/vectors.schema.json is the authority on the JSON shape;
// docs/vectors.md explains every field. Hex is lowercase without `0x` (src/vectors/hex.ts).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate, type Schema } from './schema.ts';
import type { CertificateReason, CombineError } from './impl.ts';

export const THRESHOLD_FORMAT = 'hybrid-bft/threshold-vectors/1';
export const CERTIFICATE_FORMAT = 'hybrid-bft/certificate-vectors/1';

export interface Suite { scheme: string; dst: string; popDst: string }
export interface Message { name: string; hex: string }
export interface PartialJson { index: number; signature: string }

export type CombineExpect =
  | { ok: true; signature: string }
  | { ok: false; error: CombineError; index?: number };
export type CollectExpect =
  | { ok: true; signature: string; rejected: number[] }
  | { ok: false; error: CombineError; rejected: number[] };

/** One check; `message` is an index into the file's `messages`. */
export type ThresholdCase =
  | { name: string; op: 'verify'; publicKey: string; message: number; signature: string; dst: string; expect: { valid: boolean } }
  | { name: string; op: 'verifyPartial'; index: number; message: number; signature: string; expect: { valid: boolean } }
  | { name: string; op: 'combine'; message: number; partials: PartialJson[]; expect: CombineExpect }
  | { name: string; op: 'collect'; message: number; partials: PartialJson[]; expect: CollectExpect };

export interface ThresholdFile {
  format: typeof THRESHOLD_FORMAT;
  description: string;
  suite: Suite;
  /** The deal seed is SHA-256 of this string's UTF-8 bytes. */
  seed: string;
  t: number;
  n: number;
  groupPublicKey: string;
  sharePublicKeys: { index: number; publicKey: string }[];
  messages: Message[];
  /** Every share's partial signature over every message; each is also checked as valid. */
  partials: { message: number; index: number; signature: string }[];
  /** The group secret key's direct signature over each message (what every combination must give). */
  groupSignatures: { message: number; signature: string }[];
  cases: ThresholdCase[];
}

export type CertificateExpect = { valid: true } | { valid: false; reason: CertificateReason };

export interface CertificateCase {
  name: string;
  op: 'verifyCertificate';
  height: number;
  round: number;
  value: string;
  /** The sign-bytes of PRECOMMIT(height, round, value). */
  message: string;
  signers: string[];
  /** The signer bitmap of the certificate wire form (src/crypto/certificate.ts): validators[i] is bit 7 - (i mod 8) of byte floor(i/8), most significant first; present on the positive cases. */
  bitmap?: string;
  aggregate: string;
  expect: CertificateExpect;
}

export interface CertificateFile {
  format: typeof CERTIFICATE_FORMAT;
  description: string;
  suite: Suite;
  /** Validator i's secret key is KeyGen(SHA-256(UTF-8 of seed + '/' + id)). */
  seed: string;
  /** The chain id inside the sign-bytes (src/crypto/signbytes.ts). */
  chainId: string;
  validators: { id: string; publicKey: string; pop: string }[];
  quorum: number;
  cases: CertificateCase[];
}

export type VectorFile = ThresholdFile | CertificateFile;

export interface LoadedFile { path: string; name: string; data: VectorFile }

const here = fileURLToPath(new URL('.', import.meta.url));
export const REPO_ROOT = join(here, '..', '..');
export const VECTORS_DIR = join(REPO_ROOT, 'conformance', 'vectors');
export const SCHEMA_PATH = join(REPO_ROOT, 'conformance', 'schema', 'vectors.schema.json');

let schemaCache: Schema | undefined;
export function loadSchema(): Schema {
  schemaCache ??= JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Schema;
  return schemaCache;
}

/**
 * Checks parsed JSON against the schema and the cross-references the schema cannot
 * express (message numbers, share indices, validator ids). Throws one error listing
 * the first few problems, prefixed with `source`.
 */
export function parseVectorFile(json: unknown, source: string): VectorFile {
  const errors = validate(loadSchema(), json).map((e) => `${e.path || '/'}: ${e.message}`);
  if (errors.length === 0) errors.push(...crossReferences(json as VectorFile));
  if (errors.length > 0) {
    const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
    throw new Error(`${source}: not a valid vector file: ${errors.slice(0, 5).join('; ')}${more}`);
  }
  return json as VectorFile;
}

function crossReferences(f: VectorFile): string[] {
  const errs: string[] = [];
  if (f.format === CERTIFICATE_FORMAT) {
    const ids = f.validators.map((v) => v.id);
    if (new Set(ids).size !== ids.length) errs.push('/validators: duplicate id');
    if (f.quorum > ids.length) errs.push(`/quorum: ${f.quorum} exceeds ${ids.length} validators`);
    return errs;
  }
  if (f.t > f.n) errs.push(`/t: ${f.t} exceeds n = ${f.n}`);
  const m = f.messages.length;
  const msgRef = (where: string, k: number) => { if (k >= m) errs.push(`${where}: message ${k} does not exist (${m} messages)`); };
  f.partials.forEach((p, i) => msgRef(`/partials/${i}`, p.message));
  f.groupSignatures.forEach((g, i) => msgRef(`/groupSignatures/${i}`, g.message));
  f.cases.forEach((c, i) => msgRef(`/cases/${i}`, c.message));
  const indices = f.sharePublicKeys.map((s) => s.index);
  if (indices.join() !== Array.from({ length: f.n }, (_, i) => i + 1).join()) {
    errs.push(`/sharePublicKeys: expected indices 1..${f.n} in order`);
  }
  f.cases.forEach((c, i) => {
    if (c.op === 'verifyPartial' && (c.index < 1 || c.index > f.n)) errs.push(`/cases/${i}: no share public key ${c.index}`);
  });
  const names = f.cases.map((c) => c.name);
  if (new Set(names).size !== names.length) errs.push('/cases: duplicate case name');
  return errs;
}

/** Reads and checks one file. */
export function loadVectorFile(path: string): LoadedFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `vector file ${path} does not exist` : `vector file ${path}: ${(e as Error).message}`);
  }
  const name = path.split(/[\\/]/).pop() as string;
  return { path, name, data: parseVectorFile(json, name) };
}

/** The *.json files of `dir`, sorted by name; throws one sentence when `dir` is missing, not a directory, or has none. */
export function listVectorFiles(dir = VECTORS_DIR): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? (e as Error).message})`;
    throw new Error(`vector directory ${dir} ${why}; give the folder that holds the vector files (default conformance/vectors/)`);
  }
  const files = names.filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
  if (files.length === 0) throw new Error(`vector directory ${dir} has no *.json vector files; give the folder that holds them (default conformance/vectors/)`);
  return files;
}
