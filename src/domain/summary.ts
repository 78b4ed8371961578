// The therapist summary as data: what each section holds. Commands gather it,
// render/markdown and render/html turn it into documents. Only text from
// shareable entries ever reaches this model.

export interface SummaryMetric {
  name: string;
  label: string;
  /** Sparkline characters (daily, or weekly means for long periods). */
  spark: string;
  sparkUnit: 'day' | 'week';
  mean: number | null;
  min: number | null;
  max: number | null;
  days: number;
  previousMean: number | null;
  unit?: string;
}

export interface SummaryWeek {
  weekStart: string;
  mood: number | null;
  anxiety: number | null;
  sleep: number | null;
  entries: number;
}

export interface SummaryBeforeAfter {
  session: number;
  date: string;
  before: { mean: number | null; n: number };
  after: { mean: number | null; n: number };
  change: number | null;
}

export interface SummaryAssessment {
  title: string;
  unit: string;
  higherIsBetter: boolean;
  results: { date: string; score: number; band: string | null }[];
  /** Latest minus the first result in the period (or the last one before it). */
  change: string;
}

export interface SummaryText {
  date: string;
  /** "day 2 after session 4" */
  context?: string;
  /** The question it answered, when it came from a reflection. */
  prompt?: string;
  text: string;
}

export interface SummaryDiscuss extends SummaryText {
  kind: 'discuss' | 'decision' | 'unreal';
}

export interface SummaryIntention {
  text: string;
  date: string;
}

export interface SummaryModel {
  from: string;
  to: string;
  days: number;
  generatedAt: string;
  overview: { entries: number; daysWithEntries: number; sessions: number };
  sessions: { number: number; date: string; route: string; doseMg: number | null; intention: string; notes: string }[];
  metrics: SummaryMetric[];
  weeks: SummaryWeek[];
  beforeAfter: SummaryBeforeAfter[];
  assessments: SummaryAssessment[];
  insights: SummaryText[];
  /** How many insights were left out to keep the summary short. */
  moreInsights: number;
  intentions: { open: SummaryIntention[]; done: SummaryIntention[]; dropped: SummaryIntention[] };
  practices: { name: string; count: number }[];
  themes: { name: string; count: number }[];
  discuss: SummaryDiscuss[];
  safety: { date: string; what: string }[];
  includePrivate: boolean;
  excludedTags: string[];
  /** Mood series for the HTML chart: one point per day, null for gaps. */
  moodSeries: { date: string; value: number | null }[];
  sessionDays: { number: number; date: string }[];
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** "+0.8 (from 5.3)", "no change", or "no earlier data". */
export function formatChange(mean: number | null, previous: number | null): string {
  if (mean === null || previous === null) return 'no earlier data';
  const diff = round1(mean - previous);
  if (diff === 0) return `no change (${round1(previous)})`;
  return `${diff > 0 ? '+' : '−'}${Math.abs(diff)} (from ${round1(previous)})`;
}

export function formatNumber(value: number | null, unit = ''): string {
  return value === null ? '–' : `${round1(value)}${unit}`;
}
