// Issue 23 §4, the class: every option TLC 2.18 accepts is in one table
// (src/tlc/options.ts) and is passed, handled, set by the runner or refused; anything
// else is refused. A refusal is one sentence naming the option, exit 2.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureTlc, requireJava } from '../../scripts/tlc-jar.mjs';
import { findModel, loadModels } from '../../src/tlc/models.ts';
import { checkTlcArgs, serverOptions, TLC_OPTIONS, type TlcArgsContext } from '../../src/tlc/options.ts';
import { runModel } from '../../src/tlc/runner.ts';
import { run as runTlc } from '../../src/cli/tlc.ts';
import { captured, FIXTURES, TOY_MODELS } from './helpers.ts';

const CLI = join(FIXTURES, '..', '..', '..', 'bin', 'hybrid-bft.mjs');
const problem = (args: string[], ctx: TlcArgsContext = 'tlc'): string | undefined => {
  const r = checkTlcArgs(args, ctx);
  return 'problem' in r ? r.problem : undefined;
};

describe('tlc/options: --tlc-args against the table of TLC 2.18 options (issue 23)', () => {
  it("the table holds every option of TLC 2.18's -help, and nothing TLC does not take", function () {
    this.timeout(30_000);
    const r = spawnSync(requireJava(), ['-cp', ensureTlc(), 'tlc2.TLC', '-help'], { encoding: 'utf8' });
    // -help prints bold option names: ESC[1m-name ESC[0m.
    const text = `${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    const help = new Set([...text.matchAll(/\[(-[A-Za-z]+)(?=[\s\]])/g)].map((m) => m[1]!));
    assert.ok(help.size >= 25, `read ${help.size} options from -help`);
    for (const o of help) assert.ok(Object.hasOwn(TLC_OPTIONS, o), `${o} is in TLC's -help but not in the table`);
    // Not in -help, but read by tlc2.TLC.handleParameters: -help, -lncheck, -modelcheck, and -simulate (in the synopsis).
    for (const o of Object.keys(TLC_OPTIONS)) assert.ok(help.has(o) || ['-help', '-lncheck', '-modelcheck', '-simulate'].includes(o), `${o} is in the table but not in TLC's -help`);
  });

  it('passes the options that change neither the output read nor the verdict, with their values', () => {
    for (const args of [['-fpmem', '0.5'], ['-coverage', '1'], ['-checkpoint', '10'], ['-recover', '/m/26-12-07'], ['-fp', '3'], ['-fpbits', '1'],
      ['-maxSetSize', '100'], ['-nowarning'], ['-terse'], ['-gzip'], ['-userFile', '/tmp/u.txt'], ['-fpmem', '0.5', '-coverage', '1']]) {
      assert.equal(problem(args), undefined, args.join(' '));
    }
    const ok = checkTlcArgs(['-fpmem', '0.5'], 'tlc');
    assert.ok('ok' in ok && ok.ok.cacheable && !ok.ok.continue);
    const rec = checkTlcArgs(['-recover', 'x'], 'tlc');
    assert.ok('ok' in rec && !rec.ok.cacheable, '-recover is not cached');
  });

  it('handles -continue in tlc; refuses it in check and with --distributed, saying why', () => {
    const c = checkTlcArgs(['-continue'], 'tlc');
    assert.ok('ok' in c && c.ok.continue);
    assert.match(problem(['-continue'], 'check')!, /^--tlc-args: -continue is not taken by check: .*recorded figures/);
    assert.match(problem(['-continue'], 'distributed')!, /^--tlc-args: -continue is not taken by --distributed: .*last transition/);
  });

  it('refuses every option the runner sets, naming the hybrid-bft flag or models.json field to use', () => {
    const want: Record<string, RegExp> = {
      '-workers': /--workers N/, '-config': /"config"/, '-metadir': /--metadir DIR/, '-deadlock': /"checkDeadlock": false/, '-tool': /always runs TLC with -tool/,
      '-simulate': /"mode": "simulate"/, '-depth': /--depth D/, '-seed': /--seed S/, '-aril': /--seed S/, '-dump': /traces --cover/, '-modelcheck': /"mode"/,
    };
    for (const [opt, re] of Object.entries(want)) {
      assert.equal(TLC_OPTIONS[opt]?.kind, 'runner', opt);
      const p = problem([opt, '2']);
      assert.ok(p !== undefined && p.startsWith(`--tlc-args: ${opt} is set by the runner itself; use `) && re.test(p), `${opt}: ${p}`);
    }
  });

  it('refuses the options that change the output read or what the verdict means, each with its reason', () => {
    for (const opt of ['-difftrace', '-view', '-generateSpecTE', '-dfid', '-lncheck', '-cleanup', '-debug', '-h', '-help']) {
      const p = problem([opt]);
      assert.ok(p !== undefined && p.startsWith(`--tlc-args: ${opt} is refused: `) && !p.includes('\n'), `${opt}: ${p}`);
    }
  });

  it('refuses unknown options, stray words, missing or malformed values, and an option given twice', () => {
    assert.match(problem(['-dumpTrace', 'json', 't.json'])!, /^--tlc-args: TLC 2\.18 has no option -dumpTrace /);
    assert.match(problem(['-Xmx8g'])!, /no option -Xmx8g/);
    assert.match(problem(['--continue'])!, /no option --continue/);
    assert.match(problem(['Counter.tla'])!, /^--tlc-args: "Counter\.tla" is not a TLC option/);
    assert.match(problem(['-coverage'])!, /^--tlc-args: -coverage needs an integer >= 0 after it$/);
    assert.match(problem(['-coverage', '-nowarning'])!, /-coverage needs an integer >= 0 after it/);
    assert.match(problem(['-checkpoint', 'ten'])!, /-checkpoint needs an integer >= 0, got "ten"/);
    assert.match(problem(['-fpmem', '0,5'])!, /-fpmem needs a number such as 0\.5, got "0,5"/);
    assert.match(problem(['-recover', '-continue'])!, /-recover needs a value after it, got the option -continue/);
    assert.match(problem(['-nowarning', '-nowarning'])!, /-nowarning is given twice/);
    assert.match(problem(['__proto__'])!, /is not a TLC option/);
    assert.match(problem(['-constructor'])!, /no option -constructor/);
  });

  it("--distributed takes only the server's options", () => {
    assert.deepEqual(serverOptions().sort(), ['-checkpoint', '-fp', '-fpbits', '-fpmem', '-maxSetSize', '-nowarning', '-recover', '-terse']);
    assert.equal(problem(['-fpmem', '0.5', '-checkpoint', '5'], 'distributed'), undefined);
    assert.match(problem(['-coverage', '1'], 'distributed')!, /^--tlc-args: -coverage is not taken with --distributed/);
  });

  it('runModel itself refuses a refused option without starting TLC (an error result naming it)', async () => {
    const r = await runModel(findModel(loadModels(TOY_MODELS), 'caught'), { tlcArgs: ['-difftrace'] });
    assert.equal(r.ok, false);
    assert.equal(r.seconds, 0);
    assert.match(r.detail ?? '', /-difftrace is refused/);
  });

  it('tlc refuses before starting TLC: one sentence naming the option, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--models', TOY_MODELS, 'toy', '--no-cache', '--tlc-args', '-workers 2'], /^hybrid-bft tlc: --tlc-args: -workers is set by the runner itself; use --workers N/],
      [['--models', TOY_MODELS, 'toy', '--no-cache', '--tlc-args', '-dumpTrace json x.json'], /^hybrid-bft tlc: --tlc-args: TLC 2\.18 has no option -dumpTrace/],
      [['--models', TOY_MODELS, 'toy', '--distributed', '--tlc-args', '-continue'], /^hybrid-bft tlc: --tlc-args: -continue is not taken by --distributed/],
      [['--models', TOY_MODELS, 'toy', '--record', '--tlc-args', '-continue'], /^hybrid-bft tlc: --record writes the figures of the entry's own settings, .* -continue searches past the first violation/],
      [['--models', TOY_MODELS, '--ci', '--tlc-args', '-view'], /^hybrid-bft tlc: --tlc-args: -view is refused: /],
    ];
    for (const [args, re] of cases) {
      const r = await captured(() => runTlc(args));
      assert.equal(r.value, 2, args.join(' '));
      assert.match(r.err, re, args.join(' '));
      assert.equal(r.out, '', args.join(' '));
    }
  });

  it('the CLI (bin): tlc and check exit 2 with one sentence naming the option, before starting TLC', function () {
    this.timeout(60_000);
    const cases: [string[], RegExp][] = [
      [['tlc', '--models', TOY_MODELS, 'toy', '--no-cache', '--tlc-args', '-difftrace'], /^hybrid-bft tlc: --tlc-args: -difftrace is refused: /],
      [['check', '--models', TOY_MODELS, '--tlc-args', '-continue'], /^hybrid-bft check: --tlc-args: -continue is not taken by check/],
    ];
    for (const [args, re] of cases) {
      const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
  });
});
