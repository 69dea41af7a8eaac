// Output files of `check` (the JSON report, the JUnit XML): all or nothing. Before any
// work, every path is checked writable and any previous file there is removed, so a
// failed or interrupted run never leaves an old, green report for CI to publish; at the
// end each file is written whole (writeAtomic, src/proc/atomic.ts).
import { accessSync, constants, existsSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Why `path` cannot be an output file, in one sentence naming it and what to do; undefined when it can. */
export function outputProblem(flag: string, path: string): string | undefined {
  const abs = resolve(path);
  const dir = dirname(abs);
  if (!existsSync(dir)) return `${flag} ${path}: the folder ${dir} does not exist; create it or choose another path`;
  if (!statSync(dir).isDirectory()) return `${flag} ${path}: ${dir} is not a folder; choose another path`;
  if (existsSync(abs) && statSync(abs).isDirectory()) return `${flag} ${path} is a folder; give a file name`;
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return `${flag} ${path}: the folder ${dir} is not writable; fix its permissions or choose another path`;
  }
  return undefined;
}

/**
 * Checks every output (flag, path) and removes a stale file at each; throws one sentence
 * for the first that cannot be written.
 */
export function prepareOutputs(outputs: readonly (readonly [flag: string, path: string])[]): void {
  for (const [flag, path] of outputs) {
    const problem = outputProblem(flag, path);
    if (problem !== undefined) throw new Error(problem);
  }
  for (const [flag, path] of outputs) {
    try {
      rmSync(resolve(path), { force: true });
    } catch (e) {
      throw new Error(`${flag} ${path}: the previous file cannot be removed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); remove it or choose another path`);
    }
  }
}
