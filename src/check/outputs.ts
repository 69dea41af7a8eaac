// Output files of `check` (the JSON report, the JUnit XML): all or nothing. Before any
// work, every path is checked writable and any previous file there is removed, so a
// failed or interrupted run never leaves an old, green report for CI to publish; at the
// end each file is written whole (writeAtomic, src/proc/atomic.ts).
import { accessSync, constants, existsSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Why the folder that would hold `path` cannot (missing, or not a folder), in one sentence; undefined when it can. */
function parentProblem(flag: string, path: string): string | undefined {
  const dir = dirname(resolve(path));
  if (!existsSync(dir)) return `${flag} ${path}: the folder ${dir} does not exist; create it or choose another path`;
  if (!statSync(dir).isDirectory()) return `${flag} ${path}: ${dir} is not a folder; choose another path`;
  return undefined;
}

/**
 * Why `path` cannot be a folder the command creates if missing (`tlc --metadir`): its
 * parent must exist (no mkdir -p: a typo there should not build a tree), and `path`
 * must not be a file. One sentence naming it and what to do; undefined when it can.
 */
export function folderProblem(flag: string, path: string): string | undefined {
  const abs = resolve(path);
  if (existsSync(abs)) return statSync(abs).isDirectory() ? undefined : `${flag} ${path} is a file, not a folder; choose another path`;
  return parentProblem(flag, path);
}

/** Why `path` cannot be an output file, in one sentence naming it and what to do; undefined when it can. */
export function outputProblem(flag: string, path: string): string | undefined {
  const abs = resolve(path);
  const dir = dirname(abs);
  const parent = parentProblem(flag, path);
  if (parent !== undefined) return parent;
  if (existsSync(abs) && statSync(abs).isDirectory()) return `${flag} ${path} is a folder; give a file name`;
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return `${flag} ${path}: the folder ${dir} is not writable; fix its permissions or choose another path`;
  }
  return undefined;
}

/**
 * Removes any previous file at every output path it can (so that no stale report is
 * left behind even when the run stops here), then throws one sentence for the first
 * path that cannot be written.
 */
export function prepareOutputs(outputs: readonly (readonly [flag: string, path: string])[]): void {
  const problems: string[] = [];
  for (const [flag, path] of outputs) {
    const abs = resolve(path);
    if (existsSync(abs) && !statSync(abs).isDirectory()) {
      try {
        rmSync(abs, { force: true });
      } catch (e) {
        problems.push(`${flag} ${path}: the previous file cannot be removed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); remove it or choose another path`);
        continue;
      }
    }
    const problem = outputProblem(flag, path);
    if (problem !== undefined) problems.push(problem);
  }
  if (problems.length > 0) throw new Error(problems[0]);
}
