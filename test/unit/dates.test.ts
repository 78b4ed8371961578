import { describe, expect, it } from 'vitest';
import { parseIsoWhen, parsePositiveInt, parseWhen, resolveRange, startOfLocalDay, startOfNextLocalDay } from '../../src/dates.js';
import { parseEntryDate } from '../../src/commands/shared/entry-values.js';
import { UsageError } from '../../src/errors.js';

// Saturday 21 November 2026, 11:00 in Berlin (UTC+1).
const NOW = new Date('2026-11-21T10:00:00Z');

describe('the test time zone', () => {
  it('is Berlin (UTC+1 in winter, UTC+2 in summer)', () => {
    expect(NOW.getTimezoneOffset()).toBe(-60);
    expect(new Date('2026-07-01T12:00:00Z').getTimezoneOffset()).toBe(-120);
  });
});

describe('parseWhen: ISO forms', () => {
  it('reads a bare date as that local day (at noon) and marks it date-only', async () => {
    const { date, dateOnly } = await parseWhen('2026-03-14', NOW);
    expect(dateOnly).toBe(true);
    expect(date.toISOString()).toBe('2026-03-14T11:00:00.000Z');
  });

  it('reads "YYYY-MM-DD HH:MM" and the T form as local time', async () => {
    const space = await parseWhen('2026-03-14 21:30', NOW);
    const t = await parseWhen('2026-03-14T21:30:15', NOW);
    expect(space).toEqual({ date: new Date('2026-03-14T20:30:00Z'), dateOnly: false });
    expect(t.date.toISOString()).toBe('2026-03-14T20:30:15.000Z');
  });

  it('uses summer time for a summer date', async () => {
    const { date } = await parseWhen('2026-07-01 09:00', NOW);
    expect(date.toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });

  it('honours Z and explicit offsets instead of the local zone', async () => {
    expect((await parseWhen('2026-03-14T21:30:00Z', NOW)).date.toISOString()).toBe('2026-03-14T21:30:00.000Z');
    expect((await parseWhen('2026-03-14T21:30+05:30', NOW)).date.toISOString()).toBe('2026-03-14T16:00:00.000Z');
    expect((await parseWhen('2026-03-14T21:30-0300', NOW)).date.toISOString()).toBe('2026-03-15T00:30:00.000Z');
  });

  it('rejects dates that do not exist instead of rolling them over', async () => {
    await expect(parseWhen('2026-02-30', NOW)).rejects.toThrow(UsageError);
    await expect(parseWhen('2026-02-29', NOW)).rejects.toThrow(UsageError); // 2026 is not a leap year
    await expect(parseWhen('2026-02-30T10:00Z', NOW)).rejects.toThrow(UsageError);
    await expect(parseWhen('2026-13-01', NOW)).rejects.toThrow(UsageError);
    await expect(parseWhen('2026-04-31', NOW)).rejects.toThrow(UsageError);
    await expect(parseWhen('2026-03-14 24:00', NOW)).rejects.toThrow(UsageError);
    await expect(parseWhen('2026-03-14 12:60', NOW)).rejects.toThrow(UsageError);
  });

  it('accepts 29 February in a leap year', async () => {
    expect((await parseWhen('2028-02-29', NOW)).date.getDate()).toBe(29);
  });

  it('parseIsoWhen returns undefined for text that is not ISO-shaped', () => {
    expect(parseIsoWhen('yesterday', '--date')).toBeUndefined();
    expect(parseIsoWhen('14.03.2026', '--date')).toBeUndefined();
  });
});

describe('parseWhen: natural words relative to now', () => {
  it('"yesterday 21:00" is 21:00 local on the day before', async () => {
    const { date, dateOnly } = await parseWhen('yesterday 21:00', NOW);
    expect(date.toISOString()).toBe('2026-11-20T20:00:00.000Z');
    expect(dateOnly).toBe(false);
  });

  it('"last friday" is the Friday before this Saturday, with no time of day given', async () => {
    const { date, dateOnly } = await parseWhen('last friday', NOW);
    expect(date.getFullYear()).toBe(2026);
    expect(date.getMonth()).toBe(10);
    expect(date.getDate()).toBe(20);
    expect(date.getDay()).toBe(5);
    expect(dateOnly).toBe(true);
  });

  it('is case-insensitive and trims', async () => {
    const { date } = await parseWhen('  Yesterday 21:00 ', NOW);
    expect(date.toISOString()).toBe('2026-11-20T20:00:00.000Z');
  });

  it('"now" is the clock', async () => {
    const { date, dateOnly } = await parseWhen('now', NOW);
    expect(date.getTime()).toBe(NOW.getTime());
    expect(dateOnly).toBe(false);
  });

  it('rejects garbage, and typos that would otherwise be half-read, as UsageError naming the flag', async () => {
    for (const bad of ['blorp', 'yesterdy 21:00', 'next blursday', '2026-03', '12/34/5678x']) {
      const err = await parseWhen(bad, NOW, '--since').catch((e: unknown) => e);
      expect(err, bad).toBeInstanceOf(UsageError);
      expect((err as UsageError).exitCode).toBe(2);
      expect((err as Error).message).toContain('--since');
      expect((err as Error).message).toContain(bad);
    }
  });

  it('rejects an empty value with a message naming the flag', async () => {
    await expect(parseWhen('   ', NOW, '--until')).rejects.toThrow(/--until needs a value/);
  });
});

describe('parseEntryDate (--date for an entry)', () => {
  it('refuses a date more than a day ahead', async () => {
    await expect(parseEntryDate('2026-11-25', NOW)).rejects.toThrow(/more than a day in the future/);
    await expect(parseEntryDate('2026-11-22 12:00', NOW)).rejects.toThrow(UsageError);
  });

  it('allows up to a day ahead (e.g. a time zone slip)', async () => {
    const date = await parseEntryDate('2026-11-22 10:59', NOW);
    expect(date.toISOString()).toBe('2026-11-22T09:59:00.000Z');
  });

  it('reads today\'s bare date as now, and another bare day as that day', async () => {
    expect((await parseEntryDate('2026-11-21', NOW)).getTime()).toBe(NOW.getTime());
    expect((await parseEntryDate('2026-11-19', NOW)).toISOString()).toBe('2026-11-19T11:00:00.000Z');
  });
});

describe('local day boundaries', () => {
  it('start of the local day and of the next one, in Berlin', () => {
    const late = new Date('2026-11-21T22:30:00Z'); // 23:30 local
    expect(startOfLocalDay(late).toISOString()).toBe('2026-11-20T23:00:00.000Z');
    expect(startOfNextLocalDay(late).toISOString()).toBe('2026-11-21T23:00:00.000Z');
  });

  it('a day with a DST change is 23 hours long', () => {
    const springForward = new Date('2026-03-29T12:00:00Z');
    const hours = (startOfNextLocalDay(springForward).getTime() - startOfLocalDay(springForward).getTime()) / 3_600_000;
    expect(hours).toBe(23);
  });
});

describe('resolveRange', () => {
  it('returns an open range when nothing is given', async () => {
    expect(await resolveRange({}, NOW)).toEqual({});
  });

  it('--days N starts at local midnight N-1 days ago (today included)', async () => {
    expect((await resolveRange({ days: '1' }, NOW)).since?.toISOString()).toBe('2026-11-20T23:00:00.000Z');
    const week = await resolveRange({ days: '7' }, NOW);
    expect(week.since?.toISOString()).toBe('2026-11-14T23:00:00.000Z');
    expect(week.until).toBeUndefined();
  });

  it('--since with a bare date starts at that local midnight; with a time, at that time', async () => {
    expect((await resolveRange({ since: '2026-11-01' }, NOW)).since?.toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect((await resolveRange({ since: '2026-11-01 08:15' }, NOW)).since?.toISOString()).toBe('2026-11-01T07:15:00.000Z');
    expect((await resolveRange({ since: 'last friday' }, NOW)).since?.toISOString()).toBe('2026-11-19T23:00:00.000Z');
  });

  it('--until with a bare date includes that whole local day (exclusive bound at the next midnight)', async () => {
    expect((await resolveRange({ until: '2026-11-10' }, NOW)).until?.toISOString()).toBe('2026-11-10T23:00:00.000Z');
  });

  it('--until with a time includes that instant', async () => {
    const { until } = await resolveRange({ until: '2026-11-10 20:00' }, NOW);
    expect(until!.getTime()).toBe(new Date('2026-11-10T19:00:00Z').getTime() + 1);
  });

  it('combines --days and --until', async () => {
    const range = await resolveRange({ days: '3', until: '2026-11-20' }, NOW);
    expect(range.since?.toISOString()).toBe('2026-11-18T23:00:00.000Z');
    expect(range.until?.toISOString()).toBe('2026-11-20T23:00:00.000Z');
  });

  it('refuses --days with --since', async () => {
    await expect(resolveRange({ days: '3', since: '2026-11-01' }, NOW)).rejects.toThrow(/either --days or --since/);
  });

  it('refuses --since after --until', async () => {
    await expect(resolveRange({ since: '2026-11-10', until: '2026-11-01' }, NOW)).rejects.toThrow(/--since must be before --until/);
  });

  it('refuses bad --days values', async () => {
    for (const bad of ['0', '-1', '1.5', 'seven', '', '100001']) {
      await expect(resolveRange({ days: bad }, NOW), bad).rejects.toThrow(UsageError);
    }
  });

  it('refuses an unparseable --since naming the flag', async () => {
    await expect(resolveRange({ since: 'someday' }, NOW)).rejects.toThrow(/--since "someday"/);
  });
});

describe('parsePositiveInt', () => {
  it('accepts whole numbers within range, with surrounding spaces', () => {
    expect(parsePositiveInt(' 20 ', '--limit')).toBe(20);
    expect(parsePositiveInt('5', '--limit', 5)).toBe(5);
  });

  it('refuses anything else, naming the flag and the range', () => {
    expect(() => parsePositiveInt('6', '--limit', 5)).toThrow('--limit must be a whole number from 1 to 5; got "6".');
    expect(() => parsePositiveInt('1e3', '--limit')).toThrow(UsageError);
  });
});
