// The XML escaping of the JUnit writer.
import { strict as assert } from 'node:assert';
import { xmlEscape } from '../../src/check/junit.ts';

describe('check: JUnit escaping', () => {
  it('xmlEscape escapes the five specials and drops characters XML 1.0 forbids', () => {
    assert.equal(xmlEscape(`a<b>&"c"'d'`), 'a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
    assert.equal(xmlEscape('x\u0000\u0007y\tz\n'), 'xy\tz\n');
    assert.equal(xmlEscape('&amp;'), '&amp;amp;', 'already-escaped text is escaped again, not trusted');
  });

});
