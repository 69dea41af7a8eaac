// What this process starts and must end: child processes (drivers, TLC's java) and
// temporary directories. Every exit path ends them: a normal return (`endAll` from
// src/cli/main.ts), an uncaught error, and SIGINT/SIGTERM/SIGHUP (the handler kills the
// children, removes the directories, then exits 128 + the signal number).
//
// A driver runs through `sh -c`, so the process that matters is the shell's child: it is
// started as the leader of its own process group (`detached`) and the whole group is
// killed. Java (TLC) is started directly and killed by pid; it stays in our group, so
// killing our group kills it too.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const groups = new Set<ChildProcess>();
const children = new Set<ChildProcess>();
const dirs = new Set<string>();
let installed = false;

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

function killTree(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (groups.has(child)) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch { /* already gone */ }
}

/** Kills every child still running and removes every temporary directory (synchronous). */
export function endAll(): void {
  for (const c of [...groups, ...children]) killTree(c);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', endAll);
  for (const [sig, n] of Object.entries(SIGNALS)) {
    process.on(sig, () => {
      endAll();
      process.exit(128 + n);
    });
  }
}

/**
 * Spawns `command` (through the shell when `shell` is set) and tracks it until it exits.
 * `group: true` makes it the leader of a new process group so that `kill` ends its
 * descendants too (a shell's child, a driver's workers).
 */
export function spawnTracked(command: string, args: readonly string[], opts: SpawnOptions & { group?: boolean }): ChildProcess {
  install();
  const { group = false, ...rest } = opts;
  const child = spawn(command, args, { ...rest, detached: group });
  (group ? groups : children).add(child);
  child.on('exit', () => { groups.delete(child); children.delete(child); });
  child.on('error', () => { groups.delete(child); children.delete(child); });
  return child;
}

/** Ends a tracked child and, for a group leader, its whole group. */
export function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  killTree(child, signal);
}

/** A fresh directory under the system's temporary directory, removed by `removeTemp` or at exit. */
export function makeTemp(prefix: string): string {
  install();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

export function removeTemp(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

/** How many children and directories are still held (for tests). */
export function held(): { children: number; dirs: number } {
  return { children: groups.size + children.size, dirs: dirs.size };
}
