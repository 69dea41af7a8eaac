// Flag parsing of `check` and `replay` (in-process): defaults, values, and the error
// text for each kind of mistake.
import { strict as assert } from 'node:assert';
import { UsageError } from '../../src/check/args.ts';
import { HELP as CHECK_HELP, parseCheckArgs, run as runCheckCli } from '../../src/cli/check.ts';
import { HELP as REPLAY_HELP, parseReplayArgs, run as runReplayCli } from '../../src/cli/replay.ts';

function usageError(f: () => unknown, re: RegExp): void {
  assert.throws(f, (e: unknown) => e instanceof UsageError && re.test(e.message));
}

async function captured(f: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const [log, error] = [console.log, console.error];
  let out = '';
  let err = '';
  console.log = (s: unknown) => { out += `${String(s)}\n`; };
  console.error = (s: unknown) => { err += `${String(s)}\n`; };
  try { return { code: await f(), out, err }; } finally { console.log = log; console.error = error; }
}

describe('check and replay: flags', () => {
  it('check: defaults and values', () => {
    const d = parseCheckArgs([]);
    assert.equal(d.opts.sim, 10);
    assert.equal(d.opts.driver, null);
    assert.equal(d.opts.skipTlc, false);
    assert.ok(Number.isSafeInteger(d.opts.seed));
    assert.equal(d.reportPath, 'hybrid-bft-report.json');
    assert.equal(d.junitPath, 'hybrid-bft-junit.xml');
    const p = parseCheckArgs(['--sim', '25', '--seed', '-7', '--skip-tlc', '--driver', 'python3 d.py', '--report', 'r.json', '--junit', 'j.xml']);
    assert.deepEqual([p.opts.sim, p.opts.seed, p.opts.skipTlc, p.opts.driver, p.reportPath, p.junitPath], [25, -7, true, 'python3 d.py', 'r.json', 'j.xml']);
  });

  it('check: bad values and unknown flags', () => {
    usageError(() => parseCheckArgs(['--sim', 'x']), /^--sim: expected an integer >= 1, got "x"$/);
    usageError(() => parseCheckArgs(['--sim', '0']), /^--sim: expected an integer >= 1, got "0"$/);
    usageError(() => parseCheckArgs(['--sim']), /^--sim needs a value/);
    usageError(() => parseCheckArgs(['--seed', '1.5']), /^--seed: expected an integer, got "1\.5"$/);
    usageError(() => parseCheckArgs(['--driver']), /^--driver needs a command/);
    usageError(() => parseCheckArgs(['--driver', '--skip-tlc']), /^--driver needs a command/);
    usageError(() => parseCheckArgs(['--report']), /^--report needs a file name/);
    usageError(() => parseCheckArgs(['--frobnicate']), /^unknown option '--frobnicate'$/);
    usageError(() => parseCheckArgs(['extra']), /^unexpected argument 'extra'$/);
  });

  it('replay: --traces takes several paths and repeats', () => {
    const o = parseReplayArgs(['--traces', 'a', 'b', '--mutants', '--traces', 'c', '--json']);
    assert.deepEqual(o, { traces: ['a', 'b', 'c'], driver: null, mutants: true, json: true, timeoutMs: 30_000 });
    assert.deepEqual(parseReplayArgs([]).traces, []);
  });

  it('replay: bad flags', () => {
    usageError(() => parseReplayArgs(['--bogus']), /^unknown option '--bogus'$/);
    usageError(() => parseReplayArgs(['--traces']), /^--traces needs a directory or trace file$/);
    usageError(() => parseReplayArgs(['--traces', '--json']), /^--traces needs a directory or trace file$/);
    usageError(() => parseReplayArgs(['file.itf.json']), /^unexpected argument 'file\.itf\.json' \(trace paths go after --traces\)$/);
  });

  it('--help prints the usage and returns 0', async () => {
    assert.deepEqual(await captured(() => runCheckCli(['--help'])), { code: 0, out: `${CHECK_HELP}\n`, err: '' });
    assert.deepEqual(await captured(() => runReplayCli(['-h'])), { code: 0, out: `${REPLAY_HELP}\n`, err: '' });
    assert.match(CHECK_HELP, /--skip-tlc/);
    assert.match(REPLAY_HELP, /--mutants/);
  });

  it('the commands return 2 on bad usage, with the message and a pointer to --help on stderr', async () => {
    const cases: [() => Promise<number>, RegExp][] = [
      [() => runCheckCli(['--sim', 'x']), /^hybrid-bft check: --sim: expected an integer >= 1, got "x"\n\nRun 'hybrid-bft check --help'/],
      [() => runCheckCli(['--frobnicate']), /^hybrid-bft check: unknown option '--frobnicate'\n/],
      [() => runReplayCli(['--bogus']), /^hybrid-bft replay: unknown option '--bogus'\n\nRun 'hybrid-bft replay --help'/],
      [() => runReplayCli(['--traces', 'no/such/dir']), /^hybrid-bft replay: --traces: no\/such\/dir does not exist\n/],
    ];
    for (const [f, re] of cases) {
      const r = await captured(f);
      assert.equal(r.code, 2, r.err);
      assert.equal(r.out, '');
      assert.match(r.err, re);
    }
  });
});
