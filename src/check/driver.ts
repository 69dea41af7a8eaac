// `--driver "<cmd>"`: an external implementation behind the driver protocol. The SUT
// adapter (src/conformance/driver-sut.ts, driverSut) and the oracle (src/cli/oracle.ts,
// runOracle) are another module's; they are loaded when present, and their absence is
// an error that says so rather than a silent pass.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConsensusSut } from '../conformance/replay.ts';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

async function optionalModule(rel: string): Promise<Record<string, unknown> | undefined> {
  const path = join(SRC, rel);
  if (!existsSync(path)) return undefined;
  return await import(pathToFileURL(path).href) as Record<string, unknown>;
}

/** The driver as a ConsensusSut; throws when driver support is not in this build. */
export async function driverSut(command: string): Promise<ConsensusSut> {
  const mod = await optionalModule('conformance/driver-sut.ts');
  const make = mod?.driverSut;
  if (typeof make !== 'function') throw new Error('--driver: src/conformance/driver-sut.ts (driverSut) is not available in this build');
  return await (make as (c: string, o: object) => ConsensusSut | Promise<ConsensusSut>)(command, {});
}

export interface OracleOutcome { ok: boolean; summary: string }

/**
 * Runs the oracle (src/cli/oracle.ts, runOracle) against `command`. Its result is read
 * as an exit code (0 = ok) or an object with a boolean `ok`.
 */
export async function runOracleFor(command: string): Promise<OracleOutcome> {
  const mod = await optionalModule('cli/oracle.ts');
  const runOracle = mod?.runOracle;
  if (typeof runOracle !== 'function') throw new Error('--driver: src/cli/oracle.ts does not export runOracle in this build');
  return interpretOracle(await (runOracle as (o: object) => unknown)({ driver: command, command }));
}

/** runOracle's result: an exit code (0 = ok) or `{ok: boolean, summary?: string}`; anything else throws. */
export function interpretOracle(r: unknown): OracleOutcome {
  if (typeof r === 'number') return { ok: r === 0, summary: `oracle exit code ${r}` };
  if (typeof r === 'object' && r !== null && typeof (r as { ok?: unknown }).ok === 'boolean') {
    const o = r as { ok: boolean; summary?: unknown };
    return { ok: o.ok, summary: typeof o.summary === 'string' ? o.summary : o.ok ? 'oracle: ok' : 'oracle: failed' };
  }
  throw new Error(`--driver: runOracle returned ${JSON.stringify(r)}, expected an exit code or {ok}`);
}
