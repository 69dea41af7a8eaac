// The state graph TLC writes with `-dump dot,actionlabels FILE`: one line per node
//   <id> [label="<state, dot-escaped>"(,style = filled)]      (filled = initial state)
// and one line per transition
//   <from> -> <to> [label="<action>",color="black",fontcolor="black"];
// Node ids are TLC's 64-bit fingerprints (kept as strings). States are parsed lazily:
// a graph can have many nodes and a cover only needs those on its paths.
import { closeSync, openSync, readSync } from 'node:fs';
import { parseState, type TlaState } from './value.ts';

export interface DotEdge { from: string; to: string; action: string | undefined }

/** Where a node's line is in the dump file (bytes), for graphs too big to hold as text. */
export interface LabelRef { offset: number; length: number }

export interface DotGraph {
  /** Node id → its state text (TLC's "/\ x = ..." form, unescaped), or where to read it. */
  nodes: Map<string, string | LabelRef>;
  /** The dump file, when labels are LabelRefs (readDotFile). */
  file?: string;
  initial: string[];
  /** Distinct (from, to, action) triples, in file order. */
  edges: DotEdge[];
}

const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';
const NODE = new RegExp(`^(-?\\d+) \\[label=${QUOTED}(.*)\\]\\s*;?\\s*$`);
const EDGE = new RegExp(`^(-?\\d+) -> (-?\\d+)(?: \\[label=${QUOTED}.*\\])?\\s*;?\\s*$`);

/** Undoes dot's escaping: \\ → \, \" → ", \n → newline (left to right). */
export function unescapeDot(s: string): string {
  return s.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}

/** Accumulates a graph line by line; `label` says what to keep for a node. */
class DotBuilder {
  readonly nodes = new Map<string, string | LabelRef>();
  readonly initial: string[] = [];
  readonly edges: DotEdge[] = [];
  private readonly seen = new Set<string>();
  private readonly actions = new Map<string, string>(); // interned: a few names, many edges
  private header = false;
  constructor(private readonly where: string) {}

  line(raw: string, lineNo: number, ref: LabelRef | undefined): void {
    if (lineNo === 1) {
      if (!/^(strict )?digraph /.test(raw)) throw new Error(`${this.where}: expected "strict digraph" on line 1, got ${JSON.stringify(raw.slice(0, 40))}`);
      this.header = true;
      return;
    }
    const line = raw.trim();
    const e = EDGE.exec(line);
    if (e !== null) {
      let action: string | undefined;
      if (e[3] !== undefined) {
        const a = unescapeDot(e[3]);
        action = this.actions.get(a) ?? a;
        this.actions.set(a, action);
      }
      const key = `${e[1]} ${e[2]} ${action ?? ''}`;
      if (!this.seen.has(key)) { this.seen.add(key); this.edges.push({ from: e[1]!, to: e[2]!, action }); }
      return;
    }
    const n = NODE.exec(line);
    if (n !== null) {
      this.nodes.set(n[1]!, ref ?? unescapeDot(n[2]!));
      if (/style\s*=\s*filled/.test(n[3]!)) this.initial.push(n[1]!);
      return;
    }
    if (/^-?\d+ /.test(line)) {
      throw new Error(`${this.where}: line ${lineNo}: expected a node or an edge, got ${JSON.stringify(line.slice(0, 60))}`);
    }
    // Everything else is layout (subgraph, rank, braces).
  }

  done(file?: string): DotGraph {
    if (!this.header) {
      throw new Error(`${this.where}: expected "strict digraph" on line 1, got an empty file`);
    }
    for (const e of this.edges) {
      for (const id of [e.from, e.to]) {
        if (!this.nodes.has(id)) throw new Error(`${this.where}: edge ${e.from} -> ${e.to} names node ${id}, which has no label line`);
      }
    }
    return { nodes: this.nodes, initial: this.initial, edges: this.edges, ...(file === undefined ? {} : { file }) };
  }

}

/** Parses a dump held in memory (labels kept as text). */
export function parseDot(text: string, where = 'parseDot'): DotGraph {
  const b = new DotBuilder(where);
  text.split('\n').forEach((line, i) => b.line(line, i + 1, undefined));
  return b.done();
}

/**
 * Reads a dump file in chunks, keeping only where each node's line is: a graph of
 * hundreds of thousands of big states does not fit in one string.
 */
export function readDotFile(path: string, chunkSize = 4 << 20): DotGraph {
  const b = new DotBuilder(path);
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(chunkSize);
    let carry = Buffer.alloc(0);
    let carryOffset = 0;
    let lineNo = 0;
    const emit = (bytes: Buffer, offset: number): void => {
      lineNo++;
      b.line(bytes.toString('utf8'), lineNo, { offset, length: bytes.length });
    };
    for (let pos = 0; ;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      const chunk = carry.length > 0 ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      const base = carry.length > 0 ? carryOffset : pos;
      let start = 0;
      for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
        emit(chunk.subarray(start, nl), base + start);
        start = nl + 1;
      }
      carry = Buffer.from(chunk.subarray(start));
      carryOffset = base + start;
      pos += n;
    }
    if (carry.length > 0) emit(carry, carryOffset);
  } finally {
    closeSync(fd);
  }
  return b.done(path);
}

/** The parsed state of a node. */
export function nodeState(g: DotGraph, id: string): TlaState {
  const label = g.nodes.get(id);
  if (label === undefined) throw new Error(`nodeState: no node ${id} in the graph`);
  if (typeof label === 'string') return parseState(label, `state of node ${id}`);
  if (g.file === undefined) throw new Error(`nodeState: node ${id} refers to a file, but the graph names none`);
  const bytes = Buffer.alloc(label.length);
  const fd = openSync(g.file, 'r');
  try {
    readSync(fd, bytes, 0, label.length, label.offset);
  } finally {
    closeSync(fd);
  }
  const m = NODE.exec(bytes.toString('utf8').trim());
  if (m === null) throw new Error(`nodeState: ${g.file} at byte ${label.offset}: expected the line of node ${id}`);
  return parseState(unescapeDot(m[2]!), `state of node ${id}`);
}
