// An entry marked "outOfReach" in models.json (spec/models.schema.md): `tlc` says so in
// one line on stderr before it starts, single-process and distributed; other entries
// get no such line. The toy entry "unreachable" is Counter, marked out of reach only
// for this test (it finishes at once).
import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import { run as tlc } from '../../src/cli/tlc.ts';
import { loadModels } from '../../src/tlc/models.ts';
import { captured, TOY_MODELS } from './helpers.ts';

const NOTE = /^tlc unreachable: note: recorded as out of reach \("outOfReach" in models\.json; its purpose says how far TLC got\), so this run is not expected to finish; Ctrl-C stops it$/;

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, () => { const p = (s.address() as { port: number }).port; s.close(() => res(p)); });
  });
}

describe('tlc: an entry recorded as out of reach is announced before it starts', function () {
  this.timeout(120_000);

  it('spec/models.json marks full-step and the step-byz entries, none of them run by CI or with recorded figures', () => {
    const marked = loadModels().models.filter((m) => m.outOfReach === true);
    assert.ok(marked.some((m) => m.name === 'full-step') && marked.some((m) => m.name === 'step-byz-r0'), marked.map((m) => m.name).join(', '));
    assert.ok(marked.every((m) => !m.ci && m.recorded === undefined));
  });

  it('single-process: the note is the first line on stderr; an unmarked entry gets none (negative control)', async () => {
    const r = await captured(() => tlc(['--models', TOY_MODELS, 'unreachable', '--no-html']));
    assert.equal(r.value, 0, r.err);
    assert.match(r.err.split('\n')[0]!, NOTE);
    const plain = await captured(() => tlc(['--models', TOY_MODELS, 'holds', '--no-html']));
    assert.equal(plain.value, 0, plain.err);
    assert.doesNotMatch(plain.err, /out of reach/);
  });

  it('with --json too (stderr only), and with --distributed before the server starts', async () => {
    const j = await captured(() => tlc(['--models', TOY_MODELS, 'unreachable', '--no-html', '--json']));
    assert.equal(j.value, 0, j.err);
    assert.match(j.err.split('\n')[0]!, NOTE);
    assert.equal((JSON.parse(j.out) as { outcome: string }).outcome, 'holds');
    const d = await captured(async () => tlc(['--models', TOY_MODELS, 'unreachable', '--distributed', '--workers', '1', '--port', String(await freePort())]));
    assert.equal(d.value, 0, d.err);
    assert.match(d.err.split('\n')[0]!, NOTE);
  });
});
