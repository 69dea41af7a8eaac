// What one explored run is made of, before the engine answers anything: its seed (the
// run's own PRNG, src/node/rng.ts) and its knobs (how lossy, how slow, how Byzantine,
// when the network stabilises, which rounds are partitioned). The guided search
// (campaign.ts) keeps the genomes whose runs added coverage and mutates them.
import { seededRng, type Rng } from '../node/rng.ts';

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
  /**
   * Forks of the run's PRNG: after `at` draws it continues from `seed`. A child with the
   * parent's seed and knobs and one more fork replays the parent's run up to the fork
   * (the engine is deterministic) and then goes elsewhere: the prefix that reached
   * something new is kept.
   */
  forks: { at: number; seed: number }[];
}

/** The run's PRNG: `seed`, switched at each fork. `draws` counts the draws so far. */
export function forkedRng(seed: number, forks: readonly { at: number; seed: number }[]): Rng & { draws(): number } {
  let cur = seededRng(seed);
  let n = 0;
  let k = 0;
  const next = (): number => {
    while (k < forks.length && n >= forks[k]!.at) cur = seededRng(forks[k++]!.seed);
    n++;
    return cur.next();
  };
  return { next, int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), draws: () => n };
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
    forks: [],
  };
}

/**
 * A neighbour of a genome whose run found something new: half the time the same run
 * forked at a random draw of its `draws` (its prefix kept), else one or two knobs
 * changed and a new seed.
 */
export function mutateGenome(g: Genome, rng: Rng, heights: number, draws = 0): Genome {
  const fresh = randomGenome(rng, heights);
  const from = g.forks.at(-1)?.at ?? 0;
  if (draws > from + 1 && g.forks.length < 12 && rng.next() < 0.5) {
    return { ...g, byzMix: [...g.byzMix], partitionRounds: [...g.partitionRounds], forks: [...g.forks, { at: rng.int(from + 1, draws - 1), seed: fresh.seed }] };
  }
  const out: Genome = { ...g, byzMix: [...g.byzMix], partitionRounds: [...g.partitionRounds], seed: fresh.seed, forks: [] };
  const keys = ['loss', 'dup', 'maxDelay', 'byzRate', 'timeoutRate', 'gst', 'partitionRounds', 'side', 'byzMix', 'rotation', 'follow'] as const;
  for (let k = rng.int(1, 2); k > 0; k--) {
    const key = keys[rng.int(0, keys.length - 1)]!;
    (out as unknown as Record<string, unknown>)[key] = fresh[key];
  }
  return out;
}
