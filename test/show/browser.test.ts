// hybrid-bft show in a real browser: headless Chromium from Debian's packages
// (apt-get install chromium), driven by playwright-core, renders the page of every
// committed counterexample and witness and two simulated traces. The assertions read
// the laid-out page: lifelines, arrows that end on their receiver's lifeline, the
// violated property highlighted, the state table's rows level with the diagram's, no
// console or page error, no request but the page itself. Screenshots go to
// out/show-browser/ (gitignored). HYBRID_BFT_SKIP_BROWSER=1 skips this file;
// HYBRID_BFT_CHROMIUM names another Chromium binary.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { readShowSource } from '../../src/show/input.ts';
import { sourceHtml } from '../../src/show/page.ts';
import { committedInputs, expected, ROOT } from './helpers.ts';

const CHROMIUM = process.env.HYBRID_BFT_CHROMIUM ?? '/usr/bin/chromium';
const SKIP = process.env.HYBRID_BFT_SKIP_BROWSER === '1';
const SHOTS = join(ROOT, 'out', 'show-browser');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

/** What the test reads off the laid-out page. */
interface Seen {
  lifelines: { name: string; byzantine: boolean; x: number }[];
  arrows: { step: number; from: string; to: string; type: string; length: number; endX: number }[];
  violation: { property: string | null; background: string; height: number } | null;
  violatingRows: { svg: string[]; table: string[] };
  /** Largest vertical distance between a diagram row and the table row of the same step. */
  misalignment: number;
  rows: number;
  width: number;
}

function readPage(): Seen {
  const q = <T extends Element>(s: string): T[] => [...document.querySelectorAll<T>(s)];
  const lifelines = q<SVGGElement>('svg.msc g.lifeline').map((g) => {
    const line = g.querySelector('line')!;
    return { name: g.getAttribute('data-validator')!, byzantine: g.getAttribute('data-byzantine') === 'true', x: line.getBoundingClientRect().left + line.getBoundingClientRect().width / 2 };
  });
  const arrows = q<SVGGElement>('svg.msc g.arrow').map((g) => {
    const path = g.querySelector('path')!;
    const length = path.getTotalLength();
    const end = path.getPointAtLength(length);
    const svg = path.ownerSVGElement!.getBoundingClientRect();
    return { step: Number(g.getAttribute('data-step')), from: g.getAttribute('data-from')!, to: g.getAttribute('data-to')!, type: g.getAttribute('data-type')!, length, endX: svg.left + end.x };
  });
  const v = document.getElementById('violation');
  const violation = v === null ? null : { property: v.getAttribute('data-property'), background: getComputedStyle(v).backgroundColor, height: v.getBoundingClientRect().height };
  let misalignment = 0;
  const svgRows = q<SVGRectElement>('svg.msc rect.row');
  for (const r of svgRows) {
    const tr = document.querySelector(`table.states tr[data-step="${r.getAttribute('data-step')}"]`);
    misalignment = Math.max(misalignment, tr === null ? Infinity : Math.abs(tr.getBoundingClientRect().top - r.getBoundingClientRect().top));
  }
  return {
    lifelines, arrows, violation, misalignment, rows: svgRows.length, width: document.documentElement.scrollWidth,
    violatingRows: { svg: q('svg.msc rect.row.violating').map((e) => e.getAttribute('data-step')!), table: q('table.states tr.violating').map((e) => e.getAttribute('data-step')!) },
  };
}

describe('show: the pages in headless Chromium', function () {
  this.timeout(180_000);
  let context: BrowserContext | undefined;
  let userData: string | undefined;

  before(async function () {
    if (SKIP) {
      console.log('    skipped: HYBRID_BFT_SKIP_BROWSER=1');
      this.skip();
    }
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}: install it with 'apt-get install -y chromium' (Debian's package; .ci/run does), point HYBRID_BFT_CHROMIUM at a Chromium binary, or set HYBRID_BFT_SKIP_BROWSER=1 to skip the browser test`);
    }
    userData = mkdtempSync(join(tmpdir(), 'hybrid-bft-chromium-'));
    mkdirSync(SHOTS, { recursive: true });
    context = await chromium.launchPersistentContext(userData, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1600, height: 1000 } });
  });

  after(async () => {
    await context?.close();
    if (userData !== undefined) rmSync(userData, { recursive: true, force: true });
  });

  for (const input of committedInputs()) {
    const name = basename(input).replace(/\.gz$/, '').replace(/\.(itf\.json|txt)$/, '');
    it(`${name}: lifelines, arrows on their receivers, the property highlighted, no error`, async () => {
      const want = expected(input);
      const file = join(SHOTS, `${name}.html`);
      writeFileSync(file, sourceHtml(readShowSource(input), relative(ROOT, input)));
      const url = pathToFileURL(file).href;
      const page = await context!.newPage();
      const problems: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => { if (r.url() !== url) problems.push(`request: ${r.url()}`); });
      try {
        await page.goto(url, { waitUntil: 'load' });
        const seen = await page.evaluate(readPage);
        assert.deepEqual(problems, []);
        assert.deepEqual(seen.lifelines.map((l) => l.name).sort(), [...want.validators].sort());
        assert.deepEqual(seen.lifelines.filter((l) => l.byzantine).map((l) => l.name), want.byzantine);
        assert.deepEqual(seen.arrows.map((a) => [a.step, a.from, a.to, a.type]), want.deliveries);
        const x = new Map(seen.lifelines.map((l) => [l.name, l.x]));
        for (const a of seen.arrows) {
          assert.ok(a.length > 5, `arrow of step ${a.step} is drawn (length ${a.length})`);
          assert.ok(Math.abs(a.endX - x.get(a.to)!) <= 8, `arrow of step ${a.step} ends on ${a.to}'s lifeline (${a.endX} vs ${x.get(a.to)})`);
        }
        assert.equal(seen.rows, want.steps);
        assert.ok(seen.misalignment <= 1, `the state table's rows are level with the diagram's (off by ${seen.misalignment}px)`);
        if (want.property === undefined) {
          assert.equal(seen.violation, null);
          assert.deepEqual(seen.violatingRows, { svg: [], table: [] });
        } else {
          assert.equal(seen.violation?.property, want.property);
          assert.ok((seen.violation?.height ?? 0) > 10, 'the banner is laid out');
          // Red for a violation, amber for a witness (a false invariant broken on purpose).
          assert.equal(seen.violation?.background, input.endsWith('.txt') ? 'rgb(251, 213, 213)' : 'rgb(255, 241, 194)');
          assert.deepEqual(seen.violatingRows, { svg: [String(want.steps)], table: [String(want.steps)] });
        }
        await page.setViewportSize({ width: Math.min(seen.width + 20, 3000), height: 1000 });
        const shot = join(SHOTS, `${name}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        console.log(`      screenshot: ${relative(process.cwd(), shot)}`);
      } finally {
        await page.close();
      }
    });
  }
});
