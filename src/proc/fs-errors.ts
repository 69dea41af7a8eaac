// System errors of the file system (ENOENT, EACCES, EPERM, ...) as one sentence naming
// the path and what to do, instead of Node's raw "EACCES: permission denied, mkdir …".

const WHY: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'is not accessible (permission denied); fix its permissions or choose another path',
  EPERM: 'is not accessible (operation not permitted); fix its permissions or choose another path',
  EROFS: 'is on a read-only file system; choose another path',
  ENOTDIR: 'has a part that is a file, not a folder; choose another path',
  EISDIR: 'is a folder; give a file name',
  ENOSPC: 'cannot be written: the disk is full',
  EEXIST: 'already exists and is not a folder; choose another path',
};

/** One sentence for an error about `path`: a known system error reworded, any other error's message as is. */
export function fsMessage(e: unknown, path: string): string {
  const err = e as NodeJS.ErrnoException;
  const why = err.code === undefined ? undefined : WHY[err.code];
  if (why !== undefined) return `${err.path ?? path} ${why}`;
  return e instanceof Error ? e.message : String(e);
}
