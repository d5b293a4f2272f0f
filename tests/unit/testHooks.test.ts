import { describe, expect, it } from 'vitest';
import { exposeTestHooks, testHooksEnabled } from '../../src/ui/testHooks.ts';

describe('test hooks', () => {
  it('are installed only under the test flag, and returned either way', () => {
    const hooks = { ready: false, status: 'loading' as const, restarts: [] };
    const visitor: Record<string, unknown> = {};
    expect(exposeTestHooks('floodtwinRun', hooks, visitor)).toBe(hooks);
    expect(visitor.floodtwinRun).toBeUndefined();
    const test: Record<string, unknown> = { __FLOODTWIN_TEST__: true };
    expect(testHooksEnabled(test)).toBe(true);
    exposeTestHooks('floodtwinRun', hooks, test);
    expect(test.floodtwinRun).toBe(hooks);
  });
});
