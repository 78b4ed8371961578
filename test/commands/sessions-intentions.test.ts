// Dosing sessions (numbered in date order, "day N after session K") and
// intentions (add, done, drop, list), through the run functions and the
// commander tree.
import { describe, expect, it } from 'vitest';
import { runCheckin } from '../../src/commands/checkin.js';
import { runIntentionsAdd, runIntentionsList } from '../../src/commands/intentions.js';
import { runJournal } from '../../src/commands/journal.js';
import { runList } from '../../src/commands/list.js';
import {
  runSessionAdd, runSessionDelete, runSessionEdit, runSessionList, runSessionShow, type SessionFlags,
} from '../../src/commands/session.js';
import { runShow } from '../../src/commands/show.js';
import { type TestCtxOptions } from '../../src/context.js';
import { CancelledError, NotFoundError, UsageError } from '../../src/errors.js';
import { main } from '../../src/main.js';
import { rejection, testWorld } from '../helpers/world.js';

// The test clock: Saturday 2026-11-21 10:00 UTC = 11:00 in Berlin.
const NOW = new Date('2026-11-21T10:00:00Z');
const SESSION_KEYS = ['id', 'number', 'date', 'occurredAt', 'route', 'doseMg', 'dose', 'setting', 'guide', 'intention', 'notes', 'private'];
const INTENTION_KEYS = ['id', 'text', 'createdAt', 'status', 'dueDate', 'closedAt', 'sourceEntryId'];

function world() {
  const w = testWorld({ now: NOW });
  return { ...w, sessions: () => w.store.sessions.list() };
}


async function add(w: ReturnType<typeof world>, opts: SessionFlags) {
  const ctx = w.ctx();
  await runSessionAdd(opts, ctx);
  return ctx;
}

/** Runs argv through commander and main's error mapping. */
async function cli(w: ReturnType<typeof world>, args: string[], opts: TestCtxOptions = {}) {
  const ctx = w.ctx(opts);
  const code = await main(['node', 'integrate', ...args], ctx);
  return { code, stdout: ctx.io.stdout(), stderr: ctx.io.stderr(), ctx };
}

describe('session add', () => {
  it('with flags stores every field, prints JSON on request, and suggests the post-session reflection', async () => {
    const w = world();
    const ctx = w.ctx();
    await runSessionAdd({
      route: 'IV', doseMg: '35.5', date: '2026-11-20 10:00', setting: ' clinic, eyeshade, piano ', guide: 'Dr. Rivera',
      intention: 'meet the grief', note: 'Heavy, then light', json: true,
    }, ctx);
    const [s] = w.sessions();
    expect(w.sessions()).toHaveLength(1);
    expect(s).toMatchObject({
      number: 1, occurredAt: '2026-11-20T09:00:00.000Z', utcOffset: 60, localDate: '2026-11-20', route: 'iv', doseMg: 35.5,
      setting: 'clinic, eyeshade, piano', guide: 'Dr. Rivera', intention: 'meet the grief', notes: 'Heavy, then light',
    });
    const json = JSON.parse(ctx.io.stdout()) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(SESSION_KEYS);
    expect(json).toMatchObject({ id: s!.id, number: 1, date: '2026-11-20', route: 'iv', doseMg: 35.5 });
    expect(ctx.io.stderr()).toBe('Saved session 1 (2026-11-20). When you are ready, integrate journal will offer the post-session reflection.\n');
  });

  it('defaults to now, and does not suggest a reflection for an old session', async () => {
    const w = world();
    await add(w, { route: 'oral' });
    expect(w.sessions()[0]).toMatchObject({ occurredAt: NOW.toISOString(), doseMg: null, notes: '' });
    const old = await add(w, { route: 'im', date: '2026-10-01' });
    expect(old.io.stderr()).toBe('Saved session 1 (2026-10-01).\n');
  });

  it('--note - reads the notes from stdin', async () => {
    const w = world();
    await runSessionAdd({ route: 'im', note: '-' }, w.ctx({ stdin: 'Line one\r\nLine two\n' }));
    expect(w.sessions()[0]!.notes).toBe('Line one\nLine two');
  });

  it.each<[string, SessionFlags, RegExp]>([
    ['an unknown route', { route: 'pill' }, /^--route must be one of iv, im, oral, sublingual, intranasal, other; got "pill"\.$/],
    ['a dose that is not a number', { route: 'iv', doseMg: 'lots' }, /^--dose-mg: write a number of mg, or mg\/kg, such as 35, 35 mg or 0\.5 mg\/kg; got "lots"\.$/],
    ['a zero dose', { route: 'iv', doseMg: '0' }, /^--dose-mg: a dose in mg must be above 0 and at most 10000/],
    ['a negative dose', { route: 'iv', doseMg: '-5' }, /--dose-mg: write a number of mg/],
    ['an absurd dose', { route: 'iv', doseMg: '20000' }, /--dose-mg: a dose in mg must be above 0 and at most 10000/],
    ['a dose by weight given as --dose-mg', { route: 'iv', doseMg: '0.5 mg/kg' }, /^--dose-mg takes milligrams; for a dose by body weight use --dose 0\.5 mg\/kg\.$/],
    ['an absurd dose by weight', { route: 'iv', dose: '80 mg/kg' }, /^--dose: a dose in mg\/kg must be above 0 and at most 50/],
    ['flags without --route', { doseMg: '30', setting: 'clinic' }, /^Give --route \(iv, im, oral, sublingual, intranasal, other\)/],
    ['a date far in the future', { route: 'iv', date: '2026-12-25' }, /^That session is in the future .*add --planned/],
    ['a date that is not a date', { route: 'iv', date: 'the other day' }, /--date/],
  ])('rejects %s with a usage error and writes nothing', async (_name, flags, message) => {
    const w = world();
    const err = await rejection(runSessionAdd(flags, w.ctx()));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(message);
    expect(w.sessions()).toEqual([]);
  });

  it('through main, both dose flags exit 2 with one line naming both, and write nothing', async () => {
    const w = world();
    const r = await cli(w, ['session', 'add', '--route', 'iv', '--dose', '35', '--dose-mg', '35']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("integrate: option '--dose <amount>' cannot be used with option '--dose-mg <n>'. See integrate session add --help.\n");
    expect(w.sessions()).toEqual([]);
  });

  it('through main, a bad --route exits 2 with one line and writes nothing', async () => {
    const w = world();
    const r = await cli(w, ['session', 'add', '--route', 'pill', '--dose-mg', '30']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('integrate: --route must be one of iv, im, oral, sublingual, intranasal, other; got "pill".\n');
    expect(w.sessions()).toEqual([]);
  });

  it('without flags and without a terminal: a usage error naming --route', async () => {
    const w = world();
    const err = await rejection(runSessionAdd({}, w.ctx({ tty: false })));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('--route');
  });

  it('interactively asks each question, re-asking a date it cannot read', async () => {
    const w = world();
    const ctx = w.ctx({ tty: true, answers: ['sometime-ish', 'yesterday 10:00', 'intranasal', '', 'home, with a sitter', '', 'be kind to my body', 'Warm. Slow.'] });
    await runSessionAdd({}, ctx);
    expect(ctx.prompter.asked.filter((m) => m.startsWith('When was the session?'))).toHaveLength(2);
    expect(ctx.io.stderr()).toMatch(/--date/);
    expect(w.sessions()[0]).toMatchObject({
      localDate: '2026-11-20', occurredAt: '2026-11-20T09:00:00.000Z', route: 'intranasal', doseMg: null,
      setting: 'home, with a sitter', guide: '', intention: 'be kind to my body', notes: 'Warm. Slow.',
    });
  });
});

describe('doses in mg or mg/kg', () => {
  it.each([
    ['35', 35, 'mg', '35 mg'], ['35mg', 35, 'mg', '35 mg'], ['0.5 mg/kg', 0.5, 'mg/kg', '0.5 mg/kg'],
    ['0,75mg/kg', 0.75, 'mg/kg', '0.75 mg/kg'], ['1 MG / KG', 1, 'mg/kg', '1 mg/kg'],
  ])('--dose %s is stored as %s %s and shown as "%s"', async (raw, value, unit, shown) => {
    const w = world();
    await add(w, { route: 'im', date: '2026-11-10 10:00', dose: raw });
    expect(w.sessions()[0]).toMatchObject({ doseMg: value, doseUnit: unit });
    const ctx = w.ctx();
    await runSessionShow('1', {}, ctx);
    expect(ctx.io.stdout()).toMatch(new RegExp(`\\nDose +${shown.replace("/", "\\/")}\\n`));
    const json = w.ctx();
    await runSessionShow('1', { json: true }, json);
    expect(JSON.parse(json.io.stdout())).toMatchObject({ doseMg: unit === 'mg' ? value : null, dose: { value, unit } });
  });
});

describe('session numbering, list and show', () => {
  async function three(w: ReturnType<typeof world>) {
    await add(w, { route: 'iv', date: '2026-11-10 10:00', intention: 'second by date' });
    await add(w, { route: 'im', date: '2026-11-20 10:00', doseMg: '50', intention: 'third by date' });
    await add(w, { route: 'oral', date: '2026-11-01 10:00', intention: 'first by date' });
  }

  it('numbers sessions in date order, renumbering after an older one is added', async () => {
    const w = world();
    await add(w, { route: 'iv', date: '2026-11-10 10:00', intention: 'second by date' });
    await add(w, { route: 'im', date: '2026-11-20 10:00', doseMg: '50', intention: 'third by date' });
    expect(w.sessions().map((s) => [s.number, s.intention])).toEqual([[1, 'second by date'], [2, 'third by date']]);
    const older = await add(w, { route: 'oral', date: '2026-11-01 10:00', intention: 'first by date' });
    expect(older.io.stderr()).toBe('Saved session 1 (2026-11-01).\n');
    expect(w.sessions().map((s) => [s.number, s.localDate, s.intention])).toEqual([
      [1, '2026-11-01', 'first by date'], [2, '2026-11-10', 'second by date'], [3, '2026-11-20', 'third by date'],
    ]);
    const show = w.ctx();
    await runSessionShow('1', { json: true }, show);
    expect(JSON.parse(show.io.stdout())).toMatchObject({ number: 1, intention: 'first by date' });
  });

  it('session list shows number, date, route, dose and intention; --json is the same list', async () => {
    const w = world();
    await three(w);
    const ctx = w.ctx();
    await runSessionList({}, ctx);
    const lines = ctx.io.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^ {2}1 {2}2026-11-01 10:00 {2}oral {7}\s+first by date$/);
    expect(lines[3]).toMatch(/^ {2}3 {2}2026-11-20 10:00 {2}im {9}50 mg\s+third by date$/);

    const json = w.ctx();
    await runSessionList({ json: true }, json);
    const list = JSON.parse(json.io.stdout()) as { number: number; date: string }[];
    expect(list.map((s) => [s.number, s.date])).toEqual([[1, '2026-11-01'], [2, '2026-11-10'], [3, '2026-11-20']]);
    for (const s of list) expect(Object.keys(s)).toEqual(SESSION_KEYS);
  });

  it('an empty list says how to add one, on stderr', async () => {
    const ctx = world().ctx();
    await runSessionList({}, ctx);
    expect(ctx.io.stdout()).toBe('');
    expect(ctx.io.stderr()).toContain('integrate session add');
  });

  it('session show finds a session by number, #number or id prefix', async () => {
    const w = world();
    await three(w);
    const byNumber = w.ctx();
    await runSessionShow('3', {}, byNumber);
    expect(byNumber.io.stdout()).toMatch(/Session\s+3\n/);
    expect(byNumber.io.stdout()).toMatch(/Route\s+IM injection\n/);
    expect(byNumber.io.stdout()).toMatch(/Dose\s+50 mg\n/);
    expect(byNumber.io.stdout()).toContain('third by date');

    const hash = w.ctx();
    await runSessionShow('#1', { json: true }, hash);
    expect(JSON.parse(hash.io.stdout())).toMatchObject({ number: 1, intention: 'first by date' });

    const second = w.sessions()[1]!;
    const prefix = w.ctx();
    await runSessionShow(second.id.slice(0, 6), { json: true }, prefix);
    expect(JSON.parse(prefix.io.stdout())).toMatchObject({ id: second.id, number: 2 });
  });

  it('session show: an unknown number is not found (exit 1); nonsense is a usage error (exit 2)', async () => {
    const w = world();
    await three(w);
    expect(await rejection(runSessionShow('4', {}, w.ctx()))).toBeInstanceOf(NotFoundError);
    expect(await rejection(runSessionShow('ffffffff', {}, w.ctx()))).toBeInstanceOf(NotFoundError);
    expect(await rejection(runSessionShow('last one', {}, w.ctx()))).toBeInstanceOf(UsageError);
    expect((await cli(w, ['session', 'show', '9'])).code).toBe(1);
    expect((await cli(w, ['session', 'show', 'zz'])).code).toBe(2);
  });

  it('list and show say "day N after session K" for entries after a session, nothing before the first', async () => {
    const w = world();
    await runCheckin({ mood: '4', date: '2026-11-01 12:00' }, w.ctx());
    await add(w, { route: 'iv', date: '2026-11-10 10:00' });
    await add(w, { route: 'iv', date: '2026-11-18 09:00' });
    await runCheckin({ mood: '5', date: '2026-11-18 20:00' }, w.ctx());
    await runCheckin({ mood: '6', date: '2026-11-12 20:00' }, w.ctx());
    await runJournal('daily', { answers: '-' }, w.ctx({ stdin: '{"mood": 7}' }));

    const list = w.ctx();
    await runList({}, list);
    const lines = list.io.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('(day 3 after session 2)');
    expect(lines[1]).toContain('(day of session 2)');
    expect(lines[2]).toContain('(day 2 after session 1)');
    expect(lines[3]).not.toContain('session');

    const journal = w.store.entries.list({ limit: 10, kind: 'journal' })[0]!;
    const show = w.ctx();
    await runShow(journal.id.slice(0, 8), {}, show);
    expect(show.io.stdout()).toMatch(/When\s+2026-11-21 11:00 \(UTC\+01:00\), day 3 after session 2\n/);
    expect(show.io.stdout()).toContain('How is your mood today?');

    // Adding an earlier session renumbers, and the labels follow.
    await add(w, { route: 'oral', date: '2026-11-05 10:00' });
    const again = w.ctx();
    await runList({}, again);
    expect(again.io.stdout().split('\n')[0]).toContain('(day 3 after session 3)');
  });
});

describe('session edit and delete', () => {
  it('edit with flags changes only those fields; moving the date renumbers', async () => {
    const w = world();
    await add(w, { route: 'iv', date: '2026-11-10 10:00', intention: 'A' });
    await add(w, { route: 'im', date: '2026-11-15 10:00', intention: 'B', doseMg: '50' });
    const ctx = w.ctx();
    await runSessionEdit('2', { doseMg: '40', note: 'fixed the dose', json: true }, ctx);
    expect(w.sessions()[1]).toMatchObject({ intention: 'B', route: 'im', doseMg: 40, notes: 'fixed the dose' });
    expect(JSON.parse(ctx.io.stdout())).toMatchObject({ number: 2, doseMg: 40 });
    expect(ctx.io.stderr()).toBe('Updated session 2.\n');

    const moved = w.ctx();
    await runSessionEdit('2', { date: '2026-11-01 10:00' }, moved);
    expect(w.sessions().map((s) => s.intention)).toEqual(['B', 'A']);
    expect(moved.io.stderr()).toBe('Updated session 1.\n');

    await runSessionEdit('1', { doseMg: '' }, w.ctx());
    expect(w.sessions()[0]!.doseMg).toBeNull();
  });

  it('edit with a bad value changes nothing; without flags and a terminal it names the flags', async () => {
    const w = world();
    await add(w, { route: 'iv', date: '2026-11-10 10:00', doseMg: '30' });
    const before = w.sessions();
    expect(await rejection(runSessionEdit('1', { doseMg: '30', route: 'pill' }, w.ctx()))).toBeInstanceOf(UsageError);
    expect(await rejection(runSessionEdit('1', { doseMg: 'x', note: 'changed' }, w.ctx()))).toBeInstanceOf(UsageError);
    expect(w.sessions()).toEqual(before);
    const err = await rejection(runSessionEdit('1', {}, w.ctx({ tty: false })));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('--dose-mg');
  });

  it('interactive edit offers the current values and saves the answers', async () => {
    const w = world();
    await add(w, { route: 'iv', date: '2026-11-10 10:00', setting: 'clinic' });
    const ctx = w.ctx({ tty: true, answers: ['2026-11-10 10:00', 'im', '0.5 mg/kg', 'clinic', 'Sam', 'rest', ''] });
    await runSessionEdit('1', {}, ctx);
    expect(w.sessions()[0]).toMatchObject({ route: 'im', doseMg: 0.5, doseUnit: 'mg/kg', setting: 'clinic', guide: 'Sam', intention: 'rest', notes: '' });
  });

  it('delete without a terminal needs --yes; with --yes it deletes and renumbers', async () => {
    const w = world();
    await add(w, { route: 'iv', date: '2026-11-10 10:00', intention: 'A' });
    await add(w, { route: 'iv', date: '2026-11-15 10:00', intention: 'B' });
    const refused = await cli(w, ['session', 'delete', '1']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('integrate: Not deleting session 1 without confirmation: add --yes to delete it from a script.\n');
    expect(w.sessions()).toHaveLength(2);

    const done = await cli(w, ['session', 'delete', '1', '--yes']);
    expect(done.code).toBe(0);
    expect(done.stderr).toBe('Deleted session 1; later sessions are renumbered.\n');
    expect(w.sessions().map((s) => [s.number, s.intention])).toEqual([[1, 'B']]);
  });

  it('delete in a terminal asks; "no" keeps the session (exit 130), "yes" deletes it', async () => {
    const w = world();
    await add(w, { route: 'iv', date: '2026-11-10 10:00' });
    const no = w.ctx({ tty: true, answers: [false] });
    expect(await rejection(runSessionDelete('1', {}, no))).toBeInstanceOf(CancelledError);
    expect(no.prompter.asked).toEqual(['Delete session 1 (2026-11-10) for good? Your entries stay.']);
    expect(w.sessions()).toHaveLength(1);
    await runSessionDelete('1', {}, w.ctx({ tty: true, answers: [true] }));
    expect(w.sessions()).toEqual([]);
  });

  it('deleting a session keeps the entries after it', async () => {
    const w = world();
    await add(w, { route: 'iv', date: '2026-11-20 10:00' });
    await runCheckin({ mood: '5' }, w.ctx());
    await runSessionDelete('1', { yes: true }, w.ctx());
    expect(w.store.entries.list({ limit: 10 })).toHaveLength(1);
  });
});

describe('intentions', () => {
  it('add (words joined, optional due day), list, done, drop, --all and --json through the command tree', async () => {
    const w = world();
    const added = await cli(w, ['intentions', 'add', 'Ten', 'minutes', 'outside', '--due', 'friday']);
    expect(added.code).toBe(0);
    await cli(w, ['intentions', 'add', 'Call my sister']);
    await cli(w, ['intentions', 'add', 'Sign up for the course']);
    const [walk, call, course] = w.store.intentions.all();
    expect(walk).toMatchObject({ text: 'Ten minutes outside', dueDate: '2026-11-27', status: 'open', sourceEntryId: null, closedAt: null });
    expect(added.stderr).toBe(`Added intention ${walk!.id.slice(0, 8)}.\n`);

    const open = await cli(w, ['intentions']);
    const lines = open.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      `○ ${walk!.id.slice(0, 8)}  since 2026-11-21  due 2026-11-27  Ten minutes outside`,
      `○ ${call!.id.slice(0, 8)}  since 2026-11-21  Call my sister`,
      `○ ${course!.id.slice(0, 8)}  since 2026-11-21  Sign up for the course`,
    ]);

    const done = await cli(w, ['intentions', 'done', walk!.id.slice(0, 6)]);
    expect(done.code).toBe(0);
    expect(done.stderr).toBe('Marked done: Ten minutes outside\n');
    const dropped = await cli(w, ['intentions', 'drop', course!.id.slice(0, 6)]);
    expect(dropped.stderr).toBe('Let go of: Sign up for the course (kept in your history).\n');

    const stillOpen = await cli(w, ['intentions', 'list']);
    expect(stillOpen.stdout).toBe(`○ ${call!.id.slice(0, 8)}  since 2026-11-21  Call my sister\n`);

    const all = await cli(w, ['intentions', '--all']);
    expect(all.stdout.trimEnd().split('\n').map((l) => l.slice(0, 1))).toEqual(['✓', '○', '–']);

    const json = await cli(w, ['intentions', 'list', '--all', '--json']);
    const items = JSON.parse(json.stdout) as Record<string, unknown>[];
    for (const item of items) expect(Object.keys(item)).toEqual(INTENTION_KEYS);
    expect(items.map((i) => [i.text, i.status])).toEqual([
      ['Ten minutes outside', 'done'], ['Call my sister', 'open'], ['Sign up for the course', 'dropped'],
    ]);
    expect(items[0]).toMatchObject({ createdAt: '2026-11-21T11:00:00+01:00', closedAt: NOW.toISOString(), dueDate: '2026-11-27' });
    expect(items[1]).toMatchObject({ closedAt: null, dueDate: null });

    const openJson = await cli(w, ['intentions', '--json']);
    expect((JSON.parse(openJson.stdout) as { text: string }[]).map((i) => i.text)).toEqual(['Call my sister']);
  });

  it('--json on add prints the intention', async () => {
    const w = world();
    const ctx = w.ctx();
    await runIntentionsAdd('Walk after lunch', { json: true }, ctx);
    expect(JSON.parse(ctx.io.stdout())).toMatchObject({ text: 'Walk after lunch', status: 'open', dueDate: null });
  });

  it('empty text, an unknown id and a non-id are refused with the right exit codes', async () => {
    const w = world();
    expect(await rejection(runIntentionsAdd('   ', {}, w.ctx()))).toBeInstanceOf(UsageError);
    await runIntentionsAdd('Something', {}, w.ctx());
    expect((await cli(w, ['intentions', 'done', 'ffffffff'])).code).toBe(1);
    const bad = await cli(w, ['intentions', 'drop', 'the walk']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not an intention id');
    expect(w.store.intentions.open()).toHaveLength(1);
  });

  it('an empty list says how to add one; --all says there are none', async () => {
    const w = world();
    const open = w.ctx();
    await runIntentionsList({}, open);
    expect(open.io.stdout()).toBe('');
    expect(open.io.stderr()).toContain('integrate intentions add');
    const all = w.ctx();
    await runIntentionsList({ all: true }, all);
    expect(all.io.stderr()).toBe('No intentions yet.\n');
    const json = w.ctx();
    await runIntentionsList({ json: true }, json);
    expect(json.io.stdout()).toBe('[]\n');
  });
});

describe('intentions: a mistyped subcommand', () => {
  it('"finish" suggests done with the same id; an unknown word lists the subcommands', async () => {
    const w = world();
    const finish = await cli(w, ['intentions', 'finish', '3f2a']);
    expect(finish.code).toBe(2);
    expect(finish.stderr).toBe('integrate: There is no "intentions finish"; did you mean: integrate intentions done 3f2a?\n');
    const other = await cli(w, ['intentions', 'frobnicate']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^integrate: There is no "intentions frobnicate"\. Use one of: list, add, done, drop/);
    expect((await cli(w, ['intentions'])).code).toBe(0);
  });
});
