// The driver protocol end to end (in-process TypeScript driver) and every way a driver
// process can fail, each of which must be reported against the vector it hit.
import { strict as assert } from 'node:assert';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { checkFiles } from '../../src/vectors/check.ts';
import { DriverBroken, DriverClient, startDriver, streamTransport } from '../../src/vectors/driver.ts';
import { answer, serveDriver } from '../../src/vectors/driver-server.ts';
import type { VectorImpl } from '../../src/vectors/impl.ts';
import { referenceImpl } from '../../src/vectors/reference.ts';
import { run } from '../../src/cli/vectors.ts';
import { load, only } from './helpers.ts';

const FAKE = fileURLToPath(new URL('./fixtures/fake-driver.mjs', import.meta.url));
const fake = (mode: string) => `"${process.execPath}" "${FAKE}" ${mode}`;

/** A client wired to serveDriver(impl) through two in-memory pipes. */
function inProcess(impl: VectorImpl): { client: DriverClient; served: Promise<void> } {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const served = serveDriver(impl, toServer, toClient);
  return { client: new DriverClient(streamTransport(toClient, toServer), 10_000), served };
}

const small = () => [only(['verify', 'verifyPartial', 'combine', 'collect'], load('threshold-t2-n3.json')), load('certificates-n4.json')];

describe('driver protocol: in-process TypeScript driver', () => {
  it('says hello and gives the same rows as the implementation called directly', async () => {
    const { client, served } = inProcess(referenceImpl);
    assert.equal(await client.hello(), 'typescript (src/crypto) via driver protocol');
    const files = small();
    const viaDriver = await checkFiles(client, files);
    const direct = await checkFiles(referenceImpl, files);
    assert.deepEqual(viaDriver, direct);
    assert.ok(viaDriver.length > 30 && viaDriver.every((r) => r.pass));
    await client.close();
    await served;
  });

  it('carries a wrong answer through: a broken implementation behind the driver fails the same vectors', async () => {
    const brokenImpl: VectorImpl = { ...referenceImpl, name: 'broken', verify: async () => true };
    const { client, served } = inProcess(brokenImpl);
    await client.hello();
    const bad = (await checkFiles(client, [only(['verify'], load('threshold-t2-n3.json'))])).filter((r) => !r.pass).map((r) => r.case);
    assert.ok(bad.includes('verify infinity signature under infinity key'));
    assert.ok(bad.includes('verify group signature of another message'));
    await client.close();
    await served;
  });

  it('the server answers bad requests with a code instead of dying', async () => {
    assert.deepEqual(await answer(referenceImpl, 'nonsense'), { id: null, ok: false, error: 'bad-request', detail: 'not a JSON object: Unexpected token \'o\', "nonsense" is not valid JSON' });
    assert.deepEqual(await answer(referenceImpl, '{"id":4,"op":"fly"}'), { id: 4, ok: false, error: 'unknown-op', detail: 'unknown op "fly"' });
    const r = await answer(referenceImpl, '{"id":5,"op":"verify","publicKey":"0xzz","message":"","signature":"","dst":"x"}');
    assert.equal(r.error, 'bad-request');
    assert.match(String(r.detail), /verify: publicKey: expected lowercase hex/);
  });
});

describe('driver protocol: misbehaving driver processes', () => {
  const t1 = () => [only(['verify', 'combine'], load('threshold-t1-n1.json'))];

  // A driver that dies, hangs or breaks the framing cannot be used any more: the checks
  // stop with one sentence (DriverBroken) naming what happened and where they stopped,
  // instead of one failing row per remaining vector.
  it('a crash: the vector being checked fails with the exit code and stderr, then the checks stop', async () => {
    const client = await startDriver(fake('crash'), 10_000);
    await assert.rejects(checkFiles(client, t1()), (e: unknown) => e instanceof DriverBroken
      && /^driver is not running \(driver exited with code 3; stderr: fake driver: boom\); the vector checks stopped at threshold-t1-n1\.json "/.test(e.message));
    await client.close();
  });

  it('a hang times out once, the driver is killed, and the checks stop at once', async () => {
    const client = await startDriver(fake('hang'), 400, 30_000);
    const started = Date.now();
    await assert.rejects(checkFiles(client, t1()), /^Error: driver is not running \(driver did not answer combine \(id 2\) within 400 ms\)/);
    await client.close();
    assert.ok(Date.now() - started < 10_000, 'later vectors must not each wait for the timeout');
  });

  it('malformed JSON stops the checks, quoting the line that was sent', async () => {
    const client = await startDriver(fake('garbage'), 10_000);
    await assert.rejects(checkFiles(client, t1()), /^Error: driver sent malformed JSON in answer to combine \(id 2\): \{not json; the vector checks stopped at threshold-t1-n1\.json "combine m0 first t = group signature"$/);
    await client.close();
  });

  it('an answer to another id stops the checks', async () => {
    const client = await startDriver(fake('wrong-id'), 10_000);
    await assert.rejects(checkFiles(client, t1()), /^Error: driver answered id 102, expected 2 \(combine\): /);
    await client.close();
  });

  it('an error code outside the protocol is reported with the allowed codes', async () => {
    const client = await startDriver(fake('bad-code'), 10_000);
    const rows = await checkFiles(client, [only(['combine'], load('threshold-t1-n1.json'))]);
    await client.close();
    assert.match(rows[0]?.got ?? '', /^exception: driver refused combine with error "nope" \(made up\); allowed codes: too-few, duplicate-index/);
  });

  it('wrong answers fail exactly the vectors they get wrong, showing expected and got', async () => {
    const client = await startDriver(fake('yes-man'), 10_000);
    const rows = await checkFiles(client, [load('threshold-t1-n1.json')]);
    await client.close();
    const byCase = new Map(rows.map((r) => [r.case, r]));
    assert.equal(byCase.get('partial m0 i1 valid')?.pass, true); // "valid" is right here
    assert.deepEqual(byCase.get('verify infinity signature under infinity key'), {
      file: 'threshold-t1-n1.json', case: 'verify infinity signature under infinity key', expected: 'invalid', got: 'valid', pass: false });
    assert.equal(byCase.get('t-1 partials')?.got, `signature ${'ab'.repeat(96)}`);
    assert.equal(byCase.get('t-1 partials')?.expected, 'error too-few');
  });

  it('a driver that does not start, or speaks another protocol, is refused at hello', async () => {
    await assert.rejects(startDriver('/nonexistent/driver-binary', 5_000), /^Error: driver "\/nonexistent\/driver-binary" did not start: driver exited with code 127/);
    await assert.rejects(startDriver(fake('bad-hello'), 5_000), /driver ".*bad-hello" answered hello with \{"id":1,"ok":true,"protocol":"other\/9"\}; expected/);
  });
});

describe('hybrid-bft vectors (CLI)', () => {
  async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const [log, error] = [console.log, console.error];
    let out = '';
    let err = '';
    console.log = (...a: unknown[]) => { out += `${a.join(' ')}\n`; };
    console.error = (...a: unknown[]) => { err += `${a.join(' ')}\n`; };
    try {
      return { code: await run(args), out, err };
    } finally {
      console.log = log;
      console.error = error;
    }
  }

  it('--help exits 0 and documents --driver; an unknown option exits 2', async () => {
    const h = await capture(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.out, /--driver "<command>"/);
    const bad = await capture(['--frobnicate']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unknown option '--frobnicate'/);
  });

  it('exits 1 with a failing table for a wrong driver, and --json gives the rows', async () => {
    const r = await capture(['--driver', fake('yes-man'), '--file', 'threshold-t1-n1.json', '--json']);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out) as { implementation: string; passed: number; failed: number; rows: { pass: boolean }[] };
    assert.equal(j.implementation, 'fake yes-man');
    assert.ok(j.failed > 10 && j.passed > 0 && j.rows.length === j.failed + j.passed);
  });

  it('exits 0 on the TypeScript implementation and ends the table with the summary line', async () => {
    const r = await capture(['--file', 'threshold-t1-n1.json']);
    assert.equal(r.code, 0);
    assert.match(r.out, /\n\d+ passed, 0 failed\n$/);
  });

  it('a missing vector file exits 2 naming it', async () => {
    const r = await capture(['--file', 'nope.json']);
    assert.equal(r.code, 2);
    assert.match(r.err, /nope\.json/);
  });
});
