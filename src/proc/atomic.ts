// Files written whole or not at all, for outputs that something else reads later (a CI
// system publishing a report, the TLC verdict cache): a reader never sees half a file.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Writes `text` to `path` whole: a temporary file beside it, then a rename (atomic on POSIX). Throws the system error. */
export function writeAtomic(path: string, text: string): void {
  const abs = resolve(path);
  const tmp = `${abs}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, abs);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
