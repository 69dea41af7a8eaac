// From a trace to the file: the diagram and page of one input, written atomically
// (a temporary file renamed into place, so a reader never sees half a page).
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { leavesFromTrace } from './leaves.ts';
import { buildDiagram } from './diagram.ts';
import { renderHtml } from './html.ts';
import { endingFacts, isWitnessName, type ShowSource } from './input.ts';
import { traceTable } from '../tlc/table.ts';
import type { Trace } from '../tlc/trace.ts';

/** The page for a recognized input; `source` says where it came from. */
export function sourceHtml(src: ShowSource, source: string, property = src.property, witness = src.witness): string {
  const d = buildDiagram(src.steps, property === undefined ? undefined : { property, witness });
  const model = src.facts.find(([k]) => k === 'model')?.[1];
  const verdict = property === undefined ? 'trace' : witness ? `witness ${property}` : property === 'deadlock' ? 'deadlock' : `${property} violated`;
  return renderHtml(d, { title: `${model === undefined ? '' : `${model}: `}${verdict}`, source: `${source} (${src.format})`, facts: src.facts.filter(([k]) => k !== 'model'), table: src.table });
}

/** The page for a TLC run's error trace (the `tlc` and `check` hooks). `outcome` is the violated property, or "deadlock". */
export function runHtml(model: string, outcome: string, trace: Trace, command: string): string {
  const src: ShowSource = { steps: leavesFromTrace(trace), property: outcome, witness: isWitnessName(outcome), format: 'TLC error trace', facts: [['model', model], ...endingFacts(trace)], table: traceTable(trace) };
  return sourceHtml(src, command);
}

/** The folder name `tlc` and `check` write their pages into (docs/show.md). */
export const HTML_DIR = 'hybrid-bft-html';

const fileName = (model: string): string => model.replace(/[^A-Za-z0-9._-]/g, '_');

/** The page of model `model` in `dir`. */
export const runHtmlPath = (dir: string, model: string): string => join(dir, `${fileName(model)}.html`);

/**
 * The page of counterexample `k` (1-based) of a run that reported several (TLC's
 * -continue): `<model>+<k>.html`. No model's own page has a '+' (fileName replaces it).
 */
export const runHtmlPathOf = (dir: string, model: string, k: number): string => join(dir, `${fileName(model)}+${k}.html`);

/** Removes the pages of counterexamples of a previous run of `model` (`<model>+<k>.html`). */
function removeNumberedPages(dir: string, model: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no folder, no pages
  }
  const prefix = `${fileName(model)}+`;
  for (const n of names) if (n.startsWith(prefix) && /^\d+\.html$/.test(n.slice(prefix.length))) rmSync(join(dir, n), { force: true });
}

/**
 * For the `tlc` and `check` hooks, a run with any number of counterexamples: with one
 * or none, writeRunHtml (`<model>.html`, also for an error with a trace); with several
 * (-continue), one page per counterexample, `<model>+1.html` ... `<model>+N.html`, each
 * drawn from that counterexample's trace alone. Pages of a previous run are removed
 * first. Returns the lines to print (one per page written or failed).
 */
export function writeRunPages(dir: string, model: string, outcome: string, trace: Trace | undefined,
  counterexamples: readonly { outcome: string; trace: Trace | undefined }[], command: string): string[] {
  try {
    removeNumberedPages(dir, model);
  } catch (e) {
    return [`${model}: could not remove the old diagrams in ${dir}: ${e instanceof Error ? e.message : String(e)}`];
  }
  if (counterexamples.length <= 1) {
    const line = runHtmlLine(model, writeRunHtml(dir, model, outcome, trace, command));
    return line === undefined ? [] : [line];
  }
  rmSync(runHtmlPath(dir, model), { force: true });
  const n = counterexamples.length;
  return counterexamples.flatMap((c, i) => {
    if (c.trace === undefined || c.trace.steps.length === 0) return [];
    const path = runHtmlPathOf(dir, model, i + 1);
    try {
      writeHtml(path, runHtml(`${model} (counterexample ${i + 1} of ${n})`, c.outcome, c.trace, command));
      return [`${model}: diagram of counterexample ${i + 1} of ${n} in ${path}`];
    } catch (e) {
      return [`${model}: could not write the diagram ${path}: ${e instanceof Error ? e.message : String(e)}`];
    }
  });
}

/**
 * For the `tlc` and `check` hooks: removes the page of a previous run of `model` (so
 * that no stale picture outlives its run), then writes one if the run has an error
 * trace. Never throws: a page that cannot be written is a line to print, not a failed run.
 */
export function writeRunHtml(dir: string, model: string, outcome: string, trace: Trace | undefined, command: string): { written: string } | { failed: string } | undefined {
  const path = runHtmlPath(dir, model);
  try {
    rmSync(path, { force: true });
    if (trace === undefined || trace.steps.length === 0) return undefined;
    writeHtml(path, runHtml(model, outcome, trace, command));
    return { written: path };
  } catch (e) {
    return { failed: `could not write the diagram ${path}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The line `tlc` and `check` print about a page, or undefined. */
export function runHtmlLine(model: string, r: ReturnType<typeof writeRunHtml>): string | undefined {
  if (r === undefined) return undefined;
  return 'written' in r ? `${model}: diagram of the trace in ${r.written}` : `${model}: ${r.failed}`;
}

/** Writes `html` to `path` through a temporary file in the same folder; creates the folder. */
export function writeHtml(path: string, html: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${process.pid}.${Date.now()}.tmp.html`);
  try {
    writeFileSync(tmp, html);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}
