// The progress display: a live line rewritten in place on a terminal, throttled plain
// lines elsewhere.
import { strict as assert } from 'node:assert';
import { createDisplay } from '../../src/check/display.ts';

function sink(): { write(s: string): void; text: string } {
  const o = { text: '', write(s: string) { o.text += s; } };
  return o;
}

describe('check: progress display', () => {
  it('plain (not a TTY): stage headers, kept lines, progress at most once per interval', () => {
    let t = 0;
    const out = sink();
    const d = createDisplay(out, { tty: false, plainEveryMs: 5000, now: () => t });
    d.stageStart('replay');
    d.progress('trace 1/3');
    t = 1000; d.progress('trace 2/3');
    t = 6000; d.progress('trace 3/3');
    d.log('replay: ok');
    d.stop();
    assert.equal(out.text, '== replay\nreplay: trace 1/3\nreplay: trace 3/3\nreplay: ok\n');
    assert.doesNotMatch(out.text, /\r|\x1b/);
  });

  it('TTY: one live line rewritten with \\r and cleared, kept lines printed above it', () => {
    let t = 0;
    const out = sink();
    const d = createDisplay(out, { tty: true, now: () => t });
    d.stageStart('tlc');
    t = 65_000; d.progress('ci: 1,000 distinct');
    d.log('ok   ci');
    d.stop();
    assert.ok(out.text.includes('\r\x1b[Ktlc 01:05  ci: 1,000 distinct'), JSON.stringify(out.text));
    assert.ok(out.text.includes('\r\x1b[Kok   ci\ntlc 01:05  ci: 1,000 distinct'), JSON.stringify(out.text));
    assert.ok(out.text.endsWith('\r\x1b[K'));
    assert.doesNotMatch(out.text, /\n.*\n.*ci: 1,000 distinct\n/, 'the live line itself is never ended by a newline');
  });
});
