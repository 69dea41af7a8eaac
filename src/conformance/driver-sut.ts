// An implementation under test behind the driver protocol (docs/driver-protocol.md):
// `consensus.reset` and `consensus.step` over JSON lines to a child process (or any
// Transport). Every way a driver can misbehave — it exits, hangs, prints malformed
// JSON, answers another id or the wrong shape, or refuses with ok:false — becomes an
// Error whose message says so; replayTrace turns it into a mismatch (what = 'error')
// naming the trace, the step and the event.
import type { ConsensusEvent } from '../core/types.ts';
import { DEFAULT_TIMEOUT_MS, PROTOCOL, START_TIMEOUT_MS, spawnTransport, type Transport } from '../vectors/driver.ts';
import { readConventions, type DeclaredConventions } from './conventions.ts';
import { CONSENSUS_OPS, eventJson, readOutputs, readProjection, readProjections, ShapeError } from './driver-protocol.ts';
import type { NormalProjection } from './normal.ts';
import type { ConsensusSut, SutStepResult, TraceParams } from './replay.ts';

type Json = { [k: string]: unknown };

export interface DriverSutOptions {
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  /** Timeout of `hello`, allowing for a slow start (default: the larger of timeoutMs and 30 s). */
  startTimeoutMs?: number;
  /** Name shown in reports (default: what the driver says in `hello`, else the command). */
  name?: string;
}

const clip = (s: string): string => (s.length > 300 ? `${s.slice(0, 300)}…` : s);

/** One request at a time over a Transport, with a timeout; a dead or hung driver fails every later request at once. */
export class LineClient {
  private nextId = 1;
  private dead: string | undefined;
  private unsolicited: string | undefined;
  private pending: { id: number; op: string; resolve: (r: Json) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | undefined;

  constructor(private readonly transport: Transport, readonly timeoutMs: number) {
    transport.onLine((line) => this.receive(line));
    transport.onClose((reason) => this.fail(reason));
  }

  request(op: string, fields: Json, timeoutMs = this.timeoutMs): Promise<Json> {
    if (this.dead !== undefined) return Promise.reject(new Error(`driver is not running (${this.dead})`));
    if (this.unsolicited !== undefined) {
      const line = this.unsolicited;
      this.unsolicited = undefined;
      return Promise.reject(new Error(`driver sent a line with no request pending: ${clip(line)}`));
    }
    const id = this.nextId++;
    return new Promise<Json>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(`driver did not answer ${op} (id ${id}) within ${timeoutMs} ms`);
        this.transport.close(); // a hung driver is killed: later requests fail at once
      }, timeoutMs);
      this.pending = { id, op, resolve, reject, timer };
      this.transport.send(JSON.stringify({ id, op, ...fields }));
    });
  }

  /** Why the driver is no longer usable (it exited, or hung and was killed); undefined while it runs. */
  get deadReason(): string | undefined { return this.dead; }

  close(): void {
    this.dead ??= 'closed by the client';
    this.transport.close();
  }

  private receive(line: string): void {
    if (line.trim() === '') return;
    const p = this.pending;
    if (p === undefined) { this.unsolicited ??= line; return; }
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      this.settle(p, new Error(`driver sent malformed JSON in answer to ${p.op} (id ${p.id}): ${clip(line)}`));
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      this.settle(p, new Error(`driver sent a non-object line in answer to ${p.op} (id ${p.id}): ${clip(line)}`));
    } else if ((msg as Json).id !== p.id) {
      this.settle(p, new Error(`driver answered id ${JSON.stringify((msg as Json).id)}, expected ${p.id} (${p.op}): ${clip(line)}`));
    } else if (typeof (msg as Json).ok !== 'boolean') {
      this.settle(p, new Error(`driver answer to ${p.op} has no boolean 'ok': ${clip(line)}`));
    } else {
      this.settle(p, msg as Json);
    }
  }

  private settle(p: NonNullable<LineClient['pending']>, result: Json | Error): void {
    clearTimeout(p.timer);
    this.pending = undefined;
    if (result instanceof Error) p.reject(result);
    else p.resolve(result);
  }

  private fail(reason: string): void {
    if (this.dead === undefined) this.dead = reason;
    const p = this.pending;
    if (p !== undefined) this.settle(p, new Error(`${reason} (while waiting for ${p.op}, id ${p.id})`));
  }
}

/** Sends `hello`; throws unless the driver names this protocol and offers the consensus ops. Returns its name and conventions. */
export async function helloConsensus(client: LineClient, timeoutMs: number): Promise<{ name: string; conventions: DeclaredConventions }> {
  const r = await client.request('hello', {}, timeoutMs);
  if (r.ok !== true || r.protocol !== PROTOCOL) {
    throw new Error(`driver answered hello with ${clip(JSON.stringify(r))}; expected {"ok":true,"protocol":"${PROTOCOL}",...}`);
  }
  if (Array.isArray(r.ops)) {
    const missing = CONSENSUS_OPS.filter((op) => !(r.ops as unknown[]).includes(op));
    if (missing.length > 0) throw new Error(`driver does not offer ${missing.join(', ')} (its ops: ${(r.ops as unknown[]).join(', ')})`);
  }
  let conventions: DeclaredConventions;
  try {
    conventions = readConventions(r.conventions);
  } catch (e) {
    throw new Error(`driver answered hello with bad conventions: ${(e as Error).message}`);
  }
  return { name: typeof r.name === 'string' && r.name !== '' ? r.name : 'driver', conventions };
}

function refused(op: string, r: Json): Error {
  return new Error(`driver refused ${op}: ok false, error ${JSON.stringify(r.error)}${typeof r.detail === 'string' && r.detail !== '' ? `: ${r.detail}` : ''}`);
}

/** Reads an answer's fields; a ShapeError becomes a message naming the op and quoting the answer. */
function shaped<T>(op: string, r: Json, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ShapeError) throw new Error(`driver answered ${op} with the wrong shape: ${e.message}; answer: ${clip(JSON.stringify(r))}`);
    throw e;
  }
}

/** A driver as a ConsensusSut, plus the conventions it declared in `hello`. */
export interface DriverSut extends ConsensusSut {
  /** Starts the driver if needed; throws if it cannot start. */
  conventions(): Promise<DeclaredConventions>;
}

/** A ConsensusSut over any Transport (a child process, or an in-process server over streams). */
export function transportSut(open: () => Transport, opts: DriverSutOptions & { label: string }): DriverSut {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const startTimeoutMs = opts.startTimeoutMs ?? Math.max(timeoutMs, START_TIMEOUT_MS);
  let client: LineClient | undefined;
  let correct: string[] = [];
  let startFailure: string | undefined;
  let declared: DeclaredConventions | undefined;
  // A driver that died (or hung and was killed) in the last trace is restarted, so
  // one crash fails one trace, not the rest of the corpus.
  // A driver that could not start (or is not a consensus driver) fails every later
  // trace at once, instead of being started again for each.
  const start = async (): Promise<LineClient> => {
    if (startFailure !== undefined) throw new Error(`driver failed to start earlier: ${startFailure}`);
    if (client === undefined || client.deadReason !== undefined) {
      client?.close();
      client = new LineClient(open(), timeoutMs);
      try {
        const hello = await helloConsensus(client, startTimeoutMs);
        if (opts.name === undefined) sut.name = hello.name;
        declared = hello.conventions;
      } catch (e) {
        startFailure = (e as Error).message;
        client.close();
        client = undefined;
        throw e;
      }
    }
    return client;
  };
  const sut: { name: string } & DriverSut = {
    name: opts.name ?? opts.label,
    async conventions(): Promise<DeclaredConventions> {
      await start();
      return declared as DeclaredConventions;
    },
    async reset(params: TraceParams): Promise<Record<string, NormalProjection>> {
      const client = await start();
      const op = 'consensus.reset';
      const r = await client.request(op, { validators: params.validators, correct: params.correct,
        validValues: params.validValues, maxRound: params.maxRound, maxHeight: params.maxHeight });
      if (r.ok !== true) throw refused(op, r);
      correct = params.correct;
      return shaped(op, r, () => readProjections(r.projections, 'projections', correct));
    },
    async step(process: string, event: ConsensusEvent): Promise<SutStepResult> {
      if (client === undefined) throw new Error('driverSut: step before reset');
      const op = 'consensus.step';
      const r = await client.request(op, { process, event: eventJson(event) });
      if (r.ok !== true) throw refused(op, r);
      return shaped(op, r, () => {
        const fired = r.fired;
        if (fired !== undefined && !(Array.isArray(fired) && fired.every((f) => typeof f === 'string'))) {
          throw new ShapeError(`fired: expected an array of rule names, got ${clip(JSON.stringify(fired))}`);
        }
        return { projection: readProjection(r.projection, 'projection'), outputs: readOutputs(r.outputs, 'outputs'),
          ...(fired === undefined ? {} : { fired: fired as string[] }) };
      });
    },
    async close(): Promise<void> {
      startFailure = undefined;
      client?.close();
      client = undefined;
    },
  };
  return sut;
}

/** The implementation behind the driver process `command` (run through the shell), started at the first reset. */
export function driverSut(command: string, opts: DriverSutOptions = {}): DriverSut {
  return transportSut(() => spawnTransport(command), { ...opts, label: command });
}
