import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, localDate, localDateAt } from '../../src/domain/time.js';
import {
  aggregate, beforeAfter, compareMeans, comparePeriods, countsPerWeek, sessionNeighbours, dailySeries, daysFrom, meanBetween, monthStart, previousPeriod,
  rollingMean, streaks, summarize, weekStart, type DailyMean,
} from '../../src/domain/trends.js';

const row = (date: string, mean: number, count = 1): DailyMean => ({ date, mean, count });

describe('dailySeries', () => {
  it('has one point per day, with gaps as null and count 0, never zero values', () => {
    const series = dailySeries([row('2026-11-02', 6, 2), row('2026-11-04', 3)], '2026-11-01', '2026-11-05');
    expect(series).toEqual([
      { date: '2026-11-01', value: null, count: 0 },
      { date: '2026-11-02', value: 6, count: 2 },
      { date: '2026-11-03', value: null, count: 0 },
      { date: '2026-11-04', value: 3, count: 1 },
      { date: '2026-11-05', value: null, count: 0 },
    ]);
  });

  it('ignores rows outside the range and crosses the DST change by calendar day', () => {
    // Berlin leaves summer time on 2026-10-25: that day is 25 hours long, still one point.
    const series = dailySeries([row('2026-10-20', 1), row('2026-10-25', 5), row('2026-10-27', 9)], '2026-10-24', '2026-10-26');
    expect(series.map((p) => p.date)).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
    expect(series.map((p) => p.value)).toEqual([null, 5, null]);
  });

  it('counts calendar days like addDays, across month ends and leap years', () => {
    expect(daysFrom('2028-02-27', 4)).toEqual(['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
    expect(daysFrom('2100-02-28', 2)).toEqual(['2100-02-28', '2100-03-01']);
    expect(daysFrom('1999-12-31', 2)).toEqual(['1999-12-31', '2000-01-01']);
    fc.assert(fc.property(fc.integer({ min: 0, max: 150_000 }), fc.integer({ min: 1, max: 800 }), (offset, count) => {
      const from = addDays('1900-01-01', offset);
      const days = daysFrom(from, count);
      return days[count - 1] === addDays(from, count - 1) && days[Math.floor(count / 2)] === addDays(from, Math.floor(count / 2));
    }));
  });

  it('is empty when from is after to, and one point when from equals to', () => {
    expect(dailySeries([], '2026-11-02', '2026-11-01')).toEqual([]);
    expect(dailySeries([row('2026-11-01', 4)], '2026-11-01', '2026-11-01')).toEqual([{ date: '2026-11-01', value: 4, count: 1 }]);
  });
});

describe('local days (TZ = Europe/Berlin)', () => {
  it('puts an entry at 23:30 local time on that local day, not the UTC day', () => {
    // 23:30 Berlin in summer is 21:30 UTC, in winter 22:30 UTC: same calendar day either way.
    expect(localDate(new Date(2026, 10, 20, 23, 30))).toBe('2026-11-20');
    // 00:30 Berlin on the 21st is 23:30 UTC on the 20th: the local day wins.
    const justAfterMidnight = new Date(2026, 10, 21, 0, 30);
    expect(justAfterMidnight.toISOString().slice(0, 10)).toBe('2026-11-20');
    expect(localDate(justAfterMidnight)).toBe('2026-11-21');
    // An entry written in New York at 23:30 (UTC-5) keeps the day it was written on.
    expect(localDateAt(new Date('2026-11-21T04:30:00Z'), -300)).toBe('2026-11-20');
  });

  it('groups by those local days', () => {
    const days = [new Date(2026, 10, 20, 23, 30), new Date(2026, 10, 21, 0, 30)].map(localDate);
    const series = dailySeries(days.map((d) => row(d, 5)), '2026-11-20', '2026-11-21');
    expect(series.map((p) => p.count)).toEqual([1, 1]);
  });
});

describe('weekStart and monthStart', () => {
  it('weeks start on Monday', () => {
    expect(weekStart('2026-11-16')).toBe('2026-11-16'); // Monday
    expect(weekStart('2026-11-21')).toBe('2026-11-16'); // Saturday
    expect(weekStart('2026-11-22')).toBe('2026-11-16'); // Sunday
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(weekStart('2027-01-01')).toBe('2026-12-28'); // across the year
  });

  it('months start on the 1st', () => {
    expect(monthStart('2026-02-28')).toBe('2026-02-01');
  });
});

describe('aggregate', () => {
  // Mon 2026-11-09 .. Sun 2026-11-22, with a gap week in the middle of nothing.
  const series = dailySeries(
    [row('2026-11-09', 4, 2), row('2026-11-10', 6), row('2026-11-21', 8)],
    '2026-11-07', '2026-11-22',
  );

  it('weekly means are means of the daily values; empty days are left out, not counted as zero', () => {
    expect(aggregate(series, 'week')).toEqual([
      { start: '2026-11-02', value: null, count: 0, days: 0 }, // Sat+Sun 7/8 Nov, no data: a gap
      { start: '2026-11-09', value: 5, count: 3, days: 2 },
      { start: '2026-11-16', value: 8, count: 1, days: 1 },
    ]);
  });

  it('monthly means', () => {
    const long = dailySeries([row('2026-10-31', 2), row('2026-11-01', 4), row('2026-11-30', 8), row('2027-01-15', 5)], '2026-10-01', '2027-01-31');
    expect(aggregate(long, 'month')).toEqual([
      { start: '2026-10-01', value: 2, count: 1, days: 1 },
      { start: '2026-11-01', value: 6, count: 2, days: 2 },
      { start: '2026-12-01', value: null, count: 0, days: 0 },
      { start: '2027-01-01', value: 5, count: 1, days: 1 },
    ]);
  });

  it('of nothing is nothing', () => {
    expect(aggregate([], 'week')).toEqual([]);
  });
});

describe('summarize and meanBetween', () => {
  it('min / mean / max over the values present', () => {
    expect(summarize([null, 2, 8, null, 5])).toEqual({ min: 2, mean: 5, max: 8, n: 3 });
    expect(summarize([null, null])).toEqual({ min: null, mean: null, max: null, n: 0 });
    expect(summarize([0])).toEqual({ min: 0, mean: 0, max: 0, n: 1 });
  });

  it('meanBetween takes the dated window only', () => {
    const series = dailySeries([row('2026-11-01', 2), row('2026-11-03', 4), row('2026-11-05', 9)], '2026-11-01', '2026-11-05');
    expect(meanBetween(series, '2026-11-01', '2026-11-04')).toEqual({ mean: 3, n: 2 });
    expect(meanBetween(series, '2026-11-02', '2026-11-02')).toEqual({ mean: null, n: 0 });
  });

  it('previousPeriod has the same length and ends the day before', () => {
    expect(previousPeriod('2026-10-23', '2026-11-21')).toEqual({ from: '2026-09-23', to: '2026-10-22' });
    expect(previousPeriod('2026-11-21', '2026-11-21')).toEqual({ from: '2026-11-20', to: '2026-11-20' });
  });
});

describe('rollingMean', () => {
  const values = [1, 2, null, 4, 5, 6, 7, 8, null, null];
  const series = values.map((value, i) => ({ date: `2026-11-${String(i + 1).padStart(2, '0')}`, value, count: value === null ? 0 : 1 }));

  it('is the mean of the window ending with the day, skipping gaps', () => {
    expect(rollingMean(series, '2026-11-10')).toEqual({ mean: (4 + 5 + 6 + 7 + 8) / 5, n: 5 });
    expect(rollingMean(series, '2026-11-04', 3)).toEqual({ mean: 3, n: 2 });
    expect(rollingMean(series, '2026-11-01', 7)).toEqual({ mean: 1, n: 1 }); // the window reaches before the data
  });

  it('gives the same answer from a series without its empty days', () => {
    const sparse = series.filter((p) => p.value !== null);
    for (const day of ['2026-11-03', '2026-11-08', '2026-11-10']) expect(rollingMean(sparse, day)).toEqual(rollingMean(series, day));
  });

  it('is null where the whole window is empty', () => {
    expect(rollingMean(series, '2026-11-10', 2)).toEqual({ mean: null, n: 0 });
  });
});

describe('beforeAfter', () => {
  it('compares the 7 days before with the 7 days after; the session day counts for neither', () => {
    const rows = [
      ...['10-26', '10-27', '10-28', '10-29', '10-30', '10-31', '11-01'].map((d) => row(`2026-${d}`, 4)),
      row('2026-11-02', 1), // session day
      ...['11-03', '11-04', '11-05', '11-06', '11-07', '11-08', '11-09'].map((d) => row(`2026-${d}`, 7)),
      row('2026-11-10', 10), // outside the window
    ];
    const result = beforeAfter(dailySeries(rows, '2026-10-20', '2026-11-15'), '2026-11-02');
    expect(result).toMatchObject({ before: { mean: 4, n: 7 }, after: { mean: 7, n: 7 }, enough: true, change: 3, short: null });
    expect(result.windows).toEqual({ before: { from: '2026-10-26', to: '2026-11-01' }, after: { from: '2026-11-03', to: '2026-11-09' } });
  });

  it('says "not enough" when a side has fewer than 3 days with data', () => {
    const rows = [row('2026-10-30', 4), row('2026-10-31', 5), row('2026-11-03', 7), row('2026-11-04', 8), row('2026-11-05', 9)];
    const result = beforeAfter(dailySeries(rows, '2026-10-20', '2026-11-15'), '2026-11-02', 7, 3);
    expect(result.short).toBe('before');
    expect(result.enough).toBe(false);
    expect(result.change).toBeNull();
    expect(result.before).toEqual({ mean: 4.5, n: 2 });
    expect(result.after).toEqual({ mean: 8, n: 3 });
  });

  it('works from the days with data alone', () => {
    const sparse = [{ date: '2026-10-31', value: 2 }, { date: '2026-11-01', value: 4 }, { date: '2026-10-30', value: 3 }, { date: '2026-11-03', value: 6 }, { date: '2026-11-04', value: 6 }, { date: '2026-11-09', value: 9 }];
    expect(beforeAfter(sparse, '2026-11-02', 7, 3)).toMatchObject({ before: { mean: 3, n: 3 }, after: { mean: 7, n: 3 }, enough: true, change: 4 });
    // The default needs 5 days with data on each side.
    expect(beforeAfter(sparse, '2026-11-02')).toMatchObject({ enough: false, change: null, short: 'both', minDays: 5 });
  });

  it('with no data at all', () => {
    expect(beforeAfter(dailySeries([], '2026-10-20', '2026-11-15'), '2026-11-02')).toMatchObject({
      before: { mean: null, n: 0 }, after: { mean: null, n: 0 }, enough: false, change: null, short: 'both',
    });
  });

  it('stops at the neighbouring sessions: sessions a week apart share no days', () => {
    const days = ['2026-11-01', '2026-11-05', '2026-11-15'];
    const rows = dailySeries(Array.from({ length: 40 }, (_, i) => row(addDays('2026-10-15', i), i)), '2026-10-15', '2026-11-23');
    const [first, second, third] = sessionNeighbours(days).map((nb, i) => beforeAfter(rows, days[i]!, 7, 5, nb));
    expect(first!.windows).toEqual({ before: { from: '2026-10-25', to: '2026-10-31' }, after: { from: '2026-11-02', to: '2026-11-04' } });
    expect(first!.after.n).toBe(3);
    expect(first!.change).toBeNull();
    expect(second!.windows).toEqual({ before: { from: '2026-11-02', to: '2026-11-04' }, after: { from: '2026-11-06', to: '2026-11-12' } });
    expect(second!.short).toBe('before');
    expect(third!.windows).toEqual({ before: { from: '2026-11-08', to: '2026-11-14' }, after: { from: '2026-11-16', to: '2026-11-22' } });
    expect(third!.enough).toBe(true);
    expect(third!.change).toBe(8);
    // Sessions on consecutive days leave an empty side, not a negative one.
    const tight = beforeAfter(rows, '2026-11-02', 7, 5, { previous: '2026-11-01', next: '2026-11-03' });
    expect([tight.before.n, tight.after.n]).toEqual([0, 0]);
  });
});

describe('comparePeriods and compareMeans', () => {
  it('compares with the same length just before, each side with its n, and only with 5 days on each side', () => {
    const points = [
      ...['11-01', '11-02', '11-03', '11-04', '11-05', '11-06'].map((d) => ({ date: `2026-${d}`, value: 4 })),
      ...['11-11', '11-12', '11-13', '11-14', '11-15'].map((d) => ({ date: `2026-${d}`, value: 6 })),
    ];
    const cmp = comparePeriods(points, '2026-11-11', '2026-11-20');
    expect(cmp).toMatchObject({ before: { mean: 4, n: 6 }, after: { mean: 6, n: 5 }, change: 2, enough: true, short: null, previous: { from: '2026-11-01', to: '2026-11-10' } });
    const oneDay = comparePeriods([{ date: '2026-11-20', value: 9 }, ...points.slice(0, 1)], '2026-11-20', '2026-11-20');
    expect(oneDay).toMatchObject({ change: null, enough: false, short: 'both', before: { n: 0 }, after: { n: 1 } });
    expect(compareMeans({ mean: 5, n: 9 }, { mean: 6, n: 4 })).toMatchObject({ change: null, short: 'after' });
    expect(compareMeans({ mean: 5, n: 5 }, { mean: 6, n: 5 })).toMatchObject({ change: 1, enough: true });
  });
});

describe('streaks', () => {
  it('counts the current run ending today and the longest run ever', () => {
    const days = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-10', '2026-11-20', '2026-11-21', '2026-11-21'];
    expect(streaks(days, '2026-11-21')).toEqual({ current: 2, longest: 4, lastEntry: '2026-11-21', daysSinceLast: 0 });
  });

  it('keeps the current streak alive until today is over', () => {
    expect(streaks(['2026-11-19', '2026-11-20'], '2026-11-21')).toMatchObject({ current: 2, daysSinceLast: 1 });
    expect(streaks(['2026-11-18', '2026-11-19'], '2026-11-21')).toMatchObject({ current: 0, longest: 2, daysSinceLast: 2 });
  });

  it('takes days in any order, ignores days after today, and handles no entries', () => {
    expect(streaks(['2026-11-21', '2026-11-19', '2026-11-20', '2026-11-22'], '2026-11-21')).toMatchObject({ current: 3, lastEntry: '2026-11-21' });
    expect(streaks([], '2026-11-21')).toEqual({ current: 0, longest: 0, lastEntry: null, daysSinceLast: null });
  });

  it('runs across month and year ends', () => {
    expect(streaks(['2026-12-30', '2026-12-31', '2027-01-01'], '2027-01-01').current).toBe(3);
  });
});

describe('countsPerWeek', () => {
  it('gives the last 8 calendar weeks, oldest first, including the current one', () => {
    const weeks = countsPerWeek([row('2026-09-27', 0, 5), row('2026-09-28', 0, 2), row('2026-11-16', 0, 1), row('2026-11-21', 0, 3)].map(({ date, count }) => ({ date, count })), '2026-11-21');
    expect(weeks).toHaveLength(8);
    expect(weeks[0]).toEqual({ weekStart: '2026-09-28', count: 2 }); // the 27th is a Sunday, a week too early
    expect(weeks[7]).toEqual({ weekStart: '2026-11-16', count: 4 });
    expect(weeks.slice(1, 7).every((w) => w.count === 0)).toBe(true);
  });
});
