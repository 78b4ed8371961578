// `integrate journal` with a scripted prompter: the runner (showIf, review,
// edit, discard), drafts after every answer, resume, the automatic choice of
// pack, --answers files, and the intentions a reflection creates.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runIntentionsAdd, runIntentionsList } from '../../src/commands/intentions.js';
import { runJournal, situation, type JournalOptions } from '../../src/commands/journal.js';
import { runSessionAdd } from '../../src/commands/session.js';
import { CancelledError, NotFoundError, UsageError } from '../../src/errors.js';
import { main } from '../../src/main.js';
import { DEFAULT_CONFIG } from '../../src/config.js';
import type { Prompter } from '../../src/prompter.js';
import type { Store } from '../../src/store/index.js';
import { rejection, testWorld } from '../helpers/world.js';

// The test clock: Saturday 2026-11-21 10:00 UTC = 11:00 in Berlin.
const NOW = new Date('2026-11-21T10:00:00Z');
const HOUR = 3_600_000;

/** Daily answers in question order: mood, anxiety, energy, connection, sleep, body scan, practices, note. */
const DAILY = [7, 3, 5, 6, 7.5, 'Shoulders tight, belly soft', ['meditation', 'yoga'], 'A quiet day with a good walk'];
const DAILY_PROMPTS = [
  'How is your mood today?', 'How much anxiety are you carrying today?', 'How is your energy?',
  'How connected do you feel today, to others or to yourself?',
  'About how many hours did you sleep last night?', 'A quick body scan — where do you notice tension or ease today?',
  'Which practices did you make room for today?', 'One line about today, if you like.',
];
const REVIEW = 'Save this reflection?';

/** Post-session answers up to (not including) the confirm "confusing". */
const POST_START = [6, 'The music, and the colours', 'Relief, then sadness', '', 'My grandmother\'s kitchen', 'Deep blue, like a slow bell', 'I do not have to earn rest'];

const world = () => testWorld({ now: NOW, tty: true });


const packVersion = (store: Store, id: string) =>
  (store.db.prepare('SELECT pack_version AS v FROM entries WHERE id = ?').get(id) as { v: number | null }).v;

const answersOf = (store: Store, id: string) =>
  Object.fromEntries(store.reflections.answers(id).map((a) => [a.questionId, a.value]));

async function addSession(w: ReturnType<typeof world>, date: string, now = NOW) {
  await runSessionAdd({ route: 'iv', date }, w.ctx({ now, tty: false }));
}

const temps: string[] = [];
function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-answers-'));
  temps.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('journal daily, interactively', () => {
  it('stores metrics, practices and a journal entry with the pack, its version and every answer', async () => {
    const w = world();
    const ctx = w.ctx({ answers: [...DAILY, 'save'] });
    await runJournal('daily', {}, ctx);

    expect(ctx.prompter.asked.map((m) => m.replace(/ \(.*$/, ''))).toEqual([...DAILY_PROMPTS.map((p) => p.replace(/ \(.*$/, '')), REVIEW]);
    expect(ctx.prompter.asked[0]).toBe('How is your mood today? (0 = the worst it gets … 10 = the best it gets)');
    expect(ctx.prompter.asked[4]).toBe('About how many hours did you sleep last night? (hours) (Enter to skip)');
    const [entry] = w.entries();
    expect(w.entries()).toHaveLength(1);
    expect(entry).toMatchObject({
      kind: 'journal', pack: 'daily', private: false, createdAt: NOW.toISOString(), localDate: '2026-11-21', utcOffset: 60,
      metrics: { mood: 7, anxiety: 3, energy: 5, connection: 6, sleep: 7.5 },
      practices: ['meditation', 'yoga'],
      text: 'Shoulders tight, belly soft\n\nA quiet day with a good walk',
    });
    expect(packVersion(w.store, entry!.id)).toBe(2);
    expect(answersOf(w.store, entry!.id)).toEqual({
      mood: 7, anxiety: 3, energy: 5, connection: 6, sleep: 7.5, body: 'Shoulders tight, belly soft', practices: ['meditation', 'yoga'], note: 'A quiet day with a good walk',
    });
    // Metrics are visible to charts through the same store as check-ins.
    expect(w.store.entries.list({ limit: 10, kind: 'journal' })).toHaveLength(1);
    expect(w.store.drafts.all()).toEqual([]);
    expect(ctx.io.stdout()).toContain('Your answers — Daily check-in:');
    // Help text is wrapped at word boundaries to the terminal width.
    for (const line of ctx.io.stdout().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(ctx.io.stderr()).toMatch(new RegExp(`Saved reflection ${entry!.id.slice(0, 8)} \\(Daily check-in\\)\\.\\n$`));
  });

  it('skipped questions are stored as nothing, not as zero', async () => {
    const w = world();
    await runJournal('daily', {}, w.ctx({ answers: [4, undefined, undefined, undefined, undefined, '', [], '', 'save'] }));
    const [entry] = w.entries();
    expect(entry).toMatchObject({ metrics: { mood: 4 }, practices: [], text: '' });
    expect(answersOf(w.store, entry!.id)).toEqual({ mood: 4, practices: [] });
  });

  it('--json prints the saved entry on stdout; --private and --date are kept', async () => {
    const w = world();
    const ctx = w.ctx({ answers: [...DAILY, 'save'] });
    await runJournal('daily', { json: true, private: true, date: 'yesterday' }, ctx);
    const [entry] = w.entries();
    expect(entry).toMatchObject({ private: true, localDate: '2026-11-20' });
    const json = JSON.parse(ctx.io.stdout().slice(ctx.io.stdout().indexOf('{'))) as { id: string; private: boolean; metrics: object };
    expect(json).toMatchObject({ id: entry!.id, private: true, metrics: { mood: 7, anxiety: 3, energy: 5, sleep: 7.5 } });
  });
});

describe('showIf in a real pack', () => {
  const postSession = (confusing: boolean, extra: unknown[]) => [
    ...POST_START, confusing, ...extra, 'Walk after lunch', '', 'The kitchen memory', false,
  ];

  it('asks the follow-up only when the confirm is yes', async () => {
    const w = world();
    const yes = w.ctx({ answers: [...postSession(true, ['A voice that was not there']), 'save'] });
    await runJournal('post-session', {}, yes);
    expect(yes.prompter.asked.some((m) => m.startsWith('What was it?'))).toBe(true);
    const withDetail = w.entries()[0]!;
    expect(answersOf(w.store, withDetail.id)).toMatchObject({ confusing: true, 'confusing-detail': 'A voice that was not there' });
    const record = w.store.reflections.answers(withDetail.id).find((a) => a.questionId === 'confusing-detail');
    expect(record).toMatchObject({ discuss: true, role: 'unreal' });

    const no = w.ctx({ answers: [...postSession(false, []), 'save'] });
    await runJournal('post-session', {}, no);
    expect(no.prompter.asked.some((m) => m.startsWith('What was it?'))).toBe(false);
    const latest = w.entries().find((e) => e.id !== withDetail.id)!;
    expect(answersOf(w.store, latest.id)).not.toHaveProperty('confusing-detail');
    expect(answersOf(w.store, latest.id)).toMatchObject({ confusing: false });
  });

  it('a longtext answer can come from the editor with /edit', async () => {
    const w = world();
    const answers = [6, '/edit', 'First line\r\nSecond line\n', ...POST_START.slice(2), false, '', '', false, 'save'];
    const ctx = w.ctx({ answers });
    await runJournal('post-session', {}, ctx);
    expect(ctx.prompter.asked[1]).toBe('Looking back on the session, what stands out most? (Enter to skip, /edit opens your editor)');
    expect(ctx.prompter.asked[2]).toBe('Looking back on the session, what stands out most?');
    expect(answersOf(w.store, w.entries()[0]!.id)['stands-out']).toBe('First line\nSecond line');
  });
});

describe('the review', () => {
  it('"change an answer" asks that question again and saves the edited value', async () => {
    const w = world();
    const ctx = w.ctx({ answers: [...DAILY, 'edit', 'mood', 9, 'save'] });
    await runJournal('daily', {}, ctx);
    expect(ctx.prompter.asked.slice(-4)).toEqual([REVIEW, 'Which answer?', expect.stringMatching(/^How is your mood today\?/), REVIEW]);
    const [entry] = w.entries();
    expect(entry!.metrics).toMatchObject({ mood: 9, anxiety: 3 });
    expect(answersOf(w.store, entry!.id).mood).toBe(9);
    // The review is shown again with the new value before the second "save".
    const reviews = ctx.io.stdout().split('Your answers — Daily check-in:');
    expect(reviews).toHaveLength(3);
    expect(reviews[2]).toMatch(/How is your mood today\?\n {4}9\n/);
  });

  it('changing a yes to no drops the follow-up answer; changing no to yes asks it', async () => {
    const w = world();
    const base = [...POST_START, true, 'Something odd', 'Rest more', '', '', false];
    await runJournal('post-session', {}, w.ctx({ answers: [...base, 'edit', 'confusing', false, 'save'] }));
    const first = w.entries()[0]!;
    expect(answersOf(w.store, first.id)).toMatchObject({ confusing: false });
    expect(answersOf(w.store, first.id)).not.toHaveProperty('confusing-detail');
    expect(first.text).not.toContain('Something odd');

    const w2 = world();
    const noFirst = [...POST_START, false, 'Rest more', '', '', false];
    const ctx = w2.ctx({ answers: [...noFirst, 'edit', 'confusing', true, 'It felt like floating', 'save'] });
    await runJournal('post-session', {}, ctx);
    expect(ctx.prompter.asked.at(-2)).toMatch(/^What was it\?/);
    expect(answersOf(w2.store, w2.entries()[0]!.id)).toMatchObject({ confusing: true, 'confusing-detail': 'It felt like floating' });
  });

  it('discard (confirmed) stores nothing and deletes the draft', async () => {
    const w = world();
    const ctx = w.ctx({ answers: [...DAILY, 'discard', true] });
    await runJournal('daily', {}, ctx);
    expect(ctx.prompter.asked.at(-1)).toBe('Discard these answers for good?');
    expect(w.entries()).toEqual([]);
    expect(w.store.drafts.all()).toEqual([]);
    expect(w.store.intentions.all()).toEqual([]);
    expect(ctx.io.stderr()).toContain('Discarded. Nothing was saved.\n');
  });

  it('discard, then "no" goes back to the review and keeps everything', async () => {
    const w = world();
    const ctx = w.ctx({ answers: [...DAILY, 'discard', false, 'save'] });
    await runJournal('daily', {}, ctx);
    expect(ctx.prompter.asked.slice(-3)).toEqual([REVIEW, 'Discard these answers for good?', REVIEW]);
    expect(w.entries()).toHaveLength(1);
  });
});

describe('drafts: nothing is lost', () => {
  /** Records how many answers the saved draft held each time a prompt was shown. */
  function watchDrafts(ctx: ReturnType<ReturnType<typeof world>['ctx']>) {
    const seen: (number | null)[] = [];
    const inner = ctx.prompter;
    const before = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A): R => {
      const drafts = ctx.testStore.drafts.all();
      seen.push(drafts.length ? Object.keys(drafts[0]!.answers).length : null);
      return fn(...args);
    };
    const wrapped: Prompter & { asked: string[]; finals: string[] } = {
      asked: inner.asked, finals: inner.finals,
      input: before(inner.input), number: before(inner.number), confirm: before(inner.confirm),
      select: before(inner.select) as Prompter['select'], checkbox: before(inner.checkbox) as Prompter['checkbox'], editor: before(inner.editor),
    };
    ctx.prompter = wrapped;
    return seen;
  }

  it('the draft is saved after every answer, and removed when the reflection is saved', async () => {
    const w = world();
    const ctx = w.ctx({ answers: [...DAILY, 'save'] });
    const seen = watchDrafts(ctx);
    await runJournal('daily', {}, ctx);
    expect(seen).toEqual([null, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(w.store.drafts.all()).toEqual([]);
  });

  it('edits in the review are saved to the draft too', async () => {
    const w = world();
    const ctx = w.ctx({ answers: [...DAILY, 'edit', 'note', 'changed my mind', 'discard', true] });
    let noteAtDiscard: unknown;
    const inner = ctx.prompter.confirm;
    ctx.prompter.confirm = (o) => {
      noteAtDiscard = ctx.testStore.drafts.all()[0]?.answers.note;
      return inner(o);
    };
    await runJournal('daily', {}, ctx);
    expect(noteAtDiscard).toBe('changed my mind');
  });

  it('Ctrl-C at question 3 keeps a draft with 2 answers and says how to resume', async () => {
    const w = world();
    const ctx = w.ctx({ answers: [7, 3, new CancelledError()] });
    const err = await rejection(runJournal('daily', { private: true }, ctx));
    expect(err).toBeInstanceOf(CancelledError);
    expect(err.message).toContain('integrate journal --resume');
    const drafts = w.store.drafts.all();
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ pack: 'daily', packVersion: 2, private: true, answers: { mood: 7, anxiety: 3 } });
    expect(w.entries()).toEqual([]);
  });

  it('through main, Ctrl-C exits 130 with one line naming --resume', async () => {
    const w = world();
    const ctx = w.ctx({ answers: [7, 3, 5, new CancelledError()] });
    const code = await main(['node', 'integrate', 'journal', 'daily'], ctx);
    expect(code).toBe(130);
    expect(ctx.io.stderr()).toMatch(/^integrate: Paused\. .*integrate journal --resume\.\n$/);
    expect(Object.keys(w.store.drafts.all()[0]!.answers)).toEqual(['mood', 'anxiety', 'energy']);
  });

  it('Ctrl-C before any answer leaves no draft', async () => {
    const w = world();
    const err = await rejection(runJournal('daily', {}, w.ctx({ answers: [new CancelledError()] })));
    expect(err).toBeInstanceOf(CancelledError);
    expect(err.message).not.toContain('--resume');
    expect(w.store.drafts.all()).toEqual([]);
  });

  it('--resume continues at the first unanswered question and saves the whole reflection', async () => {
    const w = world();
    await rejection(runJournal('daily', {}, w.ctx({ answers: [7, 3, new CancelledError()] })));
    const ctx = w.ctx({ now: new Date(NOW.getTime() + HOUR), answers: [5, 6, 7.5, '', ['yoga'], 'later that day', 'save'] });
    await runJournal(undefined, { resume: true }, ctx);
    expect(ctx.prompter.asked[0]).toMatch(/^How is your energy\?/);
    expect(ctx.prompter.asked).toHaveLength(7);
    expect(ctx.io.stderr()).toContain('Resuming "Daily check-in" from 2026-11-21.\n');
    const [entry] = w.entries();
    expect(entry!.metrics).toEqual({ mood: 7, anxiety: 3, energy: 5, connection: 6, sleep: 7.5 });
    expect(w.store.drafts.all()).toEqual([]);
  });

  it('--resume keeps a skipped answer skipped and continues after it', async () => {
    const w = world();
    await rejection(runJournal('daily', {}, w.ctx({ answers: [7, undefined, new CancelledError()] })));
    expect(w.store.drafts.all()[0]!.answers).toEqual({ mood: 7, anxiety: null });
    const ctx = w.ctx({ answers: [5, undefined, 8, '', [], '', 'save'] });
    await runJournal(undefined, { resume: true }, ctx);
    expect(ctx.prompter.asked[0]).toMatch(/^How is your energy\?/);
    expect(w.entries()[0]!.metrics).toEqual({ mood: 7, energy: 5, sleep: 8 });
  });

  it('--resume resumes a follow-up question when the draft stopped there', async () => {
    const w = world();
    await rejection(runJournal('post-session', {}, w.ctx({ answers: [...POST_START, true, new CancelledError()] })));
    const ctx = w.ctx({ answers: ['It was odd', '', '', false, 'save'] });
    await runJournal(undefined, { resume: true }, ctx);
    expect(ctx.prompter.asked[0]).toMatch(/^What was it\?/);
    expect(answersOf(w.store, w.entries()[0]!.id)).toMatchObject({ mood: 6, confusing: true, 'confusing-detail': 'It was odd' });
  });

  it('Ctrl-C at the review keeps every answer; resuming goes straight to the review', async () => {
    const w = world();
    await rejection(runJournal('daily', {}, w.ctx({ answers: [...DAILY, new CancelledError()] })));
    expect(Object.keys(w.store.drafts.all()[0]!.answers)).toHaveLength(8);
    const ctx = w.ctx({ answers: ['save'] });
    await runJournal(undefined, { resume: true }, ctx);
    expect(ctx.prompter.asked).toEqual([REVIEW]);
    expect(w.entries()[0]!.metrics).toEqual({ mood: 7, anxiety: 3, energy: 5, connection: 6, sleep: 7.5 });
  });

  it('a resumed draft keeps the --date and --private it was started with', async () => {
    const w = world();
    await rejection(runJournal('daily', { date: '2026-11-19', private: true }, w.ctx({ answers: [6, new CancelledError()] })));
    expect(w.store.drafts.all()[0]).toMatchObject({ private: true, entryAt: expect.stringMatching(/^2026-11-1[89]T/) });
    await runJournal(undefined, { resume: true }, w.ctx({ now: new Date('2026-11-22T09:00:00Z'), answers: [2, 4, 5, 6, '', [], '', 'save'] }));
    expect(w.entries()[0]).toMatchObject({ localDate: '2026-11-19', private: true, metrics: { mood: 6, anxiety: 2, energy: 4, connection: 5, sleep: 6 } });
  });

  it('--resume without a draft, or with a pack name or --answers, is a usage error', async () => {
    const w = world();
    expect(await rejection(runJournal(undefined, { resume: true }, w.ctx()))).toBeInstanceOf(UsageError);
    expect((await rejection(runJournal('daily', { resume: true }, w.ctx()))).message).toContain('leave out the pack name');
    const both = w.ctx();
    expect(await main(['node', 'integrate', 'journal', '--resume', '--answers', 'x.json'], both)).toBe(2);
    expect(both.io.stderr()).toBe("integrate: option '--answers <file>' cannot be used with option '--resume'. See integrate journal --help.\n");
  });

  it('plain `journal` offers the unfinished draft: continue it', async () => {
    const w = world();
    await rejection(runJournal('daily', {}, w.ctx({ answers: [7, 3, new CancelledError()] })));
    const ctx = w.ctx({ answers: ['resume', 5, 6, 7.5, '', [], '', 'save'] });
    await runJournal(undefined, {}, ctx);
    expect(ctx.prompter.asked[0]).toBe('You have an unfinished "Daily check-in" from 2026-11-21 (2 answered). Continue it?');
    expect(ctx.prompter.asked[1]).toMatch(/^How is your energy\?/);
    expect(w.entries()[0]!.metrics).toEqual({ mood: 7, anxiety: 3, energy: 5, connection: 6, sleep: 7.5 });
    expect(w.store.drafts.all()).toEqual([]);
  });

  it('plain `journal` offers the draft: start new keeps it; discard removes it', async () => {
    const w = world();
    await rejection(runJournal('daily', {}, w.ctx({ answers: [7, 3, new CancelledError()] })));
    const draftId = w.store.drafts.all()[0]!.id;
    const fresh = w.ctx({ answers: ['new', ...DAILY, 'save'] });
    await runJournal(undefined, {}, fresh);
    expect(fresh.prompter.asked[1]).toMatch(/^How is your mood today\?/);
    expect(w.store.drafts.all().map((d) => d.id)).toEqual([draftId]);
    expect(w.entries()).toHaveLength(1);

    const discard = w.ctx({ answers: ['discard', true, ...DAILY, 'save'] });
    await runJournal(undefined, {}, discard);
    expect(discard.prompter.asked[1]).toBe('Discard the unfinished reflection for good?');
    expect(w.store.drafts.all()).toEqual([]);
    expect(w.entries()).toHaveLength(2);
  });

  it('`journal daily` with a pack named does not ask about the draft', async () => {
    const w = world();
    await rejection(runJournal('weekly', {}, w.ctx({ answers: [5, new CancelledError()] })));
    const ctx = w.ctx({ answers: [...DAILY, 'save'] });
    await runJournal('daily', {}, ctx);
    expect(ctx.prompter.asked[0]).toMatch(/^How is your mood today\?/);
    expect(w.store.drafts.all().map((d) => d.pack)).toEqual(['weekly']);
  });
});

describe('which pack, and why', () => {
  it('within 72 hours of a session with no post-session reflection: post-session, saying why', async () => {
    const w = world();
    await addSession(w, '2026-11-20 09:30'); // yesterday, 25.5 h ago
    const ctx = w.ctx({ answers: [...POST_START, false, '', '', false, 'save'] });
    await runJournal(undefined, {}, ctx);
    // Where the user is, then why this pack, without saying the day twice.
    expect(ctx.io.stderr()).toContain('Day 1 after session 1\nAfter session 1: starting the post-session reflection. Rest comes first;\nstopping after one question is fine.\n');
    expect(ctx.io.stderr().match(/Day 1 after session 1/g)).toHaveLength(1);
    expect(ctx.prompter.asked[0]).toMatch(/^How is your mood right now\?/);
    expect(w.entries()[0]!.pack).toBe('post-session');

    // Once reflected on, the next one is the daily check-in, and it says where the user is.
    const next = w.ctx({ answers: [...DAILY, 'save'] });
    await runJournal(undefined, {}, next);
    expect(next.io.stderr()).toContain('Day 1 after session 1 · last entry today\nStarting the daily reflection.\n');
    expect(next.prompter.asked[0]).toMatch(/^How is your mood today\?/);
  });

  it('a few hours after the session: rest comes first, and the post-session reflection is there if wanted', async () => {
    const w = world();
    await addSession(w, '2026-11-21 08:00'); // 3 hours before NOW
    const found = situation(w.store, NOW, DEFAULT_CONFIG);
    expect(found).toMatchObject({ suggestedPack: 'post-session', sessionLabel: 'Day of session 1' });
    expect(found.reason).toMatch(/^Session 1 began only a few hours ago, and rest comes first\..*stopping after one question is fine\.$/);
  });

  it('after the rest hours, on the day of the session: the post-session reflection, said once', async () => {
    const w = world();
    await addSession(w, '2026-11-21 03:00'); // 8 hours before NOW
    expect(situation(w.store, NOW, DEFAULT_CONFIG)).toMatchObject({
      suggestedPack: 'post-session', sessionLabel: 'Day of session 1',
      reason: 'After session 1: starting the post-session reflection. Rest comes first; stopping after one question is fine.',
    });
    expect(situation(w.store, NOW, { ...DEFAULT_CONFIG, postSessionRestHours: 12 }).reason).toMatch(/^Session 1 began only a few hours ago/);
  });

  it('more than 72 hours after the session: daily', async () => {
    const w = world();
    await addSession(w, '2026-11-18 09:00'); // 73 h before 10:00 UTC today (08:00 UTC on the 18th)
    expect(situation(w.store, NOW, DEFAULT_CONFIG)).toMatchObject({ suggestedPack: 'daily', reason: 'Starting the daily reflection.', sessionLabel: 'Day 3 after session 1' });
    const w2 = world();
    await addSession(w2, '2026-11-18 12:00'); // 70 h before
    expect(situation(w2.store, NOW, DEFAULT_CONFIG)).toMatchObject({ suggestedPack: 'post-session', reason: 'After session 1: starting the post-session reflection. Rest comes first; stopping after one question is fine.' });
  });

  it('no sessions at all: daily, with no session label', async () => {
    const w = world();
    expect(situation(w.store, NOW, DEFAULT_CONFIG)).toEqual({ suggestedPack: 'daily', reason: 'Starting the daily reflection.', session: undefined, sessionLabel: undefined, daysSinceEntry: undefined });
  });

  it('a post-session reflection on an earlier session does not count for the latest one', async () => {
    const w = world();
    const earlier = new Date('2026-11-10T10:00:00Z');
    await addSession(w, '2026-11-09 10:00', earlier);
    await runJournal('post-session', { answers: '-' }, w.ctx({ now: earlier, stdin: '{"mood": 5}' }));
    await addSession(w, '2026-11-20 10:00');
    expect(situation(w.store, NOW, DEFAULT_CONFIG)).toMatchObject({ suggestedPack: 'post-session', reason: 'After session 2: starting the post-session reflection. Rest comes first; stopping after one question is fine.', daysSinceEntry: 11 });
  });

  it('the automatic choice also applies to --answers', async () => {
    const w = world();
    await addSession(w, '2026-11-20 09:30');
    await runJournal(undefined, { answers: '-' }, w.ctx({ tty: false, stdin: 'mood: 4\ninsight: I can rest\n' }));
    expect(w.entries()[0]).toMatchObject({ pack: 'post-session', text: 'I can rest' });
  });
});

describe('journal --answers', () => {
  const opts = (file: string): JournalOptions => ({ answers: file });

  it('reads a JSON file keyed by question id, without prompts and without a terminal', async () => {
    const w = world();
    const file = tempFile('today.json', JSON.stringify({ mood: 6, anxiety: '2', sleep: 8, practices: ['breathwork', 'nature'], note: 'Slow morning' }));
    const ctx = w.ctx({ tty: false });
    await runJournal('daily', opts(file), ctx);
    expect(ctx.prompter.asked).toEqual([]);
    const [entry] = w.entries();
    expect(entry).toMatchObject({ pack: 'daily', metrics: { mood: 6, anxiety: 2, sleep: 8 }, practices: ['breathwork', 'nature'], text: 'Slow morning' });
    expect(w.store.drafts.all()).toEqual([]);
  });

  it('reads YAML, including multi-line intentions, and creates the intentions', async () => {
    const w = world();
    const file = tempFile('after.yaml', [
      'mood: 5', 'confusing: yes', 'confusing-detail: |', '  A door that was also a song.', 'carry-forward:',
      '  - Walk after lunch', '  - Call my sister on Sunday', 'discuss: The door', 'safety: no', '',
    ].join('\n'));
    const ctx = w.ctx({ tty: false });
    await runJournal('post-session', opts(file), ctx);
    const [entry] = w.entries();
    expect(answersOf(w.store, entry!.id)).toEqual({
      mood: 5, confusing: true, 'confusing-detail': 'A door that was also a song.',
      'carry-forward': ['Walk after lunch', 'Call my sister on Sunday'], discuss: 'The door', safety: false,
    });
    expect(w.store.intentions.open().map((i) => [i.text, i.sourceEntryId])).toEqual([
      ['Walk after lunch', entry!.id], ['Call my sister on Sunday', entry!.id],
    ]);
    expect(ctx.io.stderr()).toContain('New intentions to carry forward:\n  • Walk after lunch\n  • Call my sister on Sunday\n');
  });

  it('reads stdin with "-"', async () => {
    const w = world();
    await runJournal('daily', opts('-'), w.ctx({ tty: false, stdin: '{"mood": 8, "energy": 6}' }));
    expect(w.entries()[0]!.metrics).toEqual({ mood: 8, energy: 6 });
  });

  it('lists every problem in one error, exits 2 and saves nothing', async () => {
    const w = world();
    const file = tempFile('bad.yaml', 'colour: blue\nanxiety: 11\nenergy: lots\npractices: [yoga, swimming]\n');
    const ctx = w.ctx({ tty: false });
    const code = await main(['node', 'integrate', 'journal', 'daily', '--answers', file], ctx);
    expect(code).toBe(2);
    const stderr = ctx.io.stderr();
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
    for (const part of ['unknown question "colour"', '"mood" is required', '"anxiety" must be from 0 to 10; got 11', '"energy" must be a number', '"practices" unknown choice "swimming"', 'Nothing was saved']) {
      expect(stderr).toContain(part);
    }
    expect(w.entries()).toEqual([]);
    expect(w.store.drafts.all()).toEqual([]);
    expect(w.store.intentions.all()).toEqual([]);
  });

  it('a bad select choice is reported', async () => {
    const w = world();
    const err = await rejection(runJournal('realms', { answers: '-' }, w.ctx({ tty: false, stdin: 'needs-attention: finances\n' })));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('"needs-attention" must be one of: body, mind, emotions, relationships, spirit, work and play');
    expect(w.entries()).toEqual([]);
  });

  it.each<[string, string, RegExp]>([
    ['not JSON or YAML', '{"mood": 5', /is not valid JSON or YAML/],
    ['a list instead of an object', '[5, 6]', /must be an object keyed by question id/],
    ['a plain number', '5', /must be an object keyed by question id/],
  ])('rejects stdin that is %s', async (_name, stdin, message) => {
    const w = world();
    const err = await rejection(runJournal('daily', { answers: '-' }, w.ctx({ tty: false, stdin })));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(message);
    expect(err.message).toContain('stdin');
    expect(w.entries()).toEqual([]);
  });

  it('a missing file is a usage error that names it', async () => {
    const w = world();
    const err = await rejection(runJournal('daily', { answers: '/nonexistent/answers.json' }, w.ctx({ tty: false })));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('Cannot read the answers file /nonexistent/answers.json: it does not exist.');
  });

  it('an unknown pack is not found and lists the packs there are', async () => {
    const w = world();
    const err = await rejection(runJournal('evening', { answers: '-' }, w.ctx({ tty: false, stdin: '{}' })));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toMatch(/There is no prompt pack "evening"\. Available: daily, /);
  });

  it('a safety answer of yes still saves, then offers support', async () => {
    const w = world();
    const ctx = w.ctx({ tty: false, stdin: '{"mood": 2, "safety": true}' });
    await runJournal('post-session', { answers: '-' }, ctx);
    expect(w.entries()).toHaveLength(1);
    expect(ctx.io.stderr()).toMatch(/Saved reflection [0-9a-f]{8} \(After a session\)\.\n[\s\S]*You deserve support right now\.[\s\S]*not monitored/);
  });
});

describe('without a terminal', () => {
  it('and without --answers: a usage error naming --answers, exit 2, nothing written', async () => {
    const w = world();
    const ctx = w.ctx({ tty: false, answers: [] });
    const err = await rejection(runJournal('daily', {}, ctx));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('--answers FILE');
    expect(ctx.prompter.asked).toEqual([]);

    const viaMain = w.ctx({ tty: false });
    expect(await main(['node', 'integrate', 'journal'], viaMain)).toBe(2);
    expect(viaMain.io.stderr()).toMatch(/^integrate: journal asks questions in a terminal; .*--answers FILE.*\n$/);
    expect(w.store.drafts.all()).toEqual([]);
    expect(w.entries()).toEqual([]);
  });
});

describe('intentions from reflections', () => {
  it('each intention answer becomes an open intention, listed by `intentions`', async () => {
    const w = world();
    const ctx = w.ctx({ answers: [...POST_START, false, 'Walk after lunch', 'Call my sister on Sunday', '', 'The grief', false, 'save'] });
    await runJournal('post-session', {}, ctx);
    const carry = ctx.prompter.asked.indexOf('Another? (Enter to finish)');
    expect(ctx.prompter.asked[carry - 1]).toMatch(/^What would you like to carry into daily life\?/);
    expect(ctx.prompter.asked.filter((m) => m === 'Another? (Enter to finish)')).toHaveLength(2);
    const [entry] = w.entries();

    const list = w.ctx();
    await runIntentionsList({}, list);
    const lines = list.io.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^○ [0-9a-f]{8} {2}since 2026-11-21 {2}Walk after lunch$/);
    expect(lines[1]).toMatch(/Call my sister on Sunday$/);

    const json = w.ctx();
    await runIntentionsList({ json: true }, json);
    expect(JSON.parse(json.io.stdout())).toEqual([
      expect.objectContaining({ text: 'Walk after lunch', status: 'open', sourceEntryId: entry!.id, createdAt: '2026-11-21T11:00:00+01:00' }),
      expect.objectContaining({ text: 'Call my sister on Sunday', status: 'open', sourceEntryId: entry!.id }),
    ]);
  });

  it('daily and weekly remind of open intentions; post-session does not; done ones are not mentioned', async () => {
    const w = world();
    await runIntentionsAdd('Ten minutes outside after lunch', {}, w.ctx());
    await runIntentionsAdd('Text Sam', {}, w.ctx());
    const sam = w.store.intentions.all().find((i) => i.text === 'Text Sam')!;
    w.store.intentions.setStatus(sam.id, 'done', NOW.toISOString());

    const daily = w.ctx({ answers: [...DAILY, 'save'] });
    await runJournal('daily', {}, daily);
    expect(daily.io.stderr()).toContain('Your open intentions — did you practise any of them today?\n  • Ten minutes outside after lunch\n');
    expect(daily.io.stderr()).not.toContain('Text Sam');

    const weekly = w.ctx({ answers: [new CancelledError()] });
    await rejection(runJournal('weekly', {}, weekly));
    expect(weekly.io.stderr()).toContain('did you practise any of them this week?');

    const post = w.ctx({ answers: [new CancelledError()] });
    await rejection(runJournal('post-session', {}, post));
    expect(post.io.stderr()).not.toContain('open intentions');
  });
});

describe('post-session prompts in a narrow terminal', () => {
  it('help lines wrap at word boundaries; a finished /edit line does not echo "/edit"', async () => {
    const w = testWorld({ now: NOW, tty: true, columns: 40 });
    const ctx = w.ctx({ answers: [6, '/edit', 'Written in the editor', ...POST_START.slice(2), false, '', '', false, 'save'] });
    await runJournal('post-session', {}, ctx);
    const helpLines = ctx.io.stdout().split('\n').filter((l) => l.includes('flat') || l.includes('little seemed'));
    expect(helpLines.length).toBeGreaterThan(0);
    for (const line of ctx.io.stdout().split('\n')) expect(line.length, line).toBeLessThanOrEqual(40);
    expect(ctx.io.stdout()).toContain('There are no wrong answers, and');
    expect(answersOf(w.store, w.entries()[0]!.id)['stands-out']).toBe('Written in the editor');
    expect(ctx.prompter.finals).toContain('(written in your editor)');
    expect(ctx.prompter.finals).not.toContain('/edit');
  });
});

describe('follow-ups after a session', () => {
  it('one week after: journal picks the week-after reflection and says why', async () => {
    const w = world();
    await addSession(w, '2026-11-14 10:00', new Date('2026-11-14T12:00:00Z'));
    const found = situation(w.store, NOW, DEFAULT_CONFIG);
    expect(found).toMatchObject({ suggestedPack: 'week-after', sessionLabel: 'Day 7 after session 1', reason: 'One week after session 1: starting the week-after reflection.' });
    await runJournal(undefined, { answers: '-' }, w.ctx({ tty: false, stdin: '{"stayed": "The kindness in the music"}' }));
    expect(w.entries()[0]).toMatchObject({ pack: 'week-after', text: 'The kindness in the music' });
    // Done: the next run falls back to the daily reflection.
    expect(situation(w.store, NOW, DEFAULT_CONFIG).suggestedPack).toBe('daily');
  });

  it('a new session closes the previous session’s open follow-ups', async () => {
    const w = world();
    await addSession(w, '2026-11-05 10:00', new Date('2026-11-05T12:00:00Z'));
    await addSession(w, '2026-11-19 10:00', new Date('2026-11-19T12:00:00Z'));
    // Session 2 was 2 days ago with no post-session reflection: that is what is due, not session 1's week-after.
    expect(situation(w.store, NOW, DEFAULT_CONFIG)).toMatchObject({ suggestedPack: 'post-session', reason: expect.stringMatching(/^After session 2:/) });
    const ctx = w.ctx({ tty: false });
    await runJournal(undefined, { listDue: true }, ctx);
    const out = ctx.io.stdout();
    expect(out).toContain('Session 2 (2026-11-19)\n  • post-session  due now, until 2026-11-22\n');
    expect(out).toMatch(/Session 1 \(2026-11-05\)\n {2}– post-session +not written, and that is all right\n {2}– week-after +closed when session 2 began\n {2}– month-after +closed when session 2 began\n/);
  });

  it('--list-due --json gives the same as data; without sessions it says how to add one', async () => {
    const w = world();
    const empty = w.ctx({ tty: false });
    await runJournal(undefined, { listDue: true }, empty);
    expect(empty.io.stdout()).toBe('No dosing sessions yet, so no follow-ups. Add one with integrate session add.\n');
    await addSession(w, '2026-11-14 10:00', new Date('2026-11-14T12:00:00Z'));
    const ctx = w.ctx({ tty: false });
    await runJournal(undefined, { listDue: true, json: true }, ctx);
    const data = JSON.parse(ctx.io.stdout());
    expect(data.due).toEqual({ session: 1, day: 7, pack: 'week-after', label: 'one week after session 1' });
    expect(data.sessions[0].followUps.map((f: { status: string }) => f.status)).toEqual(['missed', 'due', 'upcoming']);
    expect(await rejection(runJournal('daily', { listDue: true }, w.ctx()))).toBeInstanceOf(UsageError);
  });

  it('the schedule follows the followUps setting', async () => {
    const w = world();
    await addSession(w, '2026-11-11 10:00', new Date('2026-11-11T12:00:00Z'));
    expect(situation(w.store, NOW, DEFAULT_CONFIG).suggestedPack).toBe('week-after');
    expect(situation(w.store, NOW, { ...DEFAULT_CONFIG, followUps: '0,14,30' }).suggestedPack).toBe('daily');
  });

  it('on the first day of the week the weekly review is suggested, unless one was written this past week', async () => {
    const w = world();
    const monday = new Date('2026-11-23T09:00:00Z');
    expect(situation(w.store, monday, DEFAULT_CONFIG)).toMatchObject({ suggestedPack: 'weekly', reason: expect.stringMatching(/^A new week: starting the weekly review/) });
    expect(situation(w.store, monday, { ...DEFAULT_CONFIG, weekStart: 'sunday' }).suggestedPack).toBe('daily');
    await runJournal('weekly', { answers: '-' }, w.ctx({ now: new Date('2026-11-20T18:00:00Z'), tty: false, stdin: '{"mood": 6}' }));
    expect(situation(w.store, monday, DEFAULT_CONFIG).suggestedPack).toBe('daily');
  });

  it('--date: the session label is counted from the day reflected on, not from today', async () => {
    const w = world();
    await addSession(w, '2026-11-10 10:00', new Date('2026-11-10T12:00:00Z'));
    const at = new Date('2026-11-13T17:00:00Z');
    expect(situation(w.store, NOW, DEFAULT_CONFIG, at).sessionLabel).toBe('Day 3 after session 1');
    expect(situation(w.store, NOW, DEFAULT_CONFIG).sessionLabel).toBe('Day 11 after session 1');
  });
});
