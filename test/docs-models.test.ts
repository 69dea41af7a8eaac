// The README's model table is generated from spec/models.json (scripts/models-table.mjs,
// `npm run docs:models`): this fails when the two disagree, e.g. after a model's
// recorded figures change without the README being regenerated.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { MODELS, README, withTable } from '../scripts/models-table.mjs';

describe('README: the model table matches spec/models.json', () => {
  it('regenerating the table changes nothing (else run npm run docs:models)', () => {
    const readme = readFileSync(README, 'utf8');
    assert.equal(withTable(readme, readFileSync(MODELS, 'utf8')), readme, 'README.md model table differs from spec/models.json: run npm run docs:models');
  });

  it('negative control: a changed recorded count makes the check fail', () => {
    const readme = readFileSync(README, 'utf8');
    const manifest = JSON.parse(readFileSync(MODELS, 'utf8')) as { models: { recorded?: { distinctStates: number } }[] };
    const withCount = manifest.models.find((m) => m.recorded !== undefined)!;
    withCount.recorded!.distinctStates += 1;
    assert.notEqual(withTable(readme, JSON.stringify(manifest)), readme);
  });

  it('README without the markers: one sentence saying where they go', () => {
    assert.throws(() => withTable('# no table here\n', readFileSync(MODELS, 'utf8')), /markers .* are missing; put them where the model table goes/);
  });
});
