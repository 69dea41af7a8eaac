// Shared by the tlc tests: the toy models and a way to run a CLI command quietly.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tlc');
export const TOY_MODELS = join(FIXTURES, 'models.json');

/** Runs `fn` with console.log/console.error captured; returns its value and the output. */
export async function captured<T>(fn: () => Promise<T>): Promise<{ value: T; out: string; err: string }> {
  const { log, error } = console;
  const write = process.stderr.write;
  let out = '';
  let err = '';
  console.log = (...a: unknown[]) => { out += `${a.join(' ')}\n`; };
  console.error = (...a: unknown[]) => { err += `${a.join(' ')}\n`; };
  // The progress lines go straight to stderr.
  process.stderr.write = ((chunk: string | Uint8Array) => { err += String(chunk); return true; }) as typeof process.stderr.write;
  try {
    return { value: await fn(), out, err };
  } finally {
    console.log = log;
    console.error = error;
    process.stderr.write = write;
  }
}
