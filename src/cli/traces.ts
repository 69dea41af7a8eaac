// `hybrid-bft traces`: generate traces with TLC from an entry of spec/models.json and
// write them as ITF JSON (one file per trace).
import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { ensureTlc, requireJava } from '../../scripts/tlc-jar.mjs';
import { intValue, joinNegativeValues, UsageError } from '../check/args.ts';
import { fsMessage } from '../proc/fs-errors.ts';
import { coverTraces, simulateTraces, witnessTrace, type Generated } from '../tlc/generate.ts';
import { DEFAULT_MODELS, findModel, loadModels, type ModelEntry, type ModelsFile } from '../tlc/models.ts';
import { progressView } from '../tlc/progress.ts';

const USAGE = `usage: hybrid-bft traces --simulate <name> --out DIR [--num N] [--seed S] [--depth D]
       hybrid-bft traces --witness <name> --out DIR [--workers N]
       hybrid-bft traces --cover <name> --out DIR [--workers N]

Generates traces with TLC from an entry of spec/models.json and writes them as ITF JSON
(Apalache ADR-015), one file per trace; each file's "#meta" records the model, the
command, the seed and the TLC version.

  --simulate <name>  random behaviours (TLC -simulate, one worker so the seed decides) of an
                     entry expected to hold:
                     <name>-sim-<seed>-<i>.itf.json; prints the seed (random if not given)
  --witness <name>   the counterexample of the entry's expected violation:
                     <name>-witness.itf.json
  --cover <name>     dump the state graph, compute paths from the initial states that
                     take every transition at least once: <name>-cover-<i>.itf.json
  --out DIR          output directory (created if missing)
  --num N            --simulate: number of behaviours (default: the entry's, else 10)
  --seed S           --simulate: TLC seed (default: random, printed)
  --depth D          --simulate: behaviour length (default: the entry's, else 100)
  --workers N        --witness/--cover: TLC workers
  --models FILE      another models.json (default spec/models.json)
  -h, --help         this text

Exit code: 0 when every trace asked for was written, 1 when TLC's outcome is not the
entry's expected one or fewer traces came out (a simulation stops at the first
violation), 2 on bad usage, an unknown model, an unwritable --out, or no java/TLC.`;

function intOpt(v: string | undefined, flag: string, min: number): number | undefined {
  return v === undefined ? undefined : intValue(flag, v, min);
}

export async function run(args: string[]): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args: joinNegativeValues(args, ['--workers', '--num', '--depth', '--seed']), options: {
        simulate: { type: 'string' }, witness: { type: 'string' }, cover: { type: 'string' }, out: { type: 'string' },
        num: { type: 'string' }, seed: { type: 'string' }, depth: { type: 'string' }, workers: { type: 'string' },
        models: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`hybrid-bft traces: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  const o = v.values;
  if (o.help === true) { console.log(USAGE); return 0; }
  const modes = (['simulate', 'witness', 'cover'] as const).filter((k) => o[k] !== undefined);
  if (modes.length !== 1 || o.out === undefined) {
    console.error(`hybrid-bft traces: expected exactly one of --simulate/--witness/--cover with a model name, and --out DIR\n\n${USAGE}`);
    return 2;
  }
  const mode = modes[0]!;
  const name = o[mode]!;
  let file: ModelsFile;
  let entry: ModelEntry;
  let outDir: string;
  let workers: number | undefined;
  let num: number | undefined;
  let depth: number | undefined;
  let seed: number | undefined;
  try {
    file = loadModels(o.models ?? DEFAULT_MODELS);
    entry = findModel(file, name);
    workers = intOpt(o.workers, '--workers', 1);
    num = intOpt(o.num, '--num', 1);
    depth = intOpt(o.depth, '--depth', 1);
    seed = intOpt(o.seed, '--seed', 0);
    if (mode !== 'simulate' && (num ?? depth ?? seed) !== undefined) throw new UsageError('--num, --depth and --seed apply to --simulate only');
    if (mode === 'simulate' && workers !== undefined) throw new UsageError('--workers applies to --witness and --cover (a simulation uses one worker, so that the seed decides)');
    // A simulation stops at the first violation, so an entry that must find one would
    // be judged on how lucky the draw was; its trace is the witness.
    if (mode === 'simulate' && entry.expected !== 'holds') throw new UsageError(`--simulate needs an entry expected to hold, and ${name} expects ${entry.expected} violated; use --witness ${name} for its counterexample`);
    outDir = resolve(o.out);
    mkdirSync(outDir, { recursive: true });
    accessSync(outDir, constants.W_OK);
    requireJava();
    ensureTlc();
  } catch (e) {
    console.error(`hybrid-bft traces: ${fsMessage(e, o.out)}\n\nRun 'hybrid-bft traces --help' for the options.`);
    return 2;
  }
  const view = progressView(`traces ${name}`);
  let g: Generated;
  let extra = '';
  try {
    switch (mode) {
      case 'simulate': {
        const n = num ?? entry.simulate?.num ?? 10;
        const s = seed ?? randomInt(1, 2 ** 47);
        console.log(`traces --simulate ${name}: seed ${s}`);
        const command = `hybrid-bft traces --simulate ${name} --num ${n} --seed ${s}${depth === undefined ? '' : ` --depth ${depth}`}`;
        g = await simulateTraces(file, entry, { outDir, command, num: n, seed: s, onProgress: view.onProgress, ...(depth === undefined ? {} : { depth }) });
        break;
      }
      case 'witness':
        g = await witnessTrace(file, entry, { outDir, command: `hybrid-bft traces --witness ${name}`, onProgress: view.onProgress, ...(workers === undefined ? {} : { workers }) });
        break;
      case 'cover': {
        const c = await coverTraces(file, entry, { outDir, command: `hybrid-bft traces --cover ${name}`, onProgress: view.onProgress, ...(workers === undefined ? {} : { workers }) });
        extra = ` covering ${c.edges} transitions between ${c.states} states`;
        g = c;
        break;
      }
      default: {
        const never: never = mode;
        throw new Error(`unreachable mode ${String(never)}`);
      }
    }
  } catch (e) {
    // witnessTrace / coverTraces refuse entries of the wrong kind before running TLC.
    console.error(`hybrid-bft traces: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  } finally {
    view.stop();
  }
  console.log(`traces --${mode} ${name}: wrote ${g.files.length} trace${g.files.length === 1 ? '' : 's'}${extra} to ${outDir}`);
  if (g.problem !== undefined) console.error(`traces --${mode} ${name}: ${g.problem}`);
  return g.problem === undefined || (mode === 'cover' && g.files.length > 0 && g.result.ok) ? 0 : 1;
}
