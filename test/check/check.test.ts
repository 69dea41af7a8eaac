// `runCheck` with fake stages: stage order and skipping, exit codes, the report on disk
// (validated against src/check/report.schema.json) and the JUnit XML (parsed by a real
// XML parser, with special characters in names and failure messages).
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareOutputs } from '../../src/check/outputs.ts';
import { runCheck } from '../../src/check/run.ts';
import { validateReport } from '../../src/check/schema.ts';
import { fakeDeps, fakeStage, OPTS, parseJunit, type Calls } from './helpers.ts';

describe('check: runCheck with fake stages', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-check-test-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });
  const paths = () => ({ reportPath: join(dir, 'hybrid-bft-report.json'), junitPath: join(dir, 'hybrid-bft-junit.xml') });
  const quiet = { print: () => {} };

  it('all stages pass: exit 0, stages in order, driver skipped without --driver, report valid against the schema', async () => {
    const calls: Calls = { names: [] };
    const { exitCode, report } = await runCheck({ opts: OPTS, deps: fakeDeps(calls), ...paths(), ...quiet });
    assert.equal(exitCode, 0);
    assert.deepEqual(calls.names, ['tlc', 'traces', 'replay', 'mutants', 'vectors']);
    assert.deepEqual(report.stages.map((s) => [s.name, s.status]), [['tlc', 'pass'], ['traces', 'pass'], ['replay', 'pass'], ['mutants', 'pass'], ['vectors', 'pass'], ['driver', 'skip']]);
    const onDisk: unknown = JSON.parse(readFileSync(paths().reportPath, 'utf8'));
    assert.deepEqual(validateReport(onDisk), []);
    assert.equal((onDisk as { ok: boolean }).ok, true);
    assert.equal((onDisk as { driver: unknown }).driver, null);
    const j = parseJunit(readFileSync(paths().junitPath, 'utf8'));
    assert.deepEqual(j.suites.map((s) => s.name), ['tlc', 'traces', 'replay', 'mutants', 'vectors', 'driver']);
    assert.ok(j.cases.every((c) => c.failureMessage === null));
  });

  it('--skip-tlc skips tlc and traces; --driver runs the driver stage', async () => {
    const calls: Calls = { names: [] };
    const { exitCode, report } = await runCheck({ opts: { ...OPTS, skipTlc: true, driver: 'python3 d.py' }, deps: fakeDeps(calls), ...paths(), ...quiet });
    assert.equal(exitCode, 0);
    assert.deepEqual(calls.names, ['replay', 'mutants', 'vectors', 'driver']);
    assert.equal(report.tlc, null);
    assert.equal(report.stages[0]?.summary, 'skipped (--skip-tlc)');
    assert.equal(report.driver?.ok, true);
    assert.deepEqual(validateReport(JSON.parse(readFileSync(paths().reportPath, 'utf8'))), []);
  });

  it('a failing stage makes exit 1 and a <failure> in the JUnit, XML special characters escaped', async () => {
    const calls: Calls = { names: [] };
    const nasty = `mutant "x" survived: a < b && c > 'd'\nsecond line\u0001`;
    const { exitCode, report } = await runCheck({ opts: OPTS, deps: fakeDeps(calls, { mutants: fakeStage('mutants', calls, 'fail', nasty) }), ...paths(), ...quiet });
    assert.equal(exitCode, 1);
    assert.equal(report.ok, false);
    assert.deepEqual(calls.names, ['tlc', 'traces', 'replay', 'mutants', 'vectors'], 'the stages after a failure still run');
    const xml = readFileSync(paths().junitPath, 'utf8');
    assert.doesNotMatch(xml, /a < b/);
    const j = parseJunit(xml);
    const failed = j.cases.filter((c) => c.failureMessage !== null);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.suite, 'mutants');
    assert.equal(failed[0]?.failureMessage, `mutant "x" survived: a < b && c > 'd'`);
    assert.equal(failed[0]?.failureText, nasty.replace('\u0001', ''));
    assert.equal(j.suites.find((s) => s.name === 'mutants')?.failures, 1);
  });

  it('a stage that throws is a failed stage with the error as a JUnit <error>; the report stays valid', async () => {
    const calls: Calls = { names: [] };
    const throwing = async (): Promise<never> => { throw new Error('trace corpus /x/traces does not exist'); };
    const { exitCode, report } = await runCheck({ opts: OPTS, deps: fakeDeps(calls, { replay: throwing }), ...paths(), ...quiet });
    assert.equal(exitCode, 1);
    const row = report.stages.find((s) => s.name === 'replay')!;
    assert.equal(row.status, 'fail');
    assert.equal(row.summary, 'error: trace corpus /x/traces does not exist');
    assert.equal(report.replay, null);
    assert.deepEqual(validateReport(JSON.parse(readFileSync(paths().reportPath, 'utf8'))), []);
    const j = parseJunit(readFileSync(paths().junitPath, 'utf8'));
    const crashed = j.cases.find((c) => c.suite === 'replay')!;
    assert.equal(crashed.failureMessage, null, 'a crashed stage is an <error>, not a <failure>');
    assert.match(crashed.errorMessage ?? '', /does not exist/);
    assert.deepEqual(j.suites.find((s) => s.name === 'replay')!.errors, 1);
  });

  it('the JUnit has what the strict JUnit schemas require: timestamp, hostname, id, package, <properties>; a skipped stage is <skipped/>', async () => {
    const calls: Calls = { names: [] };
    await runCheck({ opts: { ...OPTS, skipTlc: true }, deps: fakeDeps(calls), ...paths(), ...quiet });
    const j = parseJunit(readFileSync(paths().junitPath, 'utf8'));
    j.suites.forEach((s, i) => {
      assert.match(s.attributes.timestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/, `${s.name}: ISO 8601 without zone or fraction`);
      assert.ok((s.attributes.hostname ?? '') !== '', `${s.name}: hostname`);
      assert.equal(s.attributes.id, String(i));
      assert.equal(s.attributes.package, 'hybrid-bft.check');
      assert.equal(s.children[0], 'properties');
      assert.deepEqual(s.children.slice(-2), ['system-out', 'system-err']);
    });
    const tlc = j.suites.find((s) => s.name === 'tlc')!;
    assert.deepEqual([tlc.tests, tlc.skipped, tlc.failures, tlc.errors], [1, 1, 0, 0]);
    assert.equal(j.cases.find((c) => c.suite === 'tlc')?.skippedMessage, '--skip-tlc');
  });

  it('outputs are all or nothing: an output that cannot be written at the end still prints the summary and exits 2', async () => {
    const calls: Calls = { names: [] };
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    let printed = '';
    // The folder disappears while the stages run (a full disk or a cleaned workspace would do the same).
    const vanish = async (): Promise<never> => { rmSync(sub, { recursive: true }); throw new Error('boom'); };
    const { exitCode } = await runCheck({ opts: OPTS, deps: fakeDeps(calls, { vectors: vanish }), reportPath: join(sub, 'r.json'), junitPath: join(dir, 'j.xml'), print: (t) => { printed += `${t}\n`; } });
    assert.equal(exitCode, 2);
    assert.match(printed, /check: FAILED: vectors/);
    assert.match(printed, /check: could not write .*sub\/r\.json \(ENOENT\); the results above are not saved/);
    assert.ok(existsSync(join(dir, 'j.xml')), 'the other output is still written');
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
  });

  it('prepareOutputs: stale outputs are removed before any work, even when another output is unwritable', () => {
    writeFileSync(join(dir, 'old.xml'), '<testsuites tests="1" failures="0"/>');
    assert.throws(() => prepareOutputs([['--report', join(dir, 'missing', 'r.json')], ['--junit', join(dir, 'old.xml')]]),
      /^Error: --report .*missing\/r\.json: the folder .*missing does not exist; create it or choose another path$/);
    assert.equal(existsSync(join(dir, 'old.xml')), false, 'the stale (green) JUnit is gone');
    assert.throws(() => prepareOutputs([['--junit', dir]]), /is a folder; give a file name/);
  });

  it('the summary table names every stage, its result and figures', async () => {
    const calls: Calls = { names: [] };
    let printed = '';
    await runCheck({ opts: OPTS, deps: fakeDeps(calls, { vectors: fakeStage('vectors', calls, 'fail') }), ...paths(), print: (t) => { printed = t; } });
    assert.match(printed, /^tlc\s+ok\s+[\d.]+ s\s+tlc figures$/m);
    assert.match(printed, /^vectors\s+FAIL\s+[\d.]+ s\s+vectors figures$/m);
    assert.match(printed, /^driver\s+skipped\s+0\.0 s\s+skipped \(no --driver\)$/m);
    assert.match(printed, /check: FAILED: vectors/);
  });

  it('the closing line says "everything holds" only when no stage was skipped on request', async () => {
    let printed = '';
    await runCheck({ opts: OPTS, deps: fakeDeps({ names: [] }), ...paths(), print: (t) => { printed = t; } });
    assert.match(printed, /^check: everything holds \([\d.]+ s\)$/m, 'the driver stage without --driver is no skip');
    await runCheck({ opts: { ...OPTS, skipTlc: true, skip: ['mutants'] }, deps: fakeDeps({ names: [] }), ...paths(), print: (t) => { printed = t; } });
    assert.match(printed, /^check: every stage run holds; skipped: tlc, traces, mutants \([\d.]+ s\)$/m);
  });

  it('the schema rejects a report with a wrong field (the validation can fail)', async () => {
    const calls: Calls = { names: [] };
    const { report } = await runCheck({ opts: OPTS, deps: fakeDeps(calls), reportPath: null, junitPath: null, ...quiet });
    const bad = JSON.parse(JSON.stringify(report)) as { mutants: { killed: unknown }; stages: { status: string }[] };
    bad.mutants.killed = 'all';
    bad.stages[0]!.status = 'passed';
    const errors = validateReport(bad).map((e) => `${e.path}: ${e.message}`);
    assert.ok(errors.some((e) => e.startsWith('/mutants')), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('/stages/0/status')), errors.join('\n'));
  });
});
