import { describe, expect, it } from 'vitest';
import { warningColour } from '../../src/modes/drill/warning.ts';

describe('warning colour (town gauge: warning 183.5 m, guaranteed 186 m, blue margin 1 m)', () => {
  const c = (h: number) => warningColour(h, 183.5, 186, 1);
  it('maps each band, with the band edges on the upper colour', () => {
    expect(c(182.49)).toBe('none');
    expect(c(182.5)).toBe('blue');
    expect(c(183.49)).toBe('blue');
    expect(c(183.5)).toBe('yellow');
    expect(c(184.74)).toBe('yellow');
    expect(c(184.75)).toBe('orange'); // (183.5 + 186) / 2
    expect(c(185.99)).toBe('orange');
    expect(c(186)).toBe('red');
    expect(c(190)).toBe('red');
    expect(c(NaN)).toBe('none');
  });
  it('the blue margin is a parameter', () => {
    expect(warningColour(183, 183.5, 186, 0.3)).toBe('none');
    expect(warningColour(183.3, 183.5, 186, 0.3)).toBe('blue');
  });
});
