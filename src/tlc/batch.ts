// Several models.json entries at once (`tlc --ci`, the tlc stage of `check`): run side by
// side as far as the cores allow, each through the verdict cache, with an ETA from the
// entries' recorded times.
import { availableParallelism } from 'node:os';
import type { ModelEntry } from './models.ts';
import { elapsed } from './progress.ts';
import { runModel, type ModelResult, type RunOptions } from './runner.ts';

/**
 * How many entries to run at once: as many as fit in the cores with each entry's TLC
 * workers (at least 1). On 2 cores with 2-worker entries, one at a time.
 */
export function concurrency(entries: readonly ModelEntry[], workers: number | undefined, cores = availableParallelism()): number {
  const most = Math.max(1, ...entries.map((e) => workers ?? e.workers ?? 1));
  return Math.max(1, Math.floor(cores / most));
}

/** Seconds the entries took when recorded (an entry without figures counts 0), divided over `lanes`. */
export function etaSeconds(entries: readonly ModelEntry[], lanes: number): number {
  return entries.reduce((s, e) => s + (e.recorded?.wallSeconds ?? 0), 0) / Math.max(1, lanes);
}

/** "ETA 5:12 from recorded times" (nothing when no entry has a recorded time). */
export function etaText(entries: readonly ModelEntry[], lanes: number): string {
  const s = etaSeconds(entries, lanes);
  return s > 0 ? `ETA ${elapsed(s)} from recorded times` : '';
}

export interface BatchHooks {
  /** An entry starts; `eta` says how long the entries not yet finished took when recorded. */
  onStart?(entry: ModelEntry, index: number, eta: string): void;
  onDone?(entry: ModelEntry, index: number, r: ModelResult): void;
  /** Options for one entry (progress callbacks differ per entry). */
  options?(entry: ModelEntry): RunOptions;
}

/** Runs every entry (at most `lanes` at once); results in the entries' order. */
export async function runModels(entries: readonly ModelEntry[], lanes: number, hooks: BatchHooks = {}): Promise<ModelResult[]> {
  const results: ModelResult[] = new Array(entries.length);
  const done = new Set<number>();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < entries.length) {
      const i = next++;
      const entry = entries[i]!;
      hooks.onStart?.(entry, i, etaText(entries.filter((_, k) => !done.has(k)), lanes));
      const r = await runModel(entry, hooks.options?.(entry) ?? {});
      results[i] = r;
      done.add(i);
      hooks.onDone?.(entry, i, r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, entries.length) }, lane));
  return results;
}
