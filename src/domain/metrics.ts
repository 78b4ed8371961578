// The metrics a check-in records and how their values are checked.
import { InvalidValue } from './errors.js';
import { byCodeUnit } from './order.js';

export interface MetricSpec {
  name: string;
  label: string;
  min: number;
  max: number;
  integer: boolean;
  unit?: string;
  /** What the ends of the scale mean, for help and prompts. */
  scale: string;
  /** Whether a higher value is better (for "change" wording). */
  higherIsBetter: boolean;
}

export const CORE_METRICS: readonly MetricSpec[] = [
  { name: 'mood', label: 'Mood', min: 0, max: 10, integer: true, scale: '0 = worst, 10 = best', higherIsBetter: true },
  { name: 'anxiety', label: 'Anxiety', min: 0, max: 10, integer: true, scale: '0 = none, 10 = extreme', higherIsBetter: false },
  { name: 'energy', label: 'Energy', min: 0, max: 10, integer: true, scale: '0 = none, 10 = plenty', higherIsBetter: true },
  { name: 'sleep', label: 'Sleep', min: 0, max: 24, integer: false, unit: 'h', scale: 'hours, e.g. 7.5', higherIsBetter: true },
  { name: 'connection', label: 'Connection', min: 0, max: 10, integer: true, scale: '0 = cut off, 10 = deeply connected', higherIsBetter: true },
];

const CORE_ORDER = new Map(CORE_METRICS.map((m, i) => [m.name, i]));

export function metricSpec(name: string): MetricSpec | undefined {
  return CORE_METRICS.find((m) => m.name === name);
}

/**
 * Parses a metric value as typed ("6", " 7.5 "); throws InvalidValue naming
 * the metric and its range (a command rewords it about its flag).
 */
export function parseMetricValue(spec: MetricSpec, raw: string): number {
  const text = raw.trim();
  const range = `${spec.min}–${spec.max}`;
  const kind = spec.integer ? `a whole number from ${range}` : `a number of ${spec.unit === 'h' ? 'hours ' : ''}from ${range}`;
  const invalid = (why: string) => new InvalidValue({ field: spec.name, value: text, min: spec.min, max: spec.max, problem: `must be ${kind} (${spec.scale}); ${why}` });
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw invalid(`got "${text}"`);
  const value = Number(text);
  if (spec.integer && !Number.isInteger(value)) throw invalid(`got ${text}`);
  if (value < spec.min || value > spec.max) throw invalid(`${text} is out of range`);
  return value;
}

/** Core metrics first in their usual order, then the rest alphabetically. */
export function sortMetricNames(names: Iterable<string>): string[] {
  return [...names].sort((a, b) => {
    const ia = CORE_ORDER.get(a) ?? Infinity;
    const ib = CORE_ORDER.get(b) ?? Infinity;
    return ia !== ib ? ia - ib : byCodeUnit(a, b);
  });
}

export function formatMetricValue(name: string, value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return metricSpec(name)?.unit === 'h' ? `${rounded}h` : String(rounded);
}

/** A metric's fixed range: the core metrics' own, or one set by a built-in pack. */
export interface MetricRange {
  min: number;
  max: number;
  integer: boolean;
  /** Who fixed it, for messages: "built-in" or a pack id. */
  source: string;
}

/** The core metrics' ranges: no pack or import can widen them. */
export const CORE_METRIC_RANGES: ReadonlyMap<string, MetricRange> = new Map(
  CORE_METRICS.map((m) => [m.name, { min: m.min, max: m.max, integer: m.integer, source: 'built-in' }]),
);

/** "0–10" or "0–24". */
export function rangeText(range: Pick<MetricRange, 'min' | 'max'>): string {
  return `${range.min}–${range.max}`;
}

/**
 * The largest size of any metric value, either way: far beyond any count or measure a person
 * records, and small enough that sums and means of a lifetime of values stay exact enough and
 * finite (a value near 1e308 made a mean Infinity, and the chart of it never finished).
 */
export const METRIC_LIMIT = 1_000_000_000;

/** Why a value cannot be stored for a metric (not finite, beyond METRIC_LIMIT, outside a core metric's range, not whole), or undefined when it can. */
export function metricValueProblem(name: string, value: number, ranges: ReadonlyMap<string, MetricRange> = CORE_METRIC_RANGES): string | undefined {
  if (!Number.isFinite(value)) return `${name} ${value} is not a number`;
  if (Math.abs(value) > METRIC_LIMIT) return `${name} ${value} is beyond what a metric holds (from -${METRIC_LIMIT} to ${METRIC_LIMIT})`;
  const range = ranges.get(name);
  if (!range) return undefined;
  if (value < range.min || value > range.max) return `${name} ${value} is outside its range ${rangeText(range)}`;
  if (range.integer && !Number.isInteger(value)) return `${name} ${value} must be a whole number from ${rangeText(range)}`;
  return undefined;
}
