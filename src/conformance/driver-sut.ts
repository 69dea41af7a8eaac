// An implementation under test behind the driver protocol (docs/driver-protocol.md):
// `consensus.reset` and `consensus.step` over JSON lines to a child process (or any
// Transport). A driver that exits or hangs in a trace, answers the wrong shape or
// refuses with ok:false fails that trace: an Error whose message says so, which
// replayTrace turns into a mismatch (what = 'error') naming the trace, the step and the
// event. A driver that cannot start or breaks the framing is DriverBroken, which stops
// the whole replay with one sentence.
import type { ConsensusEvent } from '../core/types.ts';
import { DEFAULT_TIMEOUT_MS, DriverBroken, hello, LineClient, spawnTransport, type Transport } from '../vectors/driver.ts';
import { readConventions, type DeclaredConventions } from './conventions.ts';
import { readLevel, type Level } from './verdict/level.ts';
import { CONSENSUS_OPS, eventJson, readOutputs, readProjection, readProjections, ShapeError } from './driver-protocol.ts';
import type { NormalProjection } from './normal.ts';
import type { ConsensusSut, SutStepResult, TraceParams } from './replay.ts';

type Json = { [k: string]: unknown };

export interface DriverSutOptions {
  /** Per-request timeout, `hello` included (default 30 s). */
  timeoutMs?: number;
  /** Timeout of `hello` alone (default: timeoutMs); tests of a short step timeout keep a long start. */
  startTimeoutMs?: number;
  /** Name shown in reports (default: what the driver says in `hello`, else the command). */
  name?: string;
  /** Send the steps of a trace ahead of their answers if the driver's `hello` offers it (default true); false: one at a time. */
  pipeline?: boolean;
}

/** How many steps the client sends ahead of their answers to a driver that pipelines. */
export const PIPELINE_WINDOW = 64;

/** After this many traces in a row that ended with the driver exiting or hanging, the driver is broken. */
export const MAX_CRASHES_IN_A_ROW = 3;

const clip = (s: string): string => (s.length > 300 ? `${s.slice(0, 300)}…` : s);

/**
 * Sends `hello`; throws DriverBroken unless the driver names this protocol, offers the
 * consensus ops, declares well-formed conventions and, if it says `pipeline`, says true
 * or false. Returns its name, conventions and whether it takes requests pipelined.
 */
export async function helloConsensus(client: LineClient, command: string, timeoutMs = client.timeoutMs): Promise<{ name: string; conventions: DeclaredConventions; pipeline: boolean; level: Level }> {
  const r = await hello(client, command, timeoutMs);
  if (Array.isArray(r.ops)) {
    const missing = CONSENSUS_OPS.filter((op) => !(r.ops as unknown[]).includes(op));
    if (missing.length > 0) throw new DriverBroken(`driver "${command}" does not offer ${missing.join(', ')} (its ops: ${(r.ops as unknown[]).join(', ')})`);
  }
  let conventions: DeclaredConventions;
  try {
    conventions = readConventions(r.conventions);
  } catch (e) {
    throw new DriverBroken(`driver "${command}" answered hello with bad conventions: ${(e as Error).message}`);
  }
  if (r.pipeline !== undefined && typeof r.pipeline !== 'boolean') {
    throw new DriverBroken(`driver "${command}" answered hello with pipeline ${clip(JSON.stringify(r.pipeline))}; expected true or false (docs/driver-protocol.md, "Framing")`);
  }
  let level: Level;
  try {
    level = readLevel(r.judge);
  } catch (e) {
    throw new DriverBroken(`driver "${command}" answered hello with a bad judge field: ${(e as Error).message} (docs/driver-protocol.md, "Levels")`);
  }
  return { name: typeof r.name === 'string' && r.name !== '' ? r.name : 'driver', conventions, pipeline: r.pipeline === true, level };
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

/** What stands for a projection a driver at the observable level does not report (never compared). */
const UNREPORTED: NormalProjection = Object.freeze({ height: -1, round: -1, step: 'unreported', lockedValue: 'none', lockedRound: -1,
  validValue: 'none', validRound: -1, decisions: {} });

/** A driver as a ConsensusSut, plus the conventions it declared in `hello`. */
export interface DriverSut extends ConsensusSut {
  /** Starts the driver if needed; throws (DriverBroken) if it cannot start. */
  conventions(): Promise<DeclaredConventions>;
  /** What the driver reports and wants judged (its hello's `judge`); starts it if needed. */
  level(): Promise<Level>;
}

/** A ConsensusSut over any Transport (a child process, or an in-process server over streams). */
export function transportSut(open: () => Transport, opts: DriverSutOptions & { label: string }): DriverSut {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let client: LineClient | undefined;
  let correct: string[] = [];
  let crashes = 0;
  /** Set once the driver cannot be used: every later reset throws it at once (until close). */
  let broken: DriverBroken | undefined;
  let declared: DeclaredConventions | undefined;
  let level: Level | undefined;
  // A driver that died (or hung and was killed) in the last trace is restarted, so
  // one crash fails one trace, not the rest of the corpus; a driver that cannot start,
  // or dies in several traces in a row, is DriverBroken and stops the replay.
  const start = async (): Promise<LineClient> => {
    if (broken !== undefined) throw broken;
    if (client === undefined || client.deadReason !== undefined) {
      if (client !== undefined) {
        const last = client.deadReason;
        crashes++;
        client.close();
        client = undefined;
        if (crashes >= MAX_CRASHES_IN_A_ROW) throw (broken = new DriverBroken(`driver "${opts.label}" exited or hung in ${crashes} traces in a row (last: ${last})`));
      }
      const c = new LineClient(open(), timeoutMs);
      try {
        const h = await helloConsensus(c, opts.label, opts.startTimeoutMs ?? timeoutMs);
        if (opts.name === undefined) sut.name = h.name;
        declared = h.conventions;
        level = h.level;
        sut.window = h.pipeline && opts.pipeline !== false ? PIPELINE_WINDOW : 1;
      } catch (e) {
        c.close();
        if (e instanceof DriverBroken) broken = e;
        throw e;
      }
      client = c;
    } else {
      crashes = 0;
    }
    return client;
  };
  const sut: { name: string; window: number } & DriverSut = {
    name: opts.name ?? opts.label,
    window: 1,
    async conventions(): Promise<DeclaredConventions> {
      await start();
      return declared as DeclaredConventions;
    },
    async level(): Promise<Level> {
      await start();
      return level as Level;
    },
    async reset(params: TraceParams): Promise<Record<string, NormalProjection>> {
      const client = await start();
      const op = 'consensus.reset';
      const r = await client.request(op, { validators: params.validators, correct: params.correct,
        validValues: params.validValues, maxRound: params.maxRound, maxHeight: params.maxHeight,
        // the conventions' fields only when a trace needs them (drivers of the defaults never see them)
        ...(params.power ? { power: params.power } : {}), ...(params.proposer ? { proposer: params.proposer } : {}),
        ...(params.firstHeight === 0 ? { firstHeight: 0 } : {}), ...(params.getValue ? { getValue: params.getValue } : {}),
        ...(params.ownMessages ? { ownMessages: params.ownMessages } : {}) });
      if (r.ok !== true) throw refused(op, r);
      correct = params.correct;
      // At the observable level a driver may leave projections out: they are not compared.
      if (r.projections === undefined && level?.level === 'observable') return Object.fromEntries(correct.map((p) => [p, UNREPORTED]));
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
        const projection = r.projection === undefined && level?.level === 'observable' ? UNREPORTED : readProjection(r.projection, 'projection');
        return { projection, outputs: readOutputs(r.outputs, 'outputs'),
          ...(fired === undefined ? {} : { fired: fired as string[] }) };
      });
    },
    async close(): Promise<void> {
      broken = undefined;
      crashes = 0;
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
