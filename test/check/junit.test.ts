// The XML escaping of the JUnit writer, and how the oracle's result is read.
import { strict as assert } from 'node:assert';
import { interpretOracle } from '../../src/check/driver.ts';
import { xmlEscape } from '../../src/check/junit.ts';

describe('check: JUnit escaping and the oracle result', () => {
  it('xmlEscape escapes the five specials and drops characters XML 1.0 forbids', () => {
    assert.equal(xmlEscape(`a<b>&"c"'d'`), 'a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
    assert.equal(xmlEscape('x\u0000\u0007y\tz\n'), 'xy\tz\n');
    assert.equal(xmlEscape('&amp;'), '&amp;amp;', 'already-escaped text is escaped again, not trusted');
  });

  it('interpretOracle: exit codes, {ok, summary}, and a clear error for anything else', () => {
    assert.deepEqual(interpretOracle(0), { ok: true, summary: 'oracle exit code 0' });
    assert.deepEqual(interpretOracle(1), { ok: false, summary: 'oracle exit code 1' });
    assert.deepEqual(interpretOracle({ ok: false, summary: '3 traces mismatch' }), { ok: false, summary: '3 traces mismatch' });
    assert.deepEqual(interpretOracle({ ok: true }), { ok: true, summary: 'oracle: ok' });
    assert.throws(() => interpretOracle('yes'), /runOracle returned "yes", expected an exit code or \{ok\}/);
  });
});
