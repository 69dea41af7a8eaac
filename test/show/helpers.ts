// What a page must show, read straight from the inputs without the project's parsers:
// the validators and every delivery (step, sender, receiver, type), so that the tests
// of src/show/ compare against an independent reading.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../../scripts/tlc-jar.mjs';

export const ROOT: string = PROJECT_ROOT;

/** The committed counterexamples and witnesses, and two of the simulated traces. */
export function committedInputs(): string[] {
  const dir = (d: string, re: RegExp): string[] => readdirSync(join(ROOT, d)).filter((f) => re.test(f)).sort().map((f) => join(ROOT, d, f));
  return [
    ...dir('spec/counterexamples', /\.txt$/),
    ...dir('traces/witness', /\.itf\.json(\.gz)?$/),
    ...dir('traces/sim', /^sim-sim-20261124-[01]\.itf\.json\.gz$/),
  ];
}

export interface Expected {
  validators: string[];
  byzantine: string[];
  /** [step (1-based), from, to, type] for every Deliver step. */
  deliveries: [number, string, string, string][];
  /** The property the page must highlight, if any. */
  property: string | undefined;
  steps: number;
}

interface Itf { '#meta'?: { violated?: string }; states: { event: { kind: string; p?: string; msg?: { src: string; type: string } }; params: { validators: string[]; faulty: { '#set': string[] } } }[] }

function fromItf(path: string): Expected {
  const raw = readFileSync(path);
  const j = JSON.parse((path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8')) as Itf;
  const p = j.states[0]!.params;
  return {
    validators: p.validators, byzantine: p.faulty['#set'], property: j['#meta']?.violated, steps: j.states.length,
    deliveries: j.states.flatMap((s, i) => (s.event.kind === 'Deliver' ? [[i + 1, s.event.msg!.src, s.event.p!, s.event.msg!.type] as [number, string, string, string]] : [])),
  };
}

function fromTable(path: string): Expected {
  const text = readFileSync(path, 'utf8');
  const list = (name: string): string[] => [...new RegExp(`^\\s+${name}\\s+[<{](.*)[>}]$`, 'm').exec(text)![1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
  const deliveries: Expected['deliveries'] = [];
  let step = 0;
  let cur: { to: string; src?: string; type?: string } | undefined;
  const flush = (): void => { if (cur !== undefined) deliveries.push([step, cur.src!, cur.to, cur.type!]); cur = undefined; };
  for (const line of text.split('\n')) {
    const head = /^\s*(\d+)\s{2}(\S+)\s+(\S+)?\s/.exec(line);
    if (head !== null && /^\s*\d+\s{2}\S/.test(line)) {
      flush();
      step = Number(head[1]);
      if (head[2] === 'Deliver') cur = { to: head[3]! };
    }
    const src = /\bevent\.msg\.src\s+"([^"]+)"/.exec(line);
    const type = /\bevent\.msg\.type\s+"([^"]+)"/.exec(line);
    if (cur !== undefined && src !== null) cur.src = src[1]!;
    if (cur !== undefined && type !== null) cur.type = type[1]!;
  }
  flush();
  return { validators: list('params\\.validators'), byzantine: list('params\\.faulty'), deliveries, property: /^ok\s+\S+: (\S+) violated/m.exec(text)?.[1], steps: step };
}

/** The expectation for one committed input (ITF or `hybrid-bft tlc` output). */
export function expected(path: string): Expected {
  return path.endsWith('.txt') ? fromTable(path) : fromItf(path);
}
