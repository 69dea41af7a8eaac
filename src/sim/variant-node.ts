// The simulator's positive control: the real node on a legal variant of the core (a
// reading of Algorithm 1 that differs from the contract where the paper leaves a
// choice, src/conformance/verdict/variants.ts). The node is src/node/ unchanged; only
// its step function is the variant's (NodeOptions.step). Its recordings must pass
// `validate --verdict paper` and, where the variant's choice shows, fail the contract's.
import type { LegalVariant } from '../conformance/verdict/variants.ts';
import { Node } from '../node/node.ts';
import type { NodeImpl } from './world.ts';

/** The node running `variant`'s step function. */
export function variantNode(variant: LegalVariant): NodeImpl {
  return { start: (o) => Node.start({ ...o, step: variant.stepFn }) };
}
