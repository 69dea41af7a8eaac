// The shape of `hybrid-bft-report.json` (documented in docs/check.md, schema in
// report.schema.json): one section per stage, null when the stage did not run.
import type { CoverageRow } from '../conformance/suite.ts';

export const REPORT_FORMAT = 'hybrid-bft/check-report/1';

export const STAGES = ['tlc', 'traces', 'replay', 'mutants', 'vectors', 'driver'] as const;
export type StageName = (typeof STAGES)[number];
export type StageStatus = 'pass' | 'fail' | 'skip';

/** One JUnit testcase: a model, a trace batch, a mutant, a vector file. At most one of failure, error, skipped is set. */
export interface Case { name: string; seconds: number; failure: string | null; error: string | null; skipped: string | null }

export interface ModelRow {
  name: string; mode: 'exhaustive' | 'simulate'; expected: string; outcome: string; ok: boolean;
  distinct: number | null; recordedDistinct: number | null; generated: number | null; depth: number | null;
  seconds: number; problem: string | null;
  /** The verdict came from the TLC verdict cache (src/tlc/cache.ts). */
  cached: boolean;
}
export interface TlcSection { modelsFile: string; models: ModelRow[] }

export interface TracesSection { model: string; seed: number; requested: number; depth: number | null; outDir: string; files: string[]; seconds: number; problem: string | null }

export interface MismatchRow { source: string; step: number; action: string; process: string; what: string; text: string }
export interface BatchRow { name: string; traces: number; steps: number; seconds: number; mismatches: number }
export interface ReplaySection {
  sut: string; traces: number; steps: number; seconds: number; stepsPerSecond: number;
  batches: BatchRow[]; mismatches: MismatchRow[]; unreadable: { file: string; message: string }[];
  coverage: CoverageRow[]; covered: number; coverable: number;
}

export interface MutantRow { mutant: string; description: string; killed: boolean; killedBy: string | null; tracesTried: number }
export interface MutantsSection { killed: number; total: number; mutants: MutantRow[] }

export interface VectorFileRow { file: string; passed: number; failed: number }
export interface VectorsSection { implementation: string; passed: number; failed: number; total: number; files: VectorFileRow[] }

export interface DriverSection {
  command: string; implementation: string; ok: boolean; traces: number; steps: number; seconds: number;
  mismatches: number; unreadable: number; vectorsPassed: number | null; vectorsFailed: number | null;
  /** The oracle's own summary (several lines: totals and the first mismatches). */
  summary: string;
}

export interface Sections {
  tlc: TlcSection; traces: TracesSection; replay: ReplaySection; mutants: MutantsSection; vectors: VectorsSection; driver: DriverSection;
}

export interface StageRow { name: StageName; status: StageStatus; seconds: number; summary: string; cases: Case[] }

export interface CheckOptions {
  driver: string | null;
  skipTlc: boolean;
  /** Stages skipped with --skip. */
  skip: StageName[];
  sim: number;
  seed: number;
  simModel: string;
  modelsFile: string;
  corpus: string;
  /** The driver's per-request timeout in ms, hello included. */
  timeoutMs: number;
  /** Read and write the TLC verdict cache (false: --no-cache). */
  cache: boolean;
  /** Passed to java before TLC's class (--jvm-args), and to TLC (--tlc-args). */
  jvmArgs: string[];
  tlcArgs: string[];
}

export interface Report {
  format: typeof REPORT_FORMAT;
  ok: boolean;
  startedAt: string;
  seconds: number;
  options: CheckOptions;
  stages: StageRow[];
  tlc: TlcSection | null;
  traces: TracesSection | null;
  replay: ReplaySection | null;
  mutants: MutantsSection | null;
  vectors: VectorsSection | null;
  driver: DriverSection | null;
}

/** The summary table printed at the end of `check`: stage, result, seconds, figures. */
export function formatSummary(report: Report): string {
  const rows = report.stages.map((s) => [s.name, s.status === 'pass' ? 'ok' : s.status === 'fail' ? 'FAIL' : 'skipped', `${s.seconds.toFixed(1)} s`, s.summary]);
  const head = ['stage', 'result', 'time', 'figures'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i] as number))).join('  ');
  const failed = report.stages.filter((s) => s.status === 'fail').map((s) => s.name);
  // "everything" only when no stage was skipped on request (the driver stage without --driver is not one)
  const skipped = report.stages.filter((s) => s.status === 'skip' && !(s.name === 'driver' && report.options.driver === null)).map((s) => s.name);
  const holds = skipped.length === 0 ? 'everything holds' : `every stage run holds; skipped: ${skipped.join(', ')}`;
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line), '',
    report.ok ? `check: ${holds} (${report.seconds.toFixed(1)} s)` : `check: FAILED: ${failed.join(', ')} (${report.seconds.toFixed(1)} s)`].join('\n');
}
