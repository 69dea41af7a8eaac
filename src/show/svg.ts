// The message-sequence diagram as SVG: one lifeline per validator (Byzantine ones
// dashed, at the right), one row per step. A delivery is an arrow from the sender's
// lifeline at the step that broadcast the message to the receiver's at the step that
// delivered it; a message in the network from the start (the Byzantine validators'
// ByzMsgs) is drawn level, at its delivery. Dots mark broadcasts, diamonds decisions.
// Elements carry data-* attributes (step, from, to, type) that the browser test reads.
import type { Diagram, DiagramStep } from './diagram.ts';
import { msgLabel } from './diagram.ts';
import { own } from '../core/ids.ts';
import { esc } from './escape.ts';

/** Pixel geometry shared with the state table beside the diagram (html.ts). */
export const LAYOUT = Object.freeze({ head: 56, row: 40, gutter: 60, col: 150, tail: 24 });

export const TYPE_COLOURS: Readonly<Record<string, string>> = Object.freeze({
  PROPOSAL: '#1f5fbf', PREVOTE: '#c2620a', PRECOMMIT: '#7b3fb0', COMMIT: '#1d7f3c',
});
const colour = (type: string): string => own(TYPE_COLOURS, type) ?? '#555'; // own: a type named `constructor` is no colour
const KIND_FILL: Readonly<Record<string, string>> = Object.freeze({ Deliver: '#e6e6e6', StartHeight: '#cfe0f7', Timeout: '#fbe3b8' });

const rowY = (i: number): number => LAYOUT.head + i * LAYOUT.row + LAYOUT.row / 2;

function arrowMarkers(): string {
  return Object.entries({ ...TYPE_COLOURS, other: '#555' }).map(([t, c]) =>
    `<marker id="ah-${t}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${c}"/></marker>`).join('');
}

/** Renders the diagram; `x(name)` is the lifeline's centre. */
export function diagramSvg(d: Diagram): string {
  const xs = new Map(d.validators.map((v, i) => [v.name, LAYOUT.gutter + i * LAYOUT.col + LAYOUT.col / 2]));
  const x = (name: string): number => xs.get(name) ?? LAYOUT.gutter / 2;
  const width = LAYOUT.gutter + d.validators.length * LAYOUT.col;
  const height = LAYOUT.head + d.steps.length * LAYOUT.row + LAYOUT.tail;
  const rowOf = new Map(d.steps.map((s, i) => [s.index, i]));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="msc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="message-sequence diagram">`);
  parts.push(`<defs>${arrowMarkers()}</defs>`);
  d.steps.forEach((s, i) => {
    const bad = d.violation?.step === s.index;
    const fill = bad ? (d.violation!.witness ? '#fff1c2' : '#fbd5d5') : i % 2 === 0 ? '#ffffff' : '#f5f7fa';
    parts.push(`<rect class="row${bad ? ' violating' : ''}" data-step="${s.index}" x="0" y="${LAYOUT.head + i * LAYOUT.row}" width="${width}" height="${LAYOUT.row}" fill="${fill}"/>`);
    parts.push(`<text class="stepno" x="${LAYOUT.gutter - 8}" y="${rowY(i) + 4}" text-anchor="end">${s.index}</text>`);
  });
  for (const v of d.validators) {
    const cx = x(v.name);
    parts.push(`<g class="lifeline" data-validator="${esc(v.name)}" data-byzantine="${v.byzantine}">`
      + `<line x1="${cx}" y1="${LAYOUT.head - 8}" x2="${cx}" y2="${height - 8}" stroke="${v.byzantine ? '#b42318' : '#333'}" stroke-width="1.5"${v.byzantine ? ' stroke-dasharray="6 4"' : ''}/>`
      + `<rect x="${cx - 56}" y="8" width="112" height="${LAYOUT.head - 20}" rx="6" fill="${v.byzantine ? '#fde7e7' : '#eef2f8'}" stroke="${v.byzantine ? '#b42318' : '#333'}"/>`
      + `<text x="${cx}" y="${v.byzantine ? 26 : 32}" text-anchor="middle" class="vname">${esc(v.name)}</text>`
      + (v.byzantine ? `<text x="${cx}" y="40" text-anchor="middle" class="vnote">Byzantine</text>` : '')
      + '</g>');
  }
  d.steps.forEach((s, i) => parts.push(stepMarks(d, s, i, x, rowOf)));
  if (d.violation !== undefined) {
    const i = rowOf.get(d.violation.step)!;
    parts.push(`<text class="violation-label" x="${width - 4}" y="${LAYOUT.head + i * LAYOUT.row + LAYOUT.row - 4}" text-anchor="end">${esc(d.violation.witness ? `${d.violation.property} reached` : `${d.violation.property} violated`)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function stepMarks(d: Diagram, s: DiagramStep, i: number, x: (n: string) => number, rowOf: Map<number, number>): string {
  const y = rowY(i);
  const out: string[] = [];
  if (s.process !== '' && s.kind !== 'Init') {
    const tip = `${s.index}: ${s.kind} ${s.process}: ${s.detail}${s.fired.length > 0 ? `; fired ${s.fired.join(', ')}` : ''}`;
    out.push(`<rect class="activation" data-step="${s.index}" data-process="${esc(s.process)}" x="${x(s.process) - 5}" y="${y - 13}" width="10" height="26" fill="${own(KIND_FILL, s.kind) ?? '#ddd'}" stroke="#333"><title>${esc(tip)}</title></rect>`);
  }
  const del = s.delivery;
  if (del !== undefined) {
    const x1 = x(del.msg.src);
    const x2 = x(del.to);
    const r0 = del.sentAt === undefined ? undefined : rowOf.get(del.sentAt);
    const y1 = r0 === undefined ? y : rowY(r0);
    const c = colour(del.msg.type);
    const marker = `url(#ah-${own(TYPE_COLOURS, del.msg.type) === undefined ? 'other' : del.msg.type})`;
    const label = msgLabel(del.msg, d.multiHeight);
    const dir = x2 >= x1 ? -1 : 1;
    const path = x1 === x2
      ? `M${x1},${y1} C${x1 + 60},${y1} ${x2 + 60},${y} ${x2 + 6},${y}`
      : `M${x1},${y1} L${x2 + dir * 6},${y}`;
    out.push(`<g class="arrow" data-step="${s.index}" data-from="${esc(del.msg.src)}" data-to="${esc(del.to)}" data-type="${esc(del.msg.type)}" data-sent="${del.sentAt ?? 'initial'}">`
      + `<path d="${path}" fill="none" stroke="${c}" stroke-width="1.6"${del.sentAt === undefined ? ' stroke-dasharray="5 3"' : ''} marker-end="${marker}"/>`
      + `<text class="mlabel" x="${x2 + dir * 10}" y="${y - 5}" text-anchor="${dir < 0 ? 'end' : 'start'}" fill="${c}">${esc(label)}</text>`
      + `<title>${esc(`${label} from ${del.msg.src} to ${del.to}, ${del.sentAt === undefined ? 'in the network from the start' : `sent at step ${del.sentAt}`}, delivered at step ${s.index}`)}</title></g>`);
  }
  if (s.sent.length > 0) {
    const src = s.sent[0]!.src;
    const text = s.sent.map((m) => msgLabel(m, d.multiHeight)).join(', ');
    out.push(`<g class="broadcast" data-step="${s.index}" data-from="${esc(src)}" data-count="${s.sent.length}">`
      + `<circle cx="${x(src)}" cy="${y}" r="4.5" fill="#111"/>`
      + `<text class="blabel" x="${x(src) + 9}" y="${y + 14}">${esc(`⇉ ${text}`)}</text><title>${esc(`step ${s.index}: ${src} broadcasts ${text}`)}</title></g>`);
  }
  for (const dec of s.decided) {
    const cx = x(dec.process);
    // Opposite the delivery's label, which sits on the sender's side of the receiver.
    const left = del !== undefined && del.to === dec.process && x(del.msg.src) > cx;
    out.push(`<g class="decision" data-step="${s.index}" data-process="${esc(dec.process)}" data-value="${esc(dec.value)}">`
      + `<path d="M${cx},${y - 9} L${cx + 9},${y} L${cx},${y + 9} L${cx - 9},${y} z" fill="#1d7f3c" stroke="#0b3d1c"/>`
      + `<text class="dlabel" x="${left ? cx - 12 : cx + 12}" y="${y + 4}" text-anchor="${left ? 'end' : 'start'}">${esc(`decides ${dec.value}${d.multiHeight ? ` (h${dec.height})` : ''}`)}</text></g>`);
  }
  return out.join('');
}
