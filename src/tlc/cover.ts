// A transition cover of a state graph: paths from initial states that together take
// every edge at least once. Greedy: take an untaken edge nearest to an initial state,
// reach its source by a shortest path (BFS), then keep walking along untaken edges
// (DFS-like) until the walk is stuck; repeat. Not minimal (that is a Chinese-postman
// problem), but few paths in practice, and each path is a real behaviour.

export interface Edge { from: string; to: string }

export interface CoverGraph<E extends Edge> { initial: string[]; edges: E[] }

/** A path: its start (an initial state) and the edges taken, in order. */
export interface CoverPath<E extends Edge> { start: string; edges: E[] }

/**
 * Returns paths covering every edge reachable from an initial state. Throws if an edge
 * cannot be reached (TLC's dumps only hold reachable states, so that means a bad graph).
 */
export function transitionCover<E extends Edge>(g: CoverGraph<E>): CoverPath<E>[] {
  const out = new Map<string, number[]>();
  g.edges.forEach((e, i) => {
    const list = out.get(e.from);
    if (list === undefined) out.set(e.from, [i]); else list.push(i);
  });
  // BFS from all initial states: the edge by which each node is first reached.
  const parent = new Map<string, number | null>();
  const order: string[] = [];
  for (const s of g.initial) if (!parent.has(s)) { parent.set(s, null); order.push(s); }
  for (let k = 0; k < order.length; k++) {
    for (const i of out.get(order[k]!) ?? []) {
      const to = g.edges[i]!.to;
      if (!parent.has(to)) { parent.set(to, i); order.push(to); }
    }
  }
  const unreachable = g.edges.find((e) => !parent.has(e.from));
  if (unreachable !== undefined) {
    throw new Error(`transitionCover: edge ${unreachable.from} -> ${unreachable.to} is not reachable from an initial state`);
  }
  const taken = new Array<boolean>(g.edges.length).fill(false);
  const nextUntaken = new Map<string, number>(); // per node: index into out[] to resume from
  const untakenFrom = (n: string): number | undefined => {
    const list = out.get(n) ?? [];
    let k = nextUntaken.get(n) ?? 0;
    while (k < list.length && taken[list[k]!]) k++;
    nextUntaken.set(n, k);
    return k < list.length ? list[k] : undefined;
  };
  const paths: CoverPath<E>[] = [];
  // Visiting sources in BFS order makes the prefixes short.
  for (const source of order) {
    while (untakenFrom(source) !== undefined) {
      const prefix: number[] = [];
      let n = source;
      for (let p = parent.get(n); p !== null && p !== undefined; p = parent.get(n)) { prefix.push(p); n = g.edges[p]!.from; }
      prefix.reverse();
      const walk = [...prefix];
      for (const i of prefix) taken[i] = true;
      let cur = source;
      for (let i = untakenFrom(cur); i !== undefined; i = untakenFrom(cur)) {
        taken[i] = true;
        walk.push(i);
        cur = g.edges[i]!.to;
      }
      paths.push({ start: n, edges: walk.map((i) => g.edges[i]!) });
    }
  }
  return paths;
}
