// The committed corpus, read once per test process: every test file that replays it
// imports these (reading and computing the cover graph's transition cover takes about
// a minute on a loaded 2-core machine).
import { corpusFiles, readTraces } from '../../src/conformance/corpus.ts';
import type { ModelTrace } from '../../src/conformance/replay.ts';

export const files = corpusFiles();
export const traces: ModelTrace[] = files.flatMap(readTraces);
