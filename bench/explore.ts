// Explore's throughput (docs/explore.md): runs/min and steps/s of 4 validators and one
// height, judge strict, through the in-process reference core and through the
// TypeScript driver. `node --loader ts-node/esm/transpile-only --no-warnings bench/explore.ts [seconds]`.
import { coreSut } from '../src/conformance/core-sut.ts';
import { driverSut } from '../src/conformance/driver-sut.ts';
import type { ConsensusSut } from '../src/conformance/replay.ts';
import { explore } from '../src/explore/campaign.ts';

const seconds = Number(process.argv[2] ?? 20);
const TS_DRIVER = 'node --loader ts-node/esm/transpile-only --no-warnings conformance/drivers/ts/driver.ts';

async function measure(name: string, sut: ConsensusSut): Promise<void> {
  const r = await explore({ sut, judge: 'strict', validators: 4, byzantine: 1, heights: 1, seed: 1, untilMs: seconds * 1000, keepGoing: true });
  console.log(`${name.padEnd(22)} ${r.runs} runs, ${r.steps} steps in ${r.seconds.toFixed(1)} s: ${(r.runs * 60 / r.seconds).toFixed(0)} runs/min, ${(r.steps / r.seconds).toFixed(0)} steps/s, findings ${r.findings.length}`);
  await sut.close();
}

await measure('in-process core', coreSut());
await measure('TypeScript driver', driverSut(TS_DRIVER));
