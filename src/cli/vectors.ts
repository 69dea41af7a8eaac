// `hybrid-bft vectors`: checks an implementation against conformance/vectors/ and prints
// a pass/fail table (file, case, expected, got). Exit 0 only if every check passes.
import { join } from 'node:path';
import { checkFiles } from '../vectors/check.ts';
import { intValue, strValue, UsageError } from '../check/args.ts';
import { DEFAULT_TIMEOUT_MS, DriverBroken, startDriver } from '../vectors/driver.ts';
import { listVectorFiles, loadVectorFile, VECTORS_DIR } from '../vectors/format.ts';
import type { VectorImpl } from '../vectors/impl.ts';
import { formatTable } from '../vectors/report.ts';

const HELP = `usage: hybrid-bft vectors [options]

Checks an implementation against every vector file in conformance/vectors/ and
prints one row per check: result, file, case, expected, got. Exit code 0 only if
all pass, 1 if any fails, 2 on bad usage, a missing or empty vector directory, an
unreadable vector file, or a driver that cannot be used (it does not start or answer
hello within --timeout, breaks the protocol's framing, or exits mid-run).

options:
  --driver "<command>"  check the implementation behind a driver process speaking
                        the JSON-lines protocol of docs/vectors.md, e.g.
                        --driver "python3 conformance/drivers/python/driver.py"
                        (default: the TypeScript implementation in src/crypto/)
  --bls-backend <b>     for the TypeScript implementation: noble (pure TypeScript,
                        the reference; default) or blst (native, @chainsafe/blst);
                        default from the environment variable HYBRID_BFT_BLS
  --timeout <ms>        per-request driver timeout, hello included (default ${DEFAULT_TIMEOUT_MS})
  --file <name>         only this vector file (repeatable), e.g. threshold-t2-n3.json
  --small               skip the n = 100 files
  --sample <k>          check only the first k entries of each file's partial table
  --failures            print only the failing rows
  --json                print {implementation, rows, passed, failed} as JSON
  --dir <path>          vector directory (default conformance/vectors)
  --help                this text`;

interface Options { driver?: string; backend?: string; timeoutMs: number; files: string[]; small: boolean; sample?: number; failures: boolean; json: boolean; dir: string }

function parseArgs(args: string[]): Options {
  const o: Options = { timeoutMs: DEFAULT_TIMEOUT_MS, files: [], small: false, failures: false, json: false, dir: VECTORS_DIR };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    switch (a) {
      case '--driver': o.driver = strValue(a, args[++i], 'a command, e.g. --driver "python3 driver.py"'); break;
      case '--bls-backend': o.backend = strValue(a, args[++i], 'noble or blst'); break;
      case '--timeout': o.timeoutMs = intValue(a, args[++i], 1); break;
      case '--file': o.files.push(strValue(a, args[++i], 'a vector file name')); break;
      case '--sample': o.sample = intValue(a, args[++i], 0); break;
      case '--dir': o.dir = strValue(a, args[++i], 'a directory'); break;
      case '--small': o.small = true; break;
      case '--failures': o.failures = true; break;
      case '--json': o.json = true; break;
      default: throw new UsageError(a.startsWith('-') ? `unknown option '${a}'` : `unexpected argument '${a}'`);
    }
  }
  return o;
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { console.log(HELP); return 0; }
  let o: Options;
  let files;
  try {
    o = parseArgs(args);
    let paths = o.files.length > 0 ? o.files.map((f) => join(o.dir, f)) : listVectorFiles(o.dir);
    if (o.small) paths = paths.filter((p) => !/-n100\.json$/.test(p));
    files = paths.map(loadVectorFile);
  } catch (e) {
    const more = e instanceof UsageError ? "\n\nRun 'hybrid-bft vectors --help' for the options." : '';
    console.error(`hybrid-bft vectors: ${(e as Error).message}${more}`);
    return 2;
  }
  let impl: VectorImpl;
  if (o.driver !== undefined) {
    try {
      impl = await startDriver(o.driver, o.timeoutMs);
    } catch (e) {
      console.error(`hybrid-bft vectors: ${(e as Error).message}`);
      return 2;
    }
  } else {
    const { BackendError } = await import('../crypto/backend.ts');
    try {
      const backend = (await import('../crypto/select-backend.ts')).selectBackend(o.backend);
      impl = (await import('../vectors/reference.ts')).referenceImplOn(backend);
    } catch (e) {
      if (e instanceof BackendError) { console.error(`hybrid-bft vectors: ${e.message}`); return 2; }
      throw e;
    }
  }
  try {
    const rows = await checkFiles(impl, files, o.sample === undefined ? {} : { maxPartials: o.sample });
    const failed = rows.filter((r) => !r.pass).length;
    if (o.json) console.log(JSON.stringify({ implementation: impl.name, rows, passed: rows.length - failed, failed }, null, 1));
    else console.log(`implementation: ${impl.name}\n\n${formatTable(rows, { failuresOnly: o.failures })}`);
    return failed === 0 && rows.length > 0 ? 0 : 1;
  } catch (e) {
    if (!(e instanceof DriverBroken)) throw e;
    console.error(`hybrid-bft vectors: ${e.message}`);
    return 2;
  } finally {
    await impl.close?.();
  }
}
