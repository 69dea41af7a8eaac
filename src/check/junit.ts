// The JUnit XML of `check` (hybrid-bft-junit.xml): one <testsuite> per stage, one
// <testcase> per model / trace batch / mutant / vector file, failures with messages.
// .ci/run reads it with Python's junitparser, a JUnit consumer from PyPI.
import { hostname } from 'node:os';
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

/** ISO 8601 without zone or fraction, as the strict JUnit schemas require (UTC). */
export function junitTimestamp(iso: string): string {
  return iso.replace(/\.\d+Z$|Z$/, '');
}

export interface JunitContext { hostname: string }

function body(tag: 'failure' | 'error', text: string): string {
  return `      <${tag} ${attr('message', firstLine(text))} ${attr('type', tag === 'error' ? 'stage crashed' : 'check failed')}>${xmlEscape(text)}</${tag}>`;
}

function suite(s: StageRow, id: number, report: Report, jc: JunitContext): string {
  const failures = s.cases.filter((c) => c.failure !== null).length;
  const errors = s.cases.filter((c) => c.error !== null).length;
  const skipped = s.cases.filter((c) => c.failure === null && c.error === null && c.skipped !== null).length;
  const out = [`  <testsuite ${[attr('name', s.name), attr('tests', s.cases.length), attr('failures', failures), attr('errors', errors),
    attr('skipped', skipped), attr('time', s.seconds.toFixed(3)), attr('timestamp', junitTimestamp(report.startedAt)),
    attr('hostname', jc.hostname), attr('id', id), attr('package', 'hybrid-bft.check')].join(' ')}>`];
  out.push('    <properties>', ...properties(report).map(([k, v]) => `      <property ${attr('name', k)} ${attr('value', v)}/>`), '    </properties>');
  for (const c of s.cases) {
    const open = `    <testcase ${[attr('name', c.name), attr('classname', `hybrid-bft.check.${s.name}`), attr('time', c.seconds.toFixed(3))].join(' ')}`;
    if (c.error !== null) out.push(`${open}>`, body('error', c.error), '    </testcase>');
    else if (c.failure !== null) out.push(`${open}>`, body('failure', c.failure), '    </testcase>');
    else if (c.skipped !== null) out.push(`${open}>`, `      <skipped ${attr('message', c.skipped)}/>`, '    </testcase>');
    else out.push(`${open}/>`);
  }
  out.push('    <system-out/>', '    <system-err/>', '  </testsuite>');
  return out.join('\n');
}

/** The run's options, as <property> pairs (enough to reproduce it: the seed above all). */
function properties(report: Report): [string, string][] {
  const o = report.options;
  return [['seed', String(o.seed)], ['sim', String(o.sim)], ['simModel', o.simModel], ['skipTlc', String(o.skipTlc)],
    ['driver', o.driver ?? ''], ['cache', String(o.cache)]];
}

/**
 * The JUnit XML of a report: <testsuites> of one <testsuite> per stage with the
 * attributes and children the strict JUnit schemas require (timestamp, hostname, id,
 * package, <properties>, <system-out>, <system-err>); a failed check is <failure>, a
 * stage that crashed is <error>, a skipped stage one <skipped/> case.
 */
export function junitXml(report: Report, jc: JunitContext = { hostname: hostname() || 'localhost' }): string {
  const cases = report.stages.flatMap((s) => s.cases);
  const failures = cases.filter((c) => c.failure !== null).length;
  const errors = cases.filter((c) => c.error !== null).length;
  return ['<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${[attr('name', 'hybrid-bft check'), attr('tests', cases.length), attr('failures', failures), attr('errors', errors), attr('time', report.seconds.toFixed(3))].join(' ')}>`,
    ...report.stages.map((s, i) => suite(s, i, report, jc)),
    '</testsuites>', ''].join('\n');
}
