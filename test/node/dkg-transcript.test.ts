// The DKG transcripts of conformance/dkg/: the committed files are what the code writes
// today, and py_ecc (conformance/py/check_dkg.py) accepts them and refuses tampered
// copies. The Python part runs when the venv exists (.venv-conformance); .ci/run runs it
// with HYBRID_BFT_REQUIRE_PY=1, so that a missing venv fails instead of skipping.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCENARIOS, TRANSCRIPT_DIR, serializeTranscript, transcript, transcriptName } from '../../src/node/dkg-transcript.ts';

const PY = join(process.cwd(), '.venv-conformance', 'bin', 'python');
const CHECK = join(process.cwd(), 'conformance', 'py', 'check_dkg.py');
const committed = (name: string) => readFileSync(new URL(name, TRANSCRIPT_DIR), 'utf8');

describe('node/dkg-transcript: DKG transcripts for the py_ecc cross-check', function () {
  this.timeout(120_000); // py_ecc: pure Python

  it('the committed transcripts are what src/node/dkg-transcript.ts writes', () => {
    for (const s of SCENARIOS) assert.equal(committed(transcriptName(s)), serializeTranscript(transcript(s)), `${transcriptName(s)} is stale: run src/node/dkg-transcript.ts --write`);
  });

  const py = existsSync(PY) || process.env.HYBRID_BFT_REQUIRE_PY === '1' ? it : it.skip;
  py('py_ecc recomputes QUAL, the group key and every share key; a tampered transcript fails (exit 1), a non-transcript cannot be checked (exit 2)', () => {
    const run = (...files: string[]) => spawnSync(PY, [CHECK, ...files], { encoding: 'utf8' });
    const ok = run(new URL('dkg-t3-n4.json', TRANSCRIPT_DIR).pathname); // .ci/run checks every file
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /\n\d+ passed, 0 failed\n$/);
    const dir = mkdtempSync(join(tmpdir(), 'dkg-transcript-'));
    try {
      const base = JSON.parse(committed('dkg-t3-n4.json')) as Record<string, any>;
      const tampered: [string, (d: Record<string, any>) => void, RegExp][] = [
        ['group key', (d) => { d.expect.groupPublicKey = d.expect.sharePublicKeys[0].publicKey; }, /FAILED dkg\.json \/ group key = sum of QUAL's C_i0/],
        ['honest complaint dropped', (d) => { d.complaints = []; }, /FAILED dkg\.json \/ share 3->2: complaint iff it fails Feldman's check/],
        ['share changed', (d) => { d.dealers[0].shares[1].share = d.dealers[0].shares[2].share; }, /FAILED dkg\.json \/ share 1->2: complaint iff/],
      ];
      for (const [what, edit, expected] of tampered) {
        const d = structuredClone(base);
        edit(d);
        writeFileSync(join(dir, 'dkg.json'), JSON.stringify(d));
        const r = run(join(dir, 'dkg.json'));
        assert.equal(r.status, 1, `${what}: ${r.stdout}`);
        assert.match(r.stdout, expected, what);
      }
      writeFileSync(join(dir, 'other.json'), JSON.stringify({ format: 'hybrid-bft/threshold-vectors/1' }));
      const other = run(join(dir, 'other.json'));
      assert.equal(other.status, 2);
      assert.match(other.stderr, /other\.json is not a hybrid-bft\/dkg-transcript\/1 file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
