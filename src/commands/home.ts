// `integrate` on its own: one calm screen (fits 80×24) with where you are and
// the one or two most useful things to do next.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { inPostSessionWindow, ROUTE_LABELS } from '../domain/sessions.js';
import { addDays, daysBetween, isoWithOffset, localDate } from '../domain/time.js';
import { dailySeries, streaks } from '../domain/trends.js';
import { dueStatus } from '../domain/assessments.js';
import { sanitizeLine } from '../render/sanitize.js';
import { sparkline } from '../render/sparkline.js';
import { truncate } from '../render/text.js';
import { cadenceOf, instruments, resultsOf } from './assess.js';
import { loadAllPacks } from './journal.js';
import { toJson } from '../render/json.js';


export interface HomeFacts {
  firstRun: boolean;
  database: string;
  greeting: string;
  today: string;
  session: { number: number; date: string; daysSince: number; route: string; reflected: boolean } | null;
  lastEntry: { createdAt: string; daysAgo: number; mood: number | null } | null;
  streak: { current: number; longest: number };
  mood14: { from: string; to: string; values: (number | null)[]; sparkline: string };
  openIntentions: { id: string; text: string }[];
  openIntentionCount: number;
  dueAssessments: { id: string; title: string; lastTaken: string | null }[];
  next: { command: string; why: string }[];
}

export function registerHome(program: Command, ctx: Ctx): void {
  // Hidden: reached by running `integrate` with no command (main.ts routes it here).
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
    firstRun: !store, database: ctx.dbPath().path, greeting: greetingFor(now.getHours()), today,
    session: null, lastEntry: null, streak: { current: 0, longest: 0 },
    mood14: { from: from14, to: today, values: Array(14).fill(null), sparkline: ' '.repeat(14) },
    openIntentions: [], openIntentionCount: 0, dueAssessments: [], next: [],
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
  const s = streaks(store.metrics.entryCountsByDay().map((d) => d.date), today);
  facts.streak = { current: s.current, longest: s.longest };
  const mood = dailySeries(store.metrics.dailyMeans('mood', from14, today), from14, today).map((p) => p.value);
  facts.mood14 = { from: from14, to: today, values: mood, sparkline: sparkline(mood, { min: 0, max: 10 }) };
  const open = store.intentions.open();
  facts.openIntentionCount = open.length;
  facts.openIntentions = open.slice(0, 3).map((i) => ({ id: i.id, text: i.text }));
  for (const pack of instruments(await loadAllPacks(ctx, false))) {
    const lastResult = resultsOf(store, pack).at(-1);
    if (dueStatus(lastResult?.date, cadenceOf(pack, ctx), today).due) {
      facts.dueAssessments.push({ id: pack.id, title: pack.title, lastTaken: lastResult?.date ?? null });
    }
  }

  const next: HomeFacts['next'] = [];
  if (session && !reflected && inPostSessionWindow(session, now)) {
    next.push({ command: 'integrate journal', why: `reflect on session ${session.number} while it is fresh` });
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
    );
  } else {
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
    const present = f.mood14.values.filter((v): v is number => v !== null);
    if (present.length) {
      const mean = Math.round((present.reduce((a, b) => a + b, 0) / present.length) * 10) / 10;
      lines.push(`Mood, last 14 days  ${c.cyan(f.mood14.sparkline)}  mean ${mean}`);
    }
    if (f.openIntentions.length) {
      lines.push('', `Open intentions${f.openIntentionCount > 3 ? ` (${f.openIntentionCount}, showing 3)` : ''}:`);
      for (const i of f.openIntentions) lines.push(fit(`  ○ ${sanitizeLine(i.text)}`));
    }
    if (f.dueAssessments.length) {
      lines.push('', fit(`Due: ${f.dueAssessments.map((a) => `${sanitizeLine(a.title)}${a.lastTaken ? ` (last ${a.lastTaken})` : ''}`).join(', ')}`));
    }
    lines.push('');
  }
  lines.push('Next:');
  const cmdWidth = Math.max(...f.next.map((n) => n.command.length));
  for (const n of f.next) lines.push(fit(`  ${c.yellow(n.command.padEnd(cmdWidth))}  ${n.why}`));
  lines.push('', c.dim(fit('All commands: integrate --help · crisis lines: integrate crisis')));
  return `${lines.join('\n')}\n`;
}
