// The TCP transport (src/node/tcp-transport.ts): framing, delivery, reconnection after a
// peer restarts, bounded queues, bad input, and the real node over it in one process
// with one validator that never comes up.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { ConsensusMessage, ValidatorId } from '../../src/core/types.ts';
import { freePorts } from '../../src/node/ports.ts';
import { startProcessNode } from '../../src/node/process-node.ts';
import type { ProcessNode } from '../../src/node/process-node.ts';
import {
  FrameReader, TcpTransport, decodeWire, encodeWire, lengthPrefix, parsePeers,
} from '../../src/node/tcp-transport.ts';
import type { PeerAddress } from '../../src/node/tcp-transport.ts';
import type { WireMessage } from '../../src/node/transport.ts';
import { until } from '../fixtures/processes.ts';
import { tmpDir } from './helpers.ts';

const msg = (height: number, value = `blk-${height}`): ConsensusMessage => ({
  type: 'PREVOTE', src: 'a', height, round: 0, value, validRound: -1, signature: new Uint8Array([1, 2, 255]),
});

async function addresses(ids: string[]): Promise<Map<ValidatorId, PeerAddress>> {
  const ports = await freePorts(ids.length);
  return new Map(ids.map((id, i) => [id, { host: '127.0.0.1', port: ports[i]! }]));
}

/** A transport that records what it receives. */
function recorder(self: string, peers: Map<ValidatorId, PeerAddress>, extra: Partial<ConstructorParameters<typeof TcpTransport>[0]> = {}) {
  const t = new TcpTransport({ self, peers, backoffMinMs: 20, backoffMaxMs: 200, ...extra });
  const got: { from: string; m: WireMessage }[] = [];
  t.onReceive((from, m) => got.push({ from, m }));
  return { t, got };
}

const heights = (got: { m: WireMessage }[]): number[] => got.flatMap(({ m }) => (m.kind === 'consensus' ? [m.msg.height] : []));

describe('node: TCP transport framing', () => {
  it('reassembles frames split at every byte and several in one chunk', () => {
    const frames = [encodeWire({ kind: 'consensus', msg: msg(1) }), encodeWire({ kind: 'syncRequest', fromHeight: 2, toHeight: 3 })];
    const all = Buffer.concat(frames);
    for (let cut = 0; cut <= all.length; cut++) {
      const r = new FrameReader(1 << 20);
      const out = [...r.push(all.subarray(0, cut)), ...r.push(all.subarray(cut))];
      assert.equal(out.length, 2, `cut at ${cut}`);
      assert.deepEqual(decodeWire(out[0]!), { kind: 'consensus', msg: msg(1) });
      assert.deepEqual(decodeWire(out[1]!), { kind: 'syncRequest', fromHeight: 2, toHeight: 3 });
      assert.equal(r.pending, 0);
    }
    const r = new FrameReader(1 << 20);
    assert.equal(r.push(all.subarray(0, all.length - 1)).length, 1, 'an incomplete second frame is held back');
    assert.equal(r.pending, frames[1]!.length - 1);
  });

  it('keeps bytes as bytes and refuses oversize and malformed frames, naming the field', () => {
    const back = decodeWire(encodeWire({ kind: 'consensus', msg: msg(7) }).subarray(4));
    assert.ok(back.kind === 'consensus' && back.msg.signature instanceof Uint8Array && back.msg.signature[2] === 255);
    assert.throws(() => new FrameReader(10).push(lengthPrefix(new Uint8Array(11))), /frame of 11 bytes exceeds the limit of 10/);
    assert.equal(new FrameReader(11).push(lengthPrefix(new Uint8Array(11))).length, 1, 'at the limit it passes');
    const bad = (x: unknown) => Buffer.from(JSON.stringify(x));
    assert.throws(() => decodeWire(bad({ kind: 'gossip' })), /expected 'kind' in hello\|consensus\|syncRequest, got 'gossip'/);
    assert.throws(() => decodeWire(bad({ kind: 'consensus', msg: { ...msg(1), signature: undefined, height: -1 } })), /expected integer 'height' >= 0/);
    assert.throws(() => decodeWire(bad({ kind: 'syncRequest', fromHeight: 'x', toHeight: 1 })), /expected integer 'fromHeight'/);
    assert.throws(() => decodeWire(Buffer.from([0xff, 0xfe])), /./);
  });

  it('accepts loopback addresses only, and names the bad entry of a peer list', () => {
    assert.deepEqual([...parsePeers('c1=127.0.0.1:9001,c2=[::1]:9002,c3=localhost:9003')],
      [['c1', { host: '127.0.0.1', port: 9001 }], ['c2', { host: '::1', port: 9002 }], ['c3', { host: 'localhost', port: 9003 }]]);
    assert.throws(() => parsePeers('c1=10.0.0.1:9001'), /c1: address 10.0.0.1 is not loopback/);
    assert.throws(() => parsePeers('c1=127.0.0.1'), /'c1=127.0.0.1' is not of the form id=host:port/);
    assert.throws(() => parsePeers('c1=127.0.0.1:1,c1=127.0.0.1:2'), /'c1' appears twice/);
    assert.throws(() => parsePeers('c1=127.0.0.1:70000'), /port 70000 is not in 1..65535/);
    assert.throws(() => new TcpTransport({ self: 'x', peers: parsePeers('c1=127.0.0.1:9001') }), /no address for x itself/);
  });
});

describe('node: TCP transport over sockets', function () {
  this.timeout(30_000);
  const open: TcpTransport[] = [];
  afterEach(async () => { await Promise.all(open.splice(0).map((t) => t.close())); });
  const track = <T extends { t: TcpTransport }>(x: T): T => { open.push(x.t); return x; };

  it('delivers broadcasts and sends in order, naming the sender', async () => {
    const peers = await addresses(['a', 'b', 'c']);
    const [a, b, c] = ['a', 'b', 'c'].map((id) => track(recorder(id, peers)));
    await Promise.all([a!.t.start(), b!.t.start(), c!.t.start()]);
    for (let h = 1; h <= 50; h++) a!.t.broadcast({ kind: 'consensus', msg: msg(h) });
    b!.t.send('c', { kind: 'syncRequest', fromHeight: 1, toHeight: 2 });
    await until('b and c to receive', () => b!.got.length === 50 && c!.got.length === 51, 10_000);
    assert.deepEqual(heights(b!.got), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.ok(b!.got.every((g) => g.from === 'a'));
    assert.deepEqual(c!.got.find((g) => g.m.kind === 'syncRequest'), { from: 'b', m: { kind: 'syncRequest', fromHeight: 1, toHeight: 2 } });
    assert.equal(a!.got.length, 0, 'a broadcast does not come back to its sender');
  });

  it('reconnects after a peer restarts, delivering what was queued while it was down; the queue is bounded', async () => {
    const peers = await addresses(['a', 'b']);
    const a = track(recorder('a', peers, { maxQueue: 3 }));
    let b = track(recorder('b', peers));
    await Promise.all([a.t.start(), b.t.start()]);
    a.t.send('b', { kind: 'consensus', msg: msg(1) });
    await until('the first message', () => b.got.length === 1, 10_000);
    await b.t.close();
    await until('a to notice b is gone', () => a.t.connectedPeers().length === 0, 10_000);
    for (let h = 2; h <= 11; h++) a.t.send('b', { kind: 'consensus', msg: msg(h) });
    assert.equal(a.t.stats.dropped, 7, 'a queue of 3: the 7 oldest of 10 are dropped');
    b = track(recorder('b', peers));
    await b.t.start();
    await until('a to redial the restarted b', () => b.got.length === 3, 10_000);
    assert.deepEqual(heights(b.got), [9, 10, 11], 'the newest 3, in order');
    a.t.send('b', { kind: 'consensus', msg: msg(12) });
    await until('a message after the reconnect', () => b.got.length === 4, 10_000);
    assert.ok(a.t.stats.connects >= 2);
  });

  it('a peer that never comes up delays nobody, and close() ends the redialling', async () => {
    const peers = await addresses(['a', 'b', 'ghost']);
    const a = track(recorder('a', peers));
    const b = track(recorder('b', peers));
    await Promise.all([a.t.start(), b.t.start()]);
    const t0 = Date.now();
    a.t.broadcast({ kind: 'consensus', msg: msg(1) });
    await until('b to receive', () => b.got.length === 1, 5_000);
    assert.ok(Date.now() - t0 < 3_000, `took ${Date.now() - t0} ms`);
    assert.deepEqual(a.t.connectedPeers(), ['b']);
    await a.t.close();
    await b.t.close();
  });

  it('closes a connection that sends garbage, a non-peer hello or no hello; a proper one is delivered', async () => {
    const peers = await addresses(['a', 'b']);
    const a = track(recorder('a', peers));
    await a.t.start();
    const port = peers.get('a')!.port;
    const raw = async (bytes: Buffer): Promise<void> => {
      const s = net.connect({ host: '127.0.0.1', port });
      await new Promise<void>((r) => s.on('connect', () => r()));
      s.write(bytes);
      await new Promise<void>((r) => { s.on('close', () => r()); s.on('error', () => {}); setTimeout(() => { s.destroy(); r(); }, 1000); });
    };
    const m: WireMessage = { kind: 'consensus', msg: msg(3) };
    await raw(lengthPrefix(Buffer.from('not json')));
    await raw(Buffer.concat([encodeWire({ kind: 'hello', from: 'mallory' }), encodeWire(m)]));
    await raw(encodeWire(m));
    await raw(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    assert.equal(a.t.stats.badFrames, 4);
    assert.equal(a.got.length, 0);
    await raw(Buffer.concat([encodeWire({ kind: 'hello', from: 'b' }), encodeWire(m)]));
    assert.deepEqual(a.got, [{ from: 'b', m }], 'negative control: a well-formed connection is delivered');
    assert.equal(a.t.stats.badFrames, 4);
  });

  it('names a port in use', async () => {
    const peers = await addresses(['a', 'b']);
    const a = track(recorder('a', peers));
    await a.t.start();
    const again = track(recorder('a', peers));
    await assert.rejects(again.t.start(), /a: cannot listen on 127.0.0.1:\d+: the port is in use/);
  });
});

describe('node: the real node over TCP, one process', function () {
  this.timeout(60_000);
  it('three of four validators decide 3 heights on the real clock; the fourth never comes up', async () => {
    const ids = ['c1', 'c2', 'c3', 'c4'];
    const peers = await addresses(ids);
    const dir = tmpDir('tcp-nodes');
    const decided = new Map<string, string[]>();
    const nodes: ProcessNode[] = [];
    try {
      for (const id of ids.slice(0, 3)) {
        decided.set(id, []);
        nodes.push(await startProcessNode({
          self: id, peers, walDir: dir, walTag: 'crypto=trusting', lastHeight: 3,
          onNotice: (n) => { if (n.kind === 'decided') decided.get(id)!.push(n.value); },
        }));
      }
      await until('3 heights at c1..c3', () => [...decided.values()].every((v) => v.length === 3), 45_000);
      const [first, ...rest] = [...decided.values()];
      for (const v of rest) assert.deepEqual(v, first);
      assert.deepEqual(first, ['blk-1-c1-r0', 'blk-2-c2-r0', 'blk-3-c3-r0']);
      assert.ok(fs.statSync(`${dir}/c1.wal`).size > 100, 'the WAL was written');
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
