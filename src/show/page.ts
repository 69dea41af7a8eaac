// From a trace to the file: the diagram and page of one input, written atomically
// (a temporary file renamed into place, so a reader never sees half a page).
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/** The page of model `model` in `dir`. */
export const runHtmlPath = (dir: string, model: string): string => join(dir, `${model.replace(/[^A-Za-z0-9._-]/g, '_')}.html`);

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
