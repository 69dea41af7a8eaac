// The JUnit XML of `check` (hybrid-bft-junit.xml): one <testsuite> per stage, one
// <testcase> per model / trace batch / mutant / vector file, failures with messages.
import type { Report, StageRow } from './report.ts';

/** Text safe in XML content and in double-quoted attributes; drops characters XML 1.0 forbids. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const attr = (k: string, v: string | number): string => `${k}="${xmlEscape(String(v))}"`;

/** The first line of a failure message (the attribute); the whole text goes in the body. */
function firstLine(s: string): string {
  const l = s.split('\n')[0] ?? '';
  return l.length > 200 ? `${l.slice(0, 199)}…` : l;
}

function suite(s: StageRow): string {
  const failures = s.cases.filter((c) => c.failure !== null).length;
  const skipped = s.cases.filter((c) => c.failure === null && c.skipped !== null).length;
  const out = [`  <testsuite ${[attr('name', s.name), attr('tests', s.cases.length), attr('failures', failures), attr('errors', 0), attr('skipped', skipped), attr('time', s.seconds.toFixed(3))].join(' ')}>`];
  for (const c of s.cases) {
    const open = `    <testcase ${[attr('classname', `hybrid-bft.check.${s.name}`), attr('name', c.name), attr('time', c.seconds.toFixed(3))].join(' ')}`;
    if (c.failure !== null) {
      out.push(`${open}>`, `      <failure ${attr('message', firstLine(c.failure))}>${xmlEscape(c.failure)}</failure>`, '    </testcase>');
    } else if (c.skipped !== null) {
      out.push(`${open}>`, `      <skipped ${attr('message', c.skipped)}/>`, '    </testcase>');
    } else {
      out.push(`${open}/>`);
    }
  }
  out.push('  </testsuite>');
  return out.join('\n');
}

export function junitXml(report: Report): string {
  const cases = report.stages.flatMap((s) => s.cases);
  const failures = cases.filter((c) => c.failure !== null).length;
  return ['<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${[attr('name', 'hybrid-bft check'), attr('tests', cases.length), attr('failures', failures), attr('errors', 0), attr('time', report.seconds.toFixed(3))].join(' ')}>`,
    ...report.stages.map(suite),
    '</testsuites>', ''].join('\n');
}
