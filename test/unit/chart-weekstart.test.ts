import { describe, expect, it } from 'vitest';

describe('weekly chart buckets follow the weekStart setting', () => {
  it('groups days into Sunday-first weeks when asked', async () => {
    const { fitSeries } = await import('../../src/render/chart.js');
    const { addDays } = await import('../../src/domain/time.js');
    // 70 days from Wednesday 2026-09-02, more than 20 columns: weekly buckets.
    const daily = Array.from({ length: 70 }, (_, i) => ({ date: addDays('2026-09-02', i), value: 5, count: 1 }));
    const monday = fitSeries(daily, 20);
    const sunday = fitSeries(daily, 20, 'sunday');
    expect(monday.granularity).toBe('week');
    expect(monday.points[0]!.date).toBe('2026-08-31'); // a Monday
    expect(sunday.points[0]!.date).toBe('2026-08-30'); // a Sunday
  });
});
