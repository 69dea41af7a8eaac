// The edges of the crypto drivers where they disagreed with each other or with the docs
// (issue 9 §4): missing fields, an empty DST, duplicate indices in collect, extra
// partials in combine, and the genuine share f(n+1). The Python driver is run when a
// venv with py_ecc exists (.venv-conformance); .ci/run runs it after making the venv,
// with HYBRID_BFT_REQUIRE_PY=1 so that a missing venv fails instead of skipping.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verify } from '../../src/crypto/bls.ts';
import { combine, deal, partialSign } from '../../src/crypto/threshold.ts';
import { answer } from '../../src/vectors/driver-server.ts';
import { fromHex, toHex } from '../../src/vectors/hex.ts';
import { referenceImpl } from '../../src/vectors/reference.ts';
import type { ThresholdFile } from '../../src/vectors/format.ts';

const load = (name: string) => JSON.parse(readFileSync(join(process.cwd(), 'conformance', 'vectors', name), 'utf8')) as ThresholdFile;

const PY = join(process.cwd(), '.venv-conformance', 'bin', 'python');
const PY_DRIVER = join(process.cwd(), 'conformance', 'drivers', 'python', 'driver.py');

/** Each request line answered by the Python driver (one process for all). */
function python(lines: object[]): Record<string, unknown>[] {
  const r = spawnSync(PY, [PY_DRIVER], { input: lines.map((l) => JSON.stringify(l)).join('\n') + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}
const ts = async (req: object) => answer(referenceImpl, JSON.stringify(req));

const file = load('threshold-t2-n3.json');
const gpk = file.groupPublicKey;
const msg = file.messages[1]!.hex;
const sigOf = (m: number, i: number) => file.partials.find((p) => p.message === m && p.index === i)!.signature;
const verifyReq = { id: 1, op: 'verify', publicKey: gpk, message: msg, signature: file.groupSignatures[1]!.signature };
const shares = file.sharePublicKeys;
const collectReq = (partials: { index: number; signature: string }[]) =>
  ({ id: 2, op: 'collect', t: 2, n: 3, message: msg, groupPublicKey: gpk, shares, partials });

describe('crypto drivers: the edges (issue 9 §4)', function () {
  this.timeout(120_000); // py_ecc takes about a second a pairing
  it('verify without dst is bad-request naming the field, not a silent DST_SIG (TypeScript driver)', async () => {
    const a = await ts(verifyReq);
    assert.equal(a.ok, false, JSON.stringify(a));
    assert.equal(a.error, 'bad-request');
    assert.match(a.detail as string, /verify: missing field "dst"/);
  });

  it('verify with dst "" is bad-request (the DST must be non-empty), as the doc of verify says', async () => {
    assert.throws(() => verify(fromHex(gpk), fromHex(msg), fromHex(verifyReq.signature), ''), /^Error: verify: expected a non-empty dst \(RFC 9380\) of at most 255 bytes, got "" \(0 bytes\)/);
    const a = await ts({ ...verifyReq, dst: '' });
    assert.equal(a.error, 'bad-request');
    assert.match(a.detail as string, /non-empty dst/);
  });

  it('every op: a missing required field is bad-request naming it (TypeScript driver)', async () => {
    for (const [req, field] of [
      [{ op: 'combine', n: 3, message: msg, partials: [] }, 't'],
      [{ op: 'combine', t: 2, message: msg, partials: [] }, 'n'],
      [{ op: 'combine', t: 2, n: 3, message: msg }, 'partials'],
      [{ op: 'collect', t: 2, n: 3, message: msg, groupPublicKey: gpk, partials: [] }, 'shares'],
      [{ op: 'verifyPartial', publicKey: gpk, message: msg, signature: verifyReq.signature }, 'index'],
    ] as const) {
      const a = await ts(req);
      assert.equal(a.error, 'bad-request', `${req.op} without ${field}: ${JSON.stringify(a)}`);
      assert.match(a.detail as string, new RegExp(`missing field "${field}"`), `${req.op} without ${field}`);
    }
  });

  it('combine with more than t partials decodes every one: a garbage 5-byte extra partial is malformed', () => {
    const d = deal(2, 3, new Uint8Array(32).fill(7));
    const m = new Uint8Array([1, 2, 3]);
    const ps = d.shares.slice(0, 2).map((s) => partialSign(s, m));
    assert.throws(() => combine(2, 3, [...ps, { index: 3, signature: new Uint8Array(5) }]), /combine: partial 3: expected 96 bytes, got 5/);
  });

  it('the "index n+1" vector is a genuine share f(n+1): plain interpolation over it gives the group signature', () => {
    for (const name of ['threshold-t2-n3.json', 'threshold-t3-n4.json', 'threshold-t5-n7.json']) {
      const f = load(name);
      const c = f.cases.find((x) => x.op === 'combine' && x.name.startsWith('index n+1'))!;
      assert.ok(c !== undefined && c.op === 'combine', `${name}: no index n+1 case`);
      const ps = c.partials.map((p) => ({ index: p.index, signature: fromHex(p.signature) }));
      assert.equal(ps.filter((p) => p.index === f.n + 1).length, 1, name);
      // Among the first t, the ones a combination uses: only the range check can refuse it.
      assert.ok(ps.findIndex((p) => p.index === f.n + 1) < f.t, `${name}: the n+1 partial is not among the first t`);
      assert.equal(toHex(combine(f.t, f.n + 1, ps.slice(0, f.t))), f.groupSignatures[c.message]!.signature, `${name}: f(n+1) is not genuine`);
    }
  });

  it('every combine negative is a collect vector too', () => {
    for (const name of ['threshold-t2-n3.json', 'threshold-t3-n4.json', 'threshold-t5-n7.json']) {
      const f = load(name);
      const collectPartials = new Set(f.cases.filter((c) => c.op === 'collect').map((c) => c.op === 'collect' && JSON.stringify(c.partials)));
      for (const c of f.cases) {
        if (c.op !== 'combine' || c.expect.ok) continue;
        assert.ok(collectPartials.has(JSON.stringify(c.partials)), `${name}: combine negative "${c.name}" has no collect twin`);
      }
    }
  });

  const py = existsSync(PY) || process.env.HYBRID_BFT_REQUIRE_PY === '1' ? it : it.skip;
  py('the Python driver (py_ecc): collect with a duplicate index is duplicate-index; missing/empty dst and missing fields are bad-request naming them', () => {
    // The duplicate comes after t good partials: a collector that stops at t never sees it.
    const dup = collectReq([{ index: 1, signature: sigOf(1, 1) }, { index: 2, signature: sigOf(1, 2) }, { index: 1, signature: sigOf(1, 1) }]);
    const [c, v, e, k] = python([dup, verifyReq, { ...verifyReq, dst: '' }, { id: 4, op: 'combine', n: 3, message: msg, partials: [] }]);
    assert.equal(c!.ok, false, JSON.stringify(c));
    assert.equal(c!.error, 'duplicate-index');
    assert.equal(v!.error, 'bad-request'); assert.match(v!.detail as string, /verify: missing field "dst"/);
    assert.equal(e!.error, 'bad-request'); assert.match(e!.detail as string, /non-empty dst/);
    assert.equal(k!.error, 'bad-request'); assert.match(k!.detail as string, /missing field "t"/);
  });
});
