import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/render/sparkline.js';

describe('sparkline', () => {
  it('scales the values to the eight bars, lowest to highest', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([10, 20])).toBe('▁█');
  });

  it('shows gaps as spaces and keeps its length', () => {
    expect(sparkline([1, null, 8, null])).toBe('▁ █ ');
    expect(sparkline([1, Number.NaN, 8])).toBe('▁ █');
  });

  it('puts a flat series and a single value in the middle', () => {
    expect(sparkline([5, 5, 5])).toBe('▄▄▄');
    expect(sparkline([7])).toBe('▄');
    expect(sparkline([null, 3, null])).toBe(' ▄ ');
  });

  it('is all spaces for an all-null series, and empty for no values', () => {
    expect(sparkline([null, null, null])).toBe('   ');
    expect(sparkline([])).toBe('');
  });

  it('can use a fixed scale, e.g. the metric 0–10, so a flat 5 sits mid-way and 10 at the top', () => {
    expect(sparkline([0, 5, 10], { min: 0, max: 10 })).toBe('▁▅█');
    expect(sparkline([5, 5], { min: 0, max: 10 })).toBe('▅▅');
    expect(sparkline([2, 2], { min: 0, max: 10 })).toBe('▂▂');
  });

  it('clamps values outside a fixed scale', () => {
    expect(sparkline([-3, 14], { min: 0, max: 10 })).toBe('▁█');
  });
});
