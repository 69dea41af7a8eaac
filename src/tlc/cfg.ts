// Just enough of a TLC .cfg reader to know which invariants and properties a model
// checks: TLC 2.18 does not name the temporal property a liveness counterexample
// violates, so the runner attributes it when the cfg lists exactly one.

const KEYWORDS = new Set(['CONSTANT', 'CONSTANTS', 'INIT', 'NEXT', 'SPECIFICATION', 'INVARIANT', 'INVARIANTS',
  'PROPERTY', 'PROPERTIES', 'SYMMETRY', 'VIEW', 'CONSTRAINT', 'CONSTRAINTS', 'ACTION_CONSTRAINT',
  'ACTION_CONSTRAINTS', 'CHECK_DEADLOCK', 'POSTCONDITION', 'ALIAS']);

/** `views` matters for -dump dot: with a VIEW, a node's label is one representative state. */
export interface CfgNames { invariants: string[]; properties: string[]; views: string[] }

/** The INVARIANT(S), PROPERTY(IES) and VIEW names of a cfg file's text. */
export function cfgNames(text: string): CfgNames {
  const clean = text.replace(/\(\*[\s\S]*?\*\)/g, ' ').replace(/\\\*.*$/gm, ' ');
  const tokens = clean.split(/\s+/).filter((t) => t !== '');
  const out: CfgNames = { invariants: [], properties: [], views: [] };
  let into: string[] | undefined;
  for (const t of tokens) {
    if (KEYWORDS.has(t)) {
      into = t.startsWith('INVARIANT') ? out.invariants : t.startsWith('PROPERT') ? out.properties : t === 'VIEW' ? out.views : undefined;
    } else if (into !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) {
      into.push(t);
    }
  }
  return out;
}
