// conformance/drivers/deviation-list.ts: the shared recognizers and classify, on mismatch
// lines as `oracle --json` writes them (taken from the CometBFT and Malachite runs).
import assert from 'node:assert/strict';
import { classify, classifyViolation, SHARED_CLASSES, SHARED_VERDICT_CLASSES, type RunMismatch, type RunViolation } from '../../conformance/drivers/deviation-list.ts';

const vote = (type: string) => ({ kind: 'Deliver', msg: { type, round: 0 } });
const l34: RunMismatch = {
  source: 't', step: 7, what: 'outputs', event: vote('PREVOTE'),
  lines: [
    'outputs[0].height: expected 1, got (absent)',
    'outputs[0].kind: expected "scheduleTimeout", got "broadcast"',
    'outputs[0].msg: expected (absent), got {"type":"PRECOMMIT","src":"c1","height":1,"round":0,"value":"v1","validRound":-1,"cert":[]}',
    'outputs[0].round: expected 0, got (absent)',
    'outputs[0].timeout: expected "prevote", got (absent)',
    'outputs[1]: missing {"kind":"broadcast","msg":{"type":"PRECOMMIT","src":"c1","height":1,"round":0,"value":"v1","validRound":-1,"cert":[]}}',
  ],
};
const beyond: RunMismatch = {
  source: 't', step: 26, what: 'outputs', event: vote('PREVOTE'),
  lines: ['outputs[0]: unexpected {"kind":"evidence","src":"b1","type":"PREVOTE","height":1,"round":1,"first":{},"second":{}}'],
};
const hidden: RunMismatch = {
  source: 't', step: 19, what: 'projection', event: vote('PREVOTE'),
  lines: ['c3.lockedRound: expected 0, got -1', 'c3.lockedValue: expected "v1", got "none"', 'c3.step: expected "precommit", got "prevote"'],
};

describe('deviation-list: shared classes and classify', () => {
  it('each shared recognizer takes its own sample and none of the others', () => {
    const samples = { 'L34-before-L36': l34, 'evidence-vote-beyond-slots': beyond, 'equivocator-vote-not-counted': hidden };
    for (const [name, c] of Object.entries(SHARED_CLASSES)) {
      for (const [other, m] of Object.entries(samples)) assert.equal(c.is(m), name === other, `${name} on the ${other} sample`);
    }
    assert.equal(classify(SHARED_CLASSES, l34), 'L34-before-L36');
  });

  it('refuses a mismatch that fits no class, and one that fits two (negative controls)', () => {
    // The L34 sample with the PRECOMMIT missing for another reason: an extra missing output.
    const other: RunMismatch = { ...l34, lines: [...l34.lines, 'outputs[2]: missing {"kind":"decide","height":1}'] };
    assert.throws(() => classify(SHARED_CLASSES, other), /t step 7: matches no documented class/);
    const twice = { a: SHARED_CLASSES['L34-before-L36'], b: SHARED_CLASSES['L34-before-L36'] };
    assert.throws(() => classify(twice, l34), /matches a and b/);
  });
});

// The classes of violations under the paper's verdict (conformance/drivers/verdict-list.ts).
const violation = (cls: string, event: RunViolation['event'], enabled: string[] = []): RunViolation =>
  ({ source: 't', step: 9, process: 'c1', class: cls, lines: [], enabled: enabled.map((rule) => ({ rule, lines: '' })), event });

describe('deviation-list: the verdict\'s shared classes', () => {
  const samples: Record<string, RunViolation> = {
    'equivocator-vote-not-counted': violation('missing decide', vote('PRECOMMIT'), ['UponProposalAndPrecommitValue']),
    'L55-round-skip-not-taken': violation('missing broadcast PREVOTE + missing scheduleTimeout propose', { kind: 'Deliver', msg: { type: 'PROPOSAL', round: 1 } }, ['UponFPlusOneHigherRound', 'UponProposalInPropose']),
    'timeout-scheduled-twice': violation('unexpected scheduleTimeout prevote', { kind: 'Timeout', timeout: 'propose', round: 0 }),
    'equivocation-not-reported': violation('equivocation not reported', null),
  };
  it('each takes its own sample and none of the others', () => {
    for (const [name, c] of Object.entries(SHARED_VERDICT_CLASSES)) {
      for (const [other, v] of Object.entries(samples)) assert.equal(c.is(v), name === other, `${name} on the ${other} sample`);
    }
  });
  it('refuses a violation that fits no class (negative control): an unexpected broadcast is none of them', () => {
    assert.throws(() => classifyViolation(SHARED_VERDICT_CLASSES, violation('unexpected broadcast PREVOTE', vote('PREVOTE'))), /t step 9 c1 \(unexpected broadcast PREVOTE\): matches no documented class/);
    // A missing decide with no rule of the four enabled is not the equivocator's uncounted vote.
    assert.throws(() => classifyViolation(SHARED_VERDICT_CLASSES, violation('missing decide', vote('PRECOMMIT'))), /matches no documented class/);
  });
});
