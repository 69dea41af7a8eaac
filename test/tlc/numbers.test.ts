// Issue 23 §4: TLC's numbers are read in one fixed locale. The JVM that runs TLC gets
// -Duser.language=en -Duser.country=US, and a count in any other form is refused, never
// read as a part of itself ("3.282" as 282). The samples are real TLC 2.18 output of
// Counter.tla with CounterLocale.cfg under four locales (test/fixtures/tlc/out/Locale.*).
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitToolOutput } from '../../src/tlc/messages.ts';
import { findModel, loadModels } from '../../src/tlc/models.ts';
import { countAfter, countBefore, LOCALE_JVM_ARGS, tlcCount, TlcNumberError } from '../../src/tlc/numbers.ts';
import { ToolReducer, type Progress } from '../../src/tlc/report.ts';
import { runModel, tlcArgs } from '../../src/tlc/runner.ts';
import { TOY_MODELS } from './helpers.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'test', 'fixtures', 'tlc', 'out');

function reduce(file: string): { report: ReturnType<ToolReducer['result']>; progress: Progress[] } {
  const progress: Progress[] = [];
  const r = new ToolReducer((p) => progress.push(p));
  r.feed(splitToolOutput(readFileSync(join(OUT, file), 'utf8')));
  return { report: r.result(), progress };
}

/** A 2200 progress report as TLC prints it, with the counts given. */
const progressMessage = (generated: string, distinct: string): string =>
  `@!@!@STARTMSG 2200:0 @!@!@\nProgress(81) at 2026-12-07 22:46:22: ${generated} states generated (370,150 s/min), ${distinct} distinct states found (189,586 ds/min), 0 states left on queue.\n@!@!@ENDMSG 2200 @!@!@\n`;

describe('tlc/numbers: TLC counts read strictly, in en-US (issue 23)', () => {
  it('takes digits and en-US groups of three, and -1 as unknown', () => {
    assert.equal(tlcCount('0'), 0);
    assert.equal(tlcCount('501'), 501);
    assert.equal(tlcCount('1501'), 1501);
    assert.equal(tlcCount('1,501'), 1501);
    assert.equal(tlcCount('12,345,678'), 12345678);
    assert.equal(tlcCount('-1'), null);
  });

  it('refuses every other form, naming the text', () => {
    for (const bad of ['1.501', '1 501', '1\u202f501', '1\u00a0501', '1’501', "1'501", '1,50', '12,34,567', ',501', '1,501,', '', '1e3', '0x10', '-2', '1.5']) {
      assert.throws(() => tlcCount(bad), (e: unknown) => e instanceof TlcNumberError && e.message.includes(JSON.stringify(bad)) && e.message.includes('-Duser.language=en'), bad);
    }
  });

  it('takes the whole token before or after the label, never its tail', () => {
    assert.equal(countBefore('at 2026-12-07 22:45:35: 3,282 states generated (1 s/min)', 'states generated'), 3282);
    assert.equal(countBefore('3282 states generated, 1681 distinct states found', 'distinct states found'), 1681);
    assert.equal(countBefore('nothing here', 'states generated'), undefined);
    // The old reader took the digits right before the label: 282, 501, 234.
    assert.throws(() => countBefore('22:46:22: 3.282 states generated', 'states generated'), /"3\.282"/);
    assert.throws(() => countBefore('22:46:22: 1\u202f501 states generated', 'states generated'), /"1\u202f501"/);
    assert.throws(() => countBefore('22:46:22: 1’501 states generated', 'states generated'), /"1’501"/);
    assert.equal(countAfter('The depth of the complete state graph search is 81.', 'search is'), 81);
    assert.equal(countAfter('The depth of the complete state graph search is 1,234.', 'search is'), 1234);
    assert.throws(() => countAfter('The depth of the complete state graph search is 1.234.', 'search is'), /"1\.234"/);
    assert.equal(countAfter('The number of states generated: 11\nSimulation using seed 5', 'states generated:'), 11);
  });

  it('en-US output (real): the progress report and the statistics give 3,282 / 1,681', () => {
    const { report, progress } = reduce('Locale.en-US.tool.txt');
    assert.deepEqual(report.outcome, { kind: 'holds' });
    assert.deepEqual(report.stats, { generated: 3282, distinct: 1681, queue: 0, depth: 81 });
    assert.deepEqual(progress.map((p) => [p.generated, p.distinct]), [[3282, 1681]]);
  });

  for (const locale of ['de-DE', 'fr-FR', 'de-CH']) {
    it(`${locale} output (real): refused with one sentence naming the count, never read as 282 / 681`, () => {
      const { report, progress } = reduce(`Locale.${locale}.tool.txt`);
      assert.equal(report.outcome.kind, 'error');
      assert.match(report.outcome.kind === 'error' ? report.outcome.message : '', /^TLC printed the number of states generated as "3.282", which is not an en-US number/);
      for (const p of progress) for (const n of [p.generated, p.distinct]) assert.ok(n !== 282 && n !== 681, `read ${n}`);
    });
  }

  it('a separator-formatted progress line in both locales: 1,501 is 1501; 1.501 is refused, not 501 or 1', () => {
    const en: Progress[] = [];
    const a = new ToolReducer((p) => en.push(p));
    a.feed(splitToolOutput(progressMessage('1,501', '1,234')));
    assert.deepEqual(en.map((p) => [p.generated, p.distinct]), [[1501, 1234]]);
    const de: Progress[] = [];
    const b = new ToolReducer((p) => de.push(p));
    b.feed(splitToolOutput(progressMessage('1.501', '1.234')));
    assert.deepEqual(de, []);
    const o = b.result().outcome;
    assert.ok(o.kind === 'error' && o.message.includes('"1.501"'), JSON.stringify(o));
  });

  it('every java started for TLC or SANY pins the locale (runner, distributed, traces via the runner, validate)', () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name.endsWith('.ts')) files.push(join(d, e.name));
      }
    };
    walk(join(ROOT, 'src'));
    const starters = files.filter((f) => {
      const t = readFileSync(f, 'utf8');
      return /spawn(?:Sync|Tracked)?\(java,/.test(t) && /tlc2\.|tla2sany/.test(t);
    });
    assert.deepEqual(starters.map((f) => f.slice(ROOT.length + 1)).sort(), ['src/tlc/distributed.ts', 'src/tlc/runner.ts', 'src/validate/tlc-check.ts']);
    for (const f of starters) {
      const t = readFileSync(f, 'utf8');
      const spawns = t.split(/spawn(?:Sync|Tracked)?\(java,/).length - 1;
      const pinned = t.split('...LOCALE_JVM_ARGS').length - 1;
      assert.ok(pinned >= spawns, `${f}: ${spawns} java starts, ${pinned} with LOCALE_JVM_ARGS`);
    }
    const entry = findModel(loadModels(TOY_MODELS), 'holds');
    const args = tlcArgs(entry, 'tlc.jar', '/tmp/m', 1, { jvmArgs: ['-Xmx1g'] });
    assert.deepEqual(args.slice(2, 5), [...LOCALE_JVM_ARGS, '-Xmx1g']);
  });

  it('real TLC under JAVA_TOOL_OPTIONS=-Duser.language=de: the progress report still reads 3,282 (the pin wins)', async function () {
    this.timeout(60_000);
    const before = process.env.JAVA_TOOL_OPTIONS;
    process.env.JAVA_TOOL_OPTIONS = '-Duser.language=de -Duser.country=DE';
    const progress: Progress[] = [];
    try {
      const r = await runModel(findModel(loadModels(TOY_MODELS), 'locale'), { onProgress: (p) => progress.push(p) });
      assert.equal(r.ok, true, r.detail);
      assert.equal(r.distinct, 1681);
    } finally {
      if (before === undefined) delete process.env.JAVA_TOOL_OPTIONS; else process.env.JAVA_TOOL_OPTIONS = before;
    }
    assert.deepEqual(progress.map((p) => [p.generated, p.distinct]), [[3282, 1681]]);
  });
});
