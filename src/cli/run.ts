// `hybrid-bft run`: n validators in one process, on a virtual clock and an in-memory
// network with seeded delays, decide some heights; prints per height the decided value,
// its round and the certificate's signers. Same flags, same output.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { joinNegativeValues } from '../check/args.ts';
import { fsMessage } from '../proc/fs-errors.ts';
import { Cluster } from '../node/cluster.ts';
import type { ClusterOptions } from '../node/cluster.ts';
import { demoBlsCrypto } from '../node/demo-keys.ts';
import { BackendError, backendNameFrom, type BackendName } from '../crypto/backend.ts';
import { backendByName } from '../crypto/select-backend.ts';
import type { Decision, ValidatorId } from '../core/types.ts';
import { COUNTERPARTY_ID, runChannels, type UpdateReport } from '../channel/cluster-run.ts';
import { channelThreshold } from '../channel/entity.ts';

const USAGE = `usage: hybrid-bft run [--nodes N] [--heights H] [--seed S] [--crypto bls|trusting]
                      [--bls-backend noble|blst] [--max-delay MS] [--drop-rate P] [--duplicate-rate P]
                      [--wal-dir DIR] [--channels K] [--json]

Runs N validators (c1..cN) in memory on a virtual clock until each has decided heights
1..H, then prints, per height, the decided value, the round, and the signers of the
commit certificate (as held by the first validator; each node builds its own from the
precommits it received, so another node's may name other signers).

  --nodes N        validators, 1..64 (default 4); tolerates f = floor((n-1)/3) faults
  --heights H      heights to decide, 1..10000 (default 5)
  --seed S         seeds the network delays; same seed, same run (default 1)
  --crypto K       bls: real BLS12-381 signatures and aggregated certificates, with
                   demo keys derived from the validator ids (default);
                   trusting: abstract signatures, as in the TLA+ model (fast)
  --bls-backend B  with --crypto bls: noble (pure TypeScript, the reference; default)
                   or blst (native, @chainsafe/blst, optional dependency); default
                   from the environment variable HYBRID_BFT_BLS, else noble
  --max-delay MS   network delay per message is uniform in [1, MS] virtual ms (default 40)
  --drop-rate P    each message copy is lost with probability P in [0, 0.9] (default 0)
  --duplicate-rate P  each copy is delivered twice with probability P in [0, 0.9] (default 0)
  --wal-dir DIR    keep each node's write-ahead log in DIR/<id>.wal, DIR created if
                   missing (default: no WAL)
  --channels K     also run K channel updates end to end (1..H, at most --heights):
                   each is proposed as a height's value (its digest), signed after
                   the decision by each validator with its threshold share (demo
                   key t-of-n, t = n - f, from a trusted dealer), sent over the
                   transport to a counterparty that is not a validator, which
                   collects t verified partials, combines them and submits the
                   certificate to its channel ledger; prints per update the
                   height that decided it, the share indices that signed, the
                   certificate and the ledger's verdict (exit 1 unless all accepted)
  --json           one JSON object per height (and per update) instead of text
  --help           this text`;

class UsageError extends Error {}

function intFlag(name: string, raw: string | undefined, def: number, min: number, max: number): number {
  if (raw === undefined) return def;
  if (!/^-?\d+$/.test(raw)) throw new UsageError(`--${name}: expected an integer, got '${raw}'`);
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new UsageError(`--${name}: expected ${min}..${max}, got ${raw}`);
  return v;
}

function rateFlag(name: string, raw: string | undefined): number {
  if (raw === undefined) return 0;
  const v = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(v >= 0 && v <= 0.9)) throw new UsageError(`--${name}: expected a probability in 0..0.9, got '${raw}'`);
  return v;
}

interface RunFlags {
  nodes: number; heights: number; seed: number; crypto: 'bls' | 'trusting'; backend: BackendName; maxDelay: number;
  dropRate: number; duplicateRate: number; walDir?: string; json: boolean; channels: number;
}

function parse(args: string[]): RunFlags | 'help' {
  let p;
  try {
    p = parseArgs({
      args: joinNegativeValues(args, ['--nodes', '--heights', '--seed', '--max-delay', '--drop-rate', '--duplicate-rate', '--channels']), allowPositionals: false, strict: true,
      options: {
        nodes: { type: 'string' }, heights: { type: 'string' }, seed: { type: 'string' },
        crypto: { type: 'string' }, 'bls-backend': { type: 'string' }, 'max-delay': { type: 'string' }, 'wal-dir': { type: 'string' },
        'drop-rate': { type: 'string' }, 'duplicate-rate': { type: 'string' }, channels: { type: 'string' },
        json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const v = p.values;
  if (v.help === true) return 'help';
  const crypto = v.crypto ?? 'bls';
  if (crypto !== 'bls' && crypto !== 'trusting') throw new UsageError(`--crypto: expected bls or trusting, got '${crypto}'`);
  const nodes = intFlag('nodes', v.nodes, 4, 1, 64);
  let backend: BackendName;
  try {
    backend = backendNameFrom(v['bls-backend']);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const flags: RunFlags = {
    nodes,
    heights: intFlag('heights', v.heights, 5, 1, 10_000),
    seed: intFlag('seed', v.seed, 1, 0, 2 ** 32 - 1),
    crypto,
    backend,
    maxDelay: intFlag('max-delay', v['max-delay'], 40, 1, 60_000),
    dropRate: rateFlag('drop-rate', v['drop-rate']),
    duplicateRate: rateFlag('duplicate-rate', v['duplicate-rate']),
    json: v.json === true,
    channels: intFlag('channels', v.channels, 0, 1, 10_000),
  };
  if (flags.channels > flags.heights)
    throw new UsageError(`--channels: ${flags.channels} updates need at least ${flags.channels} heights, got --heights ${flags.heights}; raise --heights`);
  if (v['wal-dir'] !== undefined) {
    if (v['wal-dir'] === '') throw new UsageError('--wal-dir: expected a directory, got an empty string');
    try {
      // Created if missing, as `traces --out` does; checked writable before any node starts.
      mkdirSync(v['wal-dir'], { recursive: true });
      accessSync(v['wal-dir'], constants.W_OK);
    } catch (e) {
      throw new UsageError(`--wal-dir: ${fsMessage(e, v['wal-dir'])}`);
    }
    flags.walDir = v['wal-dir'];
  }
  return flags;
}

export interface HeightReport { height: number; value: string; round: number; signers: ValidatorId[]; decidedBy: ValidatorId[] }

function clusterOptions(f: RunFlags): ClusterOptions {
  const opts: ClusterOptions = {
    n: f.nodes, seed: f.seed, minDelayMs: 1, maxDelayMs: f.maxDelay, lastHeight: f.heights,
    dropRate: f.dropRate, duplicateRate: f.duplicateRate,
  };
  if (f.crypto === 'bls') opts.crypto = demoBlsCrypto(backendByName(f.backend));
  if (f.walDir !== undefined) { opts.walDir = f.walDir; opts.walTag = `crypto=${f.crypto}`; }
  return opts;
}

/** One report per height from every validator's decision; throws on disagreement. */
function heightReports(ids: readonly ValidatorId[], heights: number, decision: (id: ValidatorId, h: number) => Decision): HeightReport[] {
  const reports: HeightReport[] = [];
  for (let h = 1; h <= heights; h++) {
    const ds: [ValidatorId, Decision][] = ids.map((id) => [id, decision(id, h)]);
    const [first, d0] = ds[0]!;
    for (const [id, d] of ds)
      if (d.value !== d0.value) throw new Error(`disagreement at height ${h}: ${first} decided ${d0.value}, ${id} decided ${d.value}`);
    reports.push({ height: h, value: d0.value, round: d0.round, signers: [...d0.cert.signers], decidedBy: ds.map(([id]) => id) });
  }
  return reports;
}

/** Runs the cluster; returns one report per height or throws on disagreement / no progress. */
export function simulate(f: RunFlags): { reports: HeightReport[]; virtualMs: number; messages: number } {
  const c = new Cluster(clusterOptions(f)).start();
  try {
    const budget = 600_000 * f.heights; // virtual ms: ten simulated minutes per height
    if (!c.runUntil(() => c.decided(f.heights), budget)) {
      const at = c.ids.map((id) => `${id}@${c.nodes.get(id)!.projection.height}`).join(' ');
      throw new Error(`no progress: not all nodes decided height ${f.heights} within ${budget} virtual ms (${at})`);
    }
    const reports = heightReports(c.ids, f.heights, (id, h) => c.nodes.get(id)!.decision(h)!);
    return { reports, virtualMs: Math.round(c.clock.now()), messages: c.net.delivered };
  } finally {
    c.stop();
  }
}

/** `run --channels K`: the heights as `simulate`, plus one report per channel update. */
export async function simulateChannels(f: RunFlags): Promise<{ reports: HeightReport[]; updates: UpdateReport[]; virtualMs: number; messages: number }> {
  const { lastHeight: _, ...cluster } = clusterOptions(f);
  const budget = 600_000 * f.heights;
  const r = await runChannels({
    cluster, heights: f.heights, updates: f.channels, budgetMs: budget,
    ...(f.crypto === 'bls' ? { backend: backendByName(f.backend) } : {}),
  });
  const missing = [...r.decisions].filter(([, ds]) => ds[f.heights - 1] === undefined).map(([id]) => id);
  if (missing.length > 0) throw new Error(`no progress: ${missing.join(',')} did not decide height ${f.heights} within ${budget} virtual ms`);
  const reports = heightReports([...r.decisions.keys()], f.heights, (id, h) => r.decisions.get(id)![h - 1]!);
  return { reports, updates: r.updates, virtualMs: r.virtualMs, messages: r.messages };
}

const short = (hex: string): string => (hex.length > 20 ? `${hex.slice(0, 8)}…${hex.slice(-8)}` : hex || '-');

export async function run(args: string[]): Promise<number> {
  let flags;
  try {
    flags = parse(args);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`hybrid-bft run: ${e.message}\nRun 'hybrid-bft run --help' for the options.`);
      return 2;
    }
    throw e;
  }
  if (flags === 'help') { console.log(USAGE); return 0; }
  if (flags.crypto === 'bls') {
    try {
      backendByName(flags.backend);
    } catch (e) {
      if (e instanceof BackendError) { console.error(`hybrid-bft run: ${e.message}`); return 2; }
      throw e;
    }
  }
  if (flags.channels > 0) return runWithChannels(flags);
  const { reports, virtualMs, messages } = simulate(flags);
  if (flags.json) {
    for (const r of reports) console.log(JSON.stringify(r));
  } else {
    console.log(`${flags.nodes} nodes, ${flags.heights} heights, seed ${flags.seed}, ${flags.crypto === 'bls' ? `bls (${flags.backend})` : flags.crypto} signatures: `
      + `${messages} messages delivered, ${virtualMs} virtual ms`);
    for (const r of reports)
      console.log(`height ${r.height}  value ${r.value}  round ${r.round}  signers ${r.signers.join(',')}  (${r.decidedBy.length}/${flags.nodes} agree)`);
  }
  return 0;
}

async function runWithChannels(flags: RunFlags): Promise<number> {
  const { reports, updates, virtualMs, messages } = await simulateChannels(flags);
  const ok = updates.every((u) => u.verdict === 'accepted');
  if (flags.json) {
    for (const r of reports) console.log(JSON.stringify(r));
    for (const u of updates) console.log(JSON.stringify({ update: u.nonce, ...u }));
  } else {
    const t = channelThreshold(flags.nodes);
    console.log(`${flags.nodes} nodes, ${flags.heights} heights, seed ${flags.seed}, ${flags.crypto === 'bls' ? `bls (${flags.backend})` : flags.crypto} signatures, `
      + `${flags.channels} channel updates (threshold ${t} of ${flags.nodes}, counterparty ${COUNTERPARTY_ID}): ${messages} messages delivered, ${virtualMs} virtual ms`);
    for (const r of reports)
      console.log(`height ${r.height}  value ${short(r.value)}  round ${r.round}  signers ${r.signers.join(',')}  (${r.decidedBy.length}/${flags.nodes} agree)`);
    for (const u of updates)
      console.log(`update ${u.channelId}#${u.nonce}  decided at height ${u.height ?? '-'}  shares ${u.signers.join(',') || '-'} (${u.signerIds.join(',') || '-'})  `
        + `certificate ${short(u.certificate)}  ledger: ${u.verdict === 'accepted' ? 'accepted' : `${u.verdict} (${u.detail})`}`);
  }
  return ok ? 0 : 1;
}
