// Shared checks for the node tests.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Cluster } from '../../src/node/cluster.ts';
import type { ConsensusMessage, ValidatorId } from '../../src/core/types.ts';

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `hbft-${prefix}-`));
}

/** Every PROPOSAL/PREVOTE/PRECOMMIT of its own that `id` ever put on the network (its gossip also relays others'). */
export function sentBy(c: Cluster, id: ValidatorId): ConsensusMessage[] {
  return c.net.sent.flatMap((s) => (s.from === id && s.m.kind === 'consensus' && s.m.msg.type !== 'COMMIT' && s.m.msg.src === id ? [s.m.msg] : []));
}

/** Fails if `id` sent two different messages for one (type, height, round). Returns the number of slots. */
export function assertNoEquivocation(c: Cluster, id: ValidatorId): number {
  const slots = new Map<string, string>();
  for (const m of sentBy(c, id)) {
    const k = `${m.type}/${m.height}/${m.round}`;
    const v = `${m.value}/${m.validRound}`;
    const prev = slots.get(k);
    assert.ok(prev === undefined || prev === v, `${id} equivocated at ${k}: ${prev} then ${v}`);
    slots.set(k, v);
  }
  return slots.size;
}

/** Every running node decided heights 1..h with the same value; returns the values. */
export function assertAgreement(c: Cluster, h: number): string[] {
  const values: string[] = [];
  for (let height = 1; height <= h; height++) {
    const ds = [...c.nodes].map(([id, n]) => [id, n.decision(height)?.value] as const);
    for (const [id, v] of ds) assert.ok(v !== undefined, `${id} has not decided height ${height}`);
    assert.equal(new Set(ds.map(([, v]) => v)).size, 1, `disagreement at height ${height}: ${JSON.stringify(ds)}`);
    values.push(ds[0]![1]!);
  }
  return values;
}
