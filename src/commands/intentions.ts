import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import type { Intention, IntentionStatus } from '../domain/intentions.js';
import { intentionToJson } from '../domain/json-shapes.js';
import { localDateAt, utcOffsetMinutes } from '../domain/time.js';
import { UsageError } from '../errors.js';
import { parseWhen } from '../dates.js';
import { sanitizeLine } from '../render/sanitize.js';
import { truncate } from '../render/text.js';
import { findByPrefix } from './shared/lookup.js';
import { readTextFlag } from './shared/stdin-text.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { textFlag } from '../domain/safety.js';
import { respondToFlags } from '../safety.js';
import { toJson } from '../render/json.js';

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate intentions': [
    { cmd: 'integrate intentions', why: 'the open ones' },
    { cmd: 'integrate intentions add "Ten minutes outside after lunch" --due friday', why: 'add one' },
    { cmd: 'integrate intentions done 3f2a', why: 'mark one done' },
  ],
  'integrate intentions list': [
    { cmd: 'integrate intentions list --all', why: 'everything' },
    { cmd: 'integrate intentions --json', why: 'for scripts' },
  ],
  'integrate intentions add': [
    { cmd: 'integrate intentions add "Call my sister on Sunday"', why: 'a small, concrete step' },
    { cmd: 'echo "Walk after lunch" | integrate intentions add -', why: 'from stdin, out of shell history' },
  ],
  'integrate intentions done': [
    { cmd: 'integrate intentions done 3f2a', why: 'well done' },
  ],
  'integrate intentions drop': [
    { cmd: 'integrate intentions drop 3f2a', why: 'no longer right for you' },
  ],
} satisfies CommandExamples;

export function registerIntentions(program: Command, ctx: Ctx): void {
  const cmd = program
    .command('intentions')
    .description('intentions and small actions you are carrying forward from your insights')
    .addHelpText('before', examplesHelp(examples['integrate intentions']))
    .addHelpText('after', related(['journal', 'summary']));

  // As the default command, list also receives mistyped subcommands ("intentions finish 3f2a"): answer those kindly.
  const list = (words: string[], opts: { all?: boolean; json?: boolean }) => {
    if (words.length) throw unknownIntentionsCommand(words);
    return runIntentionsList(opts, ctx);
  };
  cmd.command('list', { isDefault: true }).description('list open intentions (--all for done and dropped too)')
    .argument('[words...]').option('--all', 'include done and dropped ones').option('--json', 'print a JSON array')
    .addHelpText('before', examplesHelp(examples['integrate intentions list']))
    .action(list);
  cmd.command('add').description('add an intention').argument('<text...>', 'what you intend to do ("-" reads it from stdin)')
    .option('--due <when>', 'an optional day to do it by, e.g. friday or 2026-12-01').option('--json', 'print it as JSON')
    .addHelpText('before', examplesHelp(examples['integrate intentions add']))
    .action((words: string[], opts: { due?: string; json?: boolean }) => runIntentionsAdd(words.join(' '), opts, ctx));
  cmd.command('done').description('mark an intention done').argument('<id>', 'id prefix (4+ characters)')
    .addHelpText('before', examplesHelp(examples['integrate intentions done']))
    .action((id: string) => setStatus(id, 'done', ctx));
  cmd.command('drop').description('let an intention go (kept in history as dropped)').argument('<id>', 'id prefix (4+ characters)')
    .addHelpText('before', examplesHelp(examples['integrate intentions drop']))
    .action((id: string) => setStatus(id, 'dropped', ctx));
}

/** Words people use for the subcommands there are. */
const INTENTION_SYNONYMS: Record<string, string> = {
  finish: 'done', finished: 'done', complete: 'done', completed: 'done', check: 'done', tick: 'done', did: 'done',
  remove: 'drop', delete: 'drop', abandon: 'drop', cancel: 'drop', skip: 'drop', 'let-go': 'drop',
  new: 'add', create: 'add', set: 'add', show: 'list', ls: 'list',
};

function unknownIntentionsCommand(words: string[]): UsageError {
  const [first = '', ...rest] = words;
  const meant = INTENTION_SYNONYMS[first.toLowerCase()];
  const shown = sanitizeLine(first);
  if (meant) {
    return new UsageError(`There is no "intentions ${shown}"; did you mean: integrate intentions ${meant}${rest.length ? ` ${sanitizeLine(rest.join(' '))}` : ''}?`);
  }
  return new UsageError(`There is no "intentions ${shown}". Use one of: list, add, done, drop (see integrate intentions --help).`);
}

export async function runIntentionsList(opts: { all?: boolean; json?: boolean }, ctx: Ctx): Promise<void> {
  const store = ctx.existingStore();
  const items = (opts.all ? store?.intentions.all() : store?.intentions.open()) ?? [];
  if (opts.json) {
    ctx.io.out(`${toJson(items.map(intentionToJson), 2)}\n`);
    return;
  }
  if (!items.length) {
    ctx.io.err(opts.all ? 'No intentions yet.\n' : 'No open intentions. Add one with integrate intentions add "…", or let a reflection suggest some (integrate journal).\n');
    return;
  }
  const { c } = ctx.io;
  const mark: Record<IntentionStatus, string> = { open: '○', done: c.green('✓'), dropped: c.dim('–') };
  ctx.io.out(`${items.map((i) => {
    const since = localDateAt(new Date(i.createdAt), i.utcOffset);
    const due = i.dueDate ? `  due ${sanitizeLine(i.dueDate)}` : '';
    const head = `${mark[i.status]} ${c.yellow(i.id.slice(0, 8))}  since ${since}${due}  `;
    return `${head}${truncate(sanitizeLine(i.text), Math.max(10, ctx.io.columns - 32 - due.length))}`;
  }).join('\n')}\n`);
}

export async function runIntentionsAdd(text: string, opts: { due?: string; json?: boolean }, ctx: Ctx): Promise<void> {
  const clean = (await readTextFlag(text.trim() === '-' ? '-' : text, ctx, 'intention'))!.trim();
  if (!clean) throw new UsageError('Say what you intend, e.g. integrate intentions add "Walk after lunch".');
  const now = ctx.clock.now();
  let dueDate: string | null = null;
  if (opts.due !== undefined) {
    // A due day named in words ("friday") means the coming one.
    const { date } = await parseWhen(opts.due, now, '--due', true);
    dueDate = localDateAt(date, utcOffsetMinutes(date));
  }
  const intention: Intention = {
    id: randomUUID(), text: clean, createdAt: now.toISOString(), utcOffset: utcOffsetMinutes(now),
    sourceEntryId: null, status: 'open', dueDate, closedAt: null,
  };
  const flag = textFlag([clean]);
  const flags = flag ? [flag] : [];
  const store = ctx.store();
  store.transaction(() => {
    store.intentions.insert(intention);
    store.safety.addTo('intention', intention.id, flags, intention.createdAt, localDateAt(now, intention.utcOffset));
  });
  if (opts.json) ctx.io.out(`${toJson(intentionToJson(intention), 2)}\n`);
  ctx.io.err(`Added intention ${intention.id.slice(0, 8)}.\n`);
  respondToFlags(ctx, flags);
}

function findIntention(ctx: Ctx, raw: string): Intention {
  return findByPrefix(raw, ctx.existingStore()?.intentions, {
    noun: 'intention', invalid: 'is not an intention id. See integrate intentions --all.', seeAlso: 'See integrate intentions --all.',
  });
}

async function setStatus(id: string, status: IntentionStatus, ctx: Ctx): Promise<void> {
  const intention = findIntention(ctx, id);
  ctx.store().intentions.setStatus(intention.id, status, ctx.clock.now().toISOString());
  ctx.io.err(status === 'done'
    ? `Marked done: ${sanitizeLine(intention.text)}\n`
    : `Let go of: ${sanitizeLine(intention.text)} (kept in your history).\n`);
}
