// TLA+ values as TLC prints them in states ("/\ x = ..."), and a parser/printer for
// that syntax. TLC prints a tuple and a sequence the same way (<<...>>), and a
// function with domain 1..n as a sequence, so the parser cannot tell them apart:
// both become `seq`. An empty function prints as `<< >>` and parses as an empty seq.
import { assertNever } from '../core/types.ts';

export type TlaValue =
  | { kind: 'int'; value: bigint }
  | { kind: 'str'; value: string }
  | { kind: 'bool'; value: boolean }
  /** A model value (a CONSTANT assigned an uninterpreted name in the cfg). */
  | { kind: 'modelValue'; name: string }
  | { kind: 'set'; elems: TlaValue[] }
  | { kind: 'seq'; elems: TlaValue[] }
  /** Fields in the order TLC printed them. */
  | { kind: 'record'; fields: [string, TlaValue][] }
  /** `(k1 :> v1 @@ k2 :> v2)`; never empty (TLC prints an empty function as `<< >>`). */
  | { kind: 'fun'; pairs: [TlaValue, TlaValue][] };

/** A state: variable name to value, in the order TLC printed them. */
export type TlaState = Map<string, TlaValue>;

export const int = (n: number | bigint): TlaValue => ({ kind: 'int', value: BigInt(n) });
export const str = (s: string): TlaValue => ({ kind: 'str', value: s });

// ---------------------------------------------------------------------------------
// Printing (TLC's syntax, single line)

function printString(s: string): string {
  let out = '"';
  for (const ch of s) {
    switch (ch) {
      case '"': out += '\\"'; break;
      case '\\': out += '\\\\'; break;
      case '\n': out += '\\n'; break;
      case '\t': out += '\\t'; break;
      case '\r': out += '\\r'; break;
      case '\f': out += '\\f'; break;
      default: out += ch;
    }
  }
  return out + '"';
}

/** Prints a value in TLC's syntax, on one line. */
export function printValue(v: TlaValue): string {
  switch (v.kind) {
    case 'int': return v.value.toString();
    case 'str': return printString(v.value);
    case 'bool': return v.value ? 'TRUE' : 'FALSE';
    case 'modelValue': return v.name;
    case 'set': return `{${v.elems.map(printValue).join(', ')}}`;
    case 'seq': return `<<${v.elems.map(printValue).join(', ')}>>`;
    case 'record': return `[${v.fields.map(([k, x]) => `${k} |-> ${printValue(x)}`).join(', ')}]`;
    case 'fun':
      if (v.pairs.length === 0) return '<< >>';
      return `(${v.pairs.map(([k, x]) => `${printValue(k)} :> ${printValue(x)}`).join(' @@ ')})`;
    default: return assertNever(v);
  }
}

/** Thrown by `printSource` for a value TLA+ source cannot hold; the message is one sentence naming it. */
export class TlaWriteError extends Error {
  constructor(message: string) { super(message); this.name = 'TlaWriteError'; }
}

/**
 * What a string literal of generated TLA+ source may hold (docs/contract.md,
 * "Identifiers"): printable ASCII and the four characters printString escapes (newline,
 * tab, CR, form feed). SANY's lexer (TLC 2.18) refuses others, e.g. U+2200, and TLA+
 * has no escape for them.
 */
const SOURCE_CHAR = /^[\x20-\x7e\n\t\r\f]$/u;
/** A record field of TLA+ source: an identifier (letters, digits, `_`, a letter among them). */
const FIELD = /^[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*$/;

function checkSource(v: TlaValue, where: string): void {
  const name = (s: string): string => { const j = JSON.stringify(s); return j.length > 60 ? `${j.slice(0, 57)}…"` : j; };
  switch (v.kind) {
    case 'str':
      for (const ch of v.value) {
        if (!SOURCE_CHAR.test(ch)) {
          const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
          throw new TlaWriteError(`${where}: the string ${name(v.value)} holds ${code}, which a TLA+ string literal cannot hold (TLC reads printable ASCII): use ids and values of printable ASCII for a run TLC checks`);
        }
      }
      return;
    case 'int': case 'bool': return;
    case 'modelValue': if (!FIELD.test(v.name)) throw new TlaWriteError(`${where}: the model value ${name(v.name)} is not a TLA+ identifier: name it with letters, digits and _`); return;
    case 'set': case 'seq': for (const e of v.elems) checkSource(e, where); return;
    case 'record':
      for (const [k, x] of v.fields) {
        if (!FIELD.test(k)) throw new TlaWriteError(`${where}: the record field ${name(k)} is not a TLA+ identifier: name it with letters, digits and _`);
        checkSource(x, where);
      }
      return;
    case 'fun': for (const [k, x] of v.pairs) { checkSource(k, where); checkSource(x, where); } return;
    default: assertNever(v);
  }
}

/**
 * `printValue` for TLA+ source text (validate's generated modules): the same text, after
 * checking that SANY can read it back as the same value. Throws TlaWriteError, naming
 * the string or field and `where`, otherwise.
 */
export function printSource(v: TlaValue, where: string): string {
  checkSource(v, where);
  return printValue(v);
}

/** Prints a state as TLC does in an error trace ("/\ x = ..." one variable per line). */
export function printState(s: TlaState): string {
  return [...s].map(([k, v]) => `/\\ ${k} = ${printValue(v)}`).join('\n');
}

/**
 * The same value with record fields sorted by name. TLC prints sets and functions in
 * its normalized order, but the field order of a record can differ between runs.
 */
export function canonical(v: TlaValue): TlaValue {
  switch (v.kind) {
    case 'int': case 'str': case 'bool': case 'modelValue': return v;
    case 'set': return { kind: 'set', elems: v.elems.map(canonical) };
    case 'seq': return { kind: 'seq', elems: v.elems.map(canonical) };
    case 'record': {
      const fields = v.fields.map(([k, x]): [string, TlaValue] => [k, canonical(x)]);
      fields.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return { kind: 'record', fields };
    }
    case 'fun': return { kind: 'fun', pairs: v.pairs.map(([k, x]): [TlaValue, TlaValue] => [canonical(k), canonical(x)]) };
    default: return assertNever(v);
  }
}

/** Structural equality up to record field order. */
export function valueEquals(a: TlaValue, b: TlaValue): boolean {
  return printValue(canonical(a)) === printValue(canonical(b));
}

// ---------------------------------------------------------------------------------
// Parsing

/** Thrown on malformed input; `line`/`column` are 1-based positions in the parsed text. */
export class TlaSyntaxError extends Error {
  constructor(readonly where: string, readonly line: number, readonly column: number, what: string, got: string) {
    super(`${where}: ${what} at line ${line}, column ${column}, got ${got}`);
    this.name = 'TlaSyntaxError';
  }
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const DIGITS = /[0-9]+/y;

/** A cursor over the text; skips whitespace (newlines included) between tokens. */
class Cursor {
  pos = 0;
  constructor(readonly text: string, readonly where: string, readonly lineOffset = 0) {}

  skipWs(): void {
    // Hot path: char codes rather than a regex per character.
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.pos++;
      else return;
    }
  }
  atEnd(): boolean { this.skipWs(); return this.pos >= this.text.length; }
  peek(s: string): boolean { this.skipWs(); return this.text.startsWith(s, this.pos); }
  eat(s: string): boolean {
    if (!this.peek(s)) return false;
    this.pos += s.length;
    return true;
  }
  expect(s: string, context: string): void {
    if (!this.eat(s)) this.fail(`expected '${s}' ${context}`);
  }
  match(re: RegExp): string | undefined {
    this.skipWs();
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (m === null) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
  fail(what: string): never {
    this.skipWs();
    const before = this.text.slice(0, this.pos);
    const line = before.split('\n').length + this.lineOffset;
    const column = this.pos - (before.lastIndexOf('\n') + 1) + 1;
    const got = this.pos >= this.text.length ? 'end of input' : `'${this.text.slice(this.pos, this.pos + 12)}'`;
    throw new TlaSyntaxError(this.where, line, column, what, got);
  }
}

function parseString(c: Cursor): TlaValue {
  // The opening quote is already consumed.
  let out = '';
  for (;;) {
    const q = c.text.indexOf('"', c.pos);
    if (q < 0) { c.pos = c.text.length; c.fail('unterminated string: expected \'"\''); }
    // Look for a backslash only before the quote: searching the whole rest is quadratic.
    let b = c.pos;
    while (b < q && c.text.charCodeAt(b) !== 92) b++;
    if (b === q) b = -1;
    if (b < 0) { out += c.text.slice(c.pos, q); c.pos = q + 1; return str(out); }
    out += c.text.slice(c.pos, b);
    c.pos = b + 1;
    const esc = c.text[c.pos++];
    switch (esc) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'f': out += '\f'; break;
      default: c.pos -= 2; c.fail('unknown string escape: expected one of \\" \\\\ \\n \\t \\r \\f');
    }
  }
}

/** Elements separated by ',' up to `close` (already past the opening token). */
function parseList(c: Cursor, close: string, what: string): TlaValue[] {
  const elems: TlaValue[] = [];
  if (c.eat(close)) return elems;
  for (;;) {
    elems.push(parseValueAt(c));
    if (c.eat(close)) return elems;
    if (!c.eat(',')) c.fail(`expected ',' or '${close}' in ${what}`);
  }
}

function parseRecord(c: Cursor): TlaValue {
  const fields: [string, TlaValue][] = [];
  for (;;) {
    const name = c.match(IDENT);
    if (name === undefined) c.fail('expected a field name in record');
    c.expect('|->', `after record field '${name}'`);
    fields.push([name, parseValueAt(c)]);
    if (c.eat(']')) return { kind: 'record', fields };
    if (!c.eat(',')) c.fail("expected ',' or ']' in record");
  }
}

function parseFunction(c: Cursor): TlaValue {
  const pairs: [TlaValue, TlaValue][] = [];
  for (;;) {
    const k = parseValueAt(c);
    c.expect(':>', 'in function (k :> v @@ ...)');
    pairs.push([k, parseValueAt(c)]);
    if (c.eat(')')) return { kind: 'fun', pairs };
    if (!c.eat('@@')) c.fail("expected '@@' or ')' in function");
  }
}

function parseInt(c: Cursor, negative: boolean): bigint {
  const d = c.match(DIGITS);
  if (d === undefined) c.fail("expected digits after '-'");
  return negative ? -BigInt(d) : BigInt(d);
}

function parseValueAt(c: Cursor): TlaValue {
  c.skipWs();
  const ch = c.text[c.pos];
  switch (ch) {
    case undefined: return c.fail('expected a value');
    case '"': c.pos++; return parseString(c);
    case '{': c.pos++; return { kind: 'set', elems: parseList(c, '}', 'set') };
    case '[': c.pos++; return parseRecord(c);
    case '(': c.pos++; return parseFunction(c);
    case '<':
      if (c.eat('<<')) return { kind: 'seq', elems: parseList(c, '>>', 'sequence') };
      break;
    default:
  }
  if (ch === '-' || /[0-9]/.test(ch)) {
    const neg = c.eat('-');
    const lo = parseInt(c, neg);
    // An interval TLC did not enumerate (e.g. x = 1..3): expand it to a set.
    if (!c.eat('..')) return { kind: 'int', value: lo };
    const hi = parseInt(c, c.eat('-'));
    if (hi - lo > 100_000n) c.fail('interval too large to expand');
    const elems: TlaValue[] = [];
    for (let i = lo; i <= hi; i++) elems.push({ kind: 'int', value: i });
    return { kind: 'set', elems };
  }
  const id = c.match(IDENT);
  if (id === undefined) c.fail('expected a value (integer, string, TRUE/FALSE, name, {, <<, [ or ()');
  if (id === 'TRUE') return { kind: 'bool', value: true };
  if (id === 'FALSE') return { kind: 'bool', value: false };
  return { kind: 'modelValue', name: id };
}

/** Parses one value; throws TlaSyntaxError (with line/column) on malformed input. */
export function parseValue(text: string, where = 'parseValue', lineOffset = 0): TlaValue {
  const c: Cursor = new Cursor(text, where, lineOffset);
  const v = parseValueAt(c);
  if (!c.atEnd()) c.fail('expected end of value');
  return v;
}

/**
 * Parses a state as TLC prints it: `/\ x = v` conjuncts, or `x = v` when the spec has
 * a single variable. Values may span several lines.
 */
export function parseState(text: string, where = 'parseState', lineOffset = 0): TlaState {
  const c: Cursor = new Cursor(text, where, lineOffset);
  const state: TlaState = new Map();
  if (c.atEnd()) c.fail('expected a state (/\\ x = ...)');
  const conj = c.peek('/\\');
  do {
    if (conj) c.expect('/\\', 'before a variable');
    const name = c.match(IDENT);
    if (name === undefined) c.fail('expected a variable name');
    c.expect('=', `after variable '${name}'`);
    if (state.has(name)) c.fail(`variable '${name}' appears twice`);
    state.set(name, parseValueAt(c));
  } while (conj && !c.atEnd());
  if (!c.atEnd()) c.fail("expected '/\\' or end of state");
  return state;
}
