// Client of the driver protocol (docs/vectors.md, "Driver protocol"): JSON lines over a
// child process's stdin/stdout, in order (one request at a time unless pipelined). It is a VectorImpl, so the
// vector checker runs unchanged against any implementation that speaks the protocol.
// Every way a driver can misbehave (crash, hang, malformed JSON, wrong shape, unknown
// error code) becomes an exception whose message says what happened; the checker
// puts that message in the `got` column of the vector that triggered it.
import { kill, spawnTracked } from '../proc/lifetime.ts';
import { setLongTimeout, type LongTimer } from '../proc/long-timer.ts';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fromHex, toHex } from './hex.ts';
import {
  CERTIFICATE_REASONS, COMBINE_ERRORS,
  type CertificateInput, type CertificateOutcome, type CertificateReason, type CollectOutcome,
  type CombineOutcome, type PartialSig, type SharePublicKey, type VectorImpl,
} from './impl.ts';

export const PROTOCOL = 'hybrid-bft-driver/1';
/** Per-request timeout, `hello` included (a slow start, e.g. Python importing py_ecc, fits in it). */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The driver cannot be used at all: it did not start, did not answer `hello`, or broke
 * the framing of the protocol (a line that is not a JSON object answering the pending
 * id with a boolean `ok`). Replay and the vector checks stop at once on it, instead of
 * failing every later trace or vector; the commands report it in one sentence, exit 2.
 */
export class DriverBroken extends Error {}

/** A line-oriented connection to a driver; `onClose` fires once, with a reason, when it ends. */
export interface Transport {
  send(line: string): void;
  onLine(cb: (line: string) => void): void;
  onClose(cb: (reason: string) => void): void;
  close(): void;
}

/**
 * Spawns `command` through the shell, in its own process group (src/proc/lifetime.ts):
 * `close` and every exit of this process kill the whole group, so no driver outlives
 * the command. stderr is kept (last 2 kB) for crash reports.
 */
export function spawnTransport(command: string): Transport {
  const child = spawnTracked(command, [], { shell: true, group: true, stdio: ['pipe', 'pipe', 'pipe'] });
  if (child.stdin === null || child.stdout === null || child.stderr === null) throw new Error('spawnTransport: no pipes');
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString('utf8')).slice(-2048); });
  const base = streamTransport(child.stdout, child.stdin);
  const closers: ((reason: string) => void)[] = [];
  let closed = false;
  const fire = (reason: string) => {
    if (closed) return;
    closed = true;
    const tail = stderr.trim() === '' ? '' : `; stderr: ${stderr.trim().split('\n').slice(-5).join(' | ')}`;
    for (const cb of closers) cb(`${reason}${tail}`);
  };
  child.on('error', (e) => fire(`driver could not be started: ${e.message}`));
  // 'close' (not 'exit') so that stderr and stdout are fully read first.
  child.on('close', (code, signal) => fire(signal !== null ? `driver killed by ${signal}` : `driver exited with code ${code}`));
  child.stdin.on('error', () => { /* EPIPE after a crash: reported by 'close' */ });
  return {
    send: (line) => base.send(line),
    onLine: (cb) => base.onLine(cb),
    onClose: (cb) => { closers.push(cb); },
    close: () => { child.stdin?.end(); kill(child); },
  };
}

/** A transport over two streams (an in-process driver, or a child's pipes). */
export function streamTransport(input: Readable, output: Writable): Transport {
  const rl = createInterface({ input, crlfDelay: Infinity });
  const closers: ((reason: string) => void)[] = [];
  rl.on('close', () => { for (const cb of closers) cb('driver closed its output'); });
  const out = lineWriter(output);
  return {
    send: out.write,
    onLine: (cb) => { rl.on('line', cb); },
    onClose: (cb) => { closers.push(cb); },
    close: () => { out.flush(); output.end(); rl.close(); },
  };
}

/**
 * Writes lines to `output`, coalescing the lines written in one turn of the event loop
 * into one write (pipelined requests or answers: one system call, not one per line).
 * Every line is written before the next I/O callback runs; `flush` writes now.
 */
export function lineWriter(output: Writable): { write: (line: string) => void; flush: () => void } {
  let buffered: string[] = [];
  const flush = (): void => {
    if (buffered.length === 0) return;
    const text = `${buffered.join('\n')}\n`;
    buffered = [];
    if (!output.writableEnded && !output.destroyed) output.write(text);
  };
  return {
    write: (line) => { if (buffered.push(line) === 1) process.nextTick(flush); },
    flush,
  };
}

type Json = { [k: string]: unknown };

const clip = (s: string): string => (s.length > 300 ? `${s.slice(0, 300)}…` : s);

/**
 * Requests over a Transport, with a timeout. By default one at a time; a caller may send
 * further requests before the first is answered (pipelining, for a driver whose `hello`
 * says `"pipeline": true`): they go out in order and must be answered in that order.
 * The timeout runs for the oldest unanswered request, from when it was sent or the
 * previous answer arrived, whichever is later: a driver that hangs fails the request it
 * hangs in, after the same time as without pipelining. A driver that exits or hangs (it
 * is killed) fails every unanswered request with the reason, and every later request
 * with DriverBroken; a line that breaks the framing (malformed JSON, an answer to another
 * id than the oldest pending one) fails every unanswered request with DriverBroken.
 */
export class LineClient {
  private nextId = 1;
  private dead: string | undefined;
  /** A line that arrived while no request was pending: the next request fails with it. */
  private unsolicited: string | undefined;
  /** Unanswered requests, oldest first; only the oldest has a timer running. */
  private readonly pending: Pending[] = [];
  private timer: LongTimer | undefined;

  constructor(private readonly transport: Transport, readonly timeoutMs: number) {
    transport.onLine((line) => this.receive(line));
    transport.onClose((reason) => this.fail(reason));
  }

  request(op: string, fields: Json, timeoutMs = this.timeoutMs): Promise<Json> {
    if (this.dead !== undefined) return Promise.reject(new DriverBroken(`driver is not running (${this.dead})`));
    if (this.unsolicited !== undefined) {
      const line = this.unsolicited;
      this.unsolicited = undefined;
      return Promise.reject(new DriverBroken(`driver sent a line with no request pending: ${clip(line)}`));
    }
    if (!(timeoutMs >= 0) || !Number.isFinite(timeoutMs))
      return Promise.reject(new RangeError(`driver request ${op}: expected a finite timeout >= 0 ms, got ${timeoutMs}`));
    const id = this.nextId++;
    return new Promise<Json>((resolve, reject) => {
      this.pending.push({ id, op, timeoutMs, resolve, reject });
      if (this.pending.length === 1) this.armTimer();
      this.transport.send(JSON.stringify({ id, op, ...fields }));
    });
  }

  /** Why the driver is no longer usable (it exited, or hung and was killed); undefined while it runs. */
  get deadReason(): string | undefined { return this.dead; }

  close(): void {
    this.dead ??= 'closed by the client';
    this.transport.close();
  }

  /** Starts the timeout of the oldest pending request (now: it was just sent, or the one before it was just answered). */
  private armTimer(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const p = this.pending[0];
    if (p === undefined) return;
    // Chained past 2^31 - 1 ms, so a long --timeout is honoured (docs/node.md, "Timers of any length").
    this.timer = setLongTimeout(p.timeoutMs, () => {
      this.fail(`driver did not answer ${p.op} (id ${p.id}) within ${p.timeoutMs} ms`);
      this.transport.close(); // a hung driver is killed: later requests fail at once
    }, `driver request ${p.op}`);
  }

  private receive(line: string): void {
    if (line.trim() === '') return;
    const p = this.pending[0];
    if (p === undefined) { this.unsolicited ??= line; return; }
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      this.rejectAll(new DriverBroken(`driver sent malformed JSON in answer to ${p.op} (id ${p.id}): ${clip(line)}`));
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      this.rejectAll(new DriverBroken(`driver sent a non-object line in answer to ${p.op} (id ${p.id}): ${clip(line)}`));
    } else if ((msg as Json).id !== p.id) {
      this.rejectAll(new DriverBroken(`driver answered id ${JSON.stringify((msg as Json).id)}, expected ${p.id} (${p.op}): ${clip(line)}`));
    } else if (typeof (msg as Json).ok !== 'boolean') {
      this.rejectAll(new DriverBroken(`driver answer to ${p.op} has no boolean 'ok': ${clip(line)}`));
    } else {
      this.pending.shift();
      this.armTimer();
      p.resolve(msg as Json);
    }
  }

  /** Fails every pending request with `error` (whose message names the oldest one). */
  private rejectAll(error: Error): void {
    const all = this.pending.splice(0);
    this.armTimer();
    for (const p of all) p.reject(error);
  }

  private fail(reason: string): void {
    if (this.dead === undefined) this.dead = reason;
    const head = this.pending[0];
    if (head !== undefined) this.rejectAll(new Error(`${reason} (while waiting for ${head.op}, id ${head.id})`));
  }
}

interface Pending { id: number; op: string; timeoutMs: number; resolve: (r: Json) => void; reject: (e: Error) => void }

/**
 * Sends `hello` (with the request timeout: `--timeout` bounds the start too); throws
 * DriverBroken unless the driver answers in time and names this protocol. Returns the
 * answer, for the caller's checks of `ops` and `name`.
 */
export async function hello(client: LineClient, command: string, timeoutMs = client.timeoutMs): Promise<Json> {
  let r: Json;
  try {
    r = await client.request('hello', {}, timeoutMs);
  } catch (e) {
    throw new DriverBroken(`driver "${command}" did not start: ${(e as Error).message}; check the --driver command (it runs through sh -c) and that it answers hello (docs/driver-protocol.md)`);
  }
  if (r.ok !== true || r.protocol !== PROTOCOL) {
    throw new DriverBroken(`driver "${command}" answered hello with ${clip(JSON.stringify(r))}; expected {"ok":true,"protocol":"${PROTOCOL}",...}`);
  }
  return r;
}

export class DriverClient implements VectorImpl {
  name = 'driver';
  private readonly client: LineClient;

  constructor(transport: Transport, timeoutMs = DEFAULT_TIMEOUT_MS, private readonly command = 'driver') {
    this.client = new LineClient(transport, timeoutMs);
  }

  /** Sends `hello` (timeout: the request timeout unless given); throws DriverBroken unless the driver names the protocol this client speaks. */
  async hello(timeoutMs = this.client.timeoutMs): Promise<string> {
    const r = await hello(this.client, this.command, timeoutMs);
    this.name = typeof r.name === 'string' ? r.name : 'driver';
    return this.name;
  }

  async verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, dst: string): Promise<boolean> {
    return validity('verify', await this.request('verify', { publicKey: toHex(publicKey), message: toHex(message), signature: toHex(signature), dst }));
  }

  async verifyPartial(publicKey: Uint8Array, message: Uint8Array, p: PartialSig): Promise<boolean> {
    return validity('verifyPartial', await this.request('verifyPartial', { publicKey: toHex(publicKey), message: toHex(message), index: p.index, signature: toHex(p.signature) }));
  }

  async combine(t: number, n: number, message: Uint8Array, partials: PartialSig[]): Promise<CombineOutcome> {
    const r = await this.request('combine', { t, n, message: toHex(message), partials: partialsJson(partials) });
    if (r.ok === true) return { ok: true, signature: signatureOf('combine', r) };
    return { ok: false, error: code('combine', r, COMBINE_ERRORS), ...indexOf('combine', r), ...detailOf(r) };
  }

  async collect(t: number, n: number, message: Uint8Array, groupPublicKey: Uint8Array, shares: SharePublicKey[], partials: PartialSig[]): Promise<CollectOutcome> {
    const r = await this.request('collect', {
      t, n, message: toHex(message), groupPublicKey: toHex(groupPublicKey), shares: shares.map((s) => ({ index: s.index, publicKey: toHex(s.publicKey) })), partials: partialsJson(partials),
    });
    const rejected = r.rejected;
    if (!Array.isArray(rejected) || !rejected.every((x) => Number.isInteger(x))) {
      throw new Error(`driver answered collect without an integer array 'rejected': ${clip(JSON.stringify(r))}`);
    }
    if (r.ok === true) return { ok: true, signature: signatureOf('collect', r), rejected: rejected as number[] };
    return { ok: false, error: code('collect', r, COMBINE_ERRORS), rejected: rejected as number[], ...detailOf(r) };
  }

  async verifyCertificate(c: CertificateInput): Promise<CertificateOutcome> {
    const r = await this.request('verifyCertificate', {
      validators: c.validators.map((v) => ({ id: v.id, publicKey: toHex(v.publicKey), pop: toHex(v.pop) })), quorum: c.quorum, chainId: c.chainId,
      height: c.height, round: c.round, value: c.value, message: toHex(c.message), signers: c.signers, aggregate: toHex(c.aggregate),
      ...(c.bitmap === undefined ? {} : { bitmap: toHex(c.bitmap) }),
    });
    if (r.ok === true) return { valid: true };
    return { valid: false, reason: code('verifyCertificate', r, CERTIFICATE_REASONS) as CertificateReason, ...detailOf(r) };
  }

  async close(): Promise<void> {
    this.client.close();
  }

  private request(op: string, fields: Json): Promise<Json> {
    return this.client.request(op, fields);
  }
}

function partialsJson(ps: PartialSig[]) {
  return ps.map((p) => ({ index: p.index, signature: toHex(p.signature) }));
}

function validity(op: string, r: Json): boolean {
  if (r.ok === true && typeof r.valid === 'boolean') return r.valid;
  throw new Error(`driver answered ${op} with ${clip(JSON.stringify(r))}; expected {"ok":true,"valid":true|false}`);
}

function signatureOf(op: string, r: Json): Uint8Array {
  if (typeof r.signature !== 'string') throw new Error(`driver answered ${op} ok without a 'signature' string: ${clip(JSON.stringify(r))}`);
  return fromHex(r.signature, `driver answer to ${op}: signature`);
}

function code<C extends string>(op: string, r: Json, allowed: readonly C[]): C {
  if (typeof r.error === 'string' && (allowed as readonly string[]).includes(r.error)) return r.error as C;
  throw new Error(`driver refused ${op} with error ${JSON.stringify(r.error)}${typeof r.detail === 'string' ? ` (${r.detail})` : ''}; allowed codes: ${allowed.join(', ')}`);
}

function indexOf(op: string, r: Json): { index?: number } {
  if (r.index === undefined || r.index === null) return {};
  if (!Number.isInteger(r.index)) throw new Error(`driver answered ${op} with a non-integer index: ${clip(JSON.stringify(r))}`);
  return { index: r.index as number };
}

function detailOf(r: Json): { detail?: string } {
  return typeof r.detail === 'string' ? { detail: r.detail } : {};
}

/** Starts `command` as a driver and says hello (within `startTimeoutMs`, default the request timeout); throws DriverBroken. */
export async function startDriver(command: string, timeoutMs = DEFAULT_TIMEOUT_MS, startTimeoutMs = timeoutMs): Promise<DriverClient> {
  const client = new DriverClient(spawnTransport(command), timeoutMs, command);
  try {
    await client.hello(startTimeoutMs);
  } catch (e) {
    await client.close();
    throw e;
  }
  return client;
}
