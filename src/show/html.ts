// One self-contained HTML page for a trace: a banner naming the violated property, the
// message-sequence diagram (svg.ts) and, beside it, the state table with one row per
// step at the same height as the diagram's rows. No script, no external resource: the
// Content-Security-Policy forbids loading anything.
import type { Diagram, DiagramStep, ProcView } from './diagram.ts';
import { esc } from './escape.ts';
import { diagramSvg, LAYOUT, TYPE_COLOURS } from './svg.ts';

export interface PageInfo {
  /** The heading, e.g. "m-nolockcheck: Agreement violated". */
  title: string;
  /** Where the trace came from (a path, or "hybrid-bft tlc m-x"). */
  source: string;
  /** Extra facts shown under the heading (model, config, seed…). */
  facts: [string, string][];
  /** The readable trace table (src/tlc/table.ts) for the details section. */
  table: string | undefined;
}

const CSS = `
body{font:14px/1.4 "DejaVu Sans",system-ui,sans-serif;margin:16px;color:#1b1b1b;background:#fff}
h1{font-size:20px;margin:0 0 4px}
.facts{color:#444;margin:0 0 8px}.facts b{color:#1b1b1b}
.banner{padding:8px 12px;border-radius:6px;margin:8px 0;font-weight:600}
.banner.violation{background:#fbd5d5;border:2px solid #b42318;color:#7a1010}
.banner.witness{background:#fff1c2;border:2px solid #b58105;color:#5c4100}
.banner.none{background:#e9f3ea;border:1px solid #1d7f3c;color:#114a23;font-weight:400}
.legend{font-size:12px;color:#333;margin:6px 0 10px}.legend span{margin-right:14px;white-space:nowrap}
.legend i{display:inline-block;width:18px;height:3px;vertical-align:middle;margin-right:4px}
main{display:flex;align-items:flex-start;gap:0}
svg.msc{flex:none;font-family:"DejaVu Sans",sans-serif}
svg .stepno{font-size:12px;fill:#555}svg .vname{font-size:15px;font-weight:700}svg .vnote{font-size:11px;fill:#b42318}
svg .mlabel,svg .blabel,svg .dlabel{font-size:10.5px;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
svg .blabel{fill:#222}svg .dlabel{fill:#0b3d1c;font-weight:700}
svg .violation-label{font-size:11px;font-weight:700;fill:#7a1010;paint-order:stroke;stroke:#fff;stroke-width:3px}
table.states{border-collapse:separate;border-spacing:0;table-layout:fixed;font-size:11.5px;line-height:15px}
table.states th,table.states td{padding:2px 6px;box-sizing:border-box;overflow:hidden;white-space:nowrap;text-overflow:ellipsis;vertical-align:middle;border-left:1px solid #d5dbe3}
table.states thead tr{height:${LAYOUT.head}px}table.states tbody tr{height:${LAYOUT.row}px}
table.states th{height:${LAYOUT.head}px;text-align:left;background:#eef2f8;font-size:13px}
table.states td{height:${LAYOUT.row}px;max-height:${LAYOUT.row}px}
table.states tbody tr:nth-child(even) td{background:#f5f7fa}
table.states tr.violating td{background:#fbd5d5 !important}table.states tr.violating.witness td{background:#fff1c2 !important}
td.acting{box-shadow:inset 0 0 0 2px #333}
td .changed{background:#fff1a8;font-weight:700}
td .sub{color:#555;font-size:10.5px}
.decided{color:#fff;background:#1d7f3c;border-radius:3px;padding:0 3px;font-weight:700}.decided.new{box-shadow:0 0 0 2px #f2c200}
details{margin-top:16px}pre{font-size:11px;overflow:auto;background:#f7f7f7;padding:8px}
`;

const show = (v: string | number | undefined): string => (v === undefined ? '?' : String(v));
const val = (v: string | undefined): string => (v === undefined ? '?' : v === 'none' ? '–' : v);

function mark(text: string, on: boolean): string {
  return on ? `<span class="changed">${esc(text)}</span>` : esc(text);
}

function procCell(s: DiagramStep, p: string, v: ProcView, multiHeight: boolean): string {
  const c = s.changed.get(p) ?? new Set<keyof ProcView>();
  const lock = v.lockedRound === undefined || v.lockedRound >= 0 ? `lock ${val(v.lockedValue)}@${show(v.lockedRound)}` : 'lock –';
  const valid = v.validRound === undefined || v.validRound >= 0 ? `valid ${val(v.validValue)}@${show(v.validRound)}` : 'valid –';
  const fresh = new Set(s.decided.filter((x) => x.process === p).map((x) => x.height));
  const badges = (v.decisions ?? []).flatMap((d, i) => (d === '' ? [] : [{ text: `${multiHeight ? `h${i + 1} ` : ''}${d ?? '?'}`, fresh: fresh.has(i + 1) }]));
  const decisions = badges.map((b) => b.text);
  const line1 = [
    multiHeight ? mark(`h${show(v.height)}`, c.has('height')) : '',
    mark(`r${show(v.round)}`, c.has('round')), mark(show(v.step), c.has('step')),
    ...badges.map((b) => `<span class="decided${b.fresh ? ' new' : ''}">✔ ${esc(b.text)}</span>`),
  ].filter((x) => x !== '').join(' ');
  const line2 = `${mark(lock, c.has('lockedValue') || c.has('lockedRound'))} · ${mark(valid, c.has('validValue') || c.has('validRound'))}`;
  const title = `${p} after step ${s.index}: height ${show(v.height)}, round ${show(v.round)}, step ${show(v.step)}, lockedValue ${val(v.lockedValue)}, lockedRound ${show(v.lockedRound)}, validValue ${val(v.validValue)}, validRound ${show(v.validRound)}${decisions.length > 0 ? `, decided ${decisions.join(', ')}` : ''}`;
  return `<td class="proc${s.process === p ? ' acting' : ''}" data-process="${esc(p)}" title="${esc(title)}">${line1}<br><span class="sub">${line2}</span></td>`;
}

function stateTable(d: Diagram): string {
  const head = `<thead><tr><th style="width:300px">event</th>${d.correct.map((p) => `<th style="width:190px">${esc(p)}</th>`).join('')}</tr></thead>`;
  const rows = d.steps.map((s) => {
    const ev = `${s.kind}${s.process === '' ? '' : ` ${s.process}`}: ${s.detail}`;
    const fired = s.fired.length === 0 ? '' : s.fired.join(', ');
    const detail = s.detail === s.kind ? '' : `: ${esc(s.detail)}`;
    const event = `<td class="event" title="${esc(`${ev}${fired === '' ? '' : `; fired ${fired}`}`)}"><b>${esc(s.kind)}</b>${s.process === '' ? '' : ` ${esc(s.process)}`}${detail}<br><span class="sub">${esc(fired)}</span></td>`;
    const cells = d.correct.map((p) => procCell(s, p, s.procs.get(p)!, d.multiHeight)).join('');
    const bad = d.violation?.step === s.index ? ` class="violating${d.violation.witness ? ' witness' : ''}"` : '';
    return `<tr data-step="${s.index}"${bad}>${event}${cells}</tr>`;
  }).join('\n');
  return `<table class="states">${head}<tbody>\n${rows}\n</tbody></table>`;
}

/** "c1 decided v2, c2 decided v1" in the last state: what Agreement and Validity are about. */
function finalDecisions(d: Diagram): string {
  if (d.validators.length === 0) return '';
  const last = d.steps[d.steps.length - 1]!;
  const parts: string[] = [];
  for (const [p, v] of last.procs) {
    (v.decisions ?? []).forEach((x, i) => { if (x !== undefined && x !== '') parts.push(`${p} decided ${x}${d.multiHeight ? ` at height ${i + 1}` : ''}`); });
  }
  return parts.length === 0 ? ' No correct process has decided.' : ` In the last state ${parts.join(', ')}.`;
}

function banner(d: Diagram, ending: string | undefined): string {
  const v = d.violation;
  if (v === undefined) return '<div class="banner none" id="verdict">No violation: this trace is a behaviour of the model with no property named as broken.</div>';
  if (v.witness) {
    return `<div class="banner witness" id="violation" data-property="${esc(v.property)}">Witness: the false invariant <code>${esc(v.property)}</code> is violated at step ${v.step}, as intended — this trace shows the behaviour it rules out.${esc(finalDecisions(d))}</div>`;
  }
  const what = v.property === 'deadlock' ? 'Deadlock: no step is possible' : `<code>${esc(v.property)}</code> is violated`;
  // A liveness counterexample breaks its property as a whole behaviour, not at a step.
  const where = ending === undefined ? ` at step ${v.step} (the highlighted row).` : ` by this behaviour, which ${ending}.`;
  return `<div class="banner violation" id="violation" data-property="${esc(v.property)}">${what}${esc(where)}${esc(finalDecisions(d))}</div>`;
}

function legend(): string {
  const types = Object.entries(TYPE_COLOURS).map(([t, c]) => `<span><i style="background:${c}"></i>${t}</span>`).join('');
  return `<p class="legend">${types}<span>dashed arrow: in the network from the start (Byzantine)</span><span>● broadcast</span><span>◆ decision</span><span>yellow: changed at this step</span><span>lock v@r: lockedValue@lockedRound</span></p>`;
}

/** The whole page. */
export function renderHtml(d: Diagram, info: PageInfo): string {
  const deliveries = d.steps.filter((s) => s.delivery !== undefined).length;
  // Without the state shape of Consensus.tla (ConsensusAcc, the channel model) the
  // validators and deliveries are unknown, not zero: say nothing about them.
  const shaped = d.validators.length > 0;
  const facts: [string, string][] = [
    ['source', info.source], ...info.facts,
    ...(shaped ? [['validators', `${d.validators.length} (${d.validators.filter((v) => v.byzantine).map((v) => `${v.name} Byzantine`).join(', ') || 'none Byzantine'})`] as [string, string]] : []),
    ['steps', String(d.steps.length)],
    ...(shaped ? [['deliveries', String(deliveries)] as [string, string]] : []),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(info.title)}</title>
<style>${CSS}</style></head>
<body>
<h1>${esc(info.title)}</h1>
<p class="facts">${facts.map(([k, v]) => `<b>${esc(k)}</b> ${esc(v)}`).join(' · ')}</p>
${banner(d, info.facts.find(([k]) => k === 'ends')?.[1])}
${d.validators.length === 0 ? '' : legend()}
<main>
${diagramSvg(d)}
${stateTable(d)}
</main>
${d.validators.length === 0 ? '<p class="banner none" id="no-lifelines">This trace does not have the state shape of spec/Consensus.tla (params, ps, event, msgs): there are no validators to draw; every change is in the table below.</p>' : ''}
${info.table === undefined ? '' : `<details${d.validators.length === 0 ? ' open' : ''}><summary>Every change, step by step (the table of <code>hybrid-bft tlc</code>)</summary><pre>${esc(info.table)}</pre></details>`}
<p class="facts">Written by <code>hybrid-bft show</code> (docs/show.md).</p>
</body></html>
`;
}
