// The state graph TLC writes with `-dump dot,actionlabels FILE`: one line per node
//   <id> [label="<state, dot-escaped>"(,style = filled)]      (filled = initial state)
// and one line per transition
//   <from> -> <to> [label="<action>",color="black",fontcolor="black"];
// Node ids are TLC's 64-bit fingerprints (kept as strings). States are parsed lazily:
// a graph can have many nodes and a cover only needs those on its paths.
import { parseState, type TlaState } from './value.ts';

export interface DotEdge { from: string; to: string; action: string | undefined }

export interface DotGraph {
  /** Node id → its state text (TLC's "/\ x = ..." form, unescaped). */
  nodes: Map<string, string>;
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

export function parseDot(text: string, where = 'parseDot'): DotGraph {
  const nodes = new Map<string, string>();
  const initial: string[] = [];
  const edges: DotEdge[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  if (!/^(strict )?digraph /.test(lines[0] ?? '')) {
    throw new Error(`${where}: expected "strict digraph" on line 1, got ${JSON.stringify((lines[0] ?? '').slice(0, 40))}`);
  }
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const e = EDGE.exec(line);
    if (e !== null) {
      const action = e[3] === undefined ? undefined : unescapeDot(e[3]);
      const key = `${e[1]} ${e[2]} ${action ?? ''}`;
      if (!seen.has(key)) { seen.add(key); edges.push({ from: e[1]!, to: e[2]!, action }); }
      return;
    }
    const n = NODE.exec(line);
    if (n !== null) {
      nodes.set(n[1]!, unescapeDot(n[2]!));
      if (/style\s*=\s*filled/.test(n[3]!)) initial.push(n[1]!);
      return;
    }
    if (/^-?\d+ /.test(line) && !line.startsWith('{')) {
      throw new Error(`${where}: line ${i + 1}: expected a node or an edge, got ${JSON.stringify(line.slice(0, 60))}`);
    }
    // Everything else is layout (subgraph, rank, braces).
  });
  for (const e of edges) {
    for (const id of [e.from, e.to]) {
      if (!nodes.has(id)) throw new Error(`${where}: edge ${e.from} -> ${e.to} names node ${id}, which has no label line`);
    }
  }
  return { nodes, initial, edges };
}

/** The parsed state of a node. */
export function nodeState(g: DotGraph, id: string): TlaState {
  const text = g.nodes.get(id);
  if (text === undefined) throw new Error(`nodeState: no node ${id} in the graph`);
  return parseState(text, `state of node ${id}`);
}
