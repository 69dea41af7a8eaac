// Text made safe for HTML/SVG content and double-quoted attributes. (src/check/junit.ts
// has its own for XML; show sits below check, so it does not import it.)
const ENTITIES: Readonly<Record<string, string>> = Object.freeze({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' });

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
