// The negative control: deliberately broken copies of the core, made by textual
// source mutation (one search → replace in one file of src/core/), loaded from a
// temporary directory. Production code carries no mutation hooks. Each search string
// must occur exactly once, so a mutant never silently stops applying when the core
// changes: `buildMutant` throws instead.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeTemp, removeTemp } from '../proc/lifetime.ts';
import type { StepFn } from './core-sut.ts';

export interface Mutant {
  name: string;
  /** What the bug is, in the words of the paper or the contract. */
  description: string;
  file: string;
  search: string;
  replace: string;
}

export const MUTANTS: readonly Mutant[] = Object.freeze([
  {
    name: 'no-lock-check',
    description: 'L23: prevote any valid proposal, ignoring the lock (the design sketch)',
    file: 'rules.ts',
    search: 'const ok = config.isValid(p.value) && (s.lockedRound === -1 || s.lockedValue === p.value); // L23',
    replace: 'const ok = config.isValid(p.value); // L23 (mutant: no lock check)',
  },
  {
    name: 'lock-on-mixed-quorum',
    description: 'L36: lock on 2f+1 prevotes of any values, not 2f+1 for one value (the design sketch)',
    file: 'rules.ts',
    search: "if (countFor(config.power, s.store, s.height, s.round, 'PREVOTE', p.value) < q(ctx)) return false; // L36",
    replace: "if (countAny(config.power, s.store, s.height, s.round, 'PREVOTE') < q(ctx)) return false; // L36 (mutant)",
  },
  {
    name: 'quorum-2f',
    description: 'quorum of 2f instead of 2f+1 (n - f - 1 instead of n - f)',
    file: 'quorum.ts',
    search: 'return total - faulty(total);',
    replace: 'return Math.max(1, total - faulty(total) - 1);',
  },
  {
    name: 'skip-threshold-f',
    description: 'L55: skip ahead on f messages of a higher round instead of f+1',
    file: 'quorum.ts',
    search: 'return faulty(total) + 1;',
    replace: 'return Math.max(1, faulty(total));',
  },
  {
    name: 'pol-lock-off-by-one',
    description: 'L29: a lock one round above the POL\'s round still lets the re-proposal through (lockedRound <= vr + 1)',
    file: 'rules.ts',
    search: '(s.lockedRound <= p.validRound || s.lockedValue === p.value); // L29',
    replace: '(s.lockedRound <= p.validRound + 1 || s.lockedValue === p.value); // L29 (mutant)',
  },
  {
    name: 'pol-in-current-round',
    description: 'L28: the POL is counted in the current round instead of the proposal\'s validRound',
    file: 'rules.ts',
    search: "if (countFor(config.power, s.store, s.height, p.validRound, 'PREVOTE', p.value) < q(ctx)) return false; // L28",
    replace: "if (countFor(config.power, s.store, s.height, s.round, 'PREVOTE', p.value) < q(ctx)) return false; // L28 (mutant)",
  },
  {
    name: 'decide-on-other-round',
    description: 'L49: the precommits are counted in the current round, not the proposal\'s round r',
    file: 'rules.ts',
    search: "const precommits = votesFor(s.store, s.height, r, 'PRECOMMIT', p.value);",
    replace: "const precommits = votesFor(s.store, s.height, s.round, 'PRECOMMIT', p.value);",
  },
  {
    name: 'valid-value-not-updated',
    description: 'L42: validValue not updated on a polka',
    file: 'rules.ts',
    search: 's.validValue = p.value; // L42',
    replace: '// L42 (mutant: validValue not updated)',
  },
  {
    name: 'skip-threshold-quorum',
    description: 'L55: skip ahead only on 2f+1 senders of a higher round instead of f+1',
    file: 'quorum.ts',
    search: 'return faulty(total) + 1;',
    replace: 'return total - faulty(total);',
  },
  {
    name: 'valid-round-not-updated',
    description: 'L43: validRound not updated on a polka',
    file: 'rules.ts',
    search: 's.validRound = s.round; // L43',
    replace: '// L43 (mutant: validRound not updated)',
  },
  {
    name: 'getvalue-ignored',
    description: 'L18 (getValue later-event): the proposer proposes within the step instead of asking',
    file: 'actions.ts',
    search: "if (s.validValue === NONE && config.getValue === 'later-event') {",
    replace: 'if (false) {',
  },
  {
    name: 'own-messages-stored-at-once',
    description: 'broadcast (own messages delivered back): an own message is stored and counted when sent',
    file: 'actions.ts',
    search: "const back = config.ownMessages === 'delivered-back';",
    replace: 'const back = false;',
  },
  {
    name: 'stale-timeout-propose',
    description: 'L57: a timeoutPropose of an earlier round is honoured',
    file: 'handlers.ts',
    search: "if (height !== s.height || round !== s.round || s.step !== 'propose') return;",
    replace: "if (height !== s.height || s.step !== 'propose') return;",
  },
  {
    name: 'stale-timeout-precommit',
    description: 'L65: a timeoutPrecommit of an earlier round is honoured',
    file: 'handlers.ts',
    search: "if (height !== s.height || round !== s.round || s.step === 'commit') return;",
    replace: "if (height !== s.height || round > s.round || s.step === 'commit') return;",
  },
  {
    name: 'duplicate-counted-twice',
    description: 'a re-delivered identical vote is stored again and counted twice',
    file: 'store.ts',
    search: "if (stored.some((m) => sameContent(m, msg))) return { kind: 'duplicate' };",
    replace: "if (stored.some((m) => sameContent(m, msg))) return msg.type === 'PREVOTE' || msg.type === 'PRECOMMIT' ? { kind: 'stored', store: put(store, msg, stored) } : { kind: 'duplicate' };",
  },
  {
    name: 'equivocator-vote-not-counted',
    description: 'receive step 4: an equivocator\'s vote for a second value is evidence only, not counted (L28, L36, L49 count distinct senders per value)',
    file: 'store.ts',
    search: "return { kind: 'equivocation', store: put(store, msg, stored), first };",
    replace: "return { kind: 'conflict', first };",
  },
  {
    name: 'accept-out-of-turn-proposal',
    description: 'receive check 2: a proposal from a validator that is not the round\'s proposer is stored',
    file: 'validate.ts',
    search: "if (m.src !== expected) return { reason: 'not-proposer'",
    replace: "if (m.src !== expected && false) return { reason: 'not-proposer'",
  },
  {
    name: 'no-evidence',
    description: 'receive check 4: a conflicting second message (or an equivocator\'s second vote) gives no evidence',
    file: 'handlers.ts',
    search: "ctx.outputs.push({ kind: 'evidence', src: second.src, type: second.type, height: second.height, round: second.round, first, second });",
    replace: 'void first; void second; // (mutant: no evidence)',
  },
  {
    name: 'no-prevote-timeout',
    description: 'L34: 2f+1 prevotes of mixed values do not schedule timeoutPrevote',
    file: 'rules.ts',
    search: "scheduleTimeout(ctx, 'prevote'); // L35",
    replace: '// L35 (mutant: no timeoutPrevote)',
  },
]);

const CORE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'core');
/** '.ts' from source (ts-node), '.js' in the compiled package: the core next to this file is mutated. */
const EXT = fileURLToPath(import.meta.url).endsWith('.js') ? '.js' : '.ts';

export interface BuiltMutant { mutant: Mutant; stepFn: StepFn; dispose(): void }

/** Copies src/core/ to a temp dir, applies the mutation, and loads its `step`. */
export async function buildMutant(m: Mutant): Promise<BuiltMutant> {
  const dir = makeTemp(`hybrid-bft-mutant-${m.name}-`);
  const core = join(dir, 'core');
  cpSync(CORE_DIR, core, { recursive: true });
  // ESM like the project, so the loader treats the copied .ts files as modules.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const file = join(core, m.file.replace(/\.ts$/, EXT));
  const text = readFileSync(file, 'utf8');
  // Whitespace-insensitive: the compiled core (tsc) breaks some one-line statements in two.
  const pattern = new RegExp(m.search.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'), 'g');
  const hits = text.match(pattern)?.length ?? 0;
  if (hits !== 1) {
    removeTemp(dir);
    throw new Error(`mutant ${m.name}: expected the search text exactly once in src/core/${m.file}, found it ${hits} times`);
  }
  writeFileSync(file, text.replace(pattern, () => m.replace));
  const mod = await import(pathToFileURL(join(core, `step${EXT}`)).href) as { step: StepFn };
  return { mutant: m, stepFn: mod.step, dispose: () => removeTemp(dir) };
}
