// integrate config: set/get/unset/list/path on a real file ($INTEGRATE_CONFIG),
// validation of every key (nothing written on a bad value), a hand-broken
// file, and the effect of each setting on the commands that read it. Runs go
// through main() with the process context, so the file is read as in real use.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runConfigGet, runConfigList, runConfigSet, runConfigUnset } from '../../src/commands/config.js';
import { welcomeBackLine } from '../../src/commands/shared/welcome.js';
import { CONFIG_KEYS, readConfigFile, toConfig, writeConfigFile } from '../../src/config.js';
import { createProcessCtx, createTestCtx } from '../../src/context.js';
import { DataError, UsageError } from '../../src/errors.js';
import { memoryIo } from '../../src/io.js';
import { main } from '../../src/main.js';
import { rejection } from '../helpers/world.js';

// Saturday 2026-11-21, 10:00 UTC = 11:00 in Berlin (TZ is fixed by test/setup.ts).
const NOW = new Date('2026-11-21T10:00:00Z');
// One cadence key per installed questionnaire, from the packs, by id.
const KEYS = ['region', 'editor', 'defaultPack', 'checkinReminderDays', 'cadence.gad7', 'cadence.phq9', 'cadence.who5', 'followUps', 'postSessionRestHours', 'weekStart', 'dateFormat'];
const FIXED_KEYS = KEYS.filter((k) => !k.startsWith('cadence.'));
const VALID_KEYS = `Valid keys: ${FIXED_KEYS.join(', ')}, and cadence.ID for a questionnaire (integrate config list shows them).`;

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-config-'));
  file = path.join(dir, 'settings', 'config.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The real process context (file-backed config and database) with memory I/O and a fixed clock. */
function processCtx(opts: { now?: Date; tty?: boolean; stdin?: string } = {}) {
  const env: NodeJS.ProcessEnv = {
    INTEGRATE_CONFIG: file, INTEGRATE_DB: path.join(dir, 'data', 'integrate.db'), HOME: dir,
    XDG_CONFIG_HOME: path.join(dir, 'xdg-config'), XDG_DATA_HOME: path.join(dir, 'xdg-data'),
  };
  const io = memoryIo({ tty: opts.tty, columns: 80, stdin: opts.stdin });
  const base = createProcessCtx(env);
  return { ...base, io, clock: { now: () => new Date((opts.now ?? NOW).getTime()) } };
}

async function cli(args: string[], opts: { now?: Date; tty?: boolean; stdin?: string } = {}) {
  const ctx = processCtx(opts);
  const code = await main(['node', 'integrate', ...args], ctx);
  return { code, stdout: ctx.io.stdout(), stderr: ctx.io.stderr() };
}

async function ok(args: string[], opts: { now?: Date; tty?: boolean; stdin?: string } = {}) {
  const r = await cli(args, opts);
  expect(r.code, `integrate ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}


const fileJson = () => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('set, get, unset, list, path', () => {
  it('round trip in $INTEGRATE_CONFIG: values are normalised, stored sorted, and read back', async () => {
    expect(fs.existsSync(file)).toBe(false);
    expect((await ok(['config', 'path'])).stdout).toBe(`${file}\n`);
    expect((await ok(['config', 'get', 'weekStart'])).stdout).toBe('monday\n');

    expect(await ok(['config', 'set', 'weekStart', 'Sunday'])).toMatchObject({ stdout: '', stderr: 'Set weekStart to sunday.\n' });
    expect((await ok(['config', 'set', 'region', ' gb '])).stderr).toBe('Set region to GB.\n');
    await ok(['config', 'set', 'dateFormat', 'dd.mm.yyyy']);
    await ok(['config', 'set', 'cadence.who5', '14']);
    await ok(['config', 'set', 'editor', 'nano -w']);
    await ok(['config', 'set', 'defaultPack', 'weekly']);
    await ok(['config', 'set', 'checkinReminderDays', '5']);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${JSON.stringify({
      'cadence.who5': 14, checkinReminderDays: 5, dateFormat: 'DD.MM.YYYY', defaultPack: 'weekly', editor: 'nano -w', region: 'GB', weekStart: 'sunday',
    }, null, 2)}\n`);

    expect((await ok(['config', 'get', 'weekStart'])).stdout).toBe('sunday\n');
    expect((await ok(['config', 'get', 'region'])).stdout).toBe('GB\n');
    expect((await ok(['config', 'get', 'cadence.who5'])).stdout).toBe('14\n');
    expect((await ok(['config', 'get', 'cadence.phq9'])).stdout).toBe('14\n'); // its default

    const json = JSON.parse((await ok(['config', 'list', '--json'])).stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(KEYS);
    expect(json).toEqual({
      region: 'GB', editor: 'nano -w', defaultPack: 'weekly', checkinReminderDays: 5, 'cadence.phq9': null, 'cadence.gad7': null,
      'cadence.who5': 14, followUps: null, postSessionRestHours: null, weekStart: 'sunday', dateFormat: 'DD.MM.YYYY',
    });

    expect(await ok(['config', 'unset', 'weekStart'])).toMatchObject({ stdout: '', stderr: 'Removed weekStart; back to the default (monday).\n' });
    expect((await ok(['config', 'unset', 'region'])).stderr).toBe('Removed region; it is not set now.\n');
    expect((await ok(['config', 'unset', 'region'])).stderr).toBe('region was not set.\n');
    expect((await ok(['config', 'unset', 'cadence.gad7'])).stderr).toBe('cadence.gad7 was not set; it stays at its default (14).\n');
    expect((await ok(['config', 'get', 'weekStart'])).stdout).toBe('monday\n');
    expect(fileJson()).not.toHaveProperty('weekStart');
    expect(fileJson()).not.toHaveProperty('region');
    expect(fileJson()).toHaveProperty('dateFormat', 'DD.MM.YYYY');
  });

  it('list shows every key with its value or default and what it does', async () => {
    await ok(['config', 'set', 'region', 'DE']);
    const out = (await ok(['config', 'list'])).stdout;
    const lines = out.split('\n');
    for (const key of KEYS) expect(lines.some((l) => l.startsWith(`${key} `)), key).toBe(true);
    expect(out).toContain('region                DE\n');
    expect(out).toContain('weekStart             monday (default)\n');
    expect(out).toContain('editor                (not set)\n');
    expect(out).toContain(CONFIG_KEYS.weekStart!.describe);
    expect(out).not.toMatch(/\u001b/);
  });

  it('the file is written 0600 in a 0700 folder it creates', async () => {
    await ok(['config', 'set', 'region', 'US']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    // Rewritten (not edited in place), it stays 0600 even if someone loosened it.
    fs.chmodSync(file, 0o644);
    await ok(['config', 'set', 'region', 'CA']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['config.json']); // no temp files left
  });

  it('without INTEGRATE_CONFIG, the file is config.json in the XDG config folder', async () => {
    const ctx = createProcessCtx({ XDG_CONFIG_HOME: path.join(dir, 'xdg'), HOME: dir });
    if (process.platform === 'linux') expect(ctx.configPath()).toBe(path.join(dir, 'xdg', 'integrate', 'config.json'));
    expect(createProcessCtx({ INTEGRATE_CONFIG: 'rel/c.json' }).configPath()).toBe(path.resolve('rel/c.json'));
  });

  it('the run functions work on the test context\'s config folder too', async () => {
    const ctx = createTestCtx({ configDir: path.join(dir, 'cfg') });
    await runConfigSet('weekStart', 'sunday', ctx);
    await runConfigGet('weekStart', ctx);
    await runConfigUnset('weekStart', ctx);
    await runConfigList({ json: true }, ctx);
    expect(ctx.io.stdout().split('\n')[0]).toBe('sunday');
    expect(JSON.parse(ctx.io.stdout().slice('sunday\n'.length))).toMatchObject({ weekStart: null });
  });
});

describe('validation', () => {
  it('an unknown key is a UsageError that lists the valid keys, for set, get and unset', async () => {
    const ctx = createTestCtx({ configDir: path.join(dir, 'cfg') });
    for (const run of [() => runConfigSet('colour', 'blue', ctx), () => runConfigGet('colour', ctx), () => runConfigUnset('colour', ctx)]) {
      const err = await rejection(run());
      expect(err).toBeInstanceOf(UsageError);
      expect(err.message).toBe(`There is no setting "colour". ${VALID_KEYS}`);
    }
    const r = await cli(['config', 'set', 'weekstart', 'monday']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`integrate: There is no setting "weekstart". ${VALID_KEYS}\n`);
    expect(fs.existsSync(file)).toBe(false);
  });

  const BAD: [string, string, string][] = [
    ['region', 'USA', 'region must be a two-letter country code such as US, GB or DE, or "international"; got "USA".'],
    ['region', '12', 'region must be a two-letter country code such as US, GB or DE, or "international"; got "12".'],
    ['weekStart', 'friday', 'weekStart must be monday or sunday; got "friday".'],
    ['dateFormat', 'x', 'dateFormat must be one of YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY, MM/DD/YYYY; got "x".'],
    ['checkinReminderDays', '0', 'checkinReminderDays must be a whole number of days from 1 to 365; got "0".'],
    ['checkinReminderDays', '1.5', 'checkinReminderDays must be a whole number of days from 1 to 365; got "1.5".'],
    ['checkinReminderDays', '366', 'checkinReminderDays must be a whole number of days from 1 to 365; got "366".'],
    ['cadence.phq9', 'abc', 'cadence.phq9 must be a whole number of days from 1 to 365; got "abc".'],
    ['cadence.gad7', '-3', 'cadence.gad7 must be a whole number of days from 1 to 365; got "-3".'],
    ['cadence.who5', '', 'cadence.who5 must be a whole number of days from 1 to 365; got "".'],
    ['defaultPack', 'My Pack', 'defaultPack must be a pack id such as daily or weekly; got "My Pack".'],
    ['editor', '  ', 'editor needs a value.'],
  ];

  it.each(BAD)('%s %j is a UsageError and leaves the file as it was', async (key, value, message) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const before = `${JSON.stringify({ region: 'GB', weekStart: 'sunday' }, null, 2)}\n`;
    fs.writeFileSync(file, before, { mode: 0o600 });
    const mtime = fs.statSync(file).mtimeMs;

    const ctx = createTestCtx({ configDir: path.dirname(file) });
    const err = await rejection(runConfigSet(key, value, ctx));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(message);

    const r = await cli(['config', 'set', key, value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`integrate: ${message}\n`);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['config.json']);
  });

  it('good values for every key are accepted', async () => {
    const good: Record<string, string> = {
      region: 'ie', editor: 'vim', defaultPack: 'realms', checkinReminderDays: '365', 'cadence.phq9': '1', 'cadence.gad7': '28', 'cadence.who5': '7',
      weekStart: 'MONDAY', dateFormat: 'mm/dd/yyyy', followUps: ' 1, 3,7 ,30', postSessionRestHours: '0',
    };
    expect(Object.keys(good).sort()).toEqual([...KEYS].sort());
    for (const [key, value] of Object.entries(good)) await ok(['config', 'set', key, value]);
    expect(toConfig(readConfigFile(file))).toEqual({
      region: 'IE', editor: 'vim', defaultPack: 'realms', checkinReminderDays: 365, cadence: { phq9: 1, gad7: 28, who5: 7 },
      weekStart: 'monday', dateFormat: 'MM/DD/YYYY', followUps: '1,3,7,30', postSessionRestHours: 0,
    });
  });

  it('followUps and postSessionRestHours refuse schedules that make no sense, naming the setting', async () => {
    for (const bad of ['7,3', 'weekly', '', '1,1', '400']) {
      const result = await cli(['config', 'set', 'followUps', bad]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^integrate: followUps must be days after a session separated by commas, e\.g\. 0,7,30; /);
    }
    expect((await cli(['config', 'set', 'postSessionRestHours', '72'])).stderr).toMatch(/postSessionRestHours must be a whole number of hours from 0 to 48/);
  });
});

describe('a hand-broken config file', () => {
  function writeRaw(text: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { mode: 0o600 });
  }

  const BROKEN: [string, string, string][] = [
    ['bad JSON', '{ "region": "GB", }', `The config file ${'FILE'} is not valid JSON. Fix it, or remove it to start again (integrate config path shows where it is).`],
    ['an unknown key', '{ "colour": "blue" }', `The config file FILE has an unknown key "colour". Valid keys: ${FIXED_KEYS.join(', ')}, and cadence.ID for a questionnaire.`],
    ['a bad value', '{ "weekStart": "friday" }', 'The config file FILE: weekStart must be monday or sunday; got "friday".'],
    ['a bad number', '{ "checkinReminderDays": 0 }', 'The config file FILE: checkinReminderDays must be a whole number of days from 1 to 365; got "0".'],
    ['not an object', '["region", "GB"]', 'The config file FILE must hold a JSON object.'],
  ];

  it.each(BROKEN)('%s: a DataError naming the file', async (_what, text, message) => {
    await ok(['checkin', '--mood', '6']); // so that list has dates to format
    writeRaw(text);
    const expected = message.replace('FILE', file);
    const err = (() => {
      try {
        readConfigFile(file);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected readConfigFile to fail');
    })();
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toBe(expected);

    // Every command that reads settings says so, exit 1, and `config set` does not overwrite the file.
    for (const args of [['config', 'list'], ['config', 'get', 'region'], ['config', 'set', 'region', 'US'], ['config', 'unset', 'region'], ['list'], ['assess']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toBe(`integrate: ${expected}\n`);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it('crisis lines are shown even when the config file is broken', async () => {
    writeRaw('{ not json');
    const r = await ok(['crisis']);
    expect(r.stdout).toContain('If you are in danger');
  });

  it('a missing file is no error: the defaults apply', () => {
    expect(readConfigFile(path.join(dir, 'nope.json'))).toEqual({});
    writeConfigFile(file, {});
    expect(readConfigFile(file)).toEqual({});
  });
});

describe('effects of each setting', () => {
  it('dateFormat changes the dates in list (and show, session list)', async () => {
    await ok(['checkin', '--mood', '6', '--date', '2026-11-03 09:15']);
    await ok(['session', 'add', '--route', 'iv', '--date', '2026-11-02 10:00']);
    const plain = (await ok(['list'])).stdout;
    expect(plain).toContain(' 2026-11-03 09:15 ');
    await ok(['config', 'set', 'dateFormat', 'DD.MM.YYYY']);
    const list = (await ok(['list'])).stdout;
    expect(list).toContain(' 03.11.2026 09:15 ');
    expect(list).not.toContain('2026-11-03');
    expect((await ok(['session', 'list'])).stdout).toContain('02.11.2026 10:00');
    await ok(['config', 'set', 'dateFormat', 'MM/DD/YYYY']);
    expect((await ok(['list'])).stdout).toContain(' 11/03/2026 09:15 ');
    // JSON stays ISO whatever the setting.
    expect((await ok(['list', '--json'])).stdout).toContain('"2026-11-03T09:15:00');
  });

  it('cadence.who5 changes when WHO-5 is due (assess, and the home screen)', async () => {
    const who5 = JSON.stringify(Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`item${i}`, 3])));
    await ok(['assess', 'who5', '--answers', '-'], { now: new Date('2026-11-16T09:00:00Z'), stdin: who5 });
    const status = async () => (JSON.parse((await ok(['assess', '--json'])).stdout) as { id: string; due: boolean; dueDate: string; cadenceDays: number }[]).find((r) => r.id === 'who5')!;
    expect(await status()).toMatchObject({ cadenceDays: 7, dueDate: '2026-11-23', due: false });
    await ok(['config', 'set', 'cadence.who5', '5']);
    expect(await status()).toMatchObject({ cadenceDays: 5, dueDate: '2026-11-21', due: true });
    const home = JSON.parse((await ok(['--json'])).stdout) as { dueAssessments: { id: string }[] };
    expect(home.dueAssessments.map((a) => a.id)).toContain('who5');
    await ok(['config', 'set', 'cadence.who5', '30']);
    expect(await status()).toMatchObject({ cadenceDays: 30, dueDate: '2026-12-16', due: false });
  });

  it('checkinReminderDays changes the welcome-back threshold', async () => {
    // The latest entry is 5 days before each run below; the welcome is shown on a terminal only.
    const welcome = async (args: string[]) => (await ok(args, { tty: true })).stderr.includes('Welcome back — last check-in 5 days ago.');
    const lastCheckin5DaysAgo = async () => {
      fs.rmSync(path.join(dir, 'data'), { recursive: true, force: true });
      await ok(['checkin', '--mood', '6', '--date', '2026-11-16 20:00']);
    };
    await lastCheckin5DaysAgo();
    expect(await welcome(['checkin', '--mood', '5'])).toBe(true); // default 3: 5 > 3
    await lastCheckin5DaysAgo();
    await ok(['config', 'set', 'checkinReminderDays', '7']);
    expect(await welcome(['checkin', '--mood', '5'])).toBe(false);
    await lastCheckin5DaysAgo();
    await ok(['config', 'set', 'checkinReminderDays', '5']);
    expect(await welcome(['checkin', '--mood', '5'])).toBe(false); // more than N days, not N
    await lastCheckin5DaysAgo();
    await ok(['config', 'set', 'checkinReminderDays', '4']);
    expect(await welcome(['checkin', '--mood', '5'])).toBe(true);
    // The rule itself, as journal uses it too.
    await lastCheckin5DaysAgo();
    expect(welcomeBackLine(processCtx())).toBe('Welcome back — last check-in 5 days ago.');
    await ok(['config', 'set', 'checkinReminderDays', '30']);
    expect(welcomeBackLine(processCtx())).toBeUndefined();
  });

  it('defaultPack changes which pack journal picks by itself (unless a session calls for post-session)', async () => {
    const weekly = JSON.stringify({ mood: 6, balance: 5, changed: 'Less rushing.', 'big-decision': false, practices: ['nature'], 'next-week': '', safety: false });
    const daily = JSON.stringify({ mood: 6 });
    const pickOf = async (answers: string, now = NOW) => {
      const r = await ok(['journal', '--answers', '-', '--json'], { stdin: answers, now });
      return (JSON.parse(r.stdout) as { pack: string }).pack;
    };
    expect(await pickOf(daily)).toBe('daily');
    await ok(['config', 'set', 'defaultPack', 'weekly']);
    expect(await pickOf(weekly)).toBe('weekly');
    // A fresh session still calls for the post-session reflection first.
    await ok(['session', 'add', '--route', 'iv', '--date', '2026-11-21 08:00']);
    const post = await cli(['journal', '--answers', '-'], { stdin: weekly });
    expect(post.code).toBe(2);
    expect(post.stderr).toContain('post-session');
  });

  it('region changes the crisis lines', async () => {
    await ok(['config', 'set', 'region', 'GB']);
    const gb = (await ok(['crisis'])).stdout;
    expect(gb).toContain('Samaritans');
    expect(gb).not.toContain('988');
    await ok(['config', 'set', 'region', 'US']);
    const us = (await ok(['crisis'])).stdout;
    expect(us).toContain('988');
    expect(us).not.toContain('Samaritans');
    // --region on the command line wins over the setting.
    expect((await ok(['crisis', '--region', 'GB'])).stdout).toContain('Samaritans');
  });

  it('editor: the setting comes before $VISUAL and $EDITOR', async () => {
    const script = (name: string, text: string) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, `#!/bin/sh\nprintf '%s' '${text}' > "$1"\n`, { mode: 0o700 });
      return p;
    };
    const configured = script('configured-editor', 'from the configured editor');
    const visual = script('visual-editor', 'from VISUAL');
    const id = (JSON.parse((await ok(['checkin', '--mood', '6', '--json'])).stdout) as { id: string }).id;
    const edit = async () => {
      const ctx = processCtx({ tty: true });
      ctx.env.VISUAL = visual;
      ctx.env.EDITOR = visual;
      expect(await main(['node', 'integrate', 'edit', id.slice(0, 8)], ctx), ctx.io.stderr()).toBe(0);
      return (JSON.parse((await ok(['show', id.slice(0, 8), '--json'])).stdout) as { text: string }).text;
    };
    expect(await edit()).toBe('from VISUAL');
    await ok(['config', 'set', 'editor', configured]);
    expect(await edit()).toBe('from the configured editor');
  });
});
