// The DKG of src/crypto/dkg.ts over the node's transport: each validator's
// DkgParticipant is driven by its messages and by three phase deadlines on the injected
// clock (GJKR's synchronous model: a phase lasts `phaseMs`, which must exceed the
// network's delay). `runDkg` runs n validators c1..cn on a virtual clock and the
// in-memory network, reproducibly; a test makes some of them Byzantine with `tamper`,
// which rewrites what a validator sends.
import type { ValidatorId } from '../core/types.ts';
import { DkgError, DkgParticipant, demoDkgSeed, type DkgMessage, type DkgOutbound, type DkgOutput, type DkgPhase } from '../crypto/dkg.ts';
import type { Clock } from './clock.ts';
import { VirtualClock } from './clock.ts';
import { MemoryNetwork, type MemoryNetworkOptions } from './memory-transport.ts';
import type { Transport } from './transport.ts';

/** Rewrites the messages a Byzantine validator sends when `step` ('start' or the phase just ended) produced `out`. */
export type DkgTamper = (out: DkgOutbound[], step: 'start' | DkgPhase) => DkgOutbound[];

export interface DkgNodeOptions {
  transport: Transport<DkgMessage>;
  clock: Clock;
  /** The validator order; index i (1-based) is share index i. */
  validators: readonly ValidatorId[];
  participant: DkgParticipant;
  /** Length of each of the three phases, in clock ms (> the network's largest delay). */
  phaseMs: number;
  tamper?: DkgTamper;
}

/** One validator running the DKG: start() deals at once, then the deadlines end each phase. */
export class DkgNode {
  error: string | undefined;
  constructor(private readonly o: DkgNodeOptions) {
    if (!(o.phaseMs > 0)) throw new RangeError(`DkgNode: expected phaseMs > 0, got ${o.phaseMs}`);
    if (o.validators[o.participant.self - 1] !== o.transport.self)
      throw new Error(`DkgNode: transport of ${o.transport.self} but participant index ${o.participant.self} is ${String(o.validators[o.participant.self - 1])}`);
  }

  get output(): DkgOutput | undefined { return this.o.participant.output; }

  start(): void {
    const { transport, clock, validators, participant, phaseMs } = this.o;
    transport.onReceive((from, m) => {
      const i = validators.indexOf(from) + 1; // 0 for a stranger: the participant refuses it
      participant.receive(i, m); // receiving never produces messages (DkgParticipant.receive)
    });
    this.send(participant.start(), 'start');
    for (let k = 1; k <= 3; k++) {
      clock.setTimer(k * phaseMs, () => {
        const ending = participant.phase as DkgPhase;
        try {
          this.send(participant.endPhase(), ending);
        } catch (e) {
          if (!(e instanceof DkgError)) throw e;
          this.error = e.message;
        }
      });
    }
  }

  private send(out: DkgOutbound[], step: 'start' | DkgPhase): void {
    const msgs = this.o.tamper !== undefined ? this.o.tamper(out, step) : out;
    for (const m of msgs) {
      if (m.to === 'all') this.o.transport.broadcast(m.msg);
      else this.o.transport.send(this.o.validators[m.to - 1]!, m.msg);
    }
  }
}

export interface RunDkgOptions {
  t: number;
  n: number;
  /** Validator i's polynomial seed; default demoDkgSeed(label, i) (deterministic: never a real key). */
  seed?: (index: number) => Uint8Array;
  label?: string;
  phaseMs?: number;
  network?: MemoryNetworkOptions;
  /** Byzantine validators by index: what each sends is rewritten. */
  tamper?: ReadonlyMap<number, DkgTamper>;
  /** Validators that take no part (crashed before the DKG). */
  absent?: readonly number[];
}

export interface DkgRun {
  validators: ValidatorId[];
  nodes: Map<number, DkgNode>;
  participants: Map<number, DkgParticipant>;
  net: MemoryNetwork<DkgMessage>;
  /** Virtual ms until every node finished. */
  virtualMs: number;
}

/**
 * Runs the DKG among c1..cn on a virtual clock: reproducible (the network seed fixes
 * every delay). Nodes that start run to the end; outputs are in `nodes.get(i).output`,
 * failures in `.error`. Throws RangeError on bad options, DkgError on bad t or n.
 */
export function runDkg(o: RunDkgOptions): DkgRun {
  const clock = new VirtualClock();
  const validators = Array.from({ length: o.n }, (_, i) => `c${i + 1}`);
  const network = { minDelayMs: 1, maxDelayMs: 20, ...o.network };
  const phaseMs = o.phaseMs ?? 100;
  if (!((network.maxDelayMs ?? network.minDelayMs) < phaseMs))
    throw new RangeError(`runDkg: phaseMs (${phaseMs}) must exceed the network's largest delay (${network.maxDelayMs} ms): the protocol is synchronous`);
  const net = new MemoryNetwork<DkgMessage>(clock, validators, network);
  const nodes = new Map<number, DkgNode>();
  const participants = new Map<number, DkgParticipant>();
  for (let i = 1; i <= o.n; i++) {
    if (o.absent?.includes(i)) continue;
    const participant = new DkgParticipant(o.t, o.n, i, (o.seed ?? ((k) => demoDkgSeed(o.label ?? 'run', k)))(i));
    const opts: DkgNodeOptions = { transport: net.endpoint(validators[i - 1]!), clock, validators, participant, phaseMs };
    const tamper = o.tamper?.get(i);
    if (tamper !== undefined) opts.tamper = tamper;
    participants.set(i, participant);
    nodes.set(i, new DkgNode(opts));
  }
  for (const node of nodes.values()) node.start();
  clock.runUntil(() => [...participants.values()].every((p) => p.phase === 'done'));
  return { validators, nodes, participants, net, virtualMs: clock.now() };
}
