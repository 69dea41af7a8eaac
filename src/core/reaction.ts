// The reaction (docs/contract.md): fire the first enabled rule, repeatedly, until none
// is enabled. Every firing disables itself (a step or round changes, or a per-round
// flag is set), so the loop terminates; the bound only turns a bug into an error.
import type { Ctx } from './context.ts';
import { REACTION_ORDER } from './rules.ts';
import type { RuleName } from './types.ts';

export type RuleList = readonly (readonly [RuleName, (ctx: Ctx) => boolean])[];

const MAX_FIRINGS = 10_000;

/** Runs `rules` (default: the contract's order) to a fixpoint on ctx. */
export function react(ctx: Ctx, rules: RuleList = REACTION_ORDER): void {
  for (let firings = 0; firings < MAX_FIRINGS; firings++) {
    if (ctx.s.step === 'commit') return; // no rule fires in "commit"
    if (!rules.some(([, rule]) => rule(ctx))) return;
  }
  throw new Error(`invariant: the reaction fired ${MAX_FIRINGS} rules without reaching a fixpoint`);
}
