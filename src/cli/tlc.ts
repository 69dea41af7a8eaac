// `hybrid-bft tlc`: model-check entries of spec/models.json and say whether each
// outcome is the expected one (exit 0 exactly when all are).
import { parseArgs } from 'node:util';
import { requireJava } from '../../scripts/tlc-jar.mjs';
import { DEFAULT_MODELS, findModel, loadModels, recordFigures, type ModelEntry, type ModelsFile } from '../tlc/models.ts';
import { progressView } from '../tlc/progress.ts';
import { runModel, type ModelResult } from '../tlc/runner.ts';
import { traceTable } from '../tlc/table.ts';
import { HTML_DIR, runHtmlLine, writeRunHtml } from '../show/page.ts';

const USAGE = `usage: hybrid-bft tlc <name> [options]     check one entry of spec/models.json
       hybrid-bft tlc --ci [options]           check every entry with "ci": true
       hybrid-bft tlc --list                   list the entries

Runs SANY, then TLC (-tool, -XX:+UseParallelGC). Exit 0 exactly when the outcome is
the entry's "expected": "holds", or the invariant/property TLC must report violated.

options:
  --workers N      TLC workers (default: the entry's "workers", else 1)
  --num N          simulation entries: number of behaviours (overrides simulate.num)
  --depth D        simulation entries: behaviour length (overrides simulate.depth)
  --seed S         simulation entries: TLC seed (overrides simulate.seed)
  --json           print the result as JSON (an array with --ci) instead of text
  --record         write the measured figures into the entry's "recorded" (only if ok)
  --models FILE    use another models.json (default spec/models.json)
  --html DIR       where to write the diagram of each violation TLC reports, one
                   <name>.html (default ${HTML_DIR}/; docs/show.md)
  --no-html        write no diagrams
  -h, --help       this text`;

const fmt = (n: number | null): string => (n === null ? '-' : n.toLocaleString('en-US'));

function intOpt(v: string | undefined, flag: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v) || Number(v) < min) throw new Error(`${flag}: expected an integer >= ${min}, got ${JSON.stringify(v)}`);
  return Number(v);
}

export function summaryLine(r: ModelResult): string {
  const figures = `${r.distinct === null ? '' : `${fmt(r.distinct)} distinct states, `}${fmt(r.generated)} generated, depth ${fmt(r.depth)}, ${r.seconds.toFixed(1)} s, ${r.workers} worker${r.workers === 1 ? '' : 's'}`;
  if (r.ok) return `ok   ${r.name}: ${r.expected === 'holds' ? 'holds' : `${r.expected} violated`}, as expected (${figures})`;
  return `FAIL ${r.name}: expected ${r.expected}, got ${r.outcome}: ${r.detail ?? ''}${r.generated === null ? '' : ` (${figures})`}`;
}

export function resultJson(r: ModelResult): Record<string, unknown> {
  return {
    name: r.name, expected: r.expected, outcome: r.outcome, ok: r.ok, distinct: r.distinct, generated: r.generated,
    depth: r.depth, seconds: r.seconds, workers: r.workers, mode: r.mode, seed: r.seed ?? null,
    tlcVersion: r.tlcVersion ?? null, detail: r.detail ?? null,
  };
}

async function checkOne(file: ModelsFile, entry: ModelEntry, opts: { workers?: number; num?: number; depth?: number; seed?: number; json: boolean; record: boolean; showTrace: boolean; html: string | undefined }): Promise<ModelResult> {
  const view = opts.json ? undefined : progressView(`tlc ${entry.name}`);
  if (!opts.json) console.error(`tlc ${entry.name}: ${entry.module} with ${entry.config}, ${entry.mode}, expecting ${entry.expected}`);
  let r: ModelResult;
  try {
    r = await runModel(entry, {
      ...(opts.workers === undefined ? {} : { workers: opts.workers }), ...(opts.num === undefined ? {} : { num: opts.num }),
      ...(opts.depth === undefined ? {} : { depth: opts.depth }), ...(opts.seed === undefined ? {} : { seed: opts.seed }),
      ...(view === undefined ? {} : { onProgress: view.onProgress }),
    });
  } finally {
    view?.stop();
  }
  if (opts.html !== undefined) {
    const line = runHtmlLine(entry.name, writeRunHtml(opts.html, entry.name, r.outcome, r.trace, `hybrid-bft tlc ${entry.name}`));
    if (line !== undefined) console.error(`tlc ${line}`);
  }
  if (!opts.json) {
    console.log(summaryLine(r));
    if (r.trace !== undefined && (opts.showTrace || !r.ok)) console.log(`\n${traceTable(r.trace)}\n`);
  }
  if (opts.record) {
    if (!r.ok) console.error(`tlc ${entry.name}: not recording figures of a run whose outcome is not the expected one`);
    else {
      recordFigures(file, entry.name, { distinctStates: r.distinct ?? 0, statesGenerated: r.generated ?? 0, depth: r.depth ?? 0, wallSeconds: r.seconds, workers: r.workers });
      if (!opts.json) console.error(`tlc ${entry.name}: recorded in ${file.path}`);
    }
  }
  return r;
}

export async function run(args: string[]): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args, allowPositionals: true, options: {
        list: { type: 'boolean' }, ci: { type: 'boolean' }, json: { type: 'boolean' }, record: { type: 'boolean' },
        workers: { type: 'string' }, num: { type: 'string' }, depth: { type: 'string' }, seed: { type: 'string' },
        models: { type: 'string' }, html: { type: 'string' }, 'no-html': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`hybrid-bft tlc: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  const o = v.values;
  if (o.help === true) { console.log(USAGE); return 0; }
  try {
    const file = loadModels(o.models ?? DEFAULT_MODELS);
    if (o.list === true) {
      if (file.models.length === 0) console.log(`no models in ${file.path}`);
      const wName = Math.max(...file.models.map((m) => m.name.length));
      const wExp = Math.max(...file.models.map((m) => m.expected.length));
      for (const m of file.models) {
        const rec = m.recorded === undefined ? 'not recorded' : `${fmt(m.recorded.distinctStates)} distinct, ${m.recorded.wallSeconds} s`;
        console.log(`${m.name.padEnd(wName)}  ${m.mode.padEnd(10)} ${m.ci ? 'ci' : '  '}  expect ${m.expected.padEnd(wExp)}  ${rec.padEnd(28)}${m.purpose ?? ''}`.trimEnd());
      }
      return 0;
    }
    const workers = intOpt(o.workers, '--workers', 1);
    const num = intOpt(o.num, '--num', 1);
    const depth = intOpt(o.depth, '--depth', 1);
    const seed = intOpt(o.seed, '--seed', Number.MIN_SAFE_INTEGER);
    const html = o['no-html'] === true ? undefined : (o.html ?? HTML_DIR);
    const common = { workers, num, depth, seed, json: o.json === true, record: o.record === true, html };
    let entries: ModelEntry[];
    if (o.ci === true) {
      if (v.positionals.length > 0) throw new Error('--ci takes no model name');
      entries = file.models.filter((m) => m.ci);
      if (entries.length === 0 && o.json !== true) console.error(`tlc --ci: no entries with "ci": true in ${file.path}`);
    } else {
      if (v.positionals.length !== 1) throw new Error(`expected one model name, got ${v.positionals.length}${file.models.length === 0 ? '' : ` (known: ${file.models.map((m) => m.name).join(', ')})`}`);
      entries = [findModel(file, v.positionals[0]!)];
    }
    if (entries.length > 0) requireJava(); // one sentence, before any other output
    const results: ModelResult[] = [];
    for (const e of entries) results.push(await checkOne(file, e, { ...common, showTrace: o.ci !== true }));
    if (o.json === true) console.log(JSON.stringify(o.ci === true ? results.map(resultJson) : resultJson(results[0]!), null, 2));
    else if (o.ci === true) console.log(`tlc --ci: ${results.filter((r) => r.ok).length}/${results.length} ok`);
    return results.every((r) => r.ok) ? 0 : 1;
  } catch (e) {
    console.error(`hybrid-bft tlc: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
