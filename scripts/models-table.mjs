#!/usr/bin/env node
// The README's model table, generated from spec/models.json (`npm run docs:models`).
// It replaces what lies between the two marker comments in README.md; with --check it
// changes nothing and exits 1 when the README differs from the manifest (the test
// test/docs-models.test.ts does the same).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const README = join(ROOT, 'README.md');
export const MODELS = join(ROOT, 'spec', 'models.json');
export const BEGIN = '<!-- models:begin: generated from spec/models.json by `npm run docs:models`; edit the manifest, not this table -->';
export const END = '<!-- models:end -->';

const num = (n) => (n === undefined ? '–' : n.toLocaleString('en-US'));
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The generated block (markers included) for the manifest's JSON text. */
export function modelsTable(manifestText) {
  const { models } = JSON.parse(manifestText);
  const ci = models.filter((m) => m.ci);
  const ciSeconds = ci.reduce((s, m) => s + (m.recorded?.wallSeconds ?? 0), 0);
  const rows = models.map((m) => {
    const r = m.recorded;
    // TLC's -simulate counts neither distinct states nor a depth ("recorded" holds 0 for both).
    const sim = m.mode === 'simulate';
    return `| \`${m.name}\` | ${m.ci ? 'yes' : 'no'} | ${m.mode} | ${cell(m.expected)} | ${sim ? '–' : num(r?.distinctStates)} | ${num(r?.statesGenerated)} | ${sim ? '–' : num(r?.depth)} | ${r === undefined ? '–' : `${r.wallSeconds} (${r.workers})`} | ${cell(m.purpose ?? '')} |`;
  });
  return [BEGIN,
    `${models.length} models, ${ci.length} of them in CI; the CI models' recorded times add up to ${Math.round(ciSeconds)} s (${(ciSeconds / 60).toFixed(1)} min).`,
    '',
    '| model | CI | mode | expected | distinct states | generated | depth | seconds (workers) | purpose |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...rows, END].join('\n');
}

/** README text with the block between the markers replaced; throws when the markers are missing. */
export function withTable(readme, manifestText) {
  const a = readme.indexOf(BEGIN);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md: the markers ${BEGIN} ... ${END} are missing; put them where the model table goes`);
  return readme.slice(0, a) + modelsTable(manifestText) + readme.slice(b + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = readFileSync(README, 'utf8');
  const next = withTable(readme, readFileSync(MODELS, 'utf8'));
  if (process.argv.includes('--check')) {
    if (next !== readme) { console.error('README.md: the model table differs from spec/models.json; run npm run docs:models'); process.exit(1); }
    console.log('README.md: the model table matches spec/models.json');
  } else if (next !== readme) {
    writeFileSync(README, next);
    console.log('README.md: model table regenerated from spec/models.json');
  } else {
    console.log('README.md: model table already up to date');
  }
}
