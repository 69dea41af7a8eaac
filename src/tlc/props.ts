// Which PROPERTY entries of a cfg are action properties ([][A]_v). TLC's distributed
// server (tlc2.tool.distributed, TLC 2.18) checks no temporal property at all and
// checks action properties only on transitions into states it had not seen before
// (measured: test/fixtures/tlc/out/distributed/CounterProperty.server.txt reports no
// violation of XMonotone, which the single-process run reports); so `tlc
// --distributed` refuses temporal properties and says that action properties are
// checked less. The reading is syntactic and errs on the side of "temporal".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { moduleClosure } from './cache.ts';
import { cfgNames } from './cfg.ts';

function stripComments(tla: string): string {
  return tla.replace(/\(\*[\s\S]*?\*\)/g, ' ').replace(/\\\*.*$/gm, ' ');
}

/** The text of the definition `name == ...` in a module's text (up to the next line that starts in column 0), or undefined. */
export function definitionBody(tla: string, name: string): string | undefined {
  const text = stripComments(tla);
  const m = new RegExp(`^${name}\\s*==`, 'm').exec(text);
  if (m === null) return undefined;
  const rest = text.slice(m.index + m[0].length);
  const end = /\n(?=\S)/.exec(rest);
  return end === null ? rest : rest.slice(0, end.index);
}

/** `[][A]_v` with no liveness operator in it: an action property. */
export function isActionProperty(body: string): boolean {
  return /^\s*\[\]\s*\[/.test(body) && !/<>|~>|\bWF_|\bSF_|\bENABLED\b/.test(body);
}

/**
 * The PROPERTY names of an entry's cfg split into action properties and the rest
 * (temporal, or not found in the modules beside the spec: treated as temporal).
 */
export function cfgProperties(dir: string, module: string, config: string): { action: string[]; temporal: string[] } {
  const names = cfgNames(readFileSync(join(dir, config), 'utf8')).properties;
  const texts = moduleClosure(dir, module).map(([, text]) => text);
  const out = { action: [] as string[], temporal: [] as string[] };
  for (const n of names) {
    const body = texts.map((t) => definitionBody(t, n)).find((b) => b !== undefined);
    (body !== undefined && isActionProperty(body) ? out.action : out.temporal).push(n);
  }
  return out;
}
