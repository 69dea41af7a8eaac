// spec/models.json against the files it names: every entry's module and cfg exist,
// every name a cfg uses is defined in its module (or a module it EXTENDS), every
// CONSTANT is given exactly once, the expected violation is one the cfg checks, no cfg
// is orphaned, and the CI entries fit the time budget. Model checking itself is
// test/tlc/models.test.ts; this is the cheap, static half (no TLC run).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SPEC = fileURLToPath(new URL('../spec/', import.meta.url));

/**
 * The budget of all `ci: true` entries together, as recorded one at a time (they run in
 * every `npm test`, side by side as far as the cores allow: test/tlc/models.test.ts).
 */
// 720 s until the simulations refine-sim, m-refine-sim and step-sim (about 140 s) joined;
// npm test took 12 min in the CI run before them, so 14 min of TLC keeps it under 20.
const CI_BUDGET_SECONDS = 14 * 60;
/** The `ci` model alone. */
const CI_MODEL_BUDGET_SECONDS = 5 * 60;

type Read = (file: string) => string | undefined;

const readSpec: Read = (file) => {
  const p = join(SPEC, file);
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
};

function stripTla(text: string): string {
  return text.replace(/\(\*[\s\S]*?\*\)/g, ' ').replace(/\\\*.*$/gm, ' ');
}

const CFG_KEYWORDS = new Set(['CONSTANT', 'CONSTANTS', 'INIT', 'NEXT', 'SPECIFICATION', 'INVARIANT', 'INVARIANTS',
  'PROPERTY', 'PROPERTIES', 'SYMMETRY', 'VIEW', 'CONSTRAINT', 'CONSTRAINTS', 'ACTION_CONSTRAINT',
  'ACTION_CONSTRAINTS', 'CHECK_DEADLOCK', 'POSTCONDITION', 'ALIAS']);

interface Cfg {
  /** constant name -> its value text (`= v`) or the operator it is replaced by (`<- Op`) */
  constants: Map<string, { op?: string; value?: string }>;
  /** section keyword (INIT, INVARIANTS, ...) -> the operator names under it */
  sections: Map<string, string[]>;
  problems: string[];
}

/** Enough of TLC's cfg grammar for the files we write by hand. */
function parseCfg(text: string): Cfg {
  const cfg: Cfg = { constants: new Map(), sections: new Map(), problems: [] };
  const tokens = stripTla(text).split(/\s+/).filter((t) => t !== '');
  let section: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (CFG_KEYWORDS.has(t)) {
      section = t.replace(/^CONSTANT$/, 'CONSTANTS').replace(/^INVARIANT$/, 'INVARIANTS')
        .replace(/^PROPERTY$/, 'PROPERTIES').replace(/^CONSTRAINT$/, 'CONSTRAINTS');
      if (!cfg.sections.has(section)) cfg.sections.set(section, []);
      continue;
    }
    if (section === undefined) { cfg.problems.push(`"${t}" before any section keyword`); continue; }
    if (section === 'CONSTANTS') {
      const op = tokens[i + 1];
      const rhs = tokens[i + 2];
      if ((op !== '=' && op !== '<-') || rhs === undefined) { cfg.problems.push(`constant "${t}" without "= value" or "<- Op"`); continue; }
      if (cfg.constants.has(t)) cfg.problems.push(`constant "${t}" given twice`);
      cfg.constants.set(t, op === '=' ? { value: rhs } : { op: rhs });
      i += 2;
      continue;
    }
    cfg.sections.get(section)!.push(t);
  }
  return cfg;
}

interface Module { constants: string[]; definitions: Set<string>; /** the values of its `Mutations == {...}` */ mutations: string[] }

/** A module's CONSTANTS and top-level definitions, following EXTENDS inside spec/. */
function readModule(name: string, read: Read, seen = new Set<string>()): Module | string {
  if (seen.has(name)) return { constants: [], definitions: new Set(), mutations: [] };
  seen.add(name);
  const raw = read(`${name}.tla`);
  if (raw === undefined) return `module ${name}.tla not found in spec/`;
  const text = stripTla(raw);
  const out: Module = { constants: [], definitions: new Set(), mutations: [] };
  const muts = /^Mutations\s*==\s*\{([^}]*)\}/m.exec(text);
  if (muts) out.mutations.push(...[...muts[1]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!));
  for (const m of text.matchAll(/^[ \t]*CONSTANTS?\b([\s\S]*?)(?=^\S|^[ \t]*$)/gm)) {
    out.constants.push(...m[1]!.split(/[\s,]+/).filter((c) => /^[A-Za-z_]\w*$/.test(c)));
  }
  for (const m of text.matchAll(/^([A-Za-z_]\w*)\s*(?:\([^)]*\))?\s*==/gm)) out.definitions.add(m[1]!);
  const ext = /^EXTENDS\s+([^\n]+)/m.exec(text);
  for (const dep of ext?.[1]!.split(',').map((s) => s.trim()) ?? []) {
    if (read(`${dep}.tla`) === undefined) continue; // a standard module (Integers, TLC, ...)
    const sub = readModule(dep, read, seen);
    if (typeof sub === 'string') return sub;
    out.constants.push(...sub.constants);
    out.mutations.push(...sub.mutations);
    for (const d of sub.definitions) out.definitions.add(d);
  }
  return out;
}

/**
 * Every inconsistency between models.json and the spec files, as readable lines
 * ("<entry>: <what>"); [] when there is none. `cfgFiles` is the list of *.cfg in spec/.
 */
function checkModels(json: unknown, read: Read, cfgFiles: string[]): string[] {
  const problems: string[] = [];
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { models?: unknown }).models)) {
    return ['models.json: expected {"models": [...]}'];
  }
  const models = (json as { models: Record<string, unknown>[] }).models;
  const names = new Set<string>();
  const used = new Set<string>();
  let ciSeconds = 0;
  for (const [i, e] of models.entries()) {
    const name = typeof e.name === 'string' ? e.name : `models[${i}]`;
    const say = (what: string) => problems.push(`${name}: ${what}`);
    if (typeof e.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(e.name)) say(`expected a lower-case name, got ${JSON.stringify(e.name)}`);
    if (names.has(name)) say('name appears twice');
    names.add(name);
    if (e.mode !== 'exhaustive' && e.mode !== 'simulate') say(`expected mode "exhaustive" or "simulate", got ${JSON.stringify(e.mode)}`);
    if ((e.mode === 'simulate') !== (e.simulate !== undefined)) say('"simulate" must be present exactly for mode "simulate"');
    if (typeof e.ci !== 'boolean') say(`expected "ci" true or false, got ${JSON.stringify(e.ci)}`);
    if (typeof e.purpose !== 'string' || e.purpose === '') say('expected a "purpose"');
    if (e.outOfReach !== undefined && typeof e.outOfReach !== 'boolean') say(`expected "outOfReach" true or false, got ${JSON.stringify(e.outOfReach)}`);
    if (e.outOfReach === true && e.ci === true) say('"outOfReach": true, so it cannot be "ci": true');
    if (e.outOfReach === true && e.recorded !== undefined) say('"outOfReach": true, so it has no "recorded" figures (TLC did not finish)');
    if (e.outOfReach !== true && /out of reach/.test(String(e.purpose))) say('its purpose says "out of reach": give it "outOfReach": true (tlc warns before running it)');
    if (typeof e.module !== 'string' || typeof e.config !== 'string') { say('expected "module" and "config" file names'); continue; }
    used.add(e.config);
    const mod = readModule(e.module.replace(/\.tla$/, ''), read);
    if (typeof mod === 'string') { say(mod); continue; }
    const cfgText = read(e.config);
    if (cfgText === undefined) { say(`config ${e.config} not found in spec/`); continue; }
    const cfg = parseCfg(cfgText);
    for (const p of cfg.problems) say(`${e.config}: ${p}`);
    for (const c of mod.constants) if (!cfg.constants.has(c)) say(`${e.config}: constant ${c} of ${e.module} not given`);
    for (const [c, v] of cfg.constants) {
      // `Def <- Op` may also override a definition (the conventions of Consensus.tla)
      const overrides = v.op !== undefined && mod.definitions.has(c);
      if (!mod.constants.includes(c) && !overrides) say(`${e.config}: ${c} is not a constant or a definition of ${e.module}`);
      if (v.op !== undefined && !mod.definitions.has(v.op)) say(`${e.config}: ${c} <- ${v.op}, but ${v.op} is not defined`);
    }
    const mutation = cfg.constants.get('Mutation')?.value?.replace(/^"|"$/g, '');
    if (mutation !== undefined && !mod.mutations.includes(mutation)) say(`${e.config}: Mutation "${mutation}" is not one of ${mod.mutations.join(', ')}`);
    for (const [section, ops] of cfg.sections) {
      if (section === 'CONSTANTS' || section === 'CHECK_DEADLOCK') continue;
      for (const op of ops) if (!mod.definitions.has(op)) say(`${e.config}: ${section} ${op} is not defined in ${e.module}`);
    }
    const checked = [...(cfg.sections.get('INVARIANTS') ?? []), ...(cfg.sections.get('PROPERTIES') ?? [])];
    if (checked.length === 0) say(`${e.config}: checks no invariant or property`);
    if (e.expected !== 'holds' && e.expected !== 'deadlock' && !checked.includes(String(e.expected))) {
      say(`expected ${JSON.stringify(e.expected)} violated, but ${e.config} checks only ${checked.join(', ')}`);
    }
    const rec = e.recorded as Record<string, unknown> | undefined;
    if (rec !== undefined) {
      for (const k of ['distinctStates', 'statesGenerated', 'depth', 'workers']) {
        if (!Number.isInteger(rec[k]) || (rec[k] as number) < 0) say(`recorded.${k}: expected an integer >= 0, got ${JSON.stringify(rec[k])}`);
      }
      if (typeof rec.wallSeconds !== 'number' || rec.wallSeconds < 0) say(`recorded.wallSeconds: expected a number >= 0, got ${JSON.stringify(rec.wallSeconds)}`);
      if ((rec.statesGenerated as number) < (rec.distinctStates as number)) say('recorded: fewer states generated than distinct states');
      if (e.ci === true && typeof rec.wallSeconds === 'number') {
        ciSeconds += rec.wallSeconds;
        if (name === 'ci' && rec.wallSeconds > CI_MODEL_BUDGET_SECONDS) say(`recorded ${rec.wallSeconds} s, over the ci model's budget of ${CI_MODEL_BUDGET_SECONDS} s`);
      }
    }
  }
  if (ciSeconds > CI_BUDGET_SECONDS) problems.push(`ci entries together: recorded ${ciSeconds.toFixed(1)} s, over the budget of ${CI_BUDGET_SECONDS} s`);
  for (const f of cfgFiles) if (!used.has(f)) problems.push(`${f}: no entry of models.json uses it`);
  return problems;
}

const realJson = JSON.parse(readFileSync(join(SPEC, 'models.json'), 'utf8')) as { models: Record<string, unknown>[] };
const realCfgs = readdirSync(SPEC).filter((f) => f.endsWith('.cfg'));
const copy = () => JSON.parse(JSON.stringify(realJson)) as { models: Record<string, unknown>[] };
const entryNamed = (j: { models: Record<string, unknown>[] }, n: string) => {
  const e = j.models.find((m) => m.name === n);
  assert.ok(e, `spec/models.json has no entry "${n}"`);
  return e;
};

describe('spec/models.json is consistent with spec/*.tla and spec/*.cfg', () => {
  it('no inconsistency in the committed files', () => {
    assert.deepEqual(checkModels(realJson, readSpec, realCfgs), []);
  });

  it('has the entries the task requires: ci, heights, full, cover, sim, mutants, channel', () => {
    const names = realJson.models.map((m) => m.name);
    for (const n of ['ci', 'heights', 'full', 'cover', 'sim', 'm-quorum2f', 'm-byzantine2', 'm-nolockcheck', 'm-anyquorum', 'channel', 'channel-t-equals-f']) {
      assert.ok(names.includes(n), `missing entry "${n}"`);
    }
    assert.equal(entryNamed(realJson, 'ci').expected, 'holds');
    assert.equal(entryNamed(realJson, 'ci').ci, true);
    assert.equal(entryNamed(realJson, 'sim').mode, 'simulate');
    assert.equal(entryNamed(realJson, 'full').ci, false);
  });

  it('every mutant entry expects a violation, and its cfg switches a mutation on or adds Byzantine validators or power', () => {
    for (const m of realJson.models.filter((x) => String(x.name).startsWith('m-'))) {
      assert.notEqual(m.expected, 'holds', `${m.name}`);
      const cfg = parseCfg(readSpec(String(m.config)) ?? '');
      const mutation = cfg.constants.get('Mutation')?.value;
      const faulty = cfg.constants.get('Faulty')?.op;
      const power = cfg.constants.get('Power')?.op; // more Byzantine power than F
      assert.ok(mutation !== '"none"' || faulty === 'MCFaulty2' || power === 'MCPowerByzHeavy', `${m.name}: neither a Mutation nor more than F Byzantine`);
    }
  });

  it('the cover model keeps the history variables (no VIEW): its dumped states are replayable transitions', () => {
    const cfg = parseCfg(readSpec(String(entryNamed(realJson, 'cover').config)) ?? '');
    assert.equal(cfg.sections.has('VIEW'), false);
  });

  // Negative controls: the checker must notice each kind of inconsistency.
  it('reports a missing config file', () => {
    const j = copy();
    entryNamed(j, 'ci').config = 'MCConsensus_nope.cfg';
    assert.deepEqual(checkModels(j, readSpec, realCfgs).filter((p) => p.startsWith('ci:')), ['ci: config MCConsensus_nope.cfg not found in spec/']);
  });

  it('reports an expected invariant that the cfg does not check', () => {
    const j = copy();
    entryNamed(j, 'm-quorum2f').expected = 'Validity';
    assert.ok(checkModels(j, readSpec, realCfgs).some((p) => /^m-quorum2f: expected "Validity" violated, but MCConsensus_m-quorum2f\.cfg checks only Agreement$/.test(p)));
  });

  it('reports an undefined invariant, a missing constant and an unknown mutation', () => {
    const base = readSpec('MCConsensus_ci.cfg') ?? '';
    const edited = base.replace('Agreement', 'Agreemnt').replace(/^\s*MaxRound = \d+\s*$/m, '').replace('"none"', '"typo"');
    const read: Read = (f) => (f === 'MCConsensus_ci.cfg' ? edited : readSpec(f));
    const ps = checkModels(realJson, read, realCfgs).filter((p) => p.startsWith('ci:'));
    assert.ok(ps.includes('ci: MCConsensus_ci.cfg: INVARIANTS Agreemnt is not defined in MCConsensus.tla'), ps.join('\n'));
    assert.ok(ps.includes('ci: MCConsensus_ci.cfg: constant MaxRound of MCConsensus.tla not given'), ps.join('\n'));
    assert.ok(ps.some((p) => p.startsWith('ci: MCConsensus_ci.cfg: Mutation "typo" is not one of')), ps.join('\n'));
  });

  it('reports a duplicate name, an orphaned cfg and a blown CI budget', () => {
    const j = copy();
    j.models.push({ ...entryNamed(j, 'ci') });
    entryNamed(j, 'ci').recorded = { distinctStates: 1, statesGenerated: 1, depth: 1, wallSeconds: 481, workers: 2 };
    const ps = checkModels(j, readSpec, [...realCfgs, 'MCConsensus_orphan.cfg']);
    assert.ok(ps.includes('ci: name appears twice'), ps.join('\n'));
    assert.ok(ps.includes('MCConsensus_orphan.cfg: no entry of models.json uses it'), ps.join('\n'));
    assert.ok(ps.includes('ci: recorded 481 s, over the ci model\'s budget of 300 s'), ps.join('\n'));
    assert.ok(ps.some((p) => /^ci entries together: recorded [\d.]+ s, over the budget of 840 s$/.test(p)), ps.join('\n'));
  });

  it('reports an out-of-reach entry without "outOfReach", or with "ci" or "recorded"', () => {
    const j = copy();
    delete entryNamed(j, 'step-byz-r0').outOfReach;
    entryNamed(j, 'step-byz-r0-idle').ci = true;
    entryNamed(j, 'full-step').recorded = { distinctStates: 1, statesGenerated: 1, depth: 1, wallSeconds: 1, workers: 1 };
    entryNamed(j, 'ci').outOfReach = 'yes';
    const ps = checkModels(j, readSpec, realCfgs);
    assert.ok(ps.includes('step-byz-r0: its purpose says "out of reach": give it "outOfReach": true (tlc warns before running it)'), ps.join('\n'));
    assert.ok(ps.includes('step-byz-r0-idle: "outOfReach": true, so it cannot be "ci": true'), ps.join('\n'));
    assert.ok(ps.includes('full-step: "outOfReach": true, so it has no "recorded" figures (TLC did not finish)'), ps.join('\n'));
    assert.ok(ps.includes('ci: expected "outOfReach" true or false, got "yes"'), ps.join('\n'));
  });

  it('reports a file that is not {"models": [...]}', () => {
    assert.deepEqual(checkModels({ model: [] }, readSpec, []), ['models.json: expected {"models": [...]}']);
  });
});
