// Types of scripts/tlc-jar.mjs for the TypeScript callers (src/tlc/).
export const TLC_ARTIFACT: string;
export const TLC_SHA256: string;
export const PROJECT_ROOT: string;
export const TLC_DIR: string;
export const TLC_JAR: string;
/** Throws with one sentence naming what is missing; returns the java executable otherwise. */
export function requireJava(): string;
/** Returns the path of a verified TLC jar, fetching it with Maven on first use; throws one sentence. */
export function ensureTlc(opts?: { log?: (line: string) => void }): string;
/** The line of Maven's output that says what failed, without colour codes. */
export function mavenReason(output: string): string;
