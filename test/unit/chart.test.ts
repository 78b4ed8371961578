import { describe, expect, it } from 'vitest';
import { fitSeries, loadPlot, plotWithGaps, renderMetricChart, yScale } from '../../src/render/chart.js';
import { stringWidth } from '../../src/render/text.js';
import { addDays } from '../../src/domain/time.js';
import { dailySeries, type DailyMean } from '../../src/domain/trends.js';

const days = (from: string, values: (number | null)[]): DailyMean[] =>
  values.flatMap((v, i) => (v === null ? [] : [{ date: addDays(from, i), mean: v, count: 1 }]));

describe('yScale', () => {
  it('uses the whole 0–10 scale for bounded metrics, one row per unit or fewer rows', () => {
    expect(yScale('mood', 4, 6, 10)).toMatchObject({ min: 0, max: 10, rows: 10 });
    expect(yScale('anxiety', 4, 6, 5)).toMatchObject({ min: 0, max: 10, rows: 5 });
    expect(yScale('mood', null, null).label(7)).toBe('7');
  });

  it('fits sleep to the data in half hours when there is room, labelled in hours', () => {
    const s = yScale('sleep', 6.5, 8.5, 10);
    expect(s).toMatchObject({ min: 6, max: 10, rows: 8 });
    expect(s.label(7.5)).toBe('7.5h');
    expect(yScale('sleep', 3, 12, 5)).toMatchObject({ min: 2, max: 12, rows: 5 });
  });

  it('fits an unknown (pack) metric to its data, at least 4 units tall', () => {
    expect(yScale('closeness', 3, 3, 10)).toMatchObject({ min: 3, max: 7, rows: 4 });
    expect(yScale('pain', 0, 37, 10)).toMatchObject({ min: 0, max: 40, rows: 10 });
  });
});

describe('values beyond what a metric holds (stored before the limit)', () => {
  // A mean of values near 1e308 is Infinity: the y-axis never settled on a step, and `mood` spun forever.
  it.each([
    [Infinity, Infinity], [-Infinity, Infinity], [Number.NaN, Number.NaN], [-1e308, 1e308], [3, 1e308], [12345, 98_765_432],
  ])('yScale(%s, %s) settles on at most maxRows finite rows', (lo, hi) => {
    const s = yScale('steps', lo, hi, 10);
    expect(Number.isFinite(s.min) && Number.isFinite(s.max)).toBe(true);
    expect(s.rows).toBeGreaterThan(0);
    expect(s.rows).toBeLessThanOrEqual(10);
  });

  it('a chart with an infinite mean is drawn, at the edge of what a metric holds', async () => {
    const from = '2026-11-01';
    const daily = dailySeries(days(from, [5, Infinity, 7]), from, '2026-11-03');
    const { lines } = await renderMetricChart({ metric: 'steps', daily, sessions: [], columns: 60, maxRows: 5 });
    expect(lines.join('\n')).toContain('1000000000');
    expect(lines.join('\n')).not.toMatch(/NaN|Infinity/);
  });
});

describe('fitSeries (width fitting)', () => {
  const year = dailySeries(days('2025-11-22', Array.from({ length: 365 }, (_, i) => (i % 10) / 2)), '2025-11-22', '2026-11-21');

  it('keeps days when they fit', () => {
    const fitted = fitSeries(year.slice(-30), 30);
    expect(fitted.granularity).toBe('day');
    expect(fitted.points).toHaveLength(30);
  });

  it('switches to weekly means when there are more days than columns', () => {
    const fitted = fitSeries(year, 75);
    expect(fitted.granularity).toBe('week');
    expect(fitted.points).toHaveLength(53);
    expect(fitted.points[0]!.date).toBe('2025-11-17'); // the Monday of the first week
  });

  it('switches to monthly means when even weeks do not fit, and keeps the latest months when months do not', () => {
    expect(fitSeries(year, 40)).toMatchObject({ granularity: 'month', dropped: 0 });
    expect(fitSeries(year, 40).points).toHaveLength(13);
    const squeezed = fitSeries(year, 5);
    expect(squeezed).toMatchObject({ granularity: 'month', dropped: 8 });
    expect(squeezed.points.map((p) => p.date)).toEqual(['2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01']);
  });
});

describe('plotWithGaps', () => {
  it('draws runs of values with asciichart and leaves gap columns empty (a lone value is a dot)', async () => {
    const plot = await loadPlot();
    const { lines, labelWidth } = plotWithGaps(plot, [1, 2, null, null, 2, 1, null, 0], { min: 0, max: 2, rows: 2, label: String });
    expect(labelWidth).toBe(2);
    expect(lines).toEqual([
      '2 ┤ ╭  ╶╮',
      '1 ┤╶╯   ╰',
      '0 ┤       •',
    ]);
  });

  it('draws only the frame when every value is missing', async () => {
    const plot = await loadPlot();
    expect(plotWithGaps(plot, [null, null], { min: 0, max: 1, rows: 1, label: String }).lines).toEqual(['1 ┤', '0 ┤']);
  });
});

describe('renderMetricChart', () => {
  const from = '2026-11-01';
  const daily = dailySeries(days(from, [4, 5, null, null, 7, 8, 6, 5, 6, 7]), from, '2026-11-10');

  it('labels the y-axis in the scale, marks sessions on a date axis and lists them in a legend', async () => {
    const { lines, fitted } = await renderMetricChart({ metric: 'mood', daily, sessions: [{ number: 3, date: '2026-11-05' }], columns: 40, maxRows: 5 });
    expect(fitted.granularity).toBe('day');
    expect(lines).toEqual([
      'Mood (0 = worst, 10 = best) · daily',
      'means · 2026-11-01 to 2026-11-10',
      '10 ┤',
      // Five rows for 0–10: a 5 rounds onto the 6 row, a 7 onto the 8 row.
      ' 8 ┤            ╶─────╮        ╭──',
      ' 6 ┤   ╭──            ╰────────╯',
      ' 4 ┤╶──╯',
      ' 2 ┤',
      ' 0 ┤',
      '   └────────────▲─────────────────',
      '    11-01     11-05          11-10',
      '    ▲ session 3 (2026-11-05)',
    ]);
  });

  it('says in the header when days were aggregated to fit the width, and no line is wider than the terminal', async () => {
    const year = dailySeries(days('2025-11-22', Array.from({ length: 365 }, (_, i) => (i % 3 === 0 ? null : 5 + (i % 4)))), '2025-11-22', '2026-11-21');
    const { lines, fitted } = await renderMetricChart({ metric: 'mood', daily: year, sessions: [{ number: 1, date: '2026-03-04' }], columns: 80 });
    expect(fitted.granularity).toBe('week');
    expect(lines.slice(0, 2).join(' ')).toContain('weekly means');
    expect(lines.slice(0, 2).join(' ')).toContain('365 days do not fit in 80 columns');
    for (const line of lines) expect(stringWidth(line)).toBeLessThan(80);
    expect(lines.some((l) => l.includes('2025-11-17') && l.includes('2026-11-16'))).toBe(true);
  });

  it('colours only through the given painters', async () => {
    const { lines } = await renderMetricChart({
      metric: 'mood', daily, sessions: [{ number: 1, date: '2026-11-02' }], columns: 60,
      paint: (s) => `<${s}>`, mark: (s) => `[${s}]`,
    });
    expect(lines.join('\n')).toContain('[▲] session 1');
    expect(lines.some((l) => /<[─╭╮╯╰│╶]+>/.test(l))).toBe(true);
  });
});

describe('renderMetricChart widths', () => {
  it('never draws past the terminal width, whatever the metric, range and width', async () => {
    const values = Array.from({ length: 400 }, (_, i) => (i % 5 === 0 ? null : 6 + ((i * 7) % 5) / 2));
    for (const metric of ['mood', 'sleep', 'connection']) {
      for (const length of [1, 2, 7, 30, 90, 400]) {
        const from = addDays('2025-10-18', 400 - length);
        const daily = dailySeries(days(from, values.slice(-length)), from, '2026-11-21');
        for (const columns of [40, 60, 80, 120]) {
          const { lines } = await renderMetricChart({ metric, daily, sessions: [{ number: 1, date: '2026-11-20' }], columns });
          for (const line of lines) expect(stringWidth(line), `${metric} ${length} days at ${columns}: ${line}`).toBeLessThan(columns);
        }
      }
    }
  });
});
