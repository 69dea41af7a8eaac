// `hybrid-bft node`: one validator as its own process over TCP on loopback, with its
// WAL, on the real clock (src/node/process-node.ts). Prints each decision as it happens;
// exits 0 once height H is decided (after --linger ms of serving lagging peers), 2 on
// bad usage, 128 + n on SIGINT/SIGTERM after closing its WAL and connections.
import { setLongTimeout } from '../proc/long-timer.ts';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fsMessage } from '../proc/fs-errors.ts';
import { demoBlsCrypto } from '../node/demo-keys.ts';
import type { NodeNotice } from '../node/node.ts';
import { startProcessNode } from '../node/process-node.ts';
import type { ProcessNodeOptions } from '../node/process-node.ts';
import { parsePeers } from '../node/tcp-transport.ts';
import { BackendError, backendNameFrom } from '../crypto/backend.ts';
import { backendByName } from '../crypto/select-backend.ts';
import { intInRange, UsageError } from '../check/args.ts';

const USAGE = `usage: hybrid-bft node --id ID --peers ID=HOST:PORT,... --wal DIR [--heights H]
                       [--crypto bls|trusting] [--bls-backend noble|blst] [--linger MS]
                       [--log-received FILE] [--json]

Runs validator ID as this process: it listens on its own address in --peers, dials
the others over TCP (loopback only), keeps its write-ahead log in DIR/ID.wal (a
restart on the same DIR replays it) and decides heights 1..H on the real clock,
printing each decision as it happens.

  --id ID          this validator; must appear in --peers
  --peers LIST     every validator, in validator order: c1=127.0.0.1:9001,c2=...
  --wal DIR        folder of the write-ahead log, created if missing
  --heights H      decide heights 1..H, then exit 0 (1..10000, default 5)
  --crypto K       bls (default; demo keys derived from the ids, never for real use)
                   or trusting (abstract signatures, as in the TLA+ model; fast)
  --bls-backend B  noble (default) or blst, as for 'run'
  --linger MS      after height H, keep answering lagging peers for MS ms
                   (0..600000, default 2000)
  --log-received FILE  append every consensus message received as a JSON line
                   {"from":ID,"msg":...} (for tests)
  --json           one JSON object per line: {"event":"decided",...}, also
                   "listening", "recovered", "evidence", "guardRefused", "done"
  --help           this text`;

export interface NodeFlags {
  id: string; peers: ProcessNodeOptions['peers']; wal: string; heights: number;
  crypto: 'bls' | 'trusting'; backend: ReturnType<typeof backendNameFrom>; linger: number; logReceived?: string; json: boolean;
}

function parse(args: string[]): NodeFlags | 'help' {
  let p;
  try {
    p = parseArgs({
      args, allowPositionals: false, strict: true,
      options: {
        id: { type: 'string' }, peers: { type: 'string' }, wal: { type: 'string' }, heights: { type: 'string' },
        crypto: { type: 'string' }, 'bls-backend': { type: 'string' }, linger: { type: 'string' },
        'log-received': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const v = p.values;
  if (v.help === true) return 'help';
  for (const k of ['id', 'peers', 'wal'] as const) if (v[k] === undefined || v[k] === '') throw new UsageError(`--${k} is required`);
  let peers;
  try {
    peers = parsePeers(v.peers!);
  } catch (e) {
    throw new UsageError(`--peers: ${(e as Error).message}`);
  }
  if (!peers.has(v.id!)) throw new UsageError(`--id: '${v.id}' is not in --peers (${[...peers.keys()].join(',')})`);
  const crypto = v.crypto ?? 'bls';
  if (crypto !== 'bls' && crypto !== 'trusting') throw new UsageError(`--crypto: expected bls or trusting, got '${crypto}'`);
  let backend;
  try {
    backend = backendNameFrom(v['bls-backend']);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  try {
    mkdirSync(v.wal!, { recursive: true });
    accessSync(v.wal!, constants.W_OK);
  } catch (e) {
    throw new UsageError(`--wal: ${fsMessage(e, v.wal!)}`);
  }
  const f: NodeFlags = {
    id: v.id!, peers, wal: v.wal!, heights: intInRange('heights', v.heights, 5, 1, 10_000), crypto, backend,
    linger: intInRange('linger', v.linger, 2000, 0, 600_000), json: v.json === true,
  };
  if (v['log-received'] !== undefined) f.logReceived = v['log-received'];
  return f;
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;

export async function run(args: string[]): Promise<number> {
  let f;
  try {
    f = parse(args);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`hybrid-bft node: ${e.message}\nRun 'hybrid-bft node --help' for the options.`);
      return 2;
    }
    throw e;
  }
  if (f === 'help') { console.log(USAGE); return 0; }
  let crypto: ProcessNodeOptions['crypto'];
  if (f.crypto === 'bls') {
    try {
      crypto = demoBlsCrypto(backendByName(f.backend));
    } catch (e) {
      if (e instanceof BackendError) { console.error(`hybrid-bft node: ${e.message}`); return 2; }
      throw e;
    }
  }
  const flags = f;
  const t0 = performance.now();
  const emit = (o: Record<string, unknown>, text: string, toErr = false): void => {
    if (flags.json) console.log(JSON.stringify({ event: o.event, id: flags.id, ...o, ms: Math.round(performance.now() - t0) }));
    else if (toErr) console.error(`${flags.id}: ${text}`);
    else console.log(`${flags.id} ${text}`);
  };
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((r) => { finish = r; });
  const onNotice = (n: NodeNotice): void => {
    switch (n.kind) {
      case 'decided':
        emit({ event: 'decided', height: n.height, value: n.value, round: n.round, signers: [...n.cert.signers] },
          `height ${n.height}  value ${n.value}  round ${n.round}  signers ${n.cert.signers.join(',')}`);
        if (n.height === flags.heights) setLongTimeout(flags.linger, () => finish(0), 'node --linger');
        return;
      case 'recovered':
        emit({ event: 'recovered', events: n.events, height: n.height, round: n.round, torn: n.torn },
          `recovered from its WAL: ${n.events} events replayed, at height ${n.height} round ${n.round}`, true);
        return;
      case 'evidence':
        emit({ event: 'evidence', detail: n.output.kind }, `evidence of equivocation: ${JSON.stringify(n.output)}`, true);
        return;
      case 'guardRefused':
        emit({ event: 'guardRefused', type: n.msg.type, height: n.msg.height, round: n.msg.round, value: n.msg.value, previous: n.previous.value },
          `the sign guard refused ${n.msg.type} h=${n.msg.height} r=${n.msg.round} ${n.msg.value} (signed ${n.previous.value} before)`, true);
        return;
      default:
        return;
    }
  };
  const handlers = Object.entries(SIGNALS).map(([sig, num]) => {
    const h = (): void => finish(128 + num);
    process.on(sig, h);
    return [sig, h] as const;
  });
  const o: ProcessNodeOptions = {
    self: f.id, peers: f.peers, walDir: f.wal, walTag: `crypto=${f.crypto}`, lastHeight: f.heights, onNotice,
  };
  if (crypto !== undefined) o.crypto = crypto;
  if (f.logReceived !== undefined) o.receivedLog = f.logReceived;
  let pn;
  try {
    pn = await startProcessNode(o);
  } catch (e) {
    for (const [sig, h] of handlers) process.off(sig, h);
    console.error(`hybrid-bft node: ${(e as Error).message}`);
    return 2;
  }
  // Restarted after height H was decided: replay reports no decision, so finish from the state.
  if (pn.node.decision(f.heights) !== undefined) setLongTimeout(f.linger, () => finish(0), 'node --linger');
  const me = f.peers.get(f.id)!;
  emit({ event: 'listening', host: me.host, port: me.port, restarted: pn.restarted },
    `listening on ${me.host}:${me.port}${pn.restarted ? ' (restarted from its WAL)' : ''}`, true);
  const code = await done;
  await pn.stop();
  for (const [sig, h] of handlers) process.off(sig, h);
  emit({ event: 'done', code }, code === 0 ? `decided heights 1..${f.heights}` : `stopped by a signal (exit ${code})`, true);
  return code;
}
