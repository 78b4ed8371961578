// The therapist summary as data, in the order a clinician reads it: what
// needs attention, each session with its reflections, the measures, the
// check-in numbers, intentions, what to discuss, then themes and practices.
// src/summary/build.ts gathers it; render/markdown, html and terminal turn it
// into documents. Only text from shareable entries ever reaches this model.
import type { ScoreChange } from './assessments.js';
import type { BeforeAfter, Comparison, DatedValue, Mean, Summary } from './trends.js';

export interface SummaryExcerpt {
  /** The question's short label ("What stood out"). */
  label: string;
  /** Folded to one line and cut at a word ("…" when cut). */
  text: string;
}

/** One reflection (or starred note) told in a few short excerpts. */
export interface SummaryReflection {
  date: string;
  /** "day 1 after session 2", "the day before session 3" */
  context?: string;
  /** The pack's title ("After a session"), or "Starred note". */
  title: string;
  excerpts: SummaryExcerpt[];
}

export interface SummarySession {
  number: number;
  date: string;
  route: string;
  doseMg: number | null;
  /** The unit of doseMg: mg or mg/kg. */
  doseUnit: 'mg' | 'mg/kg';
  setting: string;
  intention: string;
  /** The session's own notes, cut short. */
  notes: string;
  /** Its pre-session reflection, then what followed until the next session (the first few). */
  reflections: SummaryReflection[];
  /** Reflections left out to keep the summary short. */
  moreReflections: number;
  /** Check-in mood before and after, each side stopping at the neighbouring sessions; null without any mood data around it. */
  mood: BeforeAfter | null;
}

export type AttentionKind = 'risk' | 'mention' | 'safety-item' | 'decision' | 'unreal';

export interface AttentionItem {
  date: string;
  kind: AttentionKind;
  /** What it is, in words a clinician scans: the flag's kind, the item's level. */
  label: string;
  /** The words, for decisions and "unsure what was real" (never for safety flags). */
  text?: string;
  context?: string;
}

export interface MeasurePoint {
  date: string;
  score: number;
  band: string | null;
}

export interface SummaryMeasure {
  id: string;
  title: string;
  unit: string;
  higherIsBetter: boolean;
  maxScore: number;
  /** Bands on the reported scale (raw bounds × multiplier), for shading. */
  bands: { min: number; max: number; label: string }[];
  /** The last result before the period, or the first in it when there are several. */
  baseline: MeasurePoint | null;
  latest: MeasurePoint;
  /** Results in the period. */
  n: number;
  change: ScoreChange | null;
  /** "reliable improvement", "about the same (within usual variation)", ... */
  changeLabel: string;
  /** Baseline (if before the period) and every result in the period, oldest first. */
  results: MeasurePoint[];
  /** The safety item of the latest result, e.g. { label: 'item 9', answer: 'Not at all (0)' }. */
  safetyItem?: { label: string; answer: string };
  /** Answers recorded beside the score (e.g. how difficult the problems made daily life), latest result. */
  extras: SummaryExcerpt[];
}

export interface SummaryMetric {
  name: string;
  /** "Mood" */
  label: string;
  /** "0–10, 0 = worst, 10 = best" or "hours" */
  scale: string;
  unit?: string;
  /** The ends of the scale, for charts. */
  min: number;
  max: number;
  stats: Summary;
  /** This period against the same length before it, each side with its n. */
  comparison: Comparison & { previous: { from: string; to: string } };
  /** One point per day of the period (null: no check-in). */
  series: DatedValue[];
}

/** A rating asked inside a reflection pack ("Overall, how was your mood this week?"): its own series. */
export interface SummaryRating {
  source: string;
  packTitle: string;
  /** The question as asked. */
  label: string;
  scale: string;
  values: DatedValue[];
  mean: number | null;
}

export interface SummaryIntention {
  text: string;
  /** The day it was set (its reflection's day), or closed for done and set-aside ones. */
  date: string;
  /** How many identical intentions were merged into this one. */
  count: number;
}

export interface SummaryDiscuss {
  date: string;
  context?: string;
  label: string;
  text: string;
}

export interface SummaryModel {
  from: string;
  to: string;
  days: number;
  generatedAt: string;
  overview: { entries: number; daysWithEntries: number; sessions: number };
  attention: AttentionItem[];
  /** Whether a listed safety flag came from a private entry (its words are never shown anyway). */
  privateFlags: boolean;
  sessions: SummarySession[];
  /** Reflections not tied to a session in the period (before the first one, or no session at all). */
  otherReflections: SummaryReflection[];
  moreOtherReflections: number;
  measures: SummaryMeasure[];
  metrics: SummaryMetric[];
  ratings: SummaryRating[];
  intentions: { open: SummaryIntention[]; done: SummaryIntention[]; setAside: SummaryIntention[] };
  discuss: SummaryDiscuss[];
  themes: { name: string; count: number }[];
  practices: { name: string; count: number }[];
  includePrivate: boolean;
  excludedTags: string[];
  sessionDays: { number: number; date: string }[];
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

export function formatNumber(value: number | null, unit = ''): string {
  return value === null ? '–' : `${round1(value)}${unit}`;
}

/** "+0.8", "−1.2", "no change" (a real minus sign, so it reads as one). */
export function formatSigned(diff: number, unit = ''): string {
  const d = round1(diff);
  return d === 0 ? 'no change' : `${d > 0 ? '+' : '−'}${Math.abs(d)}${unit}`;
}

/** A mean with its n: "6.2 (n=12)", or "– (n=0)". */
export function formatMean(m: Mean, unit = ''): string {
  return `${formatNumber(m.mean, unit)} (n=${m.n})`;
}

/** One line of text cut to about `max` characters at a word boundary, "…" when cut. */
export function excerpt(text: string, max = 160): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/**
 * Short labels for the built-in packs' questions, so the summary says "What
 * stood out" instead of repeating the whole question; any other question is
 * named by its "Heading:" prefix or its id ("practices-how" → "Practices how").
 */
const SHORT_LABELS: Record<string, string> = {
  'stands-out': 'What stood out', emotions: 'Emotions', body: 'Body', images: 'Images and memories', insight: 'What became clearer',
  'confusing-detail': 'Unsure what was real', discuss: 'To talk through', 'ask-guide': 'For the guide', bringing: 'Bringing in',
  intention: 'Intention', hopes: 'Hopes and fears', support: 'Support afterwards', mind: 'Mind', relationships: 'Relationships',
  spirit: 'Spirit', changed: 'What has changed', unchanged: 'What has not changed', 'big-decision-detail': 'Big decision',
  'practices-how': 'How the practices went', note: 'Note',
};

export function shortLabel(questionId: string, prompt = ''): string {
  const known = SHORT_LABELS[questionId];
  if (known) return known;
  const heading = /^([\p{L}][\p{L} -]{0,24}):\s/u.exec(prompt);
  if (heading) return heading[1]!;
  const words = questionId.replace(/[-_]+/g, ' ').trim();
  return words ? `${words.charAt(0).toUpperCase()}${words.slice(1)}` : 'Answer';
}

/** How a change between two scores reads, from the instrument's reliable-change threshold. */
export function changeLabel(change: ScoreChange | null): string {
  if (!change) return 'first result in view; no change to show yet';
  if (change.direction === 'same') return 'about the same (within usual variation)';
  return change.direction === 'better' ? 'reliable improvement' : 'reliable worsening';
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase().replace(/[.!]+$/, '');

/** Merges intentions with the same words (case and spacing aside): the earliest date, and how many there were. */
export function mergeIntentions(items: readonly { text: string; date: string }[]): SummaryIntention[] {
  const byText = new Map<string, SummaryIntention>();
  for (const item of [...items].sort((a, b) => a.date.localeCompare(b.date))) {
    const key = normalise(item.text);
    const found = byText.get(key);
    if (found) found.count += 1;
    else byText.set(key, { text: item.text.trim(), date: item.date, count: 1 });
  }
  return [...byText.values()];
}

/** Two texts say the same thing (for leaving out an excerpt that repeats the session's intention). */
export function sameText(a: string, b: string): boolean {
  return normalise(a) === normalise(b);
}
