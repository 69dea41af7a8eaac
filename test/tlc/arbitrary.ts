// fast-check arbitraries shared by the tlc tests.
import fc from 'fast-check';
import type { TlaValue } from '../../src/tlc/value.ts';

/** Arbitrary TLA+ values of every kind TLC prints (functions and records non-empty). */
export const arbValue: fc.Arbitrary<TlaValue> = fc.letrec<{ v: TlaValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((value): TlaValue => ({ kind: 'int', value })),
    fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', '\\', '\n', '\t', 'é', '@', '>', ',') }).map((value): TlaValue => ({ kind: 'str', value })),
    fc.boolean().map((value): TlaValue => ({ kind: 'bool', value })),
    fc.constantFrom('p1', 'Nobody', 'c_2').map((name): TlaValue => ({ kind: 'modelValue', name })),
    fc.array(tie('v'), { maxLength: 3 }).map((elems): TlaValue => ({ kind: 'set', elems })),
    fc.array(tie('v'), { maxLength: 3 }).map((elems): TlaValue => ({ kind: 'seq', elems })),
    fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,5}$/), tie('v')), { minLength: 1, maxLength: 3, selector: ([k]) => k })
      .map((fields): TlaValue => ({ kind: 'record', fields })),
    fc.array(fc.tuple(tie('v'), tie('v')), { minLength: 1, maxLength: 3 }).map((pairs): TlaValue => ({ kind: 'fun', pairs })),
  ),
})).v;
