// The one date check and the fixed metric ranges, as pure functions.
import { describe, expect, it } from 'vitest';
import { CORE_METRIC_RANGES, metricValueProblem } from '../../src/domain/metrics.js';
import { calendarProblem, daysInMonth, instantProblem, isValidDay, parseIsoDateTime } from '../../src/domain/time.js';
import { fixedRangeIssues } from '../../src/packs/schema.js';

describe('calendarProblem', () => {
  it.each([
    [{ year: 2024, month: 2, day: 29 }, undefined],
    [{ year: 2000, month: 2, day: 29 }, undefined],
    [{ year: 1900, month: 1, day: 1 }, undefined],
    [{ year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59 }, undefined],
    [{ year: 2026, month: 2, day: 29 }, 'is not a real date (February 2026 has 28 days)'],
    [{ year: 1900, month: 2, day: 29 }, 'is not a real date (February 1900 has 28 days)'],
    [{ year: 2026, month: 4, day: 31 }, 'is not a real date (April 2026 has 30 days)'],
    [{ year: 2026, month: 13, day: 1 }, 'has no month 13'],
    [{ year: 2026, month: 1, day: 0 }, 'is not a real date (January 2026 has 31 days)'],
    [{ year: 1899, month: 12, day: 31 }, 'is before 1900; give the full year, e.g. 2026'],
    [{ year: 1, month: 1, day: 1 }, 'is before 1900; give the full year, e.g. 2026'],
    [{ year: 10000, month: 1, day: 1 }, 'is after the year 9999'],
    [{ year: 2026, month: 1, day: 1, hour: 24 }, 'is not a real time of day'],
    [{ year: 2026, month: 1, day: 1, minute: 60 }, 'is not a real time of day'],
  ])('%o: %s', (fields, problem) => {
    expect(calendarProblem(fields)).toBe(problem);
  });

  it('instants: NaN and years out of bounds', () => {
    expect(instantProblem(new Date(Number.NaN))).toBe('is not a date');
    expect(instantProblem(new Date(8.64e15))).toBe('is after the year 9999');
    expect(instantProblem(new Date('2026-11-21T10:00:00Z'))).toBeUndefined();
  });

  it('isValidDay uses the same rule', () => {
    expect(isValidDay('2026-02-28')).toBe(true);
    expect(isValidDay('2026-02-30')).toBe(false);
    expect(isValidDay('0001-01-01')).toBe(false);
  });
});

describe('daysInMonth', () => {
  it('is what the Date object says for every month from 1900 to 9999 (leap years by 4, 100 and 400)', () => {
    const wrong: string[] = [];
    for (let year = 1900; year <= 9999; year++) {
      for (let month = 1; month <= 12; month++) {
        if (daysInMonth(year, month) !== new Date(Date.UTC(year, month, 0)).getUTCDate()) wrong.push(`${year}-${month}`);
      }
    }
    expect(wrong).toEqual([]);
    expect([daysInMonth(1900, 2), daysInMonth(2000, 2), daysInMonth(2024, 2), daysInMonth(2026, 2)]).toEqual([28, 29, 29, 28]);
  });
});

describe('parseIsoDateTime', () => {
  it('reads dates, times, fractions and zones; other shapes are not ISO', () => {
    expect(parseIsoDateTime('2026-11-21')).toMatchObject({ year: 2026, month: 11, day: 21, hasTime: false });
    expect(parseIsoDateTime('2026-11-21')!.offset).toBeUndefined();
    expect(parseIsoDateTime('2026-11-21T10:15:30.250+01:00')).toMatchObject({ hour: 10, minute: 15, second: 30, millisecond: 250, offset: 60 });
    expect(parseIsoDateTime('2026-11-21 10:15Z')).toMatchObject({ offset: 0, hasTime: true });
    for (const text of ['1', '+275760-09-13T00:00:00.000Z', 'yesterday', '21-11-2026']) expect(parseIsoDateTime(text)).toBeUndefined();
  });

  it('throws the reason for an ISO shape that names no real date or zone', () => {
    expect(() => parseIsoDateTime('2026-02-30')).toThrow('is not a real date (February 2026 has 28 days)');
    expect(() => parseIsoDateTime('2026-11-21T10:00:00+15:00')).toThrow('has no real UTC offset (+15:00)');
  });
});

describe('metric ranges', () => {
  it('core metrics refuse values outside their range, fractions where whole numbers are meant, and non-numbers', () => {
    expect(metricValueProblem('mood', 10)).toBeUndefined();
    expect(metricValueProblem('mood', 11)).toBe('mood 11 is outside its range 0–10');
    expect(metricValueProblem('anxiety', -1)).toBe('anxiety -1 is outside its range 0–10');
    expect(metricValueProblem('mood', 5.5)).toBe('mood 5.5 must be a whole number from 0–10');
    expect(metricValueProblem('sleep', 7.5)).toBeUndefined();
    expect(metricValueProblem('sleep', 25)).toBe('sleep 25 is outside its range 0–24');
    expect(metricValueProblem('mood', Number.NaN)).toBe('mood NaN is not a number');
    expect(metricValueProblem('my-own', 1e6)).toBeUndefined();
    // Any metric, a pack's own too, holds at most a billion either way: sums and means stay finite.
    expect(metricValueProblem('my-own', 1e9)).toBeUndefined();
    expect(metricValueProblem('my-own', -1e9)).toBeUndefined();
    expect(metricValueProblem('my-own', 1e9 + 1)).toBe('my-own 1000000001 is beyond what a metric holds (from -1000000000 to 1000000000)');
    expect(metricValueProblem('steps', -1e308)).toBe('steps -1e+308 is beyond what a metric holds (from -1000000000 to 1000000000)');
  });

  it('a pack question recording a fixed metric must stay within its range', () => {
    const pack = (q: Record<string, unknown>) => ({ questions: [{ id: 'q', type: 'scale', ...q }] });
    expect(fixedRangeIssues(pack({ metric: 'mood', min: 0, max: 10 }), CORE_METRIC_RANGES)).toEqual([]);
    expect(fixedRangeIssues(pack({ metric: 'mood', min: 2, max: 8 }), CORE_METRIC_RANGES)).toEqual([]);
    expect(fixedRangeIssues(pack({ metric: 'mood', min: 0, max: 100 }), CORE_METRIC_RANGES)).toEqual([
      'question "q" field "max": the built-in metric mood goes from 0–10; a pack cannot widen it',
    ]);
    expect(fixedRangeIssues(pack({ metric: 'mood' }), CORE_METRIC_RANGES)).toHaveLength(2);
    expect(fixedRangeIssues(pack({ metric: 'mood', type: 'number', min: 0, max: 10 }), CORE_METRIC_RANGES)).toEqual([
      'question "q" field "type": the built-in metric mood takes whole numbers; use a scale question',
    ]);
    expect(fixedRangeIssues(pack({ metric: 'sleep', type: 'number', min: 0, max: 12 }), CORE_METRIC_RANGES)).toEqual([]);
  });
});
