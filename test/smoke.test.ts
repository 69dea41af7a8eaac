import { strict as assert } from 'node:assert';
import { assertNever } from '../src/core/types.ts';

describe('skeleton', () => {
  it('assertNever throws on an unexpected value', () => {
    assert.throws(() => assertNever('x' as never), /unreachable: "x"/);
  });
});
