// Every command held to the exit-code table of docs/exit-codes.md: for each command the
// cases below give 0, 1 (where a finding can be provoked) and 2, and the usage errors
// say what is wrong in one sentence (never a raw ENOENT, never a stack trace). The
// commands run in this process (their `run(args)`, as src/cli/main.ts calls it);
// test/cli/lifecycle.test.ts runs the real CLI in child processes.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { commands } from '../../src/cli/commands.ts';
import { captured, TOY_MODELS } from '../tlc/helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const OK = join(ROOT, 'test/check/fixtures/ok');
const BROKEN = join(ROOT, 'test/check/fixtures/broken');
const BAD_DRIVER = (mode: string) => `node ${join(ROOT, 'test/fixtures/drivers/bad-driver.mjs')} ${mode}`;

interface Case { args: string[]; code: 0 | 1 | 2; says?: RegExp }

/** Per command: [args, expected code, what stderr/stdout must say]. `T` is a fresh temporary folder. */
function cases(T: string): Record<string, Case[]> {
  const gz = join(T, 'truncated.itf.json.gz');
  writeFileSync(gz, gzipSync(readFileSync(join(OK, 'catchup.itf.json'))).subarray(0, 200));
  mkdirSync(join(T, 'empty'));
  writeFileSync(join(T, 'file'), 'x');
  mkdirSync(join(T, 'vectors'));
  copyFileSync(join(ROOT, 'conformance/vectors/threshold-t1-n1.json'), join(T, 'vectors', 'threshold-t1-n1.json'));
  // One wrong expectation: the reference implementation must then fail it.
  const v = JSON.parse(readFileSync(join(T, 'vectors', 'threshold-t1-n1.json'), 'utf8')) as { cases: { expect: { signature?: string } }[] };
  const c0 = v.cases.find((c) => typeof c.expect.signature === 'string')!;
  c0.expect.signature = `${c0.expect.signature!.slice(0, -1)}${c0.expect.signature!.endsWith('0') ? '1' : '0'}`;
  mkdirSync(join(T, 'wrong'));
  writeFileSync(join(T, 'wrong', 'threshold-t1-n1.json'), JSON.stringify(v));
  const out = (n: string) => ['--report', join(T, `${n}.json`), '--junit', join(T, `${n}.xml`)];
  return {
    check: [
      { args: ['--help'], code: 0 },
      { args: ['--skip', 'tlc,traces,mutants,vectors', '--corpus', OK, ...out('a')], code: 0 },
      { args: ['--skip', 'tlc,traces,mutants,vectors', '--corpus', BROKEN, ...out('b')], code: 1 },
      { args: ['--sim', 'x'], code: 2, says: /--sim: expected an integer >= 1, got "x"/ },
      { args: ['--skip', 'nosuch'], code: 2, says: /--skip: unknown stage 'nosuch'/ },
      { args: ['--report', join(T, 'missing', 'r.json')], code: 2, says: /--report .*: the folder .*missing does not exist; create it or choose another path/ },
      { args: ['--junit', join(T, 'file', 'j.xml')], code: 2, says: /--junit .*: .*file is not a folder/ },
      { args: ['--corpus', join(T, 'nowhere')], code: 2, says: /--corpus .*nowhere does not exist; give the trace corpus folder/ },
      { args: ['--models', join(T, 'nowhere.json')], code: 2, says: /nowhere\.json does not exist/ },
      { args: ['--sim-model', 'nosuch'], code: 2, says: /no model named "nosuch"/ },
      { args: ['--sim-model', 'w-decide'], code: 2, says: /^hybrid-bft check: --sim-model w-decide is an exhaustive entry; the fresh batch needs a simulation entry \(sim, .*refine-sim.*\)$/m },
    ],
    tlc: [
      { args: ['--help'], code: 0 },
      { args: ['--models', TOY_MODELS, 'holds', '--no-cache'], code: 0 },
      // the documented form: the options as the next argument, starting with a dash
      { args: ['--models', TOY_MODELS, 'holds', '--no-cache', '--jvm-args', '-Xmx256m', '--tlc-args', '-fpmem 0.25'], code: 0 },
      { args: ['--models', TOY_MODELS, 'not-caught', '--no-cache'], code: 1 },
      { args: ['--list', '--json', '--models', TOY_MODELS], code: 0, says: /^\[\n {2}\{\n {4}"name": "holds"/ },
      { args: ['--list', '--workers', '2', '--no-cache'], code: 2, says: /^hybrid-bft tlc: --list takes only --json and --models, not --workers, --no-cache; drop them$/m },
      { args: ['--list', '--distributed'], code: 2, says: /^hybrid-bft tlc: --list takes only --json and --models, not --distributed; drop it$/m },
      { args: ['--models', TOY_MODELS, 'holds', '--no-cache', '--metadir', join(T, 'meta')], code: 0 }, // created: its parent exists
      { args: ['--models', TOY_MODELS, 'holds', '--metadir', join(T, 'missing', 'meta')], code: 2, says: /^hybrid-bft tlc: --metadir .*: the folder .*missing does not exist; create it or choose another path$/m },
      { args: ['--models', TOY_MODELS, 'holds', '--metadir', join(T, 'file')], code: 2, says: /^hybrid-bft tlc: --metadir .*file is a file, not a folder; choose another path$/m },
      { args: ['--list', 'ci'], code: 2, says: /^hybrid-bft tlc: --list takes no model name, got ci; drop it, or run 'hybrid-bft tlc ci' to check that entry$/m },
      { args: [], code: 2, says: /expected one model name, got 0/ },
      { args: ['nosuchmodel'], code: 2, says: /no model named "nosuchmodel"/ },
      { args: ['w-decide', '--workers', 'x'], code: 2, says: /--workers: expected an integer >= 1, got "x"/ },
      { args: ['--bogus'], code: 2, says: /Unknown option '--bogus'/ },
    ],
    traces: [
      { args: ['--help'], code: 0 },
      { args: ['--models', TOY_MODELS, '--simulate', 'values-sim', '--num', '2', '--seed', '5', '--out', join(T, 'sim')], code: 0 },
      { args: ['--models', TOY_MODELS, '--simulate', 'unlucky-sim', '--num', '2', '--seed', '5', '--out', join(T, 'caught')], code: 1, says: /traces --simulate unlucky-sim: TLC: expected holds, got XSmall: invariant XSmall is violated/ },
      { args: ['--models', TOY_MODELS, '--simulate', 'caught', '--num', '2', '--out', join(T, 'caught2')], code: 2, says: /--simulate needs an entry expected to hold, and caught expects XSmall violated; use --witness caught for its counterexample/ },
      { args: ['--num', 'x', '--simulate', 'sim', '--out', T], code: 2, says: /--num: expected an integer >= 1, got "x"/ },
      { args: ['--simulate', 'nosuch', '--out', T], code: 2, says: /no model named "nosuch"/ },
      { args: ['--simulate', 'sim', '--out', join(T, 'file', 'x')], code: 2, says: /file.* has a part that is a file, not a folder|file.* already exists and is not a folder/ },
      { args: ['--models', TOY_MODELS, '--witness', 'holds', '--out', T], code: 2, says: /expects "holds": a witness needs/ },
    ],
    replay: [
      { args: ['--help'], code: 0 },
      { args: ['--traces', OK], code: 0 },
      { args: ['--traces', BROKEN], code: 1, says: /step 4 \(Deliver\) process c1: projection differs/ },
      { args: ['--traces', '/nonexistent'], code: 2, says: /--traces: \/nonexistent does not exist/ },
      { args: ['--traces', gz], code: 2, says: /truncated\.itf\.json\.gz: not a complete gzip file .*regenerate it or restore it/ },
      { args: ['--traces', OK, '--driver', BAD_DRIVER('silent-hello'), '--timeout', '500'], code: 2, says: /did not start: driver did not answer hello \(id 1\) within 500 ms/ },
    ],
    vectors: [
      { args: ['--help'], code: 0 },
      { args: ['--dir', join(T, 'vectors')], code: 0 },
      { args: ['--dir', join(T, 'wrong'), '--failures'], code: 1 },
      { args: ['--dir', '/nonexistent'], code: 2, says: /vector directory \/nonexistent does not exist; give the folder/ },
      { args: ['--dir', join(T, 'empty')], code: 2, says: /has no \*\.json vector files/ },
      { args: ['--timeout', 'x'], code: 2, says: /--timeout: expected an integer >= 1/ },
      { args: ['--dir', join(T, 'vectors'), '--driver', './no-such-driver'], code: 2, says: /driver "\.\/no-such-driver" did not start: driver exited with code 127/ },
    ],
    oracle: [
      { args: ['--help'], code: 0 },
      { args: ['--driver', BAD_DRIVER('crash'), '--traces', OK], code: 1, says: /driver exited with code 3/ },
      { args: [], code: 2, says: /--driver "<cmd>" is required/ },
      { args: ['--driver', BAD_DRIVER('malformed'), '--traces', OK], code: 2, says: /driver sent malformed JSON in answer to consensus\.step/ },
      { args: ['--driver', './no-such-driver', '--traces', OK], code: 2, says: /did not start: driver exited with code 127/ },
    ],
    explore: [
      { args: ['--help'], code: 0 },
      { args: ['--driver', `node --loader ts-node/esm/transpile-only --no-warnings ${join(ROOT, 'conformance/drivers/ts/driver.ts')}`, '--runs', '20', '--out', join(T, 'explore0')], code: 0, says: /no findings/ },
      { args: ['--driver', `node --loader ts-node/esm/transpile-only --no-warnings ${join(ROOT, 'test/fixtures/drivers/mutant-core-driver.ts')} quorum-2f`, '--runs', '20', '--no-tlc', '--out', join(T, 'explore1')], code: 1, says: /oracle --traces: fails/ },
      { args: ['--runs', '5'], code: 2, says: /--driver "<cmd>" is required/ },
      { args: ['--driver', 'x', '--judge', 'lenient'], code: 2, says: /--judge: expected paper or strict or none, got 'lenient'/ },
      { args: ['--driver', './no-such-driver', '--runs', '1'], code: 2, says: /did not start/ },
    ],
    show: [
      { args: ['--help'], code: 0 },
      { args: [join(OK, 'catchup.itf.json'), '--out', join(T, 'page.html')], code: 0, says: /wrote .*page\.html/ },
      { args: [join(T, 'nowhere.itf.json')], code: 2, says: /nowhere\.itf\.json/ },
      { args: [gz], code: 2, says: /truncated\.itf\.json\.gz/ },
      { args: [], code: 2, says: /expected one input file, got 0/ },
    ],
    simulate: [
      { args: ['--help'], code: 0 },
      { args: ['--runs', '5', '--seed', '1', '--repro', join(T, 'repro.json')], code: 0, says: /every run passed/ },
      { args: ['--runs', 'x'], code: 2, says: /--runs: expected an integer in 1\.\.\d+, got 'x'/ },
      { args: ['--crypto', 'x'], code: 2, says: /--crypto: expected trusting or bls, got 'x'/ },
      { args: ['--channels', '51'], code: 2, says: /--channels: expected an integer in 1\.\.50, got '51'/ },
    ],
    validate: [
      { args: ['--help'], code: 0 },
      { args: ['--runs', '2', '--seed', '1'], code: 0, says: /every recording is a behaviour of the model/ },
      { args: ['--runs', '0'], code: 2, says: /--runs: expected an integer in 1\.\.100000, got '0'/ },
      { args: ['--verdict', 'loose'], code: 2, says: /--verdict must be contract or paper, got "loose"/ },
      { args: ['--variant', 'nope'], code: 2, says: /no legal variant named "nope"/ },
    ],
    node: [
      { args: ['--help'], code: 0 },
      { args: ['--id', 'c1', '--wal', join(T, 'w')], code: 2, says: /--peers is required/ },
      { args: ['--id', 'c1', '--peers', 'c1=10.1.2.3:9000', '--wal', join(T, 'w')], code: 2, says: /--peers: c1: address 10\.1\.2\.3 is not loopback/ },
      { args: ['--id', 'c1', '--peers', 'c1=127.0.0.1:9000', '--wal', join(T, 'file', 'w')], code: 2, says: /--wal: .*file.* has a part that is a file/ },
    ],
    testnet: [
      { args: ['--help'], code: 0 },
      { args: ['--nodes', '1', '--heights', '1', '--crypto', 'trusting'], code: 0, says: /1 processes over TCP decided heights 1\.\.1/ },
      // No node process starts and decides 10000 heights within one second.
      { args: ['--nodes', '1', '--heights', '10000', '--crypto', 'trusting', '--timeout', '1'], code: 1, says: /no progress: not every node decided height 10000 within 1 s/ },
      { args: ['--nodes', '0'], code: 2, says: /--nodes: expected an integer in 1\.\.16, got '0'/ },
    ],
    run: [
      { args: ['--help'], code: 0 },
      { args: ['--nodes', '4', '--heights', '1', '--crypto', 'trusting'], code: 0 },
      { args: ['--heights', '-1'], code: 2, says: /--heights: expected 1\.\.10000, got -1/ },
      { args: ['--nodes', '4', '--heights', '2', '--crypto', 'trusting', '--channels', '2'], code: 0, says: /update alice-bob#2 .* ledger: accepted/ },
      { args: ['--heights', '1', '--channels', '2'], code: 2, says: /--channels: 2 updates need at least 2 heights, got --heights 1/ },
      { args: ['--wal-dir', join(T, 'file', 'wal')], code: 2, says: /--wal-dir: .*file.* (has a part that is a file|already exists)/ },
    ],
  };
}

describe('exit codes: every command held to docs/exit-codes.md', function () {
  this.timeout(300_000);
  let T: string;
  before(() => { T = mkdtempSync(join(tmpdir(), 'hybrid-bft-exit-codes-')); });
  after(() => { rmSync(T, { recursive: true, force: true }); });

  it('the table in docs/exit-codes.md has a row for every command, and every command has cases here', () => {
    const doc = readFileSync(join(ROOT, 'docs/exit-codes.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual(rows.sort(), Object.keys(commands).sort());
    assert.deepEqual(Object.keys(cases(mkdtempSync(join(T, 'probe-')))).sort(), Object.keys(commands).sort());
  });

  it('run --wal-dir creates a missing folder (as traces --out does)', async () => {
    const mod = await commands.run!.load();
    const dir = join(T, 'new', 'wal');
    const r = await captured(() => mod.run(['--nodes', '4', '--heights', '1', '--crypto', 'trusting', '--wal-dir', dir]));
    assert.equal(r.value, 0, r.err);
  });

  for (const name of Object.keys(commands)) {
    it(`${name}: 0, 1 and 2 as the table says`, async () => {
      const mod = await commands[name]!.load();
      const dir = mkdtempSync(join(T, `${name}-`));
      for (const c of cases(dir)[name] ?? []) {
        const r = await captured(() => mod.run(c.args));
        const text = `${r.err}${r.out}`;
        assert.equal(r.value, c.code, `hybrid-bft ${name} ${c.args.join(' ')}: exit ${r.value}, expected ${c.code}\n${text.slice(0, 2000)}`);
        if (c.says !== undefined) assert.match(text, c.says, `hybrid-bft ${name} ${c.args.join(' ')}`);
        assert.doesNotMatch(text, /\n\s+at .*\(.*:\d+:\d+\)|ENOENT:|EACCES:|EPERM:/, `hybrid-bft ${name} ${c.args.join(' ')}: a raw system error or stack trace`);
        if (c.code === 2 && c.args[0] !== '--help') assert.ok(r.err.trim().split('\n')[0]!.length > 0, 'a usage error says why on stderr');
      }
    });
  }
});
