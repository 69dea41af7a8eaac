// One validator as its own OS process: the same Node (core, WAL, timers, height sync)
// as the in-memory Cluster, on the real clock and the TCP transport. `hybrid-bft node`
// (src/cli/node.ts) drives it; `hybrid-bft testnet` starts several.
//
// Values come from the same stand-in mempool as `run` (cluster.ts): `blk-<h>-<id>-r<r>`.
// A process started on a non-empty WAL is a restart: its mempool adds `-i<pid>`, so a
// node that forgot what it proposed before the crash would propose something else
// (what it did propose is replayed from the WAL's logged getValue answers).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeConfig } from '../core/config.ts';
import type { ConsensusCrypto } from '../core/crypto.ts';
import type { ValidatorId } from '../core/types.ts';
import { RealClock } from './clock.ts';
import { isMempoolValue, mempoolValue } from './cluster.ts';
import { stringifyWithBytes } from './codec.ts';
import { Node } from './node.ts';
import type { NodeNotice } from './node.ts';
import { TcpTransport } from './tcp-transport.ts';
import type { PeerAddress } from './tcp-transport.ts';
import { Wal } from './wal.ts';

export interface ProcessNodeOptions {
  self: ValidatorId;
  /** Every validator's address in validator order, `self` included. */
  peers: ReadonlyMap<ValidatorId, PeerAddress>;
  /** Folder of the WAL (`<walDir>/<self>.wal`), created if missing. */
  walDir: string;
  /** Stored in the WAL and checked on restart, e.g. "crypto=bls". */
  walTag: string;
  crypto?: (validators: readonly ValidatorId[], self: ValidatorId) => ConsensusCrypto;
  lastHeight: number;
  /** Every consensus message received is appended to this file as a JSON line {from, msg} (for tests). */
  receivedLog?: string;
  onNotice(n: NodeNotice): void;
  onLog?(line: string): void;
}

export interface ProcessNode { node: Node; transport: TcpTransport; restarted: boolean; stop(): Promise<void> }

/** Opens the WAL, listens, starts the node (replaying the WAL if any). Rejects with one sentence. */
export async function startProcessNode(o: ProcessNodeOptions): Promise<ProcessNode> {
  const validators = [...o.peers.keys()];
  fs.mkdirSync(o.walDir, { recursive: true });
  const wal = Wal.open(path.join(o.walDir, `${o.self}.wal`), 'fsync');
  const restarted = wal.records.length > 0;
  const transport = new TcpTransport({ self: o.self, peers: o.peers, ...(o.onLog === undefined ? {} : { onLog: o.onLog }) });
  try {
    await transport.start();
  } catch (e) {
    wal.wal.close();
    throw e;
  }
  const input: Parameters<typeof makeConfig>[0] = { validators, self: o.self, isValid: isMempoolValue };
  if (o.crypto !== undefined) input.crypto = o.crypto(validators, o.self);
  const config = makeConfig(input);
  const incarnation = restarted ? process.pid : 0;
  let logFd: number | undefined;
  if (o.receivedLog !== undefined) {
    logFd = fs.openSync(o.receivedLog, 'a');
    const fd = logFd;
    const inner = transport.onReceive.bind(transport);
    // Wrap the handler the node installs so every consensus message is logged first.
    transport.onReceive = (h) => inner((from, m) => {
      if (m.kind === 'consensus') fs.writeSync(fd, `${stringifyWithBytes({ from, msg: m.msg })}\n`);
      h(from, m);
    });
  }
  let node: Node;
  try {
    node = Node.start({
      config, transport, clock: new RealClock(), walTag: o.walTag, wal, lastHeight: o.lastHeight,
      proposeValue: (h, r) => mempoolValue(h, r, o.self, incarnation),
      onNotice: o.onNotice,
    });
  } catch (e) {
    wal.wal.close();
    await transport.close();
    throw e;
  }
  let stopped = false;
  return {
    node, transport, restarted,
    async stop() {
      if (stopped) return;
      stopped = true;
      node.stop(false);
      await transport.close();
      if (logFd !== undefined) fs.closeSync(logFd);
    },
  };
}
