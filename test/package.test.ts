// The compiled package: `npm pack` (which builds dist/ through the prepare script), then
// the tarball installed into an empty temp folder, without the repository: its
// `hybrid-bft --help`, `vectors --small`, and its driver (`hybrid-bft-driver`, checked
// by the installed `vectors --driver`) must work. Dependencies come from npm's cache
// (filled by `npm ci`); the registry stays reachable for anything missing.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('package: npm pack, installed without the repository', function () {
  this.timeout(600_000);
  let dir = '';
  let bin = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hybrid-bft-pack-'));
    execFileSync(npm, ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');
    const app = join(dir, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(join(app, 'package.json'), '{ "name": "consumer", "private": true }\n');
    // --ignore-scripts: the postinstall would fetch TLC from Maven Central, which these commands do not need.
    execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, tarball!)],
      { cwd: app, stdio: ['ignore', 'ignore', 'inherit'] });
    bin = join(app, 'node_modules', '.bin');
  });
  after(() => { if (dir !== '') rmSync(dir, { recursive: true, force: true }); });

  it('ships dist/ with typings and no src/, and keeps ts-node and typescript out of its dependencies', () => {
    const pkg = join(dir, 'app', 'node_modules', 'hybrid-bft');
    const files = readdirSync(pkg);
    assert.ok(files.includes('dist') && !files.includes('src') && !files.includes('test'), files.join(','));
    assert.ok(readdirSync(join(pkg, 'dist', 'crypto')).includes('bls.d.ts'));
    const installed = readdirSync(join(dir, 'app', 'node_modules'));
    assert.ok(!installed.includes('ts-node') && !installed.includes('typescript'), installed.join(','));
  });

  it('hybrid-bft --help runs the compiled CLI', () => {
    const r = spawnSync(join(bin, 'hybrid-bft'), ['--help'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /usage: hybrid-bft <command>/);
  });

  it('hybrid-bft vectors --small passes, and so does the packaged driver behind --driver', () => {
    const own = spawnSync(join(bin, 'hybrid-bft'), ['vectors', '--small'], { encoding: 'utf8' });
    assert.equal(own.status, 0, own.stderr + own.stdout.slice(-2000));
    assert.match(own.stdout, /\d+ passed, 0 failed/);
    const driven = spawnSync(join(bin, 'hybrid-bft'), ['vectors', '--small', '--file', 'threshold-t2-n3.json', '--driver', join(bin, 'hybrid-bft-driver')], { encoding: 'utf8' });
    assert.equal(driven.status, 0, driven.stderr + driven.stdout.slice(-2000));
    assert.match(driven.stdout, /implementation: hybrid-bft reference core/);
  });

  it('library imports resolve to the compiled modules', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e',
      "import { verifyBatch } from 'hybrid-bft/crypto/batch'; console.log(typeof verifyBatch)"], { cwd: join(dir, 'app'), encoding: 'utf8' });
    assert.equal(r.stdout.trim(), 'function', r.stderr);
  });
});

describe('package: a stale dist/ is never run', () => {
  it('entry points use dist/ only while its stamp matches src/; an edit sends them back to src/', async () => {
    const { entryKind, writeStamp } = await import('../scripts/build-stamp.mjs');
    const root = mkdtempSync(join(tmpdir(), 'hybrid-bft-stamp-'));
    try {
      execFileSync('mkdir', ['-p', join(root, 'src', 'core'), join(root, 'dist')]);
      writeFileSync(join(root, 'src', 'core', 'step.ts'), 'export const x = 1;\n');
      assert.equal(entryKind(root), 'src', 'no build yet');
      writeStamp(root);
      assert.equal(entryKind(root), 'dist', 'fresh build');
      writeFileSync(join(root, 'src', 'core', 'step.ts'), 'export const x = 2;\n');
      assert.equal(entryKind(root), 'src', 'src edited after the build');
      writeStamp(root);
      writeFileSync(join(root, 'src', 'core', 'new.ts'), '');
      assert.equal(entryKind(root), 'src', 'a file added after the build');
      rmSync(join(root, 'src'), { recursive: true });
      assert.equal(entryKind(root), 'dist', 'installed package: no src/');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
