// The message-sequence view of a consensus trace (the state shape of spec/Consensus.tla,
// docs/contract.md): the validators, and per step the event, the message delivered
// (with the step that sent it), the messages broadcast, and each correct process's
// height, round, step, lock, valid value and decisions.
import type { TlaValue } from '../tlc/value.ts';
import type { LeafStep } from './leaves.ts';

export interface MsgView {
  type: string;
  src: string;
  height: number | undefined;
  round: number | undefined;
  value: string;
  validRound: number | undefined;
  /** Identity of the message for matching a delivery to its broadcast (cert left out). */
  key: string;
}

/** A correct process's state after a step; undefined fields were cut in the source. */
export interface ProcView {
  height: number | undefined;
  round: number | undefined;
  step: string | undefined;
  lockedValue: string | undefined;
  lockedRound: number | undefined;
  validValue: string | undefined;
  validRound: number | undefined;
  /** decisions[h - 1]: the value decided at height h, '' when none, undefined when unknown. */
  decisions: (string | undefined)[] | undefined;
}

export interface Delivery {
  msg: MsgView;
  to: string;
  /** The step that broadcast it; undefined when it was in the network from the start (ByzMsgs), or a faulty validator's COMMIT. */
  sentAt: number | undefined;
}

export interface DiagramStep {
  index: number;
  /** event.kind (StartHeight, Deliver, Timeout; Init for the first state), else TLC's action. */
  kind: string;
  process: string;
  /** One line saying what happened: "PREVOTE v1 r0 from b1", "timeout precommit r0". */
  detail: string;
  fired: string[];
  delivery: Delivery | undefined;
  sent: MsgView[];
  procs: Map<string, ProcView>;
  /** Per process, the fields of ProcView that changed at this step. */
  changed: Map<string, Set<keyof ProcView>>;
  decided: { process: string; height: number; value: string }[];
}

export interface Validator { name: string; byzantine: boolean }

export interface Violation {
  /** The property's name, e.g. Agreement; for a deadlock, "deadlock". */
  property: string;
  /** A witness is a false invariant that the trace shows on purpose (docs/spec.md). */
  witness: boolean;
  /** The step at whose state (or transition into it) the property fails. */
  step: number;
}

export interface Diagram {
  validators: Validator[];
  correct: string[];
  steps: DiagramStep[];
  /** Several heights in the trace: then message labels carry the height. */
  multiHeight: boolean;
  violation: Violation | undefined;
}

const NO_VALUE = 'none';

function field(v: TlaValue | undefined, name: string): TlaValue | undefined {
  return v?.kind === 'record' ? v.fields.find(([k]) => k === name)?.[1] : undefined;
}
function asNum(v: TlaValue | undefined): number | undefined {
  return v?.kind === 'int' ? Number(v.value) : undefined;
}
function asStr(v: TlaValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (v.kind === 'str') return v.value;
  if (v.kind === 'modelValue') return v.name;
  return undefined;
}
function strList(v: TlaValue | undefined): string[] | undefined {
  if (v?.kind !== 'seq' && v?.kind !== 'set') return undefined;
  const out = v.elems.map(asStr);
  return out.every((x) => x !== undefined) ? (out as string[]) : undefined;
}

function msgView(get: (f: string) => TlaValue | undefined): MsgView | undefined {
  const type = asStr(get('type'));
  const src = asStr(get('src'));
  if (type === undefined || src === undefined) return undefined;
  const m = { type, src, height: asNum(get('height')), round: asNum(get('round')), value: asStr(get('value')) ?? '?', validRound: asNum(get('validRound')) };
  return { ...m, key: JSON.stringify([m.type, m.src, m.height, m.round, m.value, m.validRound]) };
}

/** "PREVOTE v1 r0", with the height when the trace has several and the POL round of a re-proposal. */
export function msgLabel(m: MsgView, multiHeight: boolean): string {
  const vr = m.type === 'PROPOSAL' && m.validRound !== undefined && m.validRound >= 0 ? ` vr${m.validRound}` : '';
  return `${m.type} ${m.value}${multiHeight && m.height !== undefined ? ` h${m.height}` : ''} r${m.round ?? '?'}${vr}`;
}

function procView(leaves: Map<string, TlaValue>, p: string): ProcView {
  const g = (f: string): TlaValue | undefined => leaves.get(`ps.${p}.${f}`);
  const d = g('decisions');
  const decisions = d?.kind === 'seq' ? d.elems.map((x) => { const v = asStr(field(x, 'value')); return v === undefined ? undefined : v === NO_VALUE ? '' : v; }) : undefined;
  return {
    height: asNum(g('height')), round: asNum(g('round')), step: asStr(g('step')),
    lockedValue: asStr(g('lockedValue')), lockedRound: asNum(g('lockedRound')),
    validValue: asStr(g('validValue')), validRound: asNum(g('validRound')), decisions,
  };
}

/** The correct processes: `params.correct`, else the keys under `ps.` in the first state. */
function correctOf(first: Map<string, TlaValue>): string[] {
  const c = strList(first.get('params.correct'));
  if (c !== undefined) return c;
  const names = new Set<string>();
  for (const path of first.keys()) { const m = /^ps\.([^.[]+)\./.exec(path); if (m !== null) names.add(m[1]!); }
  return [...names];
}

function detailOf(kind: string, leaves: Map<string, TlaValue>, delivery: Delivery | undefined, multiHeight: boolean): string {
  const ev = (f: string): TlaValue | undefined => leaves.get(`event.${f}`);
  switch (kind) {
    case 'Init': return 'initial state';
    case 'Deliver': return delivery === undefined ? 'deliver (message cut in the source)' : `${msgLabel(delivery.msg, multiHeight)} from ${delivery.msg.src}`;
    case 'StartHeight': return `start height ${asNum(ev('height')) ?? '?'}`;
    case 'Timeout': return `timeout ${asStr(ev('timeout')) ?? '?'}${multiHeight ? ` h${asNum(ev('height')) ?? '?'}` : ''} r${asNum(ev('round')) ?? '?'}`;
    default: return kind;
  }
}

/**
 * A history sequence (fired, outputs): one leaf when it comes from a Trace, one leaf
 * per element (`fired[1]`, `fired[2]`…) when it comes from the table.
 */
function seqLeaf(leaves: Map<string, TlaValue>, name: string): TlaValue[] {
  const whole = leaves.get(name);
  if (whole?.kind === 'seq') return whole.elems;
  const out: TlaValue[] = [];
  for (let i = 1; leaves.has(`${name}[${i}]`); i++) out.push(leaves.get(`${name}[${i}]`)!);
  return out;
}

/** Decisions after a step, from those before it and the step's `decide` outputs. */
function decisionsAfter(before: (string | undefined)[] | undefined, outputs: TlaValue[]): (string | undefined)[] | undefined {
  if (before === undefined) return undefined;
  const out = [...before];
  for (const o of outputs) {
    const h = asNum(field(o, 'height'));
    const v = asStr(field(o, 'value'));
    if (asStr(field(o, 'kind')) === 'decide' && h !== undefined && h >= 1 && v !== undefined) out[h - 1] = v;
  }
  return out;
}

const PROC_FIELDS: (keyof ProcView)[] = ['height', 'round', 'step', 'lockedValue', 'lockedRound', 'validValue', 'validRound', 'decisions'];

/** Builds the diagram; `violation` names the property the last step breaks, if any. */
export function buildDiagram(steps: readonly LeafStep[], violation?: { property: string; witness: boolean }): Diagram {
  const first = steps[0];
  if (first === undefined) throw new Error('buildDiagram: expected a trace with at least one state, got none');
  const correct = correctOf(first.leaves);
  const order = strList(first.leaves.get('params.validators'));
  const faulty = strList(first.leaves.get('params.faulty')) ?? (order ?? []).filter((v) => !correct.includes(v));
  const names = order ?? [...correct, ...faulty];
  // Correct validators first, in the proposer order; the Byzantine ones at the right.
  const validators: Validator[] = [...names.filter((v) => !faulty.includes(v)), ...names.filter((v) => faulty.includes(v))]
    .map((name) => ({ name, byzantine: faulty.includes(name) }));
  const maxHeight = asNum(first.leaves.get('params.maxHeight'));
  const multiHeight = maxHeight === undefined || maxHeight > 1;
  const sentAt = new Map<string, number>();
  const decidedAt = new Map<string, number>();
  const out: DiagramStep[] = [];
  let prevProcs: Map<string, ProcView> | undefined;
  for (const s of steps) {
    const kind = asStr(s.leaves.get('event.kind')) ?? s.tlcAction ?? (s.index === 1 ? 'Init' : '?');
    const process = asStr(s.leaves.get('event.p')) ?? '';
    const sent = (s.added.get('msgs') ?? []).map((m) => msgView((f) => field(m, f))).filter((m): m is MsgView => m !== undefined);
    for (const m of sent) if (!sentAt.has(m.key)) sentAt.set(m.key, s.index);
    let delivery: Delivery | undefined;
    if (kind === 'Deliver') {
      const msg = msgView((f) => s.leaves.get(`event.msg.${f}`));
      if (msg !== undefined) {
        // COMMIT messages are made from decisions (spec: CommitMsgs), never broadcast; a
        // faulty validator's (ByzCommitMsgs) has no such step and is drawn like ByzMsgs.
        const from = msg.type === 'COMMIT' ? decidedAt.get(`${msg.src}/${msg.height}`) : sentAt.get(msg.key);
        delivery = { msg, to: process, sentAt: from };
      }
    }
    const outputs = seqLeaf(s.leaves, 'outputs');
    const procs = new Map(correct.map((p) => {
      const v = procView(s.leaves, p);
      // The hybrid-bft tlc table cuts a long decisions sequence: then rebuild it from
      // the last one and this step's decide outputs (docs/contract.md, Outputs).
      if (v.decisions === undefined && s.index > 1) v.decisions = decisionsAfter(prevProcs?.get(p)?.decisions, p === process ? outputs : []);
      return [p, v];
    }));
    const changed = new Map<string, Set<keyof ProcView>>();
    const decided: DiagramStep['decided'] = [];
    for (const [p, v] of procs) {
      const old = prevProcs?.get(p);
      if (old === undefined) continue;
      const c = new Set(PROC_FIELDS.filter((f) => JSON.stringify(old[f]) !== JSON.stringify(v[f])));
      if (c.size > 0) changed.set(p, c);
      (v.decisions ?? []).forEach((d, i) => {
        if (d !== undefined && d !== '' && (old.decisions?.[i] ?? '') === '') {
          decided.push({ process: p, height: i + 1, value: d });
          decidedAt.set(`${p}/${i + 1}`, s.index);
        }
      });
    }
    const fired = seqLeaf(s.leaves, 'fired').map((v) => asStr(v) ?? '?');
    out.push({ index: s.index, kind, process, detail: detailOf(kind, s.leaves, delivery, multiHeight), fired, delivery, sent, procs, changed, decided });
    prevProcs = procs;
  }
  const v = violation === undefined ? undefined : { ...violation, step: out[out.length - 1]!.index };
  return { validators, correct, steps: out, multiHeight, violation: v };
}
