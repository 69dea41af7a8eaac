// `hybrid-bft testnet`: N `hybrid-bft node` processes on loopback, each with its own WAL
// folder in a temporary directory this process owns; prints every decision as it
// happens and, once all nodes agree on a height, the height. When every node has
// decided height H it stops them (SIGTERM, then SIGKILL after 5 s) and removes the
// directory unless --keep. Interrupted (SIGINT/SIGTERM), src/proc/lifetime.ts kills
// the nodes and removes the directory. Exit 0: all decided 1..H and agreed; 1: nodes
// disagreed, a node died, or no progress within --timeout; 2: bad usage or a node
// could not start (e.g. a --base-port range in use).
import { setLongTimeout } from '../proc/long-timer.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { intInRange, UsageError } from '../check/args.ts';
import { backendNameFrom } from '../crypto/backend.ts';
import { freePorts } from '../node/ports.ts';
import { kill, makeTemp, removeTemp, spawnTracked } from '../proc/lifetime.ts';

const USAGE = `usage: hybrid-bft testnet [--nodes N] [--heights H] [--base-port P] [--crypto bls|trusting]
                          [--bls-backend noble|blst] [--timeout S] [--keep] [--json]

Starts N validators c1..cN as separate 'hybrid-bft node' processes over TCP on
127.0.0.1, each with its WAL in its own folder of a temporary directory, prints each
decision as it happens, and stops them all once every node has decided heights 1..H.

  --nodes N        validators, 1..16 (default 4)
  --heights H      heights to decide, 1..10000 (default 5)
  --base-port P    listen on ports P..P+N-1 (default: free ports picked by the kernel)
  --crypto K       bls (default, demo keys) or trusting (abstract signatures; fast)
  --bls-backend B  noble (default) or blst
  --timeout S      give up (exit 1) when height H is not decided by all within S
                   seconds (1..86400, default 600)
  --keep           keep the temporary directory with the WALs (its path is printed)
  --json           one JSON object per line: each node's "decided" line, a "height"
                   line once all agree, and a final "done" line
  --help           this text`;

interface Flags { nodes: number; heights: number; basePort?: number; crypto: string; backend: string; timeout: number; keep: boolean; json: boolean }

function parse(args: string[]): Flags | 'help' {
  let p;
  try {
    p = parseArgs({
      args, allowPositionals: false, strict: true,
      options: {
        nodes: { type: 'string' }, heights: { type: 'string' }, 'base-port': { type: 'string' }, crypto: { type: 'string' },
        'bls-backend': { type: 'string' }, timeout: { type: 'string' }, keep: { type: 'boolean' }, json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const v = p.values;
  if (v.help === true) return 'help';
  const crypto = v.crypto ?? 'bls';
  if (crypto !== 'bls' && crypto !== 'trusting') throw new UsageError(`--crypto: expected bls or trusting, got '${crypto}'`);
  let backend;
  try {
    backend = backendNameFrom(v['bls-backend']);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const nodes = intInRange('nodes', v.nodes, 4, 1, 16);
  const f: Flags = {
    nodes, heights: intInRange('heights', v.heights, 5, 1, 10_000), crypto, backend,
    timeout: intInRange('timeout', v.timeout, 600, 1, 86_400), keep: v.keep === true, json: v.json === true,
  };
  if (v['base-port'] !== undefined) f.basePort = intInRange('base-port', v['base-port'], 0, 1024, 65535 - nodes + 1);
  return f;
}

interface Decided { event: 'decided'; id: string; height: number; value: string; round: number; signers: string[]; ms: number }

export async function run(args: string[]): Promise<number> {
  let f;
  try {
    f = parse(args);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`hybrid-bft testnet: ${e.message}\nRun 'hybrid-bft testnet --help' for the options.`);
      return 2;
    }
    throw e;
  }
  if (f === 'help') { console.log(USAGE); return 0; }
  const flags = f;
  const ids = Array.from({ length: f.nodes }, (_, i) => `c${i + 1}`);
  const ports = f.basePort !== undefined ? ids.map((_, i) => f.basePort! + i) : await freePorts(f.nodes);
  const peers = ids.map((id, i) => `${id}=127.0.0.1:${ports[i]}`).join(',');
  const dir = f.keep ? mkdtempSync(join(tmpdir(), 'hybrid-bft-testnet-')) : makeTemp('hybrid-bft-testnet-');
  const t0 = performance.now();
  const { entry, env } = nodeEntry();
  const children = new Map<string, ChildProcess>();
  const decided = new Map<number, Map<string, string>>();
  /** When each height was decided by all (ms since start). */
  const complete = new Map<number, number>();
  let stopping = false;
  let finish: (code: number) => void = () => {};
  const result = new Promise<number>((r) => { finish = r; });
  const fail = (code: number, why: string): void => {
    if (stopping) return;
    console.error(`hybrid-bft testnet: ${why}`);
    finish(code);
  };

  const onDecided = (d: Decided): void => {
    if (flags.json) console.log(JSON.stringify(d));
    else console.log(`${d.id} height ${d.height}  value ${d.value}  round ${d.round}  signers ${d.signers.join(',')}  (${(d.ms / 1000).toFixed(2)} s)`);
    const at = decided.get(d.height) ?? new Map<string, string>();
    decided.set(d.height, at);
    for (const [other, v] of at) {
      if (v !== d.value) { fail(1, `disagreement at height ${d.height}: ${other} decided ${v}, ${d.id} decided ${d.value}`); return; }
    }
    at.set(d.id, d.value);
    if (at.size === ids.length) {
      complete.set(d.height, performance.now() - t0);
      if (flags.json) console.log(JSON.stringify({ event: 'height', height: d.height, value: d.value, decidedBy: ids }));
      else console.log(`height ${d.height} decided by all ${ids.length}: ${d.value}`);
      if ([...Array(flags.heights).keys()].every((i) => decided.get(i + 1)?.size === ids.length)) finish(0);
    }
  };

  for (const [i, id] of ids.entries()) {
    const child = spawnTracked(process.execPath, [...entry, 'node', '--id', id, '--peers', peers, '--wal', join(dir, id),
      '--heights', String(f.heights), '--crypto', f.crypto, '--bls-backend', f.backend, '--linger', '600000', '--json'],
    { stdio: ['ignore', 'pipe', 'pipe'], env });
    children.set(id, child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let o: { event?: string };
      try { o = JSON.parse(line) as { event?: string }; } catch { return; }
      if (o.event === 'decided') onDecided(o as Decided);
      else if (o.event === 'listening' && !flags.json) console.error(`${id} listening on 127.0.0.1:${ports[i]}`);
      else if (flags.json && o.event !== 'done') console.log(line);
    });
    child.on('exit', (code, signal) => {
      if (stopping) return;
      const last = stderr.trim().split('\n').at(-1) ?? '';
      fail(code === 2 ? 2 : 1, `${id} exited early (${signal ?? `exit ${code}`})${last === '' ? '' : `: ${last}`}`);
    });
  }
  const timer = setLongTimeout(f.timeout * 1000, () => {
    const where = ids.map((id) => `${id}@${[...decided].filter(([, m]) => m.has(id)).length}`).join(' ');
    fail(1, `no progress: not every node decided height ${flags.heights} within ${flags.timeout} s (heights decided: ${where})`);
  }, 'testnet --timeout');
  const code = await result;
  timer.cancel();
  stopping = true;
  await stopAll([...children.values()]);
  const seconds = (performance.now() - t0) / 1000;
  if (code === 0) {
    // Heights per second once running: from height 1 decided by all to height H decided by all
    // (process start-up, seconds under ts-node, is left out); null for H = 1.
    const span = (complete.get(f.heights)! - complete.get(1)!) / 1000;
    const rate = f.heights > 1 && span > 0 ? (f.heights - 1) / span : null;
    const rateText = rate === null ? '' : `; ${rate.toFixed(2)} heights/s after height 1`;
    if (f.json) console.log(JSON.stringify({ event: 'done', nodes: f.nodes, heights: f.heights, seconds: Number(seconds.toFixed(3)), heightsPerSecond: rate === null ? null : Number(rate.toFixed(3)), ...(f.keep ? { dir } : {}) }));
    else console.log(`${f.nodes} processes over TCP decided heights 1..${f.heights} in ${seconds.toFixed(1)} s (start-up included${rateText})`);
  }
  if (f.keep) console.error(`hybrid-bft testnet: WALs kept in ${dir}`);
  else removeTemp(dir);
  return code;
}

/**
 * How to start `hybrid-bft node`: this module's sibling main (src/cli/main.ts under the
 * ts-node loader, as bin/hybrid-bft.mjs runs it, or dist/cli/main.js), not
 * process.argv[1], which is another program when testnet runs inside a test runner.
 */
function nodeEntry(): { entry: string[]; env: NodeJS.ProcessEnv } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    return {
      entry: ['--loader', 'ts-node/esm/transpile-only', '--no-warnings', join(dirname(here), 'main.ts')],
      env: { ...process.env, TS_NODE_PROJECT: join(dirname(here), '..', '..', 'tsconfig.json') },
    };
  }
  return { entry: [join(dirname(here), 'main.js')], env: process.env };
}

/** SIGTERM to each node (it closes its WAL and sockets), SIGKILL to any still running after 5 s. */
async function stopAll(children: ChildProcess[]): Promise<void> {
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  const exited = running.map((c) => new Promise<void>((r) => c.once('exit', () => r())));
  for (const c of running) kill(c, 'SIGTERM');
  const t = setTimeout(() => { for (const c of running) kill(c, 'SIGKILL'); }, 5000);
  await Promise.all(exited);
  clearTimeout(t);
}
