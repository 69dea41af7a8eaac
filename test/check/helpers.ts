// Fakes for `check`: stages that return fixed sections, an options object, and an XML
// parse through Python's ElementTree (a real parser, so "well-formed" is not our own claim).
import { spawnSync } from 'node:child_process';
import type { CheckOptions, Sections, StageName, StageStatus } from '../../src/check/report.ts';
import type { CheckDeps, Stage, StageOutput } from '../../src/check/stages.ts';

export const OPTS: CheckOptions = { driver: null, skipTlc: false, skip: [], sim: 3, seed: 42, simModel: 'sim', modelsFile: '/x/models.json', corpus: '/x/traces', timeoutMs: 30_000, cache: true, jvmArgs: [], tlcArgs: [] };

export const SECTIONS: Sections = {
  tlc: { modelsFile: 'spec/models.json', models: [{ name: 'ci', mode: 'exhaustive', expected: 'holds', outcome: 'holds', ok: true, distinct: 1234, recordedDistinct: 1234, generated: 5000, depth: 17, seconds: 3.2, problem: null, cached: false }] },
  traces: { model: 'sim', seed: 42, requested: 3, depth: 80, outDir: '/tmp/x', files: ['/tmp/x/a.itf.json'], seconds: 2.5, problem: null },
  replay: { sut: 'reference core', traces: 3, steps: 120, seconds: 0.5, stepsPerSecond: 240, batches: [{ name: 'traces/sim', traces: 3, steps: 120, seconds: 0.5, mismatches: 0 }],
    mismatches: [], unreadable: [], coverage: [{ name: 'Deliver', kind: 'action', lines: 'Consensus.tla Next', steps: 100 }], covered: 1, coverable: 1 },
  mutants: { killed: 1, total: 1, mutants: [{ mutant: 'quorum-2f', description: 'q', killed: true, killedBy: 'a:4 (projection, Deliver c1)', tracesTried: 1 }] },
  vectors: { implementation: 'ts', passed: 10, failed: 0, total: 10, files: [{ file: 'threshold-t1-n1.json', passed: 10, failed: 0 }] },
  driver: { command: 'python3 d.py', implementation: 'py', ok: true, traces: 3, steps: 120, seconds: 1.5, mismatches: 0, unreadable: 0, vectorsPassed: 10, vectorsFailed: 0, summary: '3 traces, 120 steps: 0 mismatches\nvectors: 10 passed, 0 failed' },
};

export interface Calls { names: StageName[] }

export function fakeStage<K extends StageName>(name: K, calls: Calls, status: StageStatus = 'pass', failure: string | null = null): Stage<K> {
  return async (): Promise<StageOutput<K>> => {
    calls.names.push(name);
    return { status, summary: `${name} figures`, section: SECTIONS[name],
      cases: [{ name: `${name} case`, seconds: 0.1, failure: status === 'fail' ? (failure ?? `${name} failed`) : null, error: null, skipped: null }] };
  };
}

export function fakeDeps(calls: Calls, over: Partial<CheckDeps> = {}): CheckDeps {
  return {
    tlc: fakeStage('tlc', calls), traces: fakeStage('traces', calls), replay: fakeStage('replay', calls),
    mutants: fakeStage('mutants', calls), vectors: fakeStage('vectors', calls), driver: fakeStage('driver', calls), ...over,
  };
}

export interface ParsedCase {
  suite: string; name: string; failureMessage: string | null; failureText: string | null;
  errorMessage: string | null; skippedMessage: string | null;
}
export interface ParsedSuite {
  name: string; tests: number; failures: number; errors: number; skipped: number;
  attributes: Record<string, string>; children: string[];
}

/** Parses JUnit XML with Python's ElementTree; throws with the parser's message if it is not well-formed. */
export function parseJunit(xml: string): { suites: ParsedSuite[]; cases: ParsedCase[] } {
  const py = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
assert root.tag == 'testsuites', root.tag
suites, cases = [], []
for s in root:
    assert s.tag == 'testsuite', s.tag
    suites.append({'name': s.get('name'), 'tests': int(s.get('tests')), 'failures': int(s.get('failures')), 'errors': int(s.get('errors')),
                   'skipped': int(s.get('skipped')), 'attributes': dict(s.attrib), 'children': [c.tag for c in s]})
    for c in s.findall('testcase'):
        f, e, k = c.find('failure'), c.find('error'), c.find('skipped')
        cases.append({'suite': s.get('name'), 'name': c.get('name'),
                      'failureMessage': None if f is None else f.get('message'), 'failureText': None if f is None else f.text,
                      'errorMessage': None if e is None else e.get('message'), 'skippedMessage': None if k is None else k.get('message')})
print(json.dumps({'suites': suites, 'cases': cases}))
`;
  const r = spawnSync('python3', ['-c', py], { input: xml, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`not well-formed XML: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
