// Fuzz targets shared by the test suite (test/fuzz/fuzz.test.ts, ~10^4 inputs) and
// `npm run fuzz` (test/fuzz/run.ts, 10^6 node inputs). Each target takes a seeded PRNG
// and returns null, or the input and why it is a failure: an exception that escaped, a
// rejection without a reason, a wrong recovered state, an unclear error.
import { makeConfig } from '../../src/core/config.ts';
import type { ConsensusMessage, ValidatorId } from '../../src/core/types.ts';
import { VirtualClock } from '../../src/node/clock.ts';
import { isMempoolValue, mempoolValue } from '../../src/node/cluster.ts';
import { MemoryNetwork } from '../../src/node/memory-transport.ts';
import { Node, type NodeNotice } from '../../src/node/node.ts';
import type { Rng } from '../../src/node/rng.ts';
import type { Transport, WireMessage } from '../../src/node/transport.ts';
import { MAGIC, encodeFrame, scanFrames } from '../../src/node/wal-frame.ts';
import { decodeRecord, encodeRecord, type WalRecord } from '../../src/node/wal-records.ts';
import { itfToTrace } from '../../src/tlc/itf.ts';
import { parseValue, printValue } from '../../src/tlc/value.ts';

export interface Finding { target: string; input: string; why: string }

/** A JavaScript runtime error (a crash), as opposed to a deliberate, worded rejection. */
export function isCrash(e: unknown): boolean {
  if (!(e instanceof Error)) return true;
  return e instanceof RangeError && /call stack/.test(e.message)
    || /Cannot read prop|is not a function|is not iterable|undefined|null \(reading/.test(e.message) && !/expected/.test(e.message);
}

const IDS = ['c1', 'c2', 'c3', 'c4'];

export function randomString(rng: Rng, max = 12): string {
  const pool = ['blk-1-c1-r0', 'blk-2-c2-r0', 'nil', 'none', '', 'c1', 'c5', 'PREVOTE', '\u0000', 'x'.repeat(70), '🙂'];
  if (rng.next() < 0.7) return pool[rng.int(0, pool.length - 1)]!;
  return Array.from({ length: rng.int(0, max) }, () => String.fromCharCode(rng.int(0, 0x7f))).join('');
}

export function randomNumber(rng: Rng): unknown {
  const pool = [0, 1, 2, 3, -1, -2, 1.5, NaN, Infinity, 2 ** 53, 1e9, '1', null, undefined];
  return rng.next() < 0.6 ? rng.int(-2, 6) : pool[rng.int(0, pool.length - 1)];
}

export function randomJson(rng: Rng, depth = 0): unknown {
  switch (rng.int(0, depth > 2 ? 3 : 6)) {
    case 0: return randomString(rng);
    case 1: return randomNumber(rng);
    case 2: return rng.next() < 0.5;
    case 3: return null;
    case 4: return Array.from({ length: rng.int(0, 3) }, () => randomJson(rng, depth + 1));
    default: {
      const keys = ['type', 'src', 'height', 'round', 'value', 'validRound', 'cert', 'signature', 'signers', 'aggregate', 'kind', 'msg'];
      return Object.fromEntries(Array.from({ length: rng.int(0, 6) }, () => [keys[rng.int(0, keys.length - 1)]!, randomJson(rng, depth + 1)]));
    }
  }
}

/** A well-typed message with one or more wrong fields (heights, rounds, senders, sizes, signatures, certificates). */
function wrongMessage(rng: Rng, height: number): unknown {
  const types = ['PROPOSAL', 'PREVOTE', 'PRECOMMIT', 'COMMIT'] as const;
  const m: Record<string, unknown> = {
    type: types[rng.int(0, 3)], src: IDS[rng.int(0, 3)], height: Math.max(1, height + rng.int(-1, 3)), round: rng.int(0, 4),
    value: rng.next() < 0.5 ? mempoolValue(height, 0, IDS[rng.int(0, 3)]!) : 'nil', validRound: -1,
  };
  if (m.type === 'COMMIT') m.cert = { signers: Array.from({ length: rng.int(0, 5) }, () => IDS[rng.int(0, 3)]!) };
  for (let k = rng.int(1, 3); k > 0; k--) {
    switch (rng.int(0, 9)) {
      case 0: m.src = randomString(rng); break;
      case 1: m.height = randomNumber(rng); break;
      case 2: m.round = rng.next() < 0.5 ? randomNumber(rng) : 10 ** rng.int(1, 9); break;
      case 3: m.value = randomString(rng, 200); break;
      case 4: m.validRound = randomNumber(rng); break;
      case 5: m.signature = new Uint8Array(rng.int(0, 100)).map(() => rng.int(0, 255)); break;
      case 6: m.cert = randomJson(rng); break;
      case 7: m.type = randomString(rng); break;
      case 8: delete m[Object.keys(m)[rng.int(0, Object.keys(m).length - 1)]!]; break;
      default: m.cert = { signers: ['c1', 'c1', 'c9'], aggregate: new Uint8Array(rng.int(0, 97)) }; break;
    }
  }
  return m;
}

/**
 * A running 4-node cluster (trusting crypto) whose node c1 is fed fuzz inputs as if
 * they came from c2 over the wire. `feed` returns a finding or null; `stillDecides`
 * checks afterwards that the cluster decides more heights.
 */
export class NodeFuzzer {
  readonly clock = new VirtualClock();
  private readonly net: MemoryNetwork;
  private readonly nodes: Node[] = [];
  private handler: ((from: ValidatorId, m: WireMessage) => void) | undefined;
  private readonly notices: NodeNotice[] = [];
  inputs = 0;
  rejections = 0;

  constructor(seed: number, private readonly lastHeight = 1_000_000) {
    this.net = new MemoryNetwork(this.clock, IDS, { seed, minDelayMs: 1, maxDelayMs: 20 });
    for (const id of IDS) {
      const base = this.net.endpoint(id);
      const transport: Transport = id !== 'c1' ? base : {
        self: id, broadcast: (m) => base.broadcast(m), send: (to, m) => base.send(to, m),
        onReceive: (h) => { this.handler = h; base.onReceive(h); },
      };
      this.nodes.push(Node.start({
        config: makeConfig({ validators: IDS, self: id, isValid: isMempoolValue }), transport, clock: this.clock,
        proposeValue: (h, r) => mempoolValue(h, r, id), lastHeight: this.lastHeight,
        onNotice: (n) => { if (id === 'c1') this.notices.push(n); },
      }));
    }
  }

  get c1(): Node { return this.nodes[0]!; }

  /** One input: arbitrary JSON, arbitrary bytes read as JSON, or a well-typed wrong message. */
  feed(rng: Rng): Finding | null {
    const h = this.c1.projection.height;
    let wire: unknown;
    switch (rng.int(0, 3)) {
      case 0: wire = { kind: 'consensus', msg: randomJson(rng) }; break;
      case 1: {
        const bytes = Buffer.from(Array.from({ length: rng.int(0, 60) }, () => rng.int(0, 255)));
        let msg: unknown = bytes.toString('latin1');
        try { msg = JSON.parse(msg as string); } catch { /* the bytes themselves */ }
        wire = { kind: 'consensus', msg };
        break;
      }
      case 2: wire = { kind: 'syncRequest', fromHeight: randomNumber(rng), toHeight: randomNumber(rng) }; break;
      default: wire = { kind: 'consensus', msg: wrongMessage(rng, h) };
    }
    const before = this.notices.length;
    this.inputs++;
    try {
      this.handler!(IDS[rng.int(1, 3)]!, wire as WireMessage);
    } catch (e) {
      return { target: 'node', input: describeInput(wire), why: `exception escaped: ${e instanceof Error ? e.message : String(e)}` };
    }
    for (const n of this.notices.slice(before)) {
      if (n.kind === 'rejected') {
        this.rejections++;
        if (typeof n.reason !== 'string' || String(n.reason) === '' || typeof n.detail !== 'string' || n.detail === '')
          return { target: 'node', input: describeInput(wire), why: `rejection without a reason: ${JSON.stringify(n)}` };
      }
    }
    // Let the cluster move on now and then, so inputs meet every step of a round.
    if (this.inputs % 50 === 0) this.clock.advance(rng.int(1, 400));
    return null;
  }

  /** The cluster still decides `more` further heights (within 10 virtual minutes). */
  stillDecides(more = 2): Finding | null {
    const target = Math.max(...this.nodes.map((n) => n.projection.height)) + more;
    const ok = this.clock.runUntil(() => this.nodes.every((n) => n.decision(target) !== undefined), this.clock.now() + 600_000);
    return ok ? null : { target: 'node', input: '(after the inputs)', why: `the cluster did not decide height ${target} within 10 virtual minutes` };
  }

  stop(): void { for (const n of this.nodes) n.stop(); }
}

function describeInput(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => (v instanceof Uint8Array ? `bytes(${v.length})` : v === undefined ? '(undefined)' : v));
}

const WAL_RECORDS: WalRecord[] = [
  { kind: 'open', self: 'c1', validators: IDS, tag: '' },
  { kind: 'event', event: { kind: 'StartHeight', height: 1, value: 'blk-1-c1-r0' } },
  { kind: 'vote', msg: { type: 'PROPOSAL', src: 'c1', height: 1, round: 0, value: 'blk-1-c1-r0', validRound: -1 } },
  { kind: 'event', event: { kind: 'Deliver', msg: { type: 'PREVOTE', src: 'c2', height: 1, round: 0, value: 'blk-1-c1-r0', validRound: -1 }, value: 'none' } },
  { kind: 'decision', height: 1, value: 'blk-1-c1-r0', round: 0, cert: { signers: ['c1', 'c2', 'c3'] } },
];

export function walBytes(): Uint8Array {
  return Buffer.concat([MAGIC, ...WAL_RECORDS.map((r) => encodeFrame(encodeRecord(r)))]);
}

/**
 * The WAL reader on a damaged log (truncation, bit flips, garbage): it must return a
 * prefix of the original records (a recovered state), or throw an error naming the offset.
 */
export function fuzzWal(rng: Rng, good: Uint8Array = walBytes()): Finding | null {
  let bytes = good.slice();
  const how = rng.int(0, 2);
  if (how === 0) bytes = bytes.slice(0, rng.int(0, bytes.length));
  else if (how === 1) for (let k = rng.int(1, 3); k > 0; k--) { const i = rng.int(0, bytes.length - 1); bytes[i]! ^= 1 << rng.int(0, 7); }
  else bytes = Uint8Array.from([...bytes.slice(0, rng.int(0, bytes.length)), ...Array.from({ length: rng.int(1, 40) }, () => rng.int(0, 255))]);
  const input = `${['truncated', 'bit-flipped', 'garbage-tailed'][how]} log of ${bytes.length} bytes`;
  try {
    const scan = scanFrames(bytes);
    const recs = scan.records.map((r) => decodeRecord(r.payload, `record at offset ${r.offset}`));
    const prefix = JSON.stringify(WAL_RECORDS.slice(0, recs.length));
    if (JSON.stringify(recs) !== prefix) return { target: 'wal', input, why: `recovered records are not a prefix of the log: ${JSON.stringify(recs)}` };
  } catch (e) {
    if (isCrash(e) || !(e instanceof Error) || !/offset/.test(e.message))
      return { target: 'wal', input, why: `unclear error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
  }
  return null;
}

/** The TLA+ value reader on arbitrary text, and on printed values with one character changed. */
export function fuzzTlaValue(rng: Rng): Finding | null {
  const seeds = ['[a |-> 1, b |-> {"x", "y"}]', '<<1, -2, "s">>', '(1 :> "a" @@ 2 :> "b")', '{[t |-> "PREVOTE", r |-> 0]}', 'TRUE'];
  let text = seeds[rng.int(0, seeds.length - 1)]!;
  if (rng.next() < 0.3) text = randomString(rng, 30);
  else {
    const chars = [...text];
    const i = rng.int(0, chars.length - 1);
    const edit = '[]{}<>()|-:@"\\,. 0a'.charAt(rng.int(0, 18));
    if (rng.next() < 0.5) chars[i] = edit; else chars.splice(i, 1);
    text = chars.join('');
  }
  try {
    const v = parseValue(text, 'fuzz');
    const again = parseValue(printValue(v), 'fuzz (reprinted)');
    if (printValue(again) !== printValue(v)) return { target: 'tla-value', input: text, why: 'print/parse round trip changed the value' };
  } catch (e) {
    if (isCrash(e)) return { target: 'tla-value', input: text, why: `crash: ${e instanceof Error ? e.message : String(e)}` };
  }
  return null;
}

/** The ITF reader on arbitrary JSON. */
export function fuzzItf(rng: Rng): Finding | null {
  const json = rng.next() < 0.5 ? randomJson(rng)
    : { vars: ['x'], states: [{ '#meta': { index: 0 }, x: randomJson(rng) }, ...(rng.next() < 0.5 ? [randomJson(rng)] : [])] };
  try {
    itfToTrace(json);
  } catch (e) {
    if (isCrash(e)) return { target: 'itf', input: JSON.stringify(json), why: `crash: ${e instanceof Error ? e.message : String(e)}` };
  }
  return null;
}

export type { ConsensusMessage };
