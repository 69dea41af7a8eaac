// `hybrid-bft check`: the main job. TLC on the CI models, a fresh batch of simulated
// traces, replay of the corpus and the batch with coverage, the mutants' kill table,
// the vectors, and (with --driver) the oracle; a report and a JUnit file at the end.
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CORPUS } from '../conformance/corpus.ts';
import { DEFAULT_MODELS, findModel, loadModels } from '../tlc/models.ts';
import { checkTlcArgs } from '../tlc/options.ts';
import { DEFAULT_TIMEOUT_MS } from '../vectors/driver.ts';
import { intValue, splitArgs, strValue, UsageError } from '../check/args.ts';
import { createDisplay } from '../check/display.ts';
import { prepareOutputs } from '../check/outputs.ts';
import { STAGES, type CheckOptions, type StageName } from '../check/report.ts';
import { runCheck, type RunCheckInput } from '../check/run.ts';

export const HELP = `usage: hybrid-bft check [options]

Runs every check of the project, in stages, and exits 0 only if all hold:
  tlc      TLC on every "ci": true entry of spec/models.json, each judged against its
           "expected" outcome and its recorded distinct-state count
  traces   a fresh random batch of traces simulated by TLC from the "sim" entry
  replay   the committed corpus (traces/) and the fresh batch against the core, with
           coverage of spec actions and upon-rules
  mutants  the negative control: every mutant of the core must be killed by a trace
  vectors  the BLS vectors of conformance/vectors/ against the TypeScript implementation
  driver   with --driver, the oracle against that implementation

options:
  --driver "<cmd>"   also check an external implementation through the driver protocol
  --timeout MS       the driver's per-request timeout, hello included (default 30000)
  --skip-tlc         skip the stages that need TLC (tlc, traces)
  --skip S[,S...]    skip these stages (a skipped stage is <skipped/> in the JUnit)
  --no-cache         model-check every CI model even when the TLC verdict cache
                     (.cache/tlc-verdicts/) holds its verdict for the same spec, cfg,
                     imported modules, TLC jar and options (a hit is reported "cached")
  --jvm-args "<opts>"  JVM options for TLC, e.g. "-Xmx8g" (part of the cache key)
  --tlc-args "<opts>"  TLC options, e.g. "-fpmem 0.5" or "-coverage 1" (part of the cache key);
                     -continue, the options the runner sets and unknown ones are refused
                     (exit 2; docs/tlc.md)
  --sim N            traces in the fresh batch (default 10)
  --seed S           TLC seed of the fresh batch (default: random, printed)
  --sim-model NAME   the models.json entry to simulate (default "sim")
  --models FILE      another models.json (default spec/models.json)
  --corpus DIR       the committed trace corpus (default traces/)
  --report FILE      the JSON report (default hybrid-bft-report.json; schema in docs/check.md)
  --junit FILE       the JUnit XML (default hybrid-bft-junit.xml)
  -h, --help         this text

Both files are checked writable and any previous one removed before any work, and
each is written whole at the end, so a failed or interrupted run leaves no stale report.

Exit code: 0 when every stage passed or was skipped, 1 when one failed, 2 on bad usage,
a missing --corpus or --models, an unknown or exhaustive --sim-model, or an output file that cannot be
written (all checked before any work starts).`;

function stageList(flag: string, v: string): StageName[] {
  const names = v.split(',').map((x) => x.trim()).filter((x) => x !== '');
  for (const n of names) if (!(STAGES as readonly string[]).includes(n)) throw new UsageError(`${flag}: unknown stage '${n}' (stages: ${STAGES.join(', ')})`);
  return names as StageName[];
}

/** The inputs the stages to run will read: a missing corpus or models.json, or an unknown or exhaustive --sim-model, is a usage error (exit 2) before any work. */
function checkInputs(o: CheckOptions): void {
  const runs = (name: StageName): boolean => !o.skip.includes(name) && !((name === 'tlc' || name === 'traces') && o.skipTlc);
  if ((runs('replay') || runs('driver')) && !existsSync(o.corpus)) throw new Error(`--corpus ${o.corpus} does not exist; give the trace corpus folder (default traces/)`);
  if (runs('tlc') || runs('traces')) {
    const file = loadModels(o.modelsFile);
    const sim = runs('traces') ? findModel(file, o.simModel) : undefined;
    if (sim !== undefined && sim.mode !== 'simulate') {
      const sims = file.models.filter((m) => m.mode === 'simulate').map((m) => m.name);
      throw new Error(`--sim-model ${sim.name} is an ${sim.mode} entry; the fresh batch needs a simulation entry${sims.length === 0 ? '' : ` (${sims.join(', ')})`}`);
    }
  }
}

export interface ParsedCheck { opts: CheckOptions; reportPath: string; junitPath: string }

export function parseCheckArgs(args: readonly string[]): ParsedCheck {
  const opts: CheckOptions = { driver: null, skipTlc: false, sim: 10, seed: randomInt(1, 2 ** 31), simModel: 'sim', modelsFile: DEFAULT_MODELS, corpus: DEFAULT_CORPUS, timeoutMs: DEFAULT_TIMEOUT_MS,
    skip: [], cache: true, jvmArgs: [], tlcArgs: [] };
  let reportPath = 'hybrid-bft-report.json';
  let junitPath = 'hybrid-bft-junit.xml';
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const next = (): string | undefined => args[++i];
    switch (a) {
      case '--driver': opts.driver = strValue(a, next(), 'a command, e.g. --driver "python3 driver.py"'); break;
      case '--timeout': opts.timeoutMs = intValue(a, next(), 1); break;
      case '--skip-tlc': opts.skipTlc = true; break;
      case '--skip': opts.skip = stageList(a, strValue(a, next(), `stage names, e.g. --skip vectors,mutants (of ${STAGES.join(', ')})`)); break;
      case '--no-cache': opts.cache = false; break;
      case '--jvm-args': opts.jvmArgs = splitArgs(strValue(a, next(), 'JVM options, e.g. --jvm-args "-Xmx8g"')); break;
      case '--tlc-args': {
        opts.tlcArgs = splitArgs(strValue(a, next(), 'TLC options, e.g. --tlc-args "-fpmem 0.5"'));
        const checked = checkTlcArgs(opts.tlcArgs, 'check');
        if ('problem' in checked) throw new UsageError(checked.problem);
        break;
      }
      case '--sim': opts.sim = intValue(a, next(), 1); break;
      case '--seed': opts.seed = intValue(a, next(), Number.MIN_SAFE_INTEGER); break;
      case '--sim-model': opts.simModel = strValue(a, next(), 'a models.json entry name'); break;
      case '--models': opts.modelsFile = resolve(strValue(a, next(), 'a path')); break;
      case '--corpus': opts.corpus = resolve(strValue(a, next(), 'a directory')); break;
      case '--report': reportPath = strValue(a, next(), 'a file name'); break;
      case '--junit': junitPath = strValue(a, next(), 'a file name'); break;
      default: throw new UsageError(a.startsWith('-') ? `unknown option '${a}'` : `unexpected argument '${a}'`);
    }
  }
  return { opts, reportPath, junitPath };
}

export async function run(args: string[], deps?: RunCheckInput['deps']): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { console.log(HELP); return 0; }
  let p: ParsedCheck;
  try {
    p = parseCheckArgs(args);
  } catch (e) {
    if (e instanceof UsageError) { console.error(`hybrid-bft check: ${e.message}\n\nRun 'hybrid-bft check --help' for the options.`); return 2; }
    throw e;
  }
  try {
    checkInputs(p.opts);
    prepareOutputs([['--report', p.reportPath], ['--junit', p.junitPath]]);
  } catch (e) {
    console.error(`hybrid-bft check: ${(e as Error).message}`);
    return 2;
  }
  console.error(`hybrid-bft check: seed ${p.opts.seed}${p.opts.skipTlc ? ', TLC skipped' : ''}${p.opts.driver === null ? '' : `, driver ${p.opts.driver}`}`);
  const { exitCode } = await runCheck({ opts: p.opts, reportPath: p.reportPath, junitPath: p.junitPath, display: createDisplay(process.stderr), ...(deps === undefined ? {} : { deps }) });
  console.error(`report: ${p.reportPath}, JUnit: ${p.junitPath}`);
  return exitCode;
}
