// `hybrid-bft simulate`: randomized fault-injection runs of the real node (src/sim).
// Exit 0: every run passed every check; 1: a violation (reproduction written); 2: usage.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SMALL, type ScheduleBounds } from '../sim/arbitrary.ts';
import { campaign, campaignAsync, formatReproduction, type CampaignTotals } from '../sim/campaign.ts';
import { checkSchedule, livenessRounds, type Schedule } from '../sim/schedule.ts';
import { simulateAsync } from '../sim/world.ts';
import { intInRange, UsageError } from '../check/args.ts';

const USAGE = `usage: hybrid-bft simulate [--runs N | --minutes M] [--seed S] [--nodes N] [--heights H]
                          [--crypto trusting|bls] [--channels K] [--repro FILE] [--json]
       hybrid-bft simulate --replay FILE

Runs the real node (core, WAL, timers, height sync) of n validators on a simulated
network and clock, under fault schedules drawn by fast-check from one seed: message
delay, loss, duplication and reordering, partitions that heal, crash-restart from the
WAL at any point (also between the WAL sync and the send), and up to f Byzantine
validators (equivocating proposer, double voter, invalid values, amnesia, silence,
replay of old messages). Every run is checked for Agreement, Validity, no conflicting
signatures of a correct validator (across restarts), a valid certificate for every
decision, and liveness after stabilization (each height decided within f+3 rounds of
the highest round reached by then). A violation is shrunk to a minimal schedule and
written, with a readable event list, to the reproduction file.

  --runs N        runs (default 1000)
  --minutes M     run for M minutes instead (soak)
  --seed S        fast-check seed (default 1); same seed, same runs
  --nodes N       validators, 4..100 (default 4); the count of Byzantine ones is drawn, up to f
  --heights H     at most H heights per run, 1..50 (default 3)
  --crypto K      trusting (abstract signatures, default) or bls (real BLS12-381, slow)
  --channels K    add the channel workload: up to K pending updates (one per height) are
                  proposed as values, signed with threshold shares after the decision,
                  collected by a counterparty over the network and submitted to its
                  ledger; each Byzantine validator also draws a channel behaviour (bad
                  partials, partials for undecided updates and forging, silence).
                  Checked: every accepted update was decided, no two certified updates
                  for one (channel, nonce), every decided update accepted after
                  stabilization. Real BLS threshold signatures: about 1-2 s per run
  --repro FILE    where a failure's reproduction goes (default simulate-repro.json)
  --replay FILE   run the schedule of a reproduction file again and print its events
  --json          one JSON object (totals, failure) instead of text
  --help          this text`;

function progressLine(t: CampaignTotals): string {
  return `runs ${t.runs}  heights ${t.heights}  steps ${t.steps}  faults: crashes ${t.crashes}, partitions ${t.partitions}, `
    + `Byzantine ${t.byzantine}, copies lost ${t.lost}, duplicated ${t.duplicated}  max round ${t.maxRound}  violations ${t.violations}  `
    + `${t.certified !== undefined ? `channel updates accepted ${t.certified}  ` : ''}${(t.runs / Math.max(t.seconds, 1e-9)).toFixed(1)} runs/s`;
}

async function replay(file: string, json: boolean): Promise<number> {
  let s: Schedule;
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { schedule?: Schedule };
    s = checkSchedule(raw.schedule ?? (raw as unknown as Schedule));
  } catch (e) {
    console.error(`simulate: cannot read the reproduction ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const r = await simulateAsync(s);
  if (json) console.log(JSON.stringify({ schedule: s, events: r.log, violations: r.violations, stats: r.stats }));
  else {
    for (const l of r.log) console.log(l);
    console.log(r.violations.length === 0 ? 'no violation' : r.violations.map((v) => `VIOLATION ${v.kind}: ${v.detail}`).join('\n'));
  }
  return r.violations.length === 0 ? 0 : 1;
}

export async function run(args: string[]): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args, strict: true, allowPositionals: false,
      options: {
        runs: { type: 'string' }, minutes: { type: 'string' }, seed: { type: 'string' }, nodes: { type: 'string' },
        heights: { type: 'string' }, crypto: { type: 'string' }, channels: { type: 'string' }, repro: { type: 'string' }, replay: { type: 'string' },
        json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    }).values;
    if (v.help === true) { console.log(USAGE); return 0; }
    if (v.replay !== undefined) return replay(v.replay, v.json === true);
    if (v.runs !== undefined && v.minutes !== undefined) throw new UsageError('give --runs or --minutes, not both');
    const crypto = v.crypto ?? 'trusting';
    if (crypto !== 'trusting' && crypto !== 'bls') throw new UsageError(`--crypto: expected trusting or bls, got '${crypto}'`);
    const nodes = intInRange('nodes', v.nodes, 4, 4, 100);
    const bounds: ScheduleBounds = { ...SMALL, minN: nodes, maxN: nodes, maxHeights: intInRange('heights', v.heights, 3, 1, 50), crypto };
    if (v.channels !== undefined) bounds.channels = intInRange('channels', v.channels, 1, 1, 50);
    const minutes = v.minutes === undefined ? undefined : intInRange('minutes', v.minutes, 1, 1, 10_000);
    const runs = minutes === undefined ? intInRange('runs', v.runs, 1000, 1, 100_000_000) : undefined;
    const seed = intInRange('seed', v.seed, 1, 0, 2 ** 31 - 1);
    const json = v.json === true;
    const tty = process.stderr.isTTY === true && !json;
    let last = 0;
    const res = await (bounds.channels === undefined ? campaign : campaignAsync)({
      seed, bounds, ...(runs !== undefined ? { runs } : {}), ...(minutes !== undefined ? { untilMs: minutes * 60_000 } : {}),
      onRun: (t) => {
        const now = Date.now();
        if (tty && now - last > 200) { last = now; process.stderr.write(`\r\x1b[K${progressLine(t)}`); }
        else if (!tty && !json && now - last > 10_000) { last = now; process.stderr.write(`${progressLine(t)}\n`); }
      },
    });
    if (tty) process.stderr.write('\r\x1b[K');
    const reproFile = v.repro ?? 'simulate-repro.json';
    if (res.failure !== null) {
      writeFileSync(reproFile, JSON.stringify({ ...res.failure, readable: formatReproduction(res.failure).split('\n') }, null, 2) + '\n');
    }
    if (json) {
      console.log(JSON.stringify({ ok: res.failure === null, totals: res.totals, livenessRounds: `f+${livenessRounds(0)}`,
        failure: res.failure === null ? null : { ...res.failure, file: reproFile } }));
    } else {
      console.log(progressLine(res.totals));
      console.log(`${res.totals.runs} runs in ${res.totals.seconds.toFixed(1)} s (seed ${seed})`);
      if (res.failure !== null) {
        console.log(formatReproduction(res.failure));
        console.log(`reproduction written to ${reproFile} (run it again: hybrid-bft simulate --replay ${reproFile})`);
      } else console.log(`every run passed: Agreement, Validity, no conflicting signatures, certificates, liveness after GST${bounds.channels !== undefined
        ? '; channels: every accepted update decided, one certified update per nonce, every decided update accepted' : ''}`);
    }
    return res.failure === null ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && /argument|option/i.test(e.message))) {
      console.error(`hybrid-bft simulate: ${e.message}\n\nRun 'hybrid-bft simulate --help' for the options.`);
      return 2;
    }
    throw e;
  }
}
