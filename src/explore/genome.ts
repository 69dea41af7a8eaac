// What one explored run is made of, before the engine answers anything: its seed (the
// run's own PRNG, src/node/rng.ts) and its knobs (how lossy, how slow, how Byzantine,
// when the network stabilises, which rounds are partitioned). The guided search
// (campaign.ts) keeps the genomes whose runs added coverage and mutates them.
import type { Rng } from '../node/rng.ts';

/** The Byzantine moves (byzantine.ts): small-scope mutations of what a correct validator sends. */
export const BYZ_KINDS = ['propose', 'vote', 'equivocate', 'mirror', 'replay'] as const;
export type ByzKind = (typeof BYZ_KINDS)[number];

export interface Genome {
  /** Seed of the run's PRNG: every choice of the run comes from it. */
  seed: number;
  /** Before GST: the chance that a copy is held back (delivered only after GST). */
  loss: number;
  /** The chance that a copy is delivered twice. */
  dup: number;
  /** Before GST: delivery delay 0..maxDelay steps (reordering). */
  maxDelay: number;
  /** Weight of a Byzantine move against one delivery. */
  byzRate: number;
  /** Before GST: weight of firing a scheduled timeout against one delivery. */
  timeoutRate: number;
  /** The step at which the network stabilises (GST). */
  gst: number;
  /** Rounds whose messages do not cross the partition before GST (ByzzFuzz's round-based partitions). */
  partitionRounds: number[];
  /** Bit i set: the i-th correct validator is on the partition's first side. */
  side: number;
  /** Relative weights of BYZ_KINDS. */
  byzMix: number[];
  /** Where the Byzantine validators sit in the proposer order (a rotation). */
  rotation: number;
  /** The Byzantine validators follow the protocol with a per-round mutation plan (follower.ts), besides their free moves. */
  follow: boolean;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function randomGenome(rng: Rng, heights: number): Genome {
  const rounds = [0, 1, 2, 3].filter(() => rng.next() < 0.3);
  return {
    seed: rng.int(0, 2 ** 31 - 1),
    loss: rng.next() < 0.3 ? 0 : round3(rng.next() * 0.4),
    dup: rng.next() < 0.5 ? 0 : round3(rng.next() * 0.2),
    maxDelay: rng.int(0, 12),
    byzRate: round3(rng.next() * 0.6),
    timeoutRate: round3(0.02 + rng.next() * 0.3),
    gst: rng.int(0, 60 * heights),
    partitionRounds: rounds,
    side: rng.int(1, 2 ** 16),
    byzMix: BYZ_KINDS.map(() => round3(rng.next())),
    rotation: rng.int(0, 1000),
    follow: rng.next() < 0.6,
  };
}

/** One or two knobs changed, and a new seed: a neighbour of a genome that found something new. */
export function mutateGenome(g: Genome, rng: Rng, heights: number): Genome {
  const fresh = randomGenome(rng, heights);
  const out: Genome = { ...g, byzMix: [...g.byzMix], partitionRounds: [...g.partitionRounds], seed: fresh.seed };
  const keys = ['loss', 'dup', 'maxDelay', 'byzRate', 'timeoutRate', 'gst', 'partitionRounds', 'side', 'byzMix', 'rotation', 'follow'] as const;
  for (let k = rng.int(1, 2); k > 0; k--) {
    const key = keys[rng.int(0, keys.length - 1)]!;
    (out as unknown as Record<string, unknown>)[key] = fresh[key];
  }
  return out;
}
