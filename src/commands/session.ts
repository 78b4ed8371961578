import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { formatDose, inPostSessionWindow, parseDose, ROUTES, ROUTE_LABELS, type NumberedSession, type Route, type Session } from '../domain/sessions.js';
import { sessionToJson } from '../domain/json-shapes.js';
import { localDateAt, localDateTimeAt, utcOffsetMinutes } from '../domain/time.js';
import { CancelledError, NotFoundError, UsageError } from '../errors.js';
import { sanitize, sanitizeLine } from '../render/sanitize.js';
import { labelled, truncate } from '../render/text.js';
import { formatDayTime } from '../render/dates.js';
import { parseEntryDate } from './shared/entry-values.js';
import { emptyStdinRefusal, readTextFlag, stdinFlag } from './shared/stdin-text.js';
import { findByPrefix } from './shared/lookup.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { choiceOption, exclusive, parseChoice } from './shared/choices.js';
import { sessionStory, storyText } from './shared/session-story.js';
import { textFlag, type SafetyFlagKind } from '../domain/safety.js';
import { respondToFlags } from '../safety.js';
import { toJson } from '../render/json.js';

export interface SessionFlags {
  date?: string;
  route?: string;
  doseMg?: string;
  dose?: string;
  setting?: string;
  guide?: string;
  intention?: string;
  note?: string;
  private?: boolean;
  public?: boolean;
  json?: boolean;
  yes?: boolean;
  full?: boolean;
  planned?: boolean;
}

function addSessionOptions(cmd: Command): Command {
  cmd
    .option('--date <when>', 'when the session was, e.g. today, "yesterday 10:00", 2026-03-14 (default: now)')
    .addOption(choiceOption('--route <route>', 'how ketamine was given', ROUTES))
    .option('--dose <amount>', 'the dose, if you know it: 35, 35 mg or 0.5 mg/kg (optional)')
    .option('--dose-mg <n>', 'the dose in mg (the same as --dose N mg)')
    .option('--setting <text>', 'where and how: clinic, at home with a sitter, music, ... ("-" reads stdin)')
    .option('--guide <text>', 'who guided or sat with you ("-" reads stdin)')
    .option('--intention <text>', 'the intention you brought to it ("-" reads stdin)')
    .option('--note <text>', 'what you remember, what stood out ("-" reads stdin)')
    .option('--private', 'keep this session out of summaries and exports you share');
  return exclusive(cmd, ['--dose', '--dose-mg']);
}

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate session': [
    { cmd: 'integrate session add', why: 'answer a few questions about a session', interactive: true },
    { cmd: 'integrate session add --route iv --date "yesterday 10:00" --intention "meet the grief"', why: 'with flags' },
    { cmd: 'integrate session list', why: 'all sessions, numbered' },
  ],
  'integrate session add': [
    { cmd: 'integrate session add', why: 'interactive', interactive: true },
    { cmd: 'integrate session add --route im --dose-mg 50 --setting "clinic" --note -', why: 'notes from stdin' },
    { cmd: 'integrate session add --route iv --private', why: 'kept out of summaries and shared exports' },
  ],
  'integrate session list': [
    { cmd: 'integrate session list', why: 'numbered, oldest first' },
    { cmd: 'integrate session list --json', why: 'for scripts' },
  ],
  'integrate session show': [
    { cmd: 'integrate session show 3', why: 'the story of session 3' },
    { cmd: 'integrate session show 3 --full', why: 'with every answer whole' },
    { cmd: 'integrate session show 3 --json', why: 'as JSON' },
  ],
  'integrate session edit': [
    { cmd: 'integrate session edit 3 --dose-mg 40', why: 'fix the dose' },
    { cmd: 'integrate session edit 3', why: 'interactive, in a terminal', interactive: true },
  ],
  'integrate session delete': [
    { cmd: 'integrate session delete 3', why: 'asks first', interactive: true },
    { cmd: 'integrate session delete 3 --yes', why: 'in a script' },
  ],
} satisfies CommandExamples;

export function registerSession(program: Command, ctx: Ctx): void {
  const session = program
    .command('session')
    .description('record and review dosing sessions (numbered in date order)')
    .addHelpText('before', examplesHelp(examples['integrate session']))
    .addHelpText('after', related(['journal post-session', 'mood']));

  addSessionOptions(session.command('add').description('record a dosing session, or plan one with --planned'))
    .option('--planned', 'a session still to come (its date is in the future); the day before, the pre-session reflection is suggested')
    .option('--json', 'print the saved session as JSON')
    .addHelpText('before', examplesHelp(examples['integrate session add']))
    .addHelpText('after', related(['session list', 'journal post-session']))
    .action((opts: SessionFlags) => runSessionAdd(opts, ctx));

  session.command('list').description('list dosing sessions').option('--json', 'print a JSON array')
    .addHelpText('before', examplesHelp(examples['integrate session list']))
    .action((opts: SessionFlags) => runSessionList(opts, ctx));

  session.command('show').description('one session from start to now: intention, reflections, mood before and after, follow-ups')
    .argument('<id>', 'session number (e.g. 3) or id prefix')
    .option('--full', 'every reflection answer in full, not short excerpts')
    .option('--json', 'print it as JSON')
    .addHelpText('before', examplesHelp(examples['integrate session show']))
    .action((id: string, opts: SessionFlags) => runSessionShow(id, opts, ctx));

  addSessionOptions(session.command('edit').description('change a session').argument('<id>', 'session number or id prefix'))
    .option('--public', 'clear the private mark')
    .option('--json', 'print the updated session as JSON')
    .addHelpText('before', examplesHelp(examples['integrate session edit']))
    .action((id: string, opts: SessionFlags) => runSessionEdit(id, opts, ctx));
  exclusive(session.commands.find((c) => c.name() === 'edit')!, ['--private', '--public']);

  session.command('delete').description('delete a session (asks first)').argument('<id>', 'session number or id prefix')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText('before', examplesHelp(examples['integrate session delete']))
    .action((id: string, opts: SessionFlags) => runSessionDelete(id, opts, ctx));
}

function parseRoute(raw: string): Route {
  return parseChoice(ROUTES, '--route', raw) as Route;
}

/** A dose flag's value; "" clears it. --dose-mg takes only milligrams. */
function doseFrom(raw: string, flag: '--dose' | '--dose-mg'): Pick<Session, 'doseMg' | 'doseUnit'> {
  if (raw.trim() === '') return { doseMg: null, doseUnit: 'mg' };
  const parsed = parseDose(raw);
  if ('problem' in parsed) throw new UsageError(`${flag}: ${parsed.problem}; got "${sanitizeLine(raw.trim())}".`);
  if (flag === '--dose-mg' && parsed.unit !== 'mg') throw new UsageError(`--dose-mg takes milligrams; for a dose by body weight use --dose ${sanitizeLine(raw.trim())}.`);
  return { doseMg: parsed.value, doseUnit: parsed.unit };
}

const hasFlags = (o: SessionFlags) =>
  [o.date, o.route, o.doseMg, o.dose, o.setting, o.guide, o.intention, o.note].some((v) => v !== undefined) || Boolean(o.private || o.public);

/** The free-text flags, each of which takes "-" for stdin (one at a time). */
const TEXT_FLAGS = [['--setting', 'setting', 'setting'], ['--guide', 'guide', 'guide'], ['--intention', 'intention', 'intention'], ['--note', 'note', 'notes']] as const;

/** Applies flags onto a session (validated first, so bad input changes nothing). */
async function applyFlags(base: Session, opts: SessionFlags, ctx: Ctx): Promise<Session> {
  const next = { ...base };
  if (opts.route !== undefined) next.route = parseRoute(opts.route);
  if (opts.dose !== undefined) Object.assign(next, doseFrom(opts.dose, '--dose'));
  if (opts.doseMg !== undefined) Object.assign(next, doseFrom(opts.doseMg, '--dose-mg'));
  if (opts.date !== undefined) setWhen(next, await parseEntryDate(opts.date, ctx.clock.now(), { allowFuture: true }));
  if (opts.private) next.private = true;
  if (opts.public) next.private = false;
  stdinFlag(TEXT_FLAGS.map(([flag, key]) => [flag, opts[key]] as const));
  for (const [flag, key, field] of TEXT_FLAGS) {
    const text = await readTextFlag(opts[key], ctx, key);
    if (text === undefined) continue;
    // "-" with nothing on stdin (a script without a pipe) would silently wipe what is there.
    if (opts[key] === '-' && text === '' && base[field].trim() !== '') throw emptyStdinRefusal(flag);
    next[field] = text.trim();
  }
  return next;
}

function setWhen(s: Session, when: Date): void {
  s.occurredAt = when.toISOString();
  s.utcOffset = utcOffsetMinutes(when);
  s.localDate = localDateAt(when, s.utcOffset);
}

async function askSession(base: Session, ctx: Ctx, allowFuture = false): Promise<Session> {
  const p = ctx.prompter;
  const next = { ...base };
  for (;;) {
    const raw = await p.input({ message: 'When was the session? (e.g. today 10:00, yesterday, 2026-03-14)', default: base.occurredAt === '' ? 'now' : localDateTimeAt(base.occurredAt, base.utcOffset) });
    try {
      setWhen(next, await parseEntryDate(raw, ctx.clock.now(), { allowFuture: true }));
      if (!allowFuture) checkPlanned(next, false, ctx.clock.now());
      break;
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      ctx.io.err(`${sanitizeLine(err.message)}\n`);
    }
  }
  next.route = await p.select<Route>({ message: 'How was it given?', choices: ROUTES.map((r) => ({ name: ROUTE_LABELS[r], value: r })), default: base.route });
  const dose = await p.input({
    message: 'Dose, if you know it: 35 mg, or 0.5 mg/kg (Enter to skip)',
    default: formatDose(base) || undefined,
    validate: (v) => (v.trim() === '' || !('problem' in parseDose(v)) ? true : `Please ${(parseDose(v) as { problem: string }).problem}.`),
  });
  Object.assign(next, dose.trim() === '' ? { doseMg: null, doseUnit: 'mg' } : doseFrom(dose, '--dose'));
  next.setting = (await p.input({ message: 'Setting (where, with what music or support; Enter to skip)', default: sanitize(base.setting) || undefined })).trim();
  next.guide = (await p.input({ message: 'Guide or sitter (Enter to skip)', default: sanitize(base.guide) || undefined })).trim();
  next.intention = (await p.input({ message: 'The intention you brought (Enter to skip)', default: sanitize(base.intention) || undefined })).trim();
  const notes = (await p.input({ message: 'What stands out, in a line? (Enter to skip, /edit opens your editor)', default: base.notes && !base.notes.includes('\n') ? sanitize(base.notes) : undefined })).trim();
  next.notes = notes === '/edit' ? (await p.editor({ message: 'Session notes', default: base.notes })).trim() : notes;
  return next;
}

function sessionDetail(s: NumberedSession, ctx: Ctx): string {
  const rows: [string, string][] = [
    ['Session', `${s.number}`],
    ['When', formatDayTime(localDateTimeAt(s.occurredAt, s.utcOffset), ctx.config().dateFormat)],
    ['Route', ROUTE_LABELS[s.route]],
  ];
  if (s.doseMg !== null) rows.push(['Dose', formatDose(s)]);
  if (s.setting) rows.push(['Setting', sanitizeLine(s.setting)]);
  if (s.guide) rows.push(['Guide', sanitizeLine(s.guide)]);
  if (s.intention) rows.push(['Intention', sanitizeLine(s.intention)]);
  if (s.private) rows.push(['Private', 'yes: kept out of summaries and shared exports']);
  rows.push(['Id', s.id]);
  const notes = sanitize(s.notes).trim();
  return `${labelled(rows, ctx.io.c.dim)}\n${notes ? `\n${notes}\n` : ''}`;
}

export function findSession(ctx: Ctx, raw: string): NumberedSession {
  const key = raw.trim().replace(/^#/, '').toLowerCase();
  const store = ctx.existingStore();
  if (/^\d{1,3}$/.test(key)) {
    const found = store?.sessions.list().find((s) => s.number === Number(key));
    if (!found) throw new NotFoundError(`There is no session ${key}. See integrate session list.`);
    return found;
  }
  return findByPrefix(raw.trim().replace(/^#/, ''), store?.sessions, {
    noun: 'session', invalid: 'is not a session number or id. See integrate session list.', seeAlso: 'See integrate session list.',
  });
}

export async function runSessionAdd(opts: SessionFlags, ctx: Ctx): Promise<void> {
  const now = ctx.clock.now();
  // The picker starts on the route used last time (most people keep one), else the first.
  const lastRoute = ctx.existingStore()?.sessions.list().at(-1)?.route ?? ROUTES[0];
  const blank: Session = {
    id: randomUUID(), occurredAt: '', utcOffset: 0, localDate: '', route: lastRoute, doseMg: null,
    setting: '', guide: '', intention: '', notes: '', private: false,
  };
  let session: Session;
  if (hasFlags(opts)) {
    if (opts.route === undefined) throw new UsageError(`Give --route (${ROUTES.join(', ')}) to record a session.`);
    session = await applyFlags(blank, opts, ctx);
    if (session.occurredAt === '') setWhen(session, now);
  } else if (ctx.io.canPrompt()) {
    session = await askSession(blank, ctx, Boolean(opts.planned));
  } else {
    throw new UsageError('Give the session with flags, at least --route (e.g. integrate session add --route iv --date today), or run it in a terminal.');
  }
  checkPlanned(session, Boolean(opts.planned), now);
  const store = ctx.store();
  const flags = sessionFlags(session);
  store.transaction(() => {
    store.sessions.insert(session, now.toISOString());
    store.safety.addTo('session', session.id, flags, now.toISOString(), session.localDate);
  });
  const saved = store.sessions.get(session.id)!;
  if (opts.json) ctx.io.out(`${toJson(sessionToJson(saved), 2)}\n`);
  if (opts.planned) {
    ctx.io.err(`Planned session ${saved.number} for ${saved.localDate}. The day before, integrate will suggest the pre-session reflection (integrate journal pre-session).\n`);
    return;
  }
  const recent = inPostSessionWindow(saved, now);
  ctx.io.err(`Saved session ${saved.number} (${saved.localDate}).${recent ? ' When you are ready, integrate journal will offer the post-session reflection.' : ''}\n`);
  respondToFlags(ctx, flags);
}

/** Words written about a session are read for safety like any other; on an edit, only the fields that changed. */
function sessionFlags(next: Session, before?: Session): SafetyFlagKind[] {
  const fields = (['setting', 'guide', 'intention', 'notes'] as const).filter((f) => !before || next[f] !== before[f]);
  const flag = textFlag(fields.map((f) => next[f]));
  return flag ? [flag] : [];
}

/** Minutes of clock drift tolerated before a session counts as "in the future". */
const FUTURE_SLACK_MS = 10 * 60_000;

/** A session in the future must be asked for with --planned, and --planned must be in the future. */
function checkPlanned(s: Session, planned: boolean, now: Date): void {
  const future = Date.parse(s.occurredAt) > now.getTime() + FUTURE_SLACK_MS;
  if (future && !planned) {
    throw new UsageError(`That session is in the future (${localDateTimeAt(s.occurredAt, s.utcOffset)}). To plan an upcoming session, add --planned; otherwise check --date.`);
  }
  if (planned && !future) throw new UsageError('--planned is for a session still to come; give its --date in the future, or leave out --planned.');
}

export async function runSessionList(opts: SessionFlags, ctx: Ctx): Promise<void> {
  const sessions = ctx.existingStore()?.sessions.list() ?? [];
  if (opts.json) {
    ctx.io.out(`${toJson(sessions.map(sessionToJson), 2)}\n`);
    return;
  }
  if (!sessions.length) {
    ctx.io.err('No sessions recorded yet. Add one with integrate session add.\n');
    return;
  }
  const lines = sessions.map((s) => {
    const head = `${String(s.number).padStart(3)}  ${formatDayTime(localDateTimeAt(s.occurredAt, s.utcOffset), ctx.config().dateFormat)}  ${s.route.padEnd(10)} ${formatDose(s).padEnd(10)}`;
    const intention = sanitizeLine(s.intention);
    const room = ctx.io.columns - head.length - 2;
    return intention && room > 5 ? `${head}  ${truncate(intention, room)}` : head.trimEnd();
  });
  ctx.io.out(`${ctx.io.c.dim('  #  date              route      dose        intention')}\n${lines.join('\n')}\n`);
}

export async function runSessionShow(id: string, opts: SessionFlags, ctx: Ctx): Promise<void> {
  const s = findSession(ctx, id);
  const story = sessionStory(ctx.store(), s, ctx.clock.now(), ctx.config());
  if (opts.json) {
    ctx.io.out(`${toJson({ ...sessionToJson(s), ...story }, 2)}\n`);
    return;
  }
  ctx.io.out(sessionDetail(s, ctx) + storyText(story, {
    full: Boolean(opts.full), width: ctx.io.columns, dim: ctx.io.c.dim, clean: sanitizeLine, cleanBlock: sanitize,
  }));
}

export async function runSessionEdit(id: string, opts: SessionFlags, ctx: Ctx): Promise<void> {
  if (!hasFlags(opts) && !ctx.io.canPrompt()) {
    throw new UsageError('Nothing to change: give flags such as --dose-mg 40 or --note - (see integrate session edit --help), or run it in a terminal.');
  }
  const base = findSession(ctx, id);
  const wasPlanned = Date.parse(base.occurredAt) > ctx.clock.now().getTime() + FUTURE_SLACK_MS;
  const next = hasFlags(opts) ? await applyFlags(base, opts, ctx) : await askSession(base, ctx, wasPlanned);
  // A planned session may move within the future; a past one cannot move into it.
  if (!wasPlanned) checkPlanned(next, false, ctx.clock.now());
  const store = ctx.store();
  const now = ctx.clock.now().toISOString();
  const flags = sessionFlags(next, base);
  store.transaction(() => {
    store.sessions.update(next, now);
    store.safety.addTo('session', next.id, flags, now, next.localDate);
  });
  const saved = store.sessions.get(next.id)!;
  if (opts.json) ctx.io.out(`${toJson(sessionToJson(saved), 2)}\n`);
  ctx.io.err(`Updated session ${saved.number}.\n`);
  respondToFlags(ctx, flags);
}

export async function runSessionDelete(id: string, opts: SessionFlags, ctx: Ctx): Promise<void> {
  const s = findSession(ctx, id);
  if (!opts.yes) {
    if (!ctx.io.canPrompt()) throw new UsageError(`Not deleting session ${s.number} without confirmation: add --yes to delete it from a script.`);
    const sure = await ctx.prompter.confirm({ message: `Delete session ${s.number} (${s.localDate}) for good? Your entries stay.`, default: false });
    if (!sure) throw new CancelledError('Kept the session; nothing was deleted.');
  }
  ctx.store().sessions.delete(s.id);
  ctx.io.err(`Deleted session ${s.number}; later sessions are renumbered.\n`);
}
