import { describe, expect, it } from 'vitest';
import { IdleMachine } from '../../src/modes/kiosk/idle.ts';

describe('kiosk idle machine', () => {
  it('goes to attract after 60 s, resets once after 120 s, and a touch brings it back', () => {
    const log: string[] = [];
    const m = new IdleMachine(60, 120, 0, {
      onAttract: () => log.push('attract'),
      onReset: () => log.push('reset'),
      onActive: () => log.push('active'),
    });
    m.tick(59_999);
    expect(m.state).toBe('active');
    m.tick(60_000);
    expect(m.state).toBe('attract');
    m.tick(119_000);
    expect(log).toEqual(['attract']);
    m.tick(120_000);
    m.tick(500_000); // no second reset without a touch in between
    expect(log).toEqual(['attract', 'reset']);
    expect(m.resets).toBe(1);
    m.touch(500_000);
    expect(m.state).toBe('active');
    m.tick(559_000);
    expect(m.state).toBe('active');
    m.tick(560_000);
    m.tick(620_000);
    expect(log).toEqual(['attract', 'reset', 'active', 'attract', 'reset']);
  });

  it('a touch restarts the idle count; bad timeouts are refused', () => {
    const m = new IdleMachine(2, 4, 0);
    m.tick(1_500);
    m.touch(1_500);
    m.tick(3_400);
    expect(m.state).toBe('active');
    m.tick(3_500);
    expect(m.state).toBe('attract');
    expect(() => new IdleMachine(5, 5, 0)).toThrow(RangeError);
    expect(() => new IdleMachine(0, 5, 0)).toThrow(RangeError);
  });
});
