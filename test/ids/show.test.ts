// Hostile ids in `show` (docs/contract.md, "Identifiers"): the diagram of w-power with
// its validators renamed is the original's under the renaming (lifelines, who acts at
// each step, who decides), and a message type named like an object property draws in
// the colour of an unknown type.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDiagram, type Diagram } from '../../src/show/diagram.ts';
import { readShowSource } from '../../src/show/input.ts';
import { diagramSvg } from '../../src/show/svg.ts';
import { renamed, W_POWER } from './helpers.ts';

const NAMES = { c1: '__proto__', c2: 'constructor', c3: 'a.b', b1: 'toString' };

describe('ids: hostile validator ids in show', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'ids-show-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const diagramOf = (names: Record<string, string>): Diagram => {
    const file = join(dir, `${Object.values(names).length}.itf.json`);
    writeFileSync(file, renamed(W_POWER, names));
    return buildDiagram(readShowSource(file).steps);
  };

  it('the diagram is the original one under the renaming', () => {
    const original = diagramOf({ c1: 'c1' });
    const hostile = diagramOf(NAMES);
    const to = (p: string): string => (NAMES as Record<string, string>)[p] ?? p;
    assert.deepEqual(hostile.validators, original.validators.map((v) => ({ ...v, name: to(v.name) })));
    assert.deepEqual(hostile.steps.map((s) => s.process), original.steps.map((s) => to(s.process)));
    const decided = (d: Diagram) => d.steps.flatMap((s) => s.decided.map((x) => `${x.process}:${x.value}`));
    assert.deepEqual(decided(hostile), decided(original).map((x) => { const [p, v] = x.split(':'); return `${to(p!)}:${v}`; }));
    assert.ok(decided(hostile).length > 0, 'w-power decides');
    const svg = diagramSvg(hostile);
    const acting = new Set(hostile.steps.map((s) => s.process).filter((p) => p !== '')); // '': the initial state
    assert.ok(acting.has('__proto__') && acting.has('constructor'));
    for (const id of acting) assert.ok(svg.includes(`data-process="${id}"`), id);
    for (const v of hostile.validators) assert.ok(svg.includes(`>${v.name}<`), `lifeline of ${v.name}`);
  });

  it('a message of type constructor is drawn as an unknown type, not with an inherited "colour"', () => {
    const d = diagramOf(NAMES);
    const k = d.steps.findIndex((s) => s.delivery !== undefined);
    assert.ok(k >= 0);
    const steps = d.steps.map((s, i) => (i === k ? { ...s, delivery: { ...s.delivery!, msg: { ...s.delivery!.msg, type: 'constructor' } } } : s));
    const svg = diagramSvg({ ...d, steps });
    assert.ok(svg.includes('url(#ah-other)'));
    assert.ok(!svg.includes('function'), 'no inherited function text in the drawing');
  });
});
