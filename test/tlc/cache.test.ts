// The TLC verdict cache (src/tlc/cache.ts): a second identical run is a hit reported as
// cached; editing the spec, a module it EXTENDS, the cfg or an option misses; 'off'
// (--no-cache) runs TLC; a cached verdict is judged again against the entry's current
// "expected". Each real run is a toy spec copied to a temporary folder (about 2 s).
import { strict as assert } from 'node:assert';
import { appendFileSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importedModules, moduleClosure, verdictKey } from '../../src/tlc/cache.ts';
import { loadModels, type ModelEntry } from '../../src/tlc/models.ts';
import { runModel } from '../../src/tlc/runner.ts';
import { FIXTURES } from './helpers.ts';

describe('tlc/cache: the verdict cache', function () {
  this.timeout(120_000);
  let dir: string;
  let cacheDir: string;
  let entry: ModelEntry;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-cache-test-'));
    cacheDir = join(dir, 'verdicts');
    copyFileSync(join(FIXTURES, 'Counter.tla'), join(dir, 'Counter.tla'));
    copyFileSync(join(FIXTURES, 'CounterViolated.cfg'), join(dir, 'Counter.cfg'));
    writeFileSync(join(dir, 'models.json'), JSON.stringify({ models: [
      { name: 'toy', module: 'Counter.tla', config: 'Counter.cfg', mode: 'exhaustive', expected: 'XSmall', ci: true, workers: 1 },
    ] }));
    entry = loadModels(join(dir, 'models.json')).models[0]!;
  });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('a second identical run is a hit (cached, same verdict and figures); editing the spec misses', async () => {
    const first = await runModel(entry, { cache: 'read', cacheDir });
    assert.deepEqual([first.ok, first.outcome, first.cached], [true, 'XSmall', false]);
    assert.equal(readdirSync(cacheDir).length, 1);
    const second = await runModel(entry, { cache: 'read', cacheDir });
    assert.deepEqual([second.ok, second.outcome, second.distinct, second.cached], [true, 'XSmall', first.distinct, true]);
    assert.ok(second.trace !== undefined && second.trace.steps.length === first.trace!.steps.length, 'the counterexample comes back too');
    assert.equal(typeof (second.trace.steps[0]!.state.get('x') as { value: unknown }).value, 'bigint', 'TLC integers survive JSON');
    const text = readFileSync(join(FIXTURES, 'Counter.tla'), 'utf8');
    writeFileSync(join(dir, 'Counter.tla'), text); // rewritten, same text: still a hit
    assert.equal((await runModel(entry, { cache: 'read', cacheDir })).cached, true);
    writeFileSync(join(dir, 'Counter.tla'), text.replace('XSmall == x < 2', 'XSmall == x < 3'));
    const edited = await runModel(entry, { cache: 'read', cacheDir });
    assert.equal(edited.cached, false, 'an edited spec misses the cache');
    assert.equal(edited.outcome, 'XSmall');
    // The edit lets x reach 2, so the violation is one step later: TLC really ran on the new spec.
    assert.ok(edited.trace!.steps.length > first.trace!.steps.length);
  });

  it("'off' (--no-cache) runs TLC even with a stored verdict; 'refresh' stores without reading", async () => {
    await runModel(entry, { cache: 'refresh', cacheDir });
    assert.equal(readdirSync(cacheDir).length, 1);
    assert.equal((await runModel(entry, { cache: 'refresh', cacheDir })).cached, false);
    assert.equal((await runModel(entry, { cache: 'off', cacheDir })).cached, false);
    assert.equal((await runModel(entry, { cache: 'read', cacheDir })).cached, true);
  });

  it('a cached verdict is judged against the entry as it is now', async () => {
    await runModel(entry, { cache: 'read', cacheDir });
    const hit = await runModel({ ...entry, expected: 'holds' }, { cache: 'read', cacheDir });
    assert.deepEqual([hit.cached, hit.ok, hit.outcome], [true, false, 'XSmall']);
    assert.match(hit.detail ?? '', /invariant XSmall is violated/);
  });

  it('the key covers the cfg, every module the spec EXTENDS or INSTANCEs, and the options', () => {
    writeFileSync(join(dir, 'Helper.tla'), '---- MODULE Helper ----\nH == 1\n====\n');
    writeFileSync(join(dir, 'Inner.tla'), '---- MODULE Inner ----\nI == 2\n====\n');
    writeFileSync(join(dir, 'Root.tla'), '---- MODULE Root ----\nEXTENDS Naturals, Helper\n\\* EXTENDS NotThis\nJ == INSTANCE Inner\n====\n');
    assert.deepEqual(importedModules('---- MODULE Root ----\nEXTENDS Naturals,\n  Helper\n(* EXTENDS Hidden *)\nJ == INSTANCE Inner WITH x <- 1\n'), ['Naturals', 'Helper', 'Inner']);
    assert.deepEqual(moduleClosure(dir, 'Root.tla').map(([n]) => n), ['Helper.tla', 'Inner.tla', 'Root.tla']);
    const jar = join(dir, 'Helper.tla'); // any file: the key hashes it
    const key = (args: string[] = ['-workers', '1']) => verdictKey({ dir, module: 'Root.tla', config: 'Counter.cfg', jar, java: 'java', args });
    const k0 = key();
    assert.equal(key(), k0, 'the key is stable');
    assert.notEqual(key(['-workers', '1', '-fpmem', '0.5']), k0, 'options are in the key');
    appendFileSync(join(dir, 'Inner.tla'), '\\* a comment is an edit too\n');
    const k1 = key();
    assert.notEqual(k1, k0, 'an edit of an INSTANCEd module misses');
    appendFileSync(join(dir, 'Counter.cfg'), '\n');
    assert.notEqual(key(), k1, 'an edit of the cfg misses');
  });
});
