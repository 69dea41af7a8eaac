import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { transitionCover, type Edge } from '../../src/tlc/cover.ts';
import { nodeState, parseDot, readDotFile, unescapeDot } from '../../src/tlc/dot.ts';
import { printValue } from '../../src/tlc/value.ts';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tlc', 'out');
const fixture = (name: string): string => readFileSync(join(OUT, name), 'utf8');

/** Checks that the paths are real walks from initial states and take every edge. */
function assertCovers(g: { initial: string[]; edges: Edge[] }, paths: { start: string; edges: Edge[] }[]): void {
  const taken = new Set<Edge>();
  for (const p of paths) {
    assert.ok(g.initial.includes(p.start), `path starts at ${p.start}, not an initial state`);
    let at = p.start;
    for (const e of p.edges) {
      assert.equal(e.from, at, 'path is not connected');
      taken.add(e);
      at = e.to;
    }
    assert.ok(p.edges.length > 0, 'empty path');
  }
  for (const e of g.edges) assert.ok(taken.has(e), `edge ${e.from} -> ${e.to} not covered`);
}

describe('tlc/dot: -dump dot,actionlabels graphs (captured from TLC 2.18)', () => {
  it('reads nodes, the initial state and labelled edges', () => {
    const g = parseDot(fixture('CounterSmall.dot'));
    assert.equal(g.nodes.size, 4);
    assert.deepEqual(g.initial, ['3351783432484765337']);
    assert.deepEqual(g.edges.map((e) => e.action), ['IncX', 'IncY', 'IncY', 'IncX', 'Reset']);
    const s = nodeState(g, '6620817904882900276');
    assert.equal(printValue(s.get('x')!), '1');
    assert.equal(printValue(s.get('y')!), '1');
  });

  it('unescapes state labels (strings with quotes and backslashes)', () => {
    const g = parseDot(fixture('Values.dot'));
    const s = nodeState(g, g.initial[0]!);
    assert.deepEqual(s.get('s'), { kind: 'str', value: 'a "q" \\ b' });
    assert.equal(unescapeDot('a\\\\\\"b\\nc'), 'a\\"b\nc');
  });

  it('reading the file in chunks gives the same graph, with labels read back on demand', () => {
    for (const name of ['CounterSmall.dot', 'Values.dot']) {
      const inMemory = parseDot(fixture(name));
      // A 7-byte chunk puts line ends (and UTF-8) across every chunk boundary.
      const fromFile = readDotFile(join(OUT, name), 7);
      assert.deepEqual(fromFile.edges, inMemory.edges);
      assert.deepEqual(fromFile.initial, inMemory.initial);
      assert.deepEqual([...fromFile.nodes.keys()], [...inMemory.nodes.keys()]);
      for (const id of inMemory.nodes.keys()) assert.deepEqual(nodeState(fromFile, id), nodeState(inMemory, id));
    }
  });

  it('rejects malformed graphs, saying where', () => {
    assert.throws(() => parseDot(''), /expected "strict digraph" on line 1/);
    assert.throws(() => parseDot('graph x {'), /expected "strict digraph" on line 1/);
    assert.throws(() => parseDot('strict digraph G {\n1 -> 2 [label="A"];\n1 [label="x = 1",style = filled]\n}'), /names node 2, which has no label line/);
    assert.throws(() => parseDot('strict digraph G {\n12 [lable="x"]\n}'), /line 2: expected a node or an edge/);
  });
});

describe('tlc/cover: transition cover', () => {
  it('covers every edge of the Counter graph with walks from the initial state', () => {
    const g = parseDot(fixture('CounterSmall.dot'));
    const paths = transitionCover(g);
    assertCovers(g, paths);
    assert.ok(paths.length <= 2, `expected at most 2 paths, got ${paths.length}`);
  });

  it('covers a diamond with a self-loop and two initial states', () => {
    const edges: Edge[] = [
      { from: 'a', to: 'b' }, { from: 'a', to: 'c' }, { from: 'b', to: 'd' }, { from: 'c', to: 'd' },
      { from: 'd', to: 'd' }, { from: 'e', to: 'c' },
    ];
    const g = { initial: ['a', 'e'], edges };
    const paths = transitionCover(g);
    assertCovers(g, paths);
    assert.equal(paths.length, 3);
  });

  it('an edge unreachable from the initial states is an error', () => {
    assert.throws(() => transitionCover({ initial: ['a'], edges: [{ from: 'a', to: 'b' }, { from: 'x', to: 'a' }] }), /edge x -> a is not reachable/);
  });

  it('covers every edge of random reachable graphs (fast-check)', () => {
    const arbGraph = fc.integer({ min: 1, max: 12 }).chain((n) => fc.record({
      // A spanning tree makes every node reachable from node 0; extra edges go anywhere.
      tree: fc.array(fc.nat(), { minLength: n - 1, maxLength: n - 1 }),
      extra: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }),
    }).map(({ tree, extra }) => {
      const edges: Edge[] = tree.map((p, i) => ({ from: String(p % (i + 1)), to: String(i + 1) }));
      for (const [a, b] of extra) edges.push({ from: String(a), to: String(b) });
      return { initial: ['0'], edges };
    }));
    fc.assert(fc.property(arbGraph, (g) => {
      const paths = transitionCover(g);
      if (g.edges.length === 0) assert.equal(paths.length, 0);
      else assertCovers(g, paths);
      assert.ok(paths.length <= g.edges.length);
    }), { numRuns: 200 });
  });
});
