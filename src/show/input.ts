// What `hybrid-bft show` reads, told apart by content, and reduced to the steps of
// leaves.ts plus the property the trace violates:
//  - an ITF trace (.itf.json, or gzip-compressed .itf.json.gz), as `traces` writes it;
//    "#meta".violated names the property of a witness;
//  - the text `hybrid-bft tlc <name>` prints for a violation (its summary line and the
//    trace table), e.g. spec/counterexamples/*.txt;
//  - TLC's own output with an error trace, plain or -tool.
// Every problem is a ShowInputError whose message is one sentence naming the file.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { itfToTrace } from '../tlc/itf.ts';
import { ToolSplitter } from '../tlc/messages.ts';
import { ToolReducer, type Outcome } from '../tlc/report.ts';
import { traceTable } from '../tlc/table.ts';
import { parseTraceStateMessage, type Trace } from '../tlc/trace.ts';
import { hasTraceTable, leavesFromTable, leavesFromTrace, TableFormatError, type LeafStep } from './leaves.ts';

export class ShowInputError extends Error {}

export interface ShowSource {
  steps: LeafStep[];
  /** The violated property (or "deadlock"), when the input names one. */
  property: string | undefined;
  /** A false invariant shown on purpose (ITF kind "witness", or a Never* invariant). */
  witness: boolean;
  /** What kind of input it was, for the page: "ITF trace", "hybrid-bft tlc output", "TLC output". */
  format: string;
  facts: [string, string][];
  table: string | undefined;
}

/** How a liveness counterexample ends, as a fact for the page (none for a finite trace). */
export function endingFacts(trace: Trace): [string, string][] {
  if (trace.loop !== undefined) return [['ends', `loops back to state ${trace.loop.toIndex} for ever (a lasso)`]];
  if (trace.stuttering === true) return [['ends', 'stutters for ever']];
  return [];
}

/** spec/Consensus.tla names each of its false invariants (witnesses) Never*. */
export function isWitnessName(property: string): boolean {
  return /^Never[A-Z]/.test(property);
}

const HINT = 'give an ITF trace (.itf.json or .itf.json.gz), the output of `hybrid-bft tlc <name>`, or TLC\'s output with an error trace';

function readText(path: string): string {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ShowInputError(`${path} does not exist: ${HINT}`);
    if (code === 'EISDIR') throw new ShowInputError(`${path} is a folder: ${HINT}`);
    if (code === 'EACCES') throw new ShowInputError(`${path} cannot be read (permission denied): make it readable or copy it`);
    throw new ShowInputError(`${path} cannot be read (${code ?? String(e)})`);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw).toString('utf8');
    } catch (e) {
      throw new ShowInputError(`${path} is not a complete gzip file (${e instanceof Error ? e.message : String(e)}): it is probably truncated; copy or generate it again`);
    }
  }
  if (path.endsWith('.gz')) throw new ShowInputError(`${path} is not gzip-compressed although its name ends in .gz: ${HINT}`);
  return raw.toString('utf8');
}

function fromItf(path: string, text: string): ShowSource {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ShowInputError(`${path} is not valid JSON (${e instanceof Error ? e.message : String(e)}): ${HINT}`);
  }
  let trace: Trace;
  let meta: Record<string, unknown>;
  try {
    ({ trace, meta } = itfToTrace(json));
  } catch (e) {
    throw new ShowInputError(`${path} is JSON but not an ITF trace (${e instanceof Error ? e.message.replace(/^itfToTrace: /, '') : String(e)})`);
  }
  if (trace.steps.length === 0) throw new ShowInputError(`${path} is an ITF trace with no states: there is nothing to draw`);
  const property = typeof meta.violated === 'string' ? meta.violated : undefined;
  const facts: [string, string][] = [];
  for (const k of ['model', 'config', 'kind', 'seed', 'command']) {
    const v = meta[k];
    if (typeof v === 'string' || typeof v === 'number') facts.push([k, String(v)]);
  }
  return {
    steps: leavesFromTrace(trace), property, witness: meta.kind === 'witness' || (property !== undefined && isWitnessName(property)),
    format: 'ITF trace', facts: [...facts, ...endingFacts(trace)], table: traceTable(trace),
  };
}

/** The property of a violation outcome, undefined for anything else. */
export function violatedProperty(o: Outcome): string | undefined {
  switch (o.kind) {
    case 'invariant': return o.name;
    case 'property': return o.name ?? 'a temporal property (TLC does not name it)';
    case 'deadlock': return 'deadlock';
    case 'holds': case 'parse-error': case 'error': return undefined;
  }
}

function fromTrace(path: string, trace: Trace | undefined, outcome: Outcome | undefined, format: string): ShowSource {
  if (trace === undefined || trace.steps.length === 0) throw new ShowInputError(`${path} is TLC output without an error trace: there is nothing to draw (TLC prints one only for a violation)`);
  const property = outcome === undefined ? undefined : violatedProperty(outcome);
  return { steps: leavesFromTrace(trace), property, witness: property !== undefined && isWitnessName(property), format, facts: endingFacts(trace), table: traceTable(trace) };
}

/** TLC without -tool: "Error: Invariant X is violated." then "State N: <label>" blocks. */
function plainTlc(path: string, text: string): ShowSource {
  const inv = /^Error: Invariant (\S+) is violated/m.exec(text);
  const prop = /^Error: (?:Action )?[Pp]roperty (\S+) is violated/m.exec(text);
  const outcome: Outcome | undefined = inv !== null ? { kind: 'invariant', name: inv[1]! }
    : prop !== null ? { kind: 'property', name: prop[1]! }
      : /^Error: Deadlock reached/m.test(text) ? { kind: 'deadlock' }
        : /^Error: Temporal properties were violated/m.test(text) ? { kind: 'property', name: undefined } : undefined;
  const blocks = text.split(/\n(?=State \d+: <)/).slice(1);
  const trace: Trace = { steps: [] };
  try {
    for (const b of blocks) {
      const body = b.split(/\n\s*\n/)[0]!.replace(/^State (\d+): /, '$1: ');
      trace.steps.push(parseTraceStateMessage(body));
    }
  } catch (e) {
    throw new ShowInputError(`${path}: a state of TLC's error trace does not parse (${e instanceof Error ? e.message : String(e)})`);
  }
  return fromTrace(path, trace, outcome, 'TLC output');
}

function toolTlc(path: string, text: string): ShowSource {
  const splitter = new ToolSplitter();
  const reducer = new ToolReducer();
  try {
    reducer.feed(splitter.push(text));
    reducer.feed(splitter.end());
  } catch (e) {
    throw new ShowInputError(`${path}: TLC's -tool output does not parse (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = reducer.result();
  return fromTrace(path, r.trace, r.outcome, 'TLC output (-tool)');
}

/** `ok   m-x: Agreement violated, as expected (...)` or `FAIL m-x: expected holds, got Agreement: ...`. */
function fromTable(path: string, text: string): ShowSource {
  let read: ReturnType<typeof leavesFromTable>;
  try {
    read = leavesFromTable(text, path);
  } catch (e) {
    if (e instanceof TableFormatError) throw new ShowInputError(e.message);
    throw e;
  }
  const { steps, table } = read;
  const ok = /^ok\s+(\S+): (\S+) violated, as expected/m.exec(text);
  const fail = /^FAIL\s+(\S+): expected \S+, got ([^:\s]+)/m.exec(text);
  const model = ok?.[1] ?? fail?.[1];
  const got = ok?.[2] ?? fail?.[2];
  const property = got === undefined || got === 'holds' || got === 'error' ? undefined : got;
  return {
    steps, property, witness: property !== undefined && isWitnessName(property), format: 'hybrid-bft tlc output',
    facts: model === undefined ? [] : [['model', model]], table,
  };
}

/** Reads and recognizes one input file; throws ShowInputError (one sentence). */
export function readShowSource(path: string): ShowSource {
  const text = readText(path);
  const head = text.trimStart();
  if (head === '') throw new ShowInputError(`${path} is empty: ${HINT}`);
  if (head.startsWith('{')) return fromItf(path, text);
  if (text.includes('@!@!@STARTMSG')) return toolTlc(path, text);
  if (hasTraceTable(text)) return fromTable(path, text);
  if (/^State \d+: </m.test(text)) return plainTlc(path, text);
  throw new ShowInputError(`${path} is neither an ITF trace nor a counterexample that TLC or hybrid-bft tlc printed: ${HINT}`);
}
