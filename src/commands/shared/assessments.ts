// Stored questionnaire results and when the next one is due, shared by
// assess, home and summary.
import type { Ctx } from '../../context.js';
import { ACUTE_WINDOW_HOURS, scoreAssessment, type HoldInput, type QuestionnaireHold } from '../../domain/assessments.js';
import type { Answers, Pack } from '../../domain/packs.js';
import { isoWithOffset, localDate, localDateTimeAt, utcOffsetMinutes } from '../../domain/time.js';
import type { LoadedPacks } from '../../packs/load.js';
import type { Store } from '../../store/index.js';
import type { Entry } from '../../domain/entries.js';
import { byCodeUnit } from '../../domain/order.js';

/** Days between reminders: the user's setting, else the pack's, else 14. */
export function cadenceOf(pack: Pack, ctx: Ctx): number {
  const cadence = ctx.config().cadence;
  return (Object.hasOwn(cadence, pack.id) ? cadence[pack.id] : undefined) ?? pack.cadenceDays ?? 14;
}

export function instruments(loaded: LoadedPacks): Pack[] {
  return [...loaded.packs.values()].filter((p) => p.kind === 'assessment').sort((a, b) => byCodeUnit(a.id, b.id));
}

export interface ScoredResult {
  entryId: string;
  date: string;
  createdAt: string;
  score: number;
  raw: number;
  band: string | null;
}

/** One stored result rescored from its item answers, or undefined when the items changed since (skipped rather than guessed). */
function scored(store: Store, pack: Pack, e: Entry): ScoredResult | undefined {
  const answers: Answers = {};
  for (const a of store.reflections.answers(e.id)) answers[a.questionId] = a.value;
  try {
    const r = scoreAssessment(pack, answers);
    return { entryId: e.id, date: e.localDate, createdAt: isoWithOffset(e.createdAt, e.utcOffset), score: r.score, raw: r.raw, band: r.band?.label ?? null };
  } catch {
    return undefined;
  }
}

/** Every stored result of an instrument, oldest first, rescored from the stored item answers. */
export function resultsOf(store: Store | undefined, pack: Pack): ScoredResult[] {
  if (!store) return [];
  return store.entries.list({ kind: 'assessment', pack: pack.id }).reverse().flatMap((e) => scored(store, pack, e) ?? []);
}

/**
 * The newest result of an instrument (resultsOf(...).at(-1)), reading only
 * the newest entry when it scores: home and `assess` list run this for every
 * instrument, and ten years of fortnightly results are hundreds of entries.
 */
export function latestResultOf(store: Store | undefined, pack: Pack): ScoredResult | undefined {
  const newest = store?.entries.list({ kind: 'assessment', pack: pack.id, limit: 1 })[0];
  if (!newest) return undefined;
  return scored(store!, pack, newest) ?? resultsOf(store, pack).at(-1);
}

/** What decides whether questionnaires wait: the latest session start and today's latest mood. */
export function holdInputs(store: Store | undefined, now: Date): HoldInput {
  if (!store) return { now };
  const today = localDate(now);
  const session = store.sessions.latestBefore(now.toISOString());
  // Entries come newest first; only today's count, and only those that recorded a mood.
  const since = new Date(now.getTime() - 2 * 86_400_000).toISOString();
  const moodEntry = store.entries.list({ since }).find((e) => e.localDate === today && typeof e.metrics.mood === 'number');
  return { now, lastSessionStart: session?.occurredAt, lastMoodToday: moodEntry?.metrics.mood ?? null };
}

/** "wait until 2026-11-22 10:00 (24 h after your session)" / "not today: rest first" */
export function holdText(hold: QuestionnaireHold): string {
  if (hold.reason === 'low-mood') return 'not today: rest first';
  const until = new Date(hold.until);
  return `wait until ${localDateTimeAt(hold.until, utcOffsetMinutes(until))} (${ACUTE_WINDOW_HOURS} h after your session)`;
}

