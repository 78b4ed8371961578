// One dosing session told from start to now: the intention and pre-session
// reflection, the reflections and follow-ups after it, mood before and after
// (windows that stop at the neighbouring sessions), the intentions born from
// it, and any safety flags in its window (date and kind only).
import type { Config } from '../../config.js';
import type { FollowUpStep } from '../../domain/followups.js';
import { SAFETY_FLAG_LABELS, type SafetyFlagKind } from '../../domain/safety.js';
import type { NumberedSession } from '../../domain/sessions.js';
import { addDays, localDate } from '../../domain/time.js';
import { dailySeries, meanBetween } from '../../domain/trends.js';
import { shortLabel } from '../../domain/summary.js';
import type { Store } from '../../store/index.js';
import { followUpState } from './followups.js';
import { sparkline } from '../../render/sparkline.js';
import { truncate } from '../../render/text.js';
import { wrapItems } from '../../render/wrap.js';

/** Days before and after a session that its mood comparison looks at. */
export const STORY_WINDOW_DAYS = 7;
/** Packs written before a session that belong to it (up to this many days ahead). */
const PRE_SESSION_DAYS = 3;

export interface StoryAnswer {
  question: string;
  label: string;
  text: string;
}

export interface StoryReflection {
  entryId: string;
  pack: string | null;
  date: string;
  private: boolean;
  answers: StoryAnswer[];
}

export interface MoodSide {
  from: string;
  to: string;
  mean: number | null;
  n: number;
  values: (number | null)[];
}

export interface SessionStory {
  preSession: StoryReflection | null;
  after: StoryReflection[];
  mood: { before: MoodSide | null; after: MoodSide | null };
  intentions: { id: string; text: string; status: string; createdAt: string }[];
  safetyFlags: { date: string; kind: SafetyFlagKind; label: string }[];
  followUps: { day: number; pack: string; label: string; status: FollowUpStep['status']; doneOn: string | null }[];
}

function reflectionOf(store: Store, entry: { id: string; pack: string | null; localDate: string; private: boolean }): StoryReflection {
  const answers = store.reflections.answers(entry.id)
    .filter((a) => (a.type === 'text' || a.type === 'longtext') && typeof a.value === 'string' && a.value.trim() !== '')
    .map((a) => ({ question: a.questionId, label: shortLabel(a.questionId, a.prompt), text: (a.value as string).trim() }));
  return { entryId: entry.id, pack: entry.pack, date: entry.localDate, private: entry.private, answers };
}

function moodSide(store: Store, from: string, to: string): MoodSide | null {
  if (to < from) return null;
  const points = dailySeries(store.metrics.dailyMeans('mood', from, to), from, to);
  const { mean, n } = meanBetween(points.flatMap((p) => (p.value === null ? [] : [{ date: p.date, value: p.value }])), from, to);
  return { from, to, mean: mean === null ? null : Math.round(mean * 10) / 10, n, values: points.map((p) => p.value) };
}

export function sessionStory(
  store: Store,
  session: NumberedSession,
  now: Date,
  config: Pick<Config, 'followUps' | 'postSessionRestHours' | 'weekStart'>,
): SessionStory {
  const sessions = store.sessions.list();
  const previous = sessions.find((s) => s.number === session.number - 1);
  const next = sessions.find((s) => s.number === session.number + 1);
  const today = localDate(now);
  const until = next ? next.occurredAt : new Date(now.getTime() + 1).toISOString();

  // The pre-session reflection: the latest one in the days before, after the previous session.
  const preFrom = new Date(Math.max(Date.parse(session.occurredAt) - PRE_SESSION_DAYS * 86_400_000, previous ? Date.parse(previous.occurredAt) : 0)).toISOString();
  const pre = store.entries.list({ since: preFrom, until: session.occurredAt, pack: 'pre-session', limit: 1 })[0];
  const afterEntries = store.entries.list({ since: session.occurredAt, until, kind: 'journal' })
    .filter((e) => e.pack !== 'daily' && e.pack !== 'pre-session')
    .reverse();

  const beforeFrom = addDays(session.localDate, -STORY_WINDOW_DAYS);
  const before = moodSide(store, previous && previous.localDate >= beforeFrom ? addDays(previous.localDate, 1) : beforeFrom, addDays(session.localDate, -1));
  const afterLimit = [addDays(session.localDate, STORY_WINDOW_DAYS), today, ...(next ? [addDays(next.localDate, -1)] : [])].sort()[0]!;
  const after = moodSide(store, addDays(session.localDate, 1), afterLimit);

  const sourceIds = new Set([...(pre ? [pre.id] : []), ...afterEntries.map((e) => e.id)]);
  const intentions = store.intentions.all()
    .filter((i) => i.sourceEntryId !== null && sourceIds.has(i.sourceEntryId))
    .map((i) => ({ id: i.id, text: i.text, status: i.status, createdAt: i.createdAt }));

  const flagTo = next ? addDays(next.localDate, -1) : today;
  const safetyFlags = store.safety.between(session.localDate, flagTo < session.localDate ? session.localDate : flagTo)
    .map((f) => ({ date: f.localDate, kind: f.kind, label: SAFETY_FLAG_LABELS[f.kind] }));

  const steps = followUpState(store, config, now).schedule.find((s) => s[0]?.sessionId === session.id) ?? [];
  return {
    preSession: pre ? reflectionOf(store, pre) : null,
    after: afterEntries.map((e) => reflectionOf(store, e)),
    mood: { before, after },
    intentions,
    safetyFlags,
    followUps: steps.map((s) => ({ day: s.day, pack: s.pack, label: s.label, status: s.status, doneOn: s.doneBy ? localDate(new Date(s.doneBy.createdAt)) : null })),
  };
}

const STATUS_WORDS: Record<FollowUpStep['status'], string> = {
  done: 'done', due: 'due now', resting: 'after some rest', upcoming: 'coming up', missed: 'not written', closed: 'closed by the next session',
};

/** The story as text for an 80-column terminal; `full` shows every answer whole. */
export function storyText(
  story: SessionStory,
  opts: { full: boolean; width: number; dim: (s: string) => string; clean: (s: string) => string; cleanBlock: (s: string) => string },
): string {
  const width = Math.min(opts.width, 80);
  const out: string[] = [];
  const section = (title: string) => out.push('', opts.dim(title));
  const excerpt = (text: string, room: number) => {
    const line = opts.clean(text).replace(/\s+/g, ' ');
    return truncate(line, room);
  };
  const reflection = (r: StoryReflection, title: string) => {
    section(`${title} · ${r.date}${r.private ? ' · private' : ''}`);
    if (!r.answers.length) out.push('  (no written answers)');
    const shown = opts.full ? r.answers : r.answers.slice(0, 4);
    for (const a of shown) {
      if (opts.full) {
        out.push(`  ${a.label}:`);
        for (const paragraph of opts.cleanBlock(a.text).split('\n')) {
          for (const line of wrapItems(paragraph.split(' ').filter((w) => w !== ''), width - 4)) out.push(`    ${line}`);
        }
      } else {
        out.push(`  ${a.label}: ${excerpt(a.text, width - a.label.length - 4)}`);
      }
    }
    if (!opts.full && r.answers.length > shown.length) out.push(opts.dim(`  … ${r.answers.length - shown.length} more (--full)`));
  };

  if (story.preSession) reflection(story.preSession, 'Before the session');
  for (const r of story.after) reflection(r, r.pack ? `Reflection (${r.pack})` : 'Reflection');

  section('Mood before and after (daily means, 0–10)');
  const side = (name: string, m: MoodSide | null) => {
    if (!m || m.n === 0) return `  ${name.padEnd(7)} no check-ins${m ? ` (${m.from} to ${m.to})` : ''}`;
    return `  ${name.padEnd(7)} ${sparkline(m.values, { min: 0, max: 10 })}  mean ${m.mean} (n = ${m.n} day${m.n === 1 ? '' : 's'}, ${m.from} to ${m.to})`;
  };
  out.push(truncate(side('before', story.mood.before), width), truncate(side('after', story.mood.after), width));

  if (story.intentions.length) {
    section('Intentions from this session');
    const mark: Record<string, string> = { open: '○', done: '✓', dropped: '–' };
    for (const i of story.intentions) out.push(truncate(`  ${mark[i.status] ?? '·'} ${opts.clean(i.text)}${i.status === 'dropped' ? ' (let go)' : ''}`, width));
  }

  if (story.followUps.length) {
    section('Follow-ups');
    for (const f of story.followUps) out.push(truncate(`  ${f.label}: ${STATUS_WORDS[f.status]}${f.doneOn ? ` ${f.doneOn}` : ''}`, width));
  }

  if (story.safetyFlags.length) {
    section('Safety notes in this window (date and kind only)');
    for (const f of story.safetyFlags) out.push(truncate(`  ${f.date}  ${f.label}`, width));
    out.push(truncate('  If things feel heavy now: integrate crisis', width));
  }
  return `${out.join('\n')}\n`;
}
