// Shared by the tests that run `hybrid-bft node` processes over TCP: start one (the
// source entry src/cli/main.ts under ts-node, directly, so SIGKILL hits the node itself
// and not a wrapper), a loopback TCP proxy that can cut a link and heal it, and the
// readers of a node's WAL votes and of its --log-received file.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as net from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ConsensusMessage } from '../../src/core/types.ts';
import { decodeMessage, parseWithBytes } from '../../src/node/codec.ts';
import { scanFrames } from '../../src/node/wal-frame.ts';
import { decodeRecord } from '../../src/node/wal-records.ts';
import { alive, pidsMentioning, ROOT, until } from './procs.ts';

export interface NodeEvent { event: string; id: string; height?: number; value?: string; [k: string]: unknown }

export interface NodeProc { id: string; child: ChildProcess; events: NodeEvent[]; stderr: () => string; exited: Promise<number | null> }

/** Starts `hybrid-bft node` (trusting crypto, --json) with the given peers list and WAL folder. */
export function startNode(id: string, peers: string, wal: string, extra: string[] = []): NodeProc {
  const child = spawn(process.execPath, ['--loader', 'ts-node/esm/transpile-only', '--no-warnings', join(ROOT, 'src/cli/main.ts'),
    'node', '--id', id, '--peers', peers, '--wal', wal, '--crypto', 'trusting', '--json', ...extra],
  { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') }, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: NodeEvent[] = [];
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  createInterface({ input: child.stdout! }).on('line', (l) => { try { events.push(JSON.parse(l) as NodeEvent); } catch { /* not ours */ } });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { id, child, events, stderr: () => err, exited };
}

export const decidedHeights = (p: NodeProc): number[] => p.events.filter((e) => e.event === 'decided').map((e) => e.height!);
export const decidedValue = (p: NodeProc, h: number): string | undefined => p.events.find((e) => e.event === 'decided' && e.height === h)?.value;

/** The own messages `file` records as signed (its `vote` records), read without modifying the file. */
export function walVotes(file: string): ConsensusMessage[] {
  const scan = scanFrames(new Uint8Array(readFileSync(file)));
  return scan.records.flatMap((r) => {
    const rec = decodeRecord(r.payload, `${file}@${r.offset}`);
    return rec.kind === 'vote' ? [rec.msg] : [];
  });
}

/** The consensus messages a node's --log-received file holds (a line still being written, without its newline, is left out). */
export function received(file: string): { from: string; msg: ConsensusMessage }[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.pop();
  return lines.map((l) => {
    const o = parseWithBytes(l) as { from: string; msg: unknown };
    return { from: o.from, msg: decodeMessage(o.msg, file) };
  });
}

/** Every (type, height, round) slot for which `msgs` hold two different (value, validRound): equivocations. */
export function conflicts(msgs: readonly ConsensusMessage[]): string[] {
  const slots = new Map<string, string>();
  const out: string[] = [];
  for (const m of msgs) {
    if (m.type === 'COMMIT') continue;
    const k = `${m.src} ${m.type}/${m.height}/${m.round}`;
    const v = `${m.value}/${m.validRound}`;
    const prev = slots.get(k);
    if (prev === undefined) slots.set(k, v);
    else if (prev !== v) out.push(`${k}: ${prev} and ${v}`);
  }
  return out;
}

/**
 * A TCP proxy on loopback: connections to `port` are piped to `target`. `cut()` ends
 * every piped connection and refuses new ones until `heal()`: a network partition as
 * the node sees it (its redialling meets refusals).
 */
export class LoopbackProxy {
  private readonly pipes = new Set<net.Socket>();
  private blocked = false;
  private readonly server: net.Server;
  port = 0;
  constructor(private readonly target: number) {
    this.server = net.createServer((s) => {
      if (this.blocked) { s.destroy(); return; }
      const up = net.connect({ host: '127.0.0.1', port: this.target });
      for (const [a, b] of [[s, up], [up, s]] as const) {
        this.pipes.add(a);
        a.on('error', () => {});
        a.on('close', () => { this.pipes.delete(a); b.destroy(); });
        a.pipe(b);
      }
    });
  }
  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }
  cut(): void { this.blocked = true; for (const s of this.pipes) s.destroy(); }
  heal(): void { this.blocked = false; }
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** Every node decided heights 1..`heights`, the same value at each. */
export function assertAgreement(procs: NodeProc[], heights: number): void {
  for (let h = 1; h <= heights; h++) {
    const vs = procs.map((p) => decidedValue(p, h));
    assert.ok(vs.every((v) => v !== undefined), `height ${h} decided by all: ${JSON.stringify(vs)}`);
    assert.equal(new Set(vs).size, 1, `agreement at height ${h}: ${JSON.stringify(vs)}`);
  }
}

/**
 * Mocha hooks: before each test a fresh folder `T` (every node's --wal is under it, so
 * its path is in every node's command line) and an empty `procs`; after it, every node
 * in `procs` is SIGKILLed and the test waits until no process naming `T` is running.
 */
export function nodeProcFolder(): { T: string; procs: NodeProc[] } {
  const ctx = { T: '', procs: [] as NodeProc[] };
  beforeEach(() => { ctx.T = mkdtempSync(join(tmpdir(), 'hbft-nodes-')); ctx.procs = []; });
  afterEach(async () => {
    for (const p of ctx.procs) p.child.kill('SIGKILL');
    await until('every node process started here to end', () => pidsMentioning(ctx.T).filter(alive).length === 0, 10_000);
    rmSync(ctx.T, { recursive: true, force: true });
  });
  return ctx;
}
