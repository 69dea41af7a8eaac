// Shared by the tests that run the real CLI (bin/hybrid-bft.mjs) in child processes
// and check that nothing it started is left running.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { alive, until } from '../fixtures/processes.ts';

export { alive, until };

export const ROOT = join(import.meta.dirname, '..', '..');

/** Pids of the processes whose command line mentions `text`. */
export function pidsMentioning(text: string): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(text) ? [Number(d)] : [];
    } catch {
      return [];
    }
  });
}

/** Our temporary folders in `tmp` (ts-node keeps its compile cache there too). */
export const ours = (tmp: string): string[] => readdirSync(tmp).filter((d) => d.startsWith('hybrid-bft-'));

export interface Run { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; seconds: number }> }

export function cli(args: string[], env: Record<string, string>, detached = false): Run {
  const t0 = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin/hybrid-bft.mjs'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, detached, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<Awaited<Run['done']>>((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr, seconds: (Date.now() - t0) / 1000 })));
  return { child, done };
}


/** The driver pids a bad-driver.mjs `silent-hello-with-child` wrote to `pids` (itself and its child). */
export const driverPids = (pids: string): number[] => readFileSync(pids, 'utf8').trim().split('\n').map(Number);

/** SIGINT to `run` (the wrapper): it must exit 130, and the driver and its child (`pids`) must be gone within 5 s. */
export async function interruptAndReap(run: Run, pids: string): Promise<void> {
  run.child.kill('SIGINT');
  const r = await run.done;
  assert.equal(r.code, 130, r.stderr);
  const started = driverPids(pids);
  await until('the driver and its child to be gone', () => started.every((p) => !alive(p)), 5000);
}
