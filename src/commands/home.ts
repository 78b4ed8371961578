// `integrate` on its own: one calm screen (fits 80×24) with where you are and
// the one or two most useful things to do next.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { ROUTE_LABELS } from '../domain/sessions.js';
import { followUpState } from './shared/followups.js';
import { nextReflection } from '../domain/followups.js';
import { addDays, daysBetween, isoWithOffset, localDate } from '../domain/time.js';
import { dailySeries, streaks } from '../domain/trends.js';
import { cadenceOf, holdText, instrumentsOf, LOW_MOOD_MAX, questionnaireDue, type QuestionnaireHold } from '../domain/assessments.js';
import { sanitizeLine } from '../render/sanitize.js';
import { sparkline } from '../render/sparkline.js';
import { truncate } from '../render/text.js';
import { loadAllPacks } from '../packs/installed.js';
import { regionSummary } from '../safety.js';
import { toJson } from '../render/json.js';


export interface HomeFacts {
  firstRun: boolean;
  database: string;
  /** The database is encrypted at rest (integrate encrypt). */
  encrypted: boolean;
  greeting: string;
  today: string;
  session: { number: number; date: string; daysSince: number; route: string; reflected: boolean } | null;
  lastEntry: { createdAt: string; daysAgo: number; mood: number | null } | null;
  streak: { current: number; longest: number };
  mood14: { from: string; to: string; values: (number | null)[]; sparkline: string };
  openIntentions: { id: string; text: string }[];
  openIntentionCount: number;
  dueAssessments: { id: string; title: string; lastTaken: string | null }[];
  /** Due by their cadence but waiting: within 24 h after a session, or on a hard day (mood 0-2). */
  heldAssessments: { ids: string[]; hold: QuestionnaireHold } | null;
  /** Today's latest check-in mood was 0-2: the screen leads with rest and crisis lines, no homework. */
  restDay: { mood: number } | null;
  /** The one follow-up reflection to suggest now (post-session, a week, a month after), or null. */
  followUp: { session: number; pack: string; label: string } | null;
  /** A session began less than the rest hours ago: no homework, rest first. */
  resting: boolean;
  weeklyDue: boolean;
  /** The next planned session. */
  planned: { number: number; date: string; daysUntil: number } | null;
  next: { command: string; why: string }[];
}

export function registerHome(program: Command, ctx: Ctx): void {
  // Hidden: reached by running `integrate` with no command (cli.ts adds it as the default when no command is given).
  program.command('home', { hidden: true }).description('where you are and what might help next')
    .option('--json', 'print the same facts as JSON')
    .action((opts: { json?: boolean }) => runHome(opts, ctx));
}

function greetingFor(hour: number): string {
  if (hour >= 5 && hour < 12) return 'Good morning';
  if (hour >= 12 && hour < 17) return 'Good afternoon';
  if (hour >= 17 && hour < 22) return 'Good evening';
  return 'Hello — it is late; go gently';
}

export async function collectHome(ctx: Ctx): Promise<HomeFacts> {
  const now = ctx.clock.now();
  const today = localDate(now);
  const store = ctx.existingStore();
  const from14 = addDays(today, -13);
  const facts: HomeFacts = {
    firstRun: !store, database: ctx.dbPath().path, encrypted: Boolean(store?.info.encrypted), greeting: greetingFor(now.getHours()), today,
    session: null, lastEntry: null, streak: { current: 0, longest: 0 },
    mood14: { from: from14, to: today, values: Array(14).fill(null), sparkline: ' '.repeat(14) },
    openIntentions: [], openIntentionCount: 0, dueAssessments: [], heldAssessments: null, restDay: null,
    followUp: null, resting: false, weeklyDue: false, planned: null, next: [],
  };
  if (!store) {
    facts.next = [
      { command: 'integrate checkin --mood 6 --sleep 7.5', why: 'record how today is going' },
      { command: 'integrate session add', why: 'note a dosing session, if you had one' },
    ];
    return facts;
  }
  const session = store.sessions.latestBefore(now.toISOString());
  const reflected = session ? store.reflections.hasPackEntrySince('post-session', session.occurredAt) : false;
  if (session) {
    facts.session = { number: session.number, date: session.localDate, daysSince: daysBetween(session.localDate, today), route: ROUTE_LABELS[session.route], reflected };
  }
  const last = store.entries.list({ limit: 1 })[0];
  if (last) {
    facts.lastEntry = { createdAt: isoWithOffset(last.createdAt, last.utcOffset), daysAgo: daysBetween(last.localDate, today), mood: last.metrics.mood ?? null };
  }
  const s = streaks(store.metrics.entryDays(), today);
  facts.streak = { current: s.current, longest: s.longest };
  const mood = dailySeries(store.metrics.dailyMeans('mood', from14, today), from14, today).map((p) => p.value);
  facts.mood14 = { from: from14, to: today, values: mood, sparkline: sparkline(mood, { min: 0, max: 10 }) };
  const open = store.intentions.open();
  facts.openIntentionCount = open.length;
  facts.openIntentions = open.slice(0, 3).map((i) => ({ id: i.id, text: i.text }));
  const hold = store.assessments.holdInput(now);
  for (const pack of instrumentsOf((await loadAllPacks(ctx, false)).packs.values())) {
    // Only the day it was last taken decides "due"; its answers are read by assess and summary.
    const lastDate = store.assessments.latestDate(pack.id);
    const status = questionnaireDue({ ...hold, lastDate, cadenceDays: cadenceOf(pack, ctx.config().cadence), today });
    if (status.due) facts.dueAssessments.push({ id: pack.id, title: pack.title, lastTaken: lastDate ?? null });
    else if (status.hold) {
      facts.heldAssessments ??= { ids: [], hold: status.hold };
      facts.heldAssessments.ids.push(pack.id);
    }
  }
  const followUps = followUpState(store, ctx.config(), now);
  if (followUps.due) facts.followUp = { session: followUps.due.sessionNumber, pack: followUps.due.pack, label: followUps.due.label };
  facts.resting = followUps.resting !== undefined;
  facts.weeklyDue = followUps.weeklyDue;
  if (followUps.planned) {
    facts.planned = { number: followUps.planned.number, date: followUps.planned.localDate, daysUntil: daysBetween(today, followUps.planned.localDate) };
  }
  if (typeof hold.lastMoodToday === 'number' && hold.lastMoodToday <= LOW_MOOD_MAX) {
    // A hard day: rest and where to find people, nothing to do.
    facts.restDay = { mood: hold.lastMoodToday };
    facts.next = [{ command: 'integrate crisis', why: 'people to call or text now, if it gets too much' }];
    return facts;
  }

  const next: HomeFacts['next'] = [];
  // At most one reflection is suggested at a time, by the same rule journal follows; none while resting.
  const reflection = nextReflection(followUps, ctx.config().defaultPack ?? 'daily');
  if (reflection.reason === 'follow-up') {
    next.push({
      command: 'integrate journal',
      why: reflection.step.day === 0
        ? `rest first, then a word on session ${reflection.step.sessionNumber} (one line is fine)`
        : `${reflection.step.label}: a look back`,
    });
  } else if (reflection.reason === 'pre-session') {
    next.push({ command: 'integrate journal pre-session', why: `get ready for session ${reflection.planned.number}` });
  } else if (reflection.reason === 'weekly') {
    next.push({ command: 'integrate journal weekly', why: 'a new week: the weekly review' });
  }
  if (!facts.lastEntry || facts.lastEntry.daysAgo > 0) next.push({ command: 'integrate checkin', why: 'a quick check-in for today' });
  if (facts.dueAssessments[0]) next.push({ command: `integrate assess ${facts.dueAssessments[0].id}`, why: `${sanitizeLine(facts.dueAssessments[0].title)} is due` });
  next.push({ command: 'integrate mood', why: 'see how the last weeks have moved' });
  facts.next = next.slice(0, 2);
  return facts;
}

export async function runHome(opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  const facts = await collectHome(ctx);
  if (opts.json) {
    ctx.io.out(`${toJson(facts, 2)}\n`);
    return;
  }
  ctx.io.out(homeText(facts, ctx));
}

export function homeText(f: HomeFacts, ctx: Ctx): string {
  const { c } = ctx.io;
  const width = Math.min(ctx.io.columns, 80);
  const fit = (s: string) => truncate(s, width);
  const lines: string[] = [c.bold(`${f.greeting}.`), ''];
  if (f.firstRun) {
    lines.push(
      'Welcome to integrate — a private place to check in, reflect after sessions,',
      'and see how you are doing over time. Nothing leaves this computer.',
      '',
      fit(`Your entries will be kept in ${sanitizeLine(f.database)}`),
      '',
      fit(`Crisis lines: integrate crisis (${regionSummary(ctx)}).`),
      fit('To set your country: integrate config set region XX'),
      '',
    );
  } else {
    if (f.restDay) {
      lines.push(
        fit(`Today looks hard (mood ${f.restDay.mood} at your last check-in). Rest is enough for today;`),
        fit('nothing here needs doing. If it gets too much, you do not have to hold it alone.'),
        '',
      );
    }
    if (f.session) {
      const when = f.session.daysSince === 0 ? 'Today is the day of session' : `Day ${f.session.daysSince} after session`;
      lines.push(fit(`${when} ${f.session.number} (${f.session.date}, ${f.session.route})`));
    }
    if (f.lastEntry) {
      const ago = f.lastEntry.daysAgo === 0 ? 'today' : f.lastEntry.daysAgo === 1 ? 'yesterday' : `${f.lastEntry.daysAgo} days ago`;
      const time = f.lastEntry.createdAt.slice(11, 16); // local time: createdAt carries its offset
      const mood = f.lastEntry.mood === null ? '' : ` · mood ${f.lastEntry.mood}`;
      const streak = f.streak.current > 1 ? ` · ${f.streak.current}-day streak` : '';
      lines.push(fit(`Last entry ${ago}${f.lastEntry.daysAgo === 0 ? ` at ${time}` : ''}${mood}${streak}`));
    }
    if (f.encrypted) lines.push(fit('Your journal is encrypted: unreadable without your passphrase.'));
    const present = f.mood14.values.filter((v): v is number => v !== null);
    if (present.length) {
      const mean = Math.round((present.reduce((a, b) => a + b, 0) / present.length) * 10) / 10;
      lines.push(`Mood, last 14 days  ${c.cyan(f.mood14.sparkline)}  mean ${mean}`);
    }
    if (f.planned && !f.restDay) {
      const when = f.planned.daysUntil === 0 ? 'today' : f.planned.daysUntil === 1 ? 'tomorrow' : `in ${f.planned.daysUntil} days`;
      lines.push(fit(`Session ${f.planned.number} is planned for ${f.planned.date} (${when})`));
    }
    if (f.resting && !f.restDay) lines.push(fit('Rest comes first today. The reflection can wait until you are ready.'));
    if (f.openIntentions.length && !f.restDay) {
      lines.push('', `Open intentions${f.openIntentionCount > 3 ? ` (${f.openIntentionCount}, showing 3)` : ''}:`);
      for (const i of f.openIntentions) lines.push(fit(`  ○ ${sanitizeLine(i.text)}`));
    }
    if (f.dueAssessments.length) {
      lines.push('', fit(`Due: ${f.dueAssessments.map((a) => `${sanitizeLine(a.title)}${a.lastTaken ? ` (last ${a.lastTaken})` : ''}`).join(', ')}`));
    }
    if (f.heldAssessments?.hold.reason === 'after-session') {
      lines.push('', c.dim(fit(`Questionnaires ${holdText(f.heldAssessments.hold)}.`)));
    }
    lines.push('');
  }
  lines.push('Next:');
  const cmdWidth = Math.max(...f.next.map((n) => n.command.length));
  for (const n of f.next) lines.push(fit(`  ${c.yellow(n.command.padEnd(cmdWidth))}  ${n.why}`));
  lines.push('', c.dim(fit('All commands: integrate --help · crisis lines: integrate crisis')));
  return `${lines.join('\n')}\n`;
}
