// Explore's figures (docs/explore.md):
//   node --loader ts-node/esm/transpile-only --no-warnings bench/explore.ts [seconds]
//     runs/min and steps/s of 4 validators (one Byzantine) and one height, judge strict,
//     through the in-process reference core and through the TypeScript driver;
//   node --loader ts-node/esm/transpile-only --no-warnings bench/explore.ts mutants [seconds]
//     each mutant of the kill table (src/conformance/mutants.ts) behind a driver
//     (test/fixtures/drivers/mutant-core-driver.ts): found or not within the budget,
//     how fast, by which property. Seed 1 each.
import { coreSut } from '../src/conformance/core-sut.ts';
import { driverSut } from '../src/conformance/driver-sut.ts';
import { MUTANTS } from '../src/conformance/mutants.ts';
import type { ConsensusSut } from '../src/conformance/replay.ts';
import { explore } from '../src/explore/campaign.ts';

const LOADER = 'node --loader ts-node/esm/transpile-only --no-warnings';
const TS_DRIVER = `${LOADER} conformance/drivers/ts/driver.ts`;
const mode = process.argv[2] === 'mutants' ? 'mutants' : 'speed';
const seconds = Number(process.argv[mode === 'mutants' ? 3 : 2] ?? (mode === 'mutants' ? 60 : 20));

async function measure(name: string, sut: ConsensusSut): Promise<void> {
  const r = await explore({ sut, judge: 'strict', validators: 4, byzantine: 1, heights: 1, seed: 1, untilMs: seconds * 1000, keepGoing: true });
  console.log(`${name.padEnd(22)} ${r.runs} runs, ${r.steps} steps in ${r.seconds.toFixed(1)} s: ${(r.runs * 60 / r.seconds).toFixed(0)} runs/min, ${(r.steps / r.seconds).toFixed(0)} steps/s, findings ${r.findings.length}`);
  await sut.close();
}

if (mode === 'speed') {
  await measure('in-process core', coreSut());
  await measure('TypeScript driver', driverSut(TS_DRIVER));
} else {
  console.log(`| mutant | found | after | runs | property |\n| --- | --- | --- | --- | --- |`);
  for (const m of MUTANTS) {
    const sut = driverSut(`${LOADER} test/fixtures/drivers/mutant-core-driver.ts ${m.name}`, { startTimeoutMs: 60_000 });
    const r = await explore({ sut, judge: 'strict', validators: 4, byzantine: 1, heights: 2, seed: 1, untilMs: seconds * 1000 });
    const f = r.findings[0];
    console.log(`| \`${m.name}\` | ${f ? 'yes' : 'no'} | ${f ? `${f.seconds.toFixed(1)} s` : `(${r.seconds.toFixed(0)} s)`} | ${f ? f.run + 1 : r.runs} | ${f ? f.property : '–'} |`);
    await sut.close();
  }
}
