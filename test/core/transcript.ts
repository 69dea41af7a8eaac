// A tiny etcd-style transcript runner: a script of commands, each followed by `----`
// and its golden output (outputs, fired rules, projection). `runScript` returns the
// script with fresh outputs; the test compares it with the file, and UPDATE_GOLDEN=1
// (or --rewrite) writes it back. Commands:
//   config [self=c1] [validators=c1,c2,c3,c4] [invalid=bad,..] [maxRound=N] [ahead=N] [buffer=N]
//   start h=1 [value=A]                                    (value: getValue's answer)
//   deliver proposal|prevote|precommit|commit from=c2 h=1 r=0 value=A [vr=0] [signers=c1,c2,c3] [get=V]
//   timeout propose|prevote|precommit h=1 r=0 [value=A]
//   store h=1                                              (vote tallies per round)
import { makeConfig, type CoreConfig } from '../../src/core/config.ts';
import { describe as describeMsg } from '../../src/core/messages.ts';
import { initState, project, step, type ConsensusState } from '../../src/core/step.ts';
import { roundsOf } from '../../src/core/store.ts';
import type { ConsensusEvent, ConsensusMessage, ConsensusOutput, MessageType, TimeoutKind } from '../../src/core/types.ts';
import { tally } from '../../src/core/votes.ts';

type Args = Map<string, string>;

function parseArgs(words: string[]): { positional: string[]; args: Args } {
  const positional: string[] = [];
  const args: Args = new Map();
  for (const w of words) {
    const i = w.indexOf('=');
    if (i < 0) positional.push(w); else args.set(w.slice(0, i), w.slice(i + 1));
  }
  return { positional, args };
}

function need(args: Args, key: string, cmd: string): string {
  const v = args.get(key);
  if (v === undefined) throw new Error(`transcript: "${cmd}" needs ${key}=`);
  return v;
}
const int = (args: Args, key: string, cmd: string): number => {
  const s = need(args, key, cmd);
  const n = Number(s);
  if (!Number.isInteger(n)) throw new Error(`transcript: "${cmd}": ${key} expected an integer, got ${s}`);
  return n;
};

const evidenceText = (m: ConsensusMessage): string => (m.type === 'PROPOSAL' ? `${m.value} vr=${m.validRound}` : m.value);

export function formatOutput(o: ConsensusOutput): string {
  switch (o.kind) {
    case 'broadcast': return `broadcast ${describeMsg(o.msg)}`;
    case 'scheduleTimeout': return `schedule ${o.timeout} h=${o.height} r=${o.round} ${o.durationMs}ms`;
    case 'getValue': return `getValue h=${o.height} r=${o.round}`;
    case 'decide': return `decide h=${o.height} ${o.value} r=${o.round} cert=${o.cert.signers.join(',')}`;
    case 'evidence': return `evidence ${o.type} ${o.src} h=${o.height} r=${o.round}: ${evidenceText(o.first)} then ${evidenceText(o.second)}`;
    case 'rejected': return `rejected ${o.reason}: ${o.detail}`;
    default: { const never: never = o; throw new Error(`unreachable ${JSON.stringify(never)}`); }
  }
}

export function formatState(s: ConsensusState): string {
  const p = project(s);
  const ds = Object.entries(p.decisions).map(([h, d]) => `${h}:${d.value}/r${d.round}`).join(' ') || '-';
  return `state: h=${p.height} r=${p.round} ${p.step} locked=${p.lockedValue}/${p.lockedRound} valid=${p.validValue}/${p.validRound} decided=${ds}`;
}

class Session {
  cfg: CoreConfig;
  state: ConsensusState;
  constructor() { this.cfg = this.configure(new Map()); this.state = initState(this.cfg); }

  configure(args: Args): CoreConfig {
    const invalid = new Set((args.get('invalid') ?? 'bad').split(','));
    return makeConfig({
      validators: (args.get('validators') ?? 'c1,c2,c3,c4').split(','),
      self: args.get('self') ?? 'c1',
      isValid: (v) => !invalid.has(v),
      timeouts: { propose: { baseMs: 3000, deltaMs: 1000 }, prevote: { baseMs: 1000, deltaMs: 500 }, precommit: { baseMs: 1000, deltaMs: 500 } },
      ...(args.has('maxRound') ? { maxRound: Number(args.get('maxRound')) } : {}),
      futureBuffer: { maxHeightsAhead: Number(args.get('ahead') ?? 2), maxMessages: Number(args.get('buffer') ?? 1000) },
    });
  }

  run(line: string): string[] {
    const [cmd, ...rest] = line.trim().split(/\s+/);
    const { positional, args } = parseArgs(rest);
    switch (cmd) {
      case 'config':
        this.cfg = this.configure(args);
        this.state = initState(this.cfg);
        return ['ok'];
      case 'start':
        return this.apply({ kind: 'StartHeight', height: int(args, 'h', line), value: args.get('value') ?? 'none' });
      case 'deliver':
        return this.apply({ kind: 'Deliver', msg: this.message(positional[0], args, line), value: args.get('get') ?? 'none' });
      case 'timeout': {
        const kind = positional[0] as TimeoutKind;
        if (!['propose', 'prevote', 'precommit'].includes(kind)) throw new Error(`transcript: "${line}": unknown timeout ${kind}`);
        return this.apply({ kind: 'Timeout', timeout: kind, height: int(args, 'h', line), round: int(args, 'r', line), value: args.get('value') ?? 'none' });
      }
      case 'store': {
        const h = int(args, 'h', line);
        const lines = roundsOf(this.state.store, h).map((r) => {
          const t = (type: 'PREVOTE' | 'PRECOMMIT') => [...tally(this.state.store, h, r, type)].map(([v, n]) => `${v}=${n}`).join(' ') || '-';
          return `r${r}: prevote ${t('PREVOTE')} | precommit ${t('PRECOMMIT')}`;
        });
        return lines.length > 0 ? lines : ['(empty)'];
      }
      default: throw new Error(`transcript: unknown command "${cmd}"`);
    }
  }

  message(kind: string | undefined, args: Args, line: string): ConsensusMessage {
    const type = (kind ?? '').toUpperCase() as MessageType;
    if (!['PROPOSAL', 'PREVOTE', 'PRECOMMIT', 'COMMIT'].includes(type)) throw new Error(`transcript: "${line}": unknown message type ${kind}`);
    const m: ConsensusMessage = {
      type, src: need(args, 'from', line), height: int(args, 'h', line), round: int(args, 'r', line),
      value: need(args, 'value', line), validRound: args.has('vr') ? int(args, 'vr', line) : -1,
    };
    if (type === 'COMMIT') m.cert = { signers: need(args, 'signers', line).split(',') };
    return m;
  }

  apply(event: ConsensusEvent): string[] {
    try {
      const r = step(this.cfg, this.state, event);
      this.state = r.state;
      return [`fired: ${r.fired.join(' ') || '-'}`, ...r.outputs.map(formatOutput), formatState(r.state)];
    } catch (e) {
      return [`error: ${e instanceof Error ? e.message : String(e)}`];
    }
  }
}

/**
 * Runs a script and returns it with every `----` block replaced by fresh output.
 * Comments (`#`) and blank lines are kept; an output block ends at a blank line.
 */
export function runScript(text: string): string {
  const session = new Session();
  const out: string[] = [];
  const lines = text.split('\n');
  let last: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '----') {
      if (last === null) throw new Error(`transcript: line ${i + 1}: ---- without a command`);
      out.push('----', ...session.run(last));
      last = null;
      while (i + 1 < lines.length && lines[i + 1]!.trim() !== '') i++; // skip the old output
      continue;
    }
    out.push(line);
    if (line.trim() !== '' && !line.trimStart().startsWith('#')) {
      if (last !== null) throw new Error(`transcript: line ${i + 1}: command "${last}" has no ---- block`);
      last = line;
    }
  }
  if (last !== null) throw new Error(`transcript: command "${last}" has no ---- block`);
  return out.join('\n');
}
