// Picks the BLS backend by name (flag, then $HYBRID_BFT_BLS, then noble); see backend.ts.
import { backendNameFrom, type BackendName, type BlsBackend } from './backend.ts';
import { blstBackend } from './blst-backend.ts';
import { nobleBackend } from './noble-backend.ts';

const made = new Map<BackendName, BlsBackend>();

/** The backend `name` (one instance per name). Throws BackendError when blst cannot load. */
export function backendByName(name: BackendName): BlsBackend {
  let b = made.get(name);
  if (b === undefined) {
    b = name === 'blst' ? blstBackend() : nobleBackend();
    made.set(name, b);
  }
  return b;
}

/** The backend the flag value (or else the environment) names; throws BackendError. */
export function selectBackend(flag?: string, env: NodeJS.ProcessEnv = process.env): BlsBackend {
  return backendByName(backendNameFrom(flag, env));
}

/** The default for library callers that pass none: $HYBRID_BFT_BLS or noble. */
export function defaultBackend(): BlsBackend {
  return selectBackend(undefined);
}
