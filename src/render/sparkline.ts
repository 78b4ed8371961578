// One-line Unicode sparklines: ▁▂▃▄▅▆▇█ per value, a space for a gap.

export const SPARK_BARS = '▁▂▃▄▅▆▇█';

export interface SparklineOptions {
  /** Bottom of the scale (default: the smallest value). Give a metric's own min to compare charts. */
  min?: number;
  /** Top of the scale (default: the largest value). */
  max?: number;
}

/**
 * One character per value. Nulls (and NaN) are gaps, shown as spaces, so the
 * line keeps its length. Values outside a fixed min/max are clamped. A flat
 * series (or a single value) on its own scale sits in the middle (▄); an
 * all-null series is all spaces.
 */
export function sparkline(values: readonly (number | null)[], opts: SparklineOptions = {}): string {
  const present = values.filter((v): v is number => v !== null && !Number.isNaN(v));
  if (present.length === 0) return ' '.repeat(values.length);
  const min = opts.min ?? present.reduce((a, b) => Math.min(a, b));
  const max = opts.max ?? present.reduce((a, b) => Math.max(a, b));
  const top = SPARK_BARS.length - 1;
  return values
    .map((v) => {
      if (v === null || Number.isNaN(v)) return ' ';
      if (max <= min) return SPARK_BARS[3]; // flat: the middle bar, ▄
      const ratio = (Math.min(Math.max(v, min), max) - min) / (max - min);
      return SPARK_BARS[Math.round(ratio * top)];
    })
    .join('');
}
