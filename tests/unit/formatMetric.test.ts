import { describe, expect, it } from 'vitest';
import { formatMetric, formatMetricChange } from '../../src/core/formatMetric.ts';

describe('formatMetric (page tables and HTML report)', () => {
  it('counts whole; other values by size; changes signed', () => {
    expect(formatMetric(1234.6, 'people')).toBe('1,235');
    expect(formatMetric(1234.6, 'ha')).toBe('1,235');
    expect(formatMetric(12.345, 'ha')).toBe('12.3');
    expect(formatMetric(0.125, 'km')).toBe('0.13');
    expect(formatMetric(null, 'ha')).toBe('–');
    expect(formatMetricChange(2.5, 'm')).toBe('+2.50');
    expect(formatMetricChange(-3, 'buildings')).toBe('-3');
    expect(formatMetricChange(0, 'ha')).toBe('0.00');
  });
});
