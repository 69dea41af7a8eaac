// A validator for the subset of JSON Schema (draft 2020-12) that
// conformance/schema/vectors.schema.json uses, so the test can check every vector file
// against the schema without a new npm dependency. A keyword outside the subset throws:
// the schema cannot silently rely on something this validator ignores.

export type Schema = { [keyword: string]: unknown } | boolean;

const SUPPORTED = new Set([
  '$schema', '$id', '$defs', '$ref', '$comment', 'title', 'description',
  'type', 'properties', 'required', 'additionalProperties', 'items',
  'enum', 'const', 'pattern', 'minimum', 'maximum', 'minItems', 'maxItems', 'oneOf',
]);

/** One failed constraint: where in the instance (JSON pointer) and what. */
export interface SchemaError { path: string; message: string }

/** Errors of `instance` against `root`; empty when it conforms. Throws on an unsupported schema. */
export function validate(root: Schema, instance: unknown): SchemaError[] {
  const errors: SchemaError[] = [];
  check(root, root, instance, '', errors);
  return errors;
}

function check(root: Schema, schema: Schema, x: unknown, path: string, errors: SchemaError[]): void {
  if (schema === true) return;
  if (schema === false) { errors.push({ path, message: 'no value is allowed here' }); return; }
  for (const k of Object.keys(schema)) {
    if (!SUPPORTED.has(k)) throw new Error(`schema: keyword '${k}' is outside the supported subset`);
  }
  const s = schema;
  if (typeof s.$ref === 'string') { check(root, resolve(root, s.$ref), x, path, errors); }
  if (s.type !== undefined && !hasType(x, s.type as string)) {
    errors.push({ path, message: `expected ${String(s.type)}, got ${describe(x)}` });
    return; // the other keywords would only repeat the type error
  }
  if (s.const !== undefined && JSON.stringify(x) !== JSON.stringify(s.const)) {
    errors.push({ path, message: `expected ${JSON.stringify(s.const)}, got ${JSON.stringify(x)}` });
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(x))) {
    errors.push({ path, message: `expected one of ${JSON.stringify(s.enum)}, got ${JSON.stringify(x)}` });
  }
  if (typeof x === 'string' && typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(x)) {
    errors.push({ path, message: `does not match ${s.pattern}: ${JSON.stringify(x.slice(0, 40))}` });
  }
  if (typeof x === 'number') {
    if (typeof s.minimum === 'number' && x < s.minimum) errors.push({ path, message: `expected >= ${s.minimum}, got ${x}` });
    if (typeof s.maximum === 'number' && x > s.maximum) errors.push({ path, message: `expected <= ${s.maximum}, got ${x}` });
  }
  if (Array.isArray(x)) checkArray(root, s, x, path, errors);
  if (isObject(x)) checkObject(root, s, x, path, errors);
  if (Array.isArray(s.oneOf)) checkOneOf(root, s.oneOf as Schema[], x, path, errors);
}

function checkArray(root: Schema, s: { [k: string]: unknown }, x: unknown[], path: string, errors: SchemaError[]): void {
  if (typeof s.minItems === 'number' && x.length < s.minItems) errors.push({ path, message: `expected at least ${s.minItems} items, got ${x.length}` });
  if (typeof s.maxItems === 'number' && x.length > s.maxItems) errors.push({ path, message: `expected at most ${s.maxItems} items, got ${x.length}` });
  if (s.items !== undefined) x.forEach((item, i) => check(root, s.items as Schema, item, `${path}/${i}`, errors));
}

function checkObject(root: Schema, s: { [k: string]: unknown }, x: Record<string, unknown>, path: string, errors: SchemaError[]): void {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  for (const r of (s.required ?? []) as string[]) {
    if (!(r in x)) errors.push({ path, message: `missing required property '${r}'` });
  }
  for (const [k, v] of Object.entries(x)) {
    if (k in props) check(root, props[k] as Schema, v, `${path}/${k}`, errors);
    else if (s.additionalProperties === false) errors.push({ path, message: `unexpected property '${k}'` });
    else if (isObject(s.additionalProperties)) check(root, s.additionalProperties as Schema, v, `${path}/${k}`, errors);
  }
}

// Closed unions are `oneOf` branches told apart by a `const` property (e.g. "op"). When
// the instance names a branch that way, that branch's own errors are reported, which
// reads far better than "matched 0 of 7 branches".
function checkOneOf(root: Schema, branches: Schema[], x: unknown, path: string, errors: SchemaError[]): void {
  const results = branches.map((b) => { const e: SchemaError[] = []; check(root, b, x, path, e); return e; });
  const matched = results.filter((e) => e.length === 0).length;
  if (matched === 1) return;
  if (matched > 1) { errors.push({ path, message: `matches ${matched} oneOf branches, expected exactly 1` }); return; }
  const named = branches.findIndex((b) => isObject(x) && discriminates(root, b, x));
  if (named >= 0) errors.push(...(results[named] as SchemaError[]));
  else errors.push({ path, message: `matches none of the ${branches.length} oneOf branches` });
}

function discriminates(root: Schema, branch: Schema, x: Record<string, unknown>): boolean {
  const b = typeof branch === 'object' && typeof branch.$ref === 'string' ? resolve(root, branch.$ref) : branch;
  if (typeof b !== 'object') return false;
  const props = (b.properties ?? {}) as Record<string, Schema>;
  return Object.entries(props).some(([k, p]) => typeof p === 'object' && p.const !== undefined && x[k] === p.const);
}

function resolve(root: Schema, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`schema: only local $ref is supported, got ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    node = isObject(node) ? node[part] : undefined;
    if (node === undefined) throw new Error(`schema: unresolved $ref ${ref}`);
  }
  return node as Schema;
}

function hasType(x: unknown, t: string): boolean {
  switch (t) {
    case 'object': return isObject(x);
    case 'array': return Array.isArray(x);
    case 'string': return typeof x === 'string';
    case 'integer': return Number.isInteger(x);
    case 'number': return typeof x === 'number';
    case 'boolean': return typeof x === 'boolean';
    case 'null': return x === null;
    default: throw new Error(`schema: unsupported type '${t}'`);
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  return typeof x === 'number' && !Number.isInteger(x) ? 'non-integer number' : typeof x;
}
