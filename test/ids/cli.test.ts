// Hostile ids at the CLI (docs/contract.md, "Identifiers"): a model trace whose
// validators are renamed replays as the original does, in process and through the
// reference driver as a process; a trace naming a validator the contract refuses
// (empty, `nil`) is unreadable, with one sentence naming the id, and exit 2. The same
// renamed trace replays with real BLS signatures (blsSut: certificates checked by power).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ROOT } from '../cli/procs.ts';
import { renamed, W_POWER } from './helpers.ts';
import { blsSut } from '../../src/conformance/bls-sut.ts';
import { readTrace } from '../../src/conformance/corpus.ts';
import { formatMismatch, replayTrace } from '../../src/conformance/replay.ts';

const TS_DRIVER = `node --loader ts-node/esm/transpile-only --no-warnings ${join(ROOT, 'conformance/drivers/ts/driver.ts')}`;

describe('ids: hostile validator ids in replay (the CLI, the driver as a process, real BLS)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'ids-cli-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('w-power with c1 named __proto__ and c2 named constructor replays with no mismatch, in process and through the driver', async () => {
    const file = join(dir, 'w-power-hostile.itf.json');
    writeFileSync(file, renamed(W_POWER, { c1: '__proto__', c2: 'constructor', b1: 'toString' }));
    const [inProcess, viaDriver] = await Promise.all([cli(['replay', '--traces', file], {}).done, cli(['replay', '--traces', file, '--driver', TS_DRIVER], {}).done]);
    for (const r of [inProcess, viaDriver]) {
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /1 traces, 6 steps .*: 0 mismatches/);
    }
    assert.match(viaDriver.stdout, /against hybrid-bft reference core \(conformance\/drivers\/ts\)/);
  });

  it('w-power renamed replays with real BLS signatures and certificates checked by power (the BLS validator set keyed by __proto__)', async () => {
    const file = join(dir, 'w-power-bls.itf.json');
    writeFileSync(file, renamed(W_POWER, { c1: '__proto__', c2: 'constructor', b1: 'toString' }));
    const sut = blsSut();
    const r = await replayTrace(readTrace(file), sut);
    await sut.close();
    assert.equal(r.mismatch, null, r.mismatch ? formatMismatch(r.mismatch) : '');
    assert.equal(r.steps, 6);
  });

  it('a trace naming a validator "" or "nil" is unreadable, naming the id and what to do: exit 2', async () => {
    writeFileSync(join(dir, 'empty.itf.json'), renamed(W_POWER, { b1: '' }));
    writeFileSync(join(dir, 'nil.itf.json'), renamed(W_POWER, { b1: 'nil' }));
    const r = await cli(['replay', '--traces', join(dir, 'empty.itf.json'), join(dir, 'nil.itf.json')], {}).done;
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /empty\.itf\.json: params\.validators\[3\]: expected validator ids to be non-empty strings, got "": name every validator with a non-empty string/);
    assert.match(r.stderr, /nil\.itf\.json: params\.validators\[3\]: validator id "nil" is reserved \(the contract's nil vote\): rename the validator/);
  });
});
