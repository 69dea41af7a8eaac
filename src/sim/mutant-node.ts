// The simulator's negative control: the real node built on a mutant of the core. Like
// src/conformance/mutants.ts (whose mutants it reuses), but src/node/ is copied next
// to the mutated src/core/ so that the node's own imports load the mutant.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Mutant } from '../conformance/mutants.ts';
import type { NodeImpl } from './world.ts';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface MutantNode { mutant: Mutant; impl: NodeImpl; dispose(): void }

/** Copies src/core/ and src/node/ to a temp dir, applies the mutation, and loads its Node. */
export async function buildMutantNode(m: Mutant): Promise<MutantNode> {
  const dir = mkdtempSync(join(tmpdir(), `hybrid-bft-mutant-node-${m.name}-`));
  try {
    for (const sub of ['core', 'node']) cpSync(join(SRC, sub), join(dir, sub), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const file = join(dir, 'core', m.file);
    const text = readFileSync(file, 'utf8');
    const hits = text.split(m.search).length - 1;
    if (hits !== 1) throw new Error(`mutant ${m.name}: expected the search text exactly once in src/core/${m.file}, found it ${hits} times`);
    writeFileSync(file, text.replace(m.search, () => m.replace));
    const mod = await import(pathToFileURL(join(dir, 'node', 'node.ts')).href) as { Node: NodeImpl };
    return { mutant: m, impl: mod.Node, dispose: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
