// The node's Transport over TCP on the loopback interface (node:net, no dependency).
//
// Connections. Each node listens on its own address and dials every peer; a message
// to peer P goes over our outbound connection to P, and what P sends us arrives on P's
// outbound connection to us (so each pair has two TCP connections, one per direction).
// The first frame on a connection is a hello naming the dialler; frames before it, or
// a hello naming a non-peer, close the connection. Identity is taken on trust, which is
// why only loopback addresses are accepted: this is a testnet, not a deployment (under
// BLS crypto every consensus message is still signed and checked by the core).
//
// Framing. `len u32 BE | payload`, payload the UTF-8 JSON of the WireMessage in the
// node's codec (codec.ts: bytes as {"$hex": …}). A frame over `maxFrameBytes` (default
// 1 MiB) or one that does not decode closes the connection (the peer redials); decoding
// checks the shape with codec.ts's decoders, so the node never sees a malformed message.
//
// Reconnection. A lost or refused outbound connection is redialled after a backoff that
// doubles from `backoffMinMs` (default 50) to `backoffMaxMs` (default 2000), with ±25%
// jitter, reset on a successful connect; `close()` stops it.
//
// Bounded queues. While a peer is not connected, frames for it wait in a queue of at
// most `maxQueue` frames (default 1024); when full the oldest is dropped (counted in
// `stats.dropped`). A connected socket whose unsent bytes exceed `maxBufferedBytes`
// (default 8 MiB: a peer that stopped reading) also drops the frame. Dropping is safe
// for the protocol: the node's gossip re-sends what a stalled height needs.
import { setLongTimeout, type LongTimer } from '../proc/long-timer.ts';
import * as net from 'node:net';
import type { ValidatorId } from '../core/types.ts';
import { decodeMessage, int, obj, oneOf, parseWithBytes, str, stringifyWithBytes } from './codec.ts';
import type { Transport, WireMessage } from './transport.ts';

export interface PeerAddress { host: string; port: number }

export interface TcpTransportOptions {
  self: ValidatorId;
  /** Every validator's address, `self` included (it is where we listen). Loopback only. */
  peers: ReadonlyMap<ValidatorId, PeerAddress>;
  maxFrameBytes?: number;
  maxQueue?: number;
  maxBufferedBytes?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** Connection-level events (connects, losses, bad frames), for logs; default: ignored. */
  onLog?(line: string): void;
}

export interface TcpStats {
  framesSent: number; framesReceived: number; dropped: number; badFrames: number; connects: number;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Throws a one-sentence error unless `a` is a loopback address with a port in 1..65535. */
export function checkLoopback(id: ValidatorId, a: PeerAddress): void {
  if (!LOOPBACK.has(a.host)) throw new Error(`${id}: address ${a.host} is not loopback (127.0.0.1, ::1 or localhost); the TCP transport is for a local testnet only`);
  if (!Number.isSafeInteger(a.port) || a.port < 1 || a.port > 65535) throw new Error(`${id}: port ${a.port} is not in 1..65535`);
}

/** One frame: 4-byte big-endian length, then the payload. */
export function lengthPrefix(payload: Uint8Array): Buffer {
  const b = Buffer.allocUnsafe(4 + payload.length);
  b.writeUInt32BE(payload.length, 0);
  b.set(payload, 4);
  return b;
}

/**
 * Reassembles frames from a byte stream. `push` returns the complete payloads so far;
 * throws (naming the size) on a frame announced above `maxFrameBytes`.
 */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly maxFrameBytes: number) {}
  push(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Buffer[] = [];
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32BE(0);
      if (len > this.maxFrameBytes) throw new Error(`frame of ${len} bytes exceeds the limit of ${this.maxFrameBytes}`);
      if (this.buf.length < 4 + len) break;
      out.push(this.buf.subarray(4, 4 + len));
      this.buf = this.buf.subarray(4 + len);
    }
    return out;
  }
  /** Bytes held of an incomplete frame. */
  get pending(): number { return this.buf.length; }
}

type Frame = { kind: 'hello'; from: ValidatorId } | WireMessage;

export function encodeWire(f: Frame): Buffer {
  return lengthPrefix(Buffer.from(stringifyWithBytes(f), 'utf8'));
}

/** Decodes one payload; throws a sentence naming the field on anything malformed. */
export function decodeWire(payload: Buffer): Frame {
  const o = obj(parseWithBytes(new TextDecoder('utf-8', { fatal: true }).decode(payload)), 'frame');
  const kind = oneOf(o, 'kind', ['hello', 'consensus', 'syncRequest'] as const, 'frame');
  if (kind === 'hello') return { kind, from: str(o, 'from', 'hello') };
  if (kind === 'consensus') return { kind, msg: decodeMessage(o.msg, 'frame.msg') };
  return { kind, fromHeight: int(o, 'fromHeight', 'syncRequest', 0), toHeight: int(o, 'toHeight', 'syncRequest', 0) };
}

class Outbound {
  socket: net.Socket | undefined;
  connected = false;
  queue: Buffer[] = [];
  backoff: number;
  timer: LongTimer | undefined;
  constructor(readonly id: ValidatorId, readonly addr: PeerAddress, min: number) { this.backoff = min; }
}

export class TcpTransport implements Transport {
  readonly self: ValidatorId;
  readonly stats: TcpStats = { framesSent: 0, framesReceived: 0, dropped: 0, badFrames: 0, connects: 0 };
  private handler: (from: ValidatorId, m: WireMessage) => void = () => {};
  private readonly out = new Map<ValidatorId, Outbound>();
  private readonly inbound = new Set<net.Socket>();
  private server: net.Server | undefined;
  private closed = false;
  private readonly maxFrame: number;
  private readonly maxQueue: number;
  private readonly maxBuffered: number;
  private readonly backoffMin: number;
  private readonly backoffMax: number;
  private readonly log: (line: string) => void;

  constructor(private readonly o: TcpTransportOptions) {
    this.self = o.self;
    if (!o.peers.has(o.self)) throw new Error(`TcpTransport: the peer list has no address for ${o.self} itself`);
    for (const [id, a] of o.peers) checkLoopback(id, a);
    this.maxFrame = o.maxFrameBytes ?? 1 << 20;
    this.maxQueue = o.maxQueue ?? 1024;
    this.maxBuffered = o.maxBufferedBytes ?? 8 << 20;
    this.backoffMin = o.backoffMinMs ?? 50;
    this.backoffMax = o.backoffMaxMs ?? 2000;
    this.log = o.onLog ?? (() => {});
    for (const [id, a] of o.peers) if (id !== o.self) this.out.set(id, new Outbound(id, a, this.backoffMin));
  }

  /** Listens on our own address, then starts dialling every peer. Rejects with one sentence (e.g. the port is in use). */
  async start(): Promise<void> {
    const me = this.o.peers.get(this.self)!;
    const server = net.createServer((s) => this.accept(s));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(new Error(`${this.self}: cannot listen on ${me.host}:${me.port}: ${e.code === 'EADDRINUSE' ? 'the port is in use' : e.message}`)));
      server.listen(me.port, me.host, () => resolve());
    });
    server.on('error', (e) => this.log(`server error: ${e.message}`));
    this.server = server;
    for (const ob of this.out.values()) this.dial(ob);
  }

  broadcast(m: WireMessage): void {
    if (this.closed) return;
    const frame = encodeWire(m);
    for (const ob of this.out.values()) this.enqueue(ob, frame);
  }

  send(to: ValidatorId, m: WireMessage): void {
    if (this.closed) return;
    const ob = this.out.get(to);
    if (ob === undefined) { if (to !== this.self) this.log(`send: '${to}' is not a peer`); return; }
    this.enqueue(ob, encodeWire(m));
  }

  onReceive(handler: (from: ValidatorId, m: WireMessage) => void): void { this.handler = handler; }

  /** Peers with an established outbound connection. */
  connectedPeers(): ValidatorId[] { return [...this.out.values()].filter((o) => o.connected).map((o) => o.id); }

  /** Stops dialling, ends every connection and the listener. Queued frames are discarded. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const ob of this.out.values()) {
      ob.timer?.cancel();
      ob.socket?.destroy();
      ob.queue = [];
    }
    for (const s of this.inbound) s.destroy();
    const server = this.server;
    if (server !== undefined) await new Promise<void>((r) => server.close(() => r()));
  }

  private enqueue(ob: Outbound, frame: Buffer): void {
    if (ob.connected && ob.socket !== undefined) {
      if (ob.socket.writableLength > this.maxBuffered) { this.stats.dropped++; return; }
      ob.socket.write(frame);
      this.stats.framesSent++;
      return;
    }
    ob.queue.push(frame);
    if (ob.queue.length > this.maxQueue) { ob.queue.shift(); this.stats.dropped++; }
  }

  private dial(ob: Outbound): void {
    if (this.closed) return;
    ob.timer = undefined;
    const s = net.connect({ host: ob.addr.host, port: ob.addr.port });
    s.setNoDelay(true);
    ob.socket = s;
    s.on('connect', () => {
      ob.connected = true;
      ob.backoff = this.backoffMin;
      this.stats.connects++;
      this.log(`connected to ${ob.id}`);
      s.write(encodeWire({ kind: 'hello', from: this.self }));
      const q = ob.queue;
      ob.queue = [];
      for (const f of q) this.enqueue(ob, f);
    });
    s.on('data', () => {}); // peers never write on our outbound connection
    s.on('error', () => {}); // 'close' follows
    s.on('close', () => {
      if (ob.socket !== s) return;
      if (ob.connected) this.log(`lost ${ob.id}`);
      ob.connected = false;
      ob.socket = undefined;
      if (this.closed) return;
      const jitter = 0.75 + Math.random() * 0.5;
      ob.timer = setLongTimeout(Math.round(ob.backoff * jitter), () => this.dial(ob), 'tcp redial');
      ob.backoff = Math.min(this.backoffMax, ob.backoff * 2);
    });
  }

  private accept(s: net.Socket): void {
    if (this.closed) { s.destroy(); return; }
    this.inbound.add(s);
    s.on('close', () => this.inbound.delete(s));
    s.on('error', () => {});
    const reader = new FrameReader(this.maxFrame);
    let from: ValidatorId | undefined;
    s.on('data', (chunk: Buffer) => {
      let frames: Buffer[];
      try {
        frames = reader.push(chunk);
      } catch (e) {
        return this.bad(s, from, (e as Error).message);
      }
      for (const p of frames) {
        if (s.destroyed) return;
        let f: Frame;
        try {
          f = decodeWire(p);
        } catch (e) {
          return this.bad(s, from, (e as Error).message);
        }
        if (from === undefined) {
          if (f.kind !== 'hello') return this.bad(s, from, `expected a hello first, got '${f.kind}'`);
          if (!this.out.has(f.from)) return this.bad(s, from, `hello from '${f.from}', which is not a peer`);
          from = f.from;
          continue;
        }
        if (f.kind === 'hello') return this.bad(s, from, 'a second hello');
        this.stats.framesReceived++;
        this.handler(from, f);
      }
    });
  }

  private bad(s: net.Socket, from: ValidatorId | undefined, why: string): void {
    this.stats.badFrames++;
    this.log(`closing connection from ${from ?? 'unknown'}: ${why}`);
    s.destroy();
  }
}

/**
 * Parses `c1=127.0.0.1:9001,c2=127.0.0.1:9002,…` into an ordered map. Throws one
 * sentence naming the entry on a malformed one, a duplicate id or a non-loopback host.
 */
export function parsePeers(spec: string): Map<ValidatorId, PeerAddress> {
  const peers = new Map<ValidatorId, PeerAddress>();
  for (const entry of spec.split(',')) {
    const m = /^([A-Za-z0-9_-]+)=(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry.trim());
    if (m === null) throw new Error(`'${entry}' is not of the form id=host:port`);
    const [, id, rawHost, port] = m;
    if (peers.has(id!)) throw new Error(`'${id}' appears twice`);
    const a = { host: rawHost!.replace(/^\[|\]$/g, ''), port: Number(port) };
    checkLoopback(id!, a);
    peers.set(id!, a);
  }
  return peers;
}
