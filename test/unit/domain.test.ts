import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entryToJson } from '../../src/domain/json-shapes.js';
import {
  mergeText,
  normalisePractice,
  normaliseTag,
  shortId,
  uniqueSorted,
  type Entry,
} from '../../src/domain/entries.js';
import { CORE_METRICS, formatMetricValue, metricSpec, parseMetricValue, sortMetricNames } from '../../src/domain/metrics.js';
import {
  addDays,
  dayNumber,
  daysBetween,
  formatOffset,
  isoWithOffset,
  isValidDay,
  localDate,
  localDateAt,
  localDateTimeAt,
  utcOffsetMinutes,
} from '../../src/domain/time.js';
import { InvalidValue, UsageError } from '../../src/errors.js';
import { forFlag } from '../../src/commands/shared/domain-errors.js';

const spec = (name: string) => metricSpec(name)!;

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('metrics: parseMetricValue', () => {
  it('accepts whole numbers 0..10 for mood, anxiety and energy', () => {
    for (const name of ['mood', 'anxiety', 'energy']) {
      expect(parseMetricValue(spec(name), '0')).toBe(0);
      expect(parseMetricValue(spec(name), '10')).toBe(10);
      expect(parseMetricValue(spec(name), ' 6 ')).toBe(6);
    }
  });

  it('rejects mood 11 and -1 as out of range, naming the metric and the scale (not a flag)', () => {
    const eleven = usageMessage(() => parseMetricValue(spec('mood'), '11'));
    expect(eleven).toMatch(/^mood must be/);
    expect(eleven).toContain('0–10');
    expect(eleven).toContain('0 = worst, 10 = best');
    expect(eleven).toContain('11 is out of range');
    expect(usageMessage(() => parseMetricValue(spec('mood'), '-1'))).toContain('-1 is out of range');
  });

  it('rejects mood "good" and quotes what was given', () => {
    expect(usageMessage(() => parseMetricValue(spec('mood'), 'good'))).toContain('got "good"');
  });

  it('rejects a decimal mood such as 7.5', () => {
    expect(usageMessage(() => parseMetricValue(spec('mood'), '7.5'))).toMatch(/^mood must be a whole number/);
  });

  it('rejects empty, exponent, hex, Infinity and NaN spellings', () => {
    for (const raw of ['', ' ', '1e1', '0x5', 'Infinity', 'NaN', '5 5', '+-5']) {
      expect(() => parseMetricValue(spec('energy'), raw), raw).toThrow(UsageError);
    }
  });

  it('accepts sleep 7.5 and the ends of 0..24, rejects sleep 25', () => {
    expect(parseMetricValue(spec('sleep'), '7.5')).toBe(7.5);
    expect(parseMetricValue(spec('sleep'), '0')).toBe(0);
    expect(parseMetricValue(spec('sleep'), '24')).toBe(24);
    const msg = usageMessage(() => parseMetricValue(spec('sleep'), '25'));
    expect(msg).toMatch(/^sleep /);
    expect(msg).toContain('hours');
    expect(msg).toContain('25 is out of range');
  });

  it('throws InvalidValue with the facts as fields; a command rewords it about its flag', () => {
    let err: unknown;
    try {
      parseMetricValue(spec('anxiety'), ' 12 ');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidValue);
    expect(err).toMatchObject({ field: 'anxiety', value: '12', min: 0, max: 10, exitCode: 2 });
    expect(usageMessage(() => forFlag('--set-anxiety', () => parseMetricValue(spec('anxiety'), '12'))))
      .toBe('--set-anxiety must be a whole number from 0–10 (0 = none, 10 = extreme); 12 is out of range.');
  });

  it('property: any integer string is accepted exactly when it is within the scale', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CORE_METRICS), fc.integer({ min: -50, max: 50 }), (m, n) => {
        const ok = n >= m.min && n <= m.max;
        if (ok) expect(parseMetricValue(m, String(n))).toBe(n);
        else expect(() => parseMetricValue(m, String(n))).toThrow(UsageError);
      }),
    );
  });
});

describe('metrics: names and formatting', () => {
  it('sorts core metrics in their usual order, then others alphabetically', () => {
    expect(sortMetricNames(['zest', 'sleep', 'mood', 'calm', 'anxiety', 'energy'])).toEqual([
      'mood', 'anxiety', 'energy', 'sleep', 'calm', 'zest',
    ]);
  });

  it('formats sleep in hours and rounds to one decimal', () => {
    expect(formatMetricValue('sleep', 7.5)).toBe('7.5h');
    expect(formatMetricValue('mood', 6)).toBe('6');
    expect(formatMetricValue('custom', 2.345)).toBe('2.3');
  });

  it('knows the five core metrics', () => {
    expect(CORE_METRICS.map((m) => m.name)).toEqual(['mood', 'anxiety', 'energy', 'sleep', 'connection']);
    expect(metricSpec('happiness')).toBeUndefined();
  });
});

describe('tags and practices', () => {
  it('lowercases, joins inner whitespace with dashes and trims', () => {
    expect(normaliseTag('  Family Time ')).toBe('family-time');
    expect(normalisePractice('Breath  Work')).toBe('breath-work');
    expect(normalisePractice('Meditation')).toBe('meditation');
  });

  it('drops a leading # or @ from tags only', () => {
    expect(normaliseTag('#Work')).toBe('work');
    expect(normaliseTag('@home')).toBe('home');
    expect(normalisePractice('#yoga')).toBe('#yoga');
  });

  it('allows practices outside the known list', () => {
    expect(normalisePractice('Sauna')).toBe('sauna');
  });

  it('refuses empty names, naming the field (a command names its flag)', () => {
    expect(usageMessage(() => normaliseTag('  '))).toBe('tag needs a name; got an empty value.');
    expect(usageMessage(() => normaliseTag('#'))).toBe('tag needs a name; got an empty value.');
    expect(usageMessage(() => normalisePractice(''))).toBe('practice needs a name; got an empty value.');
    expect(usageMessage(() => forFlag('--add-tag', () => normaliseTag('')))).toBe('--add-tag needs a name; got an empty value.');
    expect(usageMessage(() => forFlag('--practice', () => normalisePractice(' ')))).toBe('--practice needs a name; got an empty value.');
  });

  it('refuses names over 60 characters and names with control characters', () => {
    expect(normaliseTag('a'.repeat(60))).toHaveLength(60);
    expect(usageMessage(() => normaliseTag('a'.repeat(61)))).toContain('too long');
    expect(usageMessage(() => normaliseTag('bad\u001b[2Jtag'))).toContain('control characters');
  });

  it('uniqueSorted removes duplicates and sorts', () => {
    expect(uniqueSorted(['b', 'a', 'b', 'c', 'a'])).toEqual(['a', 'b', 'c']);
  });
});

describe('mergeText', () => {
  it('takes the addition when there is no text yet', () => {
    expect(mergeText('', '  first note ')).toBe('first note');
    expect(mergeText('  \n', 'first')).toBe('first');
  });

  it('appends a new paragraph', () => {
    expect(mergeText('morning: tired\n', 'evening: calmer')).toBe('morning: tired\n\nevening: calmer');
  });

  it('adds nothing when the note is already there (a repeated cron run)', () => {
    expect(mergeText('morning: tired\n\nevening: calmer', 'evening: calmer')).toBe('morning: tired\n\nevening: calmer');
  });

  it('keeps the text when the addition is empty', () => {
    expect(mergeText('kept', '   ')).toBe('kept');
  });

  it('property: merging the same note twice equals merging it once', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const once = mergeText(a, b);
        expect(mergeText(once, b)).toBe(once);
      }),
    );
  });
});

describe('time helpers (TZ=Europe/Berlin)', () => {
  it('utcOffsetMinutes follows the process zone and DST', () => {
    expect(utcOffsetMinutes(new Date('2026-11-21T10:00:00Z'))).toBe(60);
    expect(utcOffsetMinutes(new Date('2026-07-01T10:00:00Z'))).toBe(120);
    expect(Object.is(utcOffsetMinutes(new Date('2026-07-01T10:00:00Z')), -0)).toBe(false);
  });

  it('an entry at 23:30 local Berlin time belongs to that local day, not the next UTC-shifted one', () => {
    const winter = new Date('2026-11-21T22:30:00Z'); // 23:30 in Berlin
    expect(localDate(winter)).toBe('2026-11-21');
    const summer = new Date('2026-07-01T21:30:00Z'); // 23:30 in Berlin (UTC+2)
    expect(localDate(summer)).toBe('2026-07-01');
  });

  it('an entry at 00:30 local Berlin time belongs to the new day although it is still yesterday in UTC', () => {
    const earlyMorning = new Date('2026-11-21T23:30:00Z'); // 00:30 on the 22nd in Berlin
    expect(earlyMorning.toISOString().slice(0, 10)).toBe('2026-11-21');
    expect(localDate(earlyMorning)).toBe('2026-11-22');
  });

  it('localDateAt uses the stored offset, not the process zone', () => {
    const instant = new Date('2026-11-21T22:30:00Z');
    expect(localDateAt(instant, 60)).toBe('2026-11-21');
    expect(localDateAt(instant, 120)).toBe('2026-11-22');
    expect(localDateAt(instant, -300)).toBe('2026-11-21');
    expect(localDateAt(new Date('2026-11-21T03:00:00Z'), -300)).toBe('2026-11-20');
  });

  it('formatOffset writes ±HH:MM', () => {
    expect(formatOffset(0)).toBe('+00:00');
    expect(formatOffset(60)).toBe('+01:00');
    expect(formatOffset(330)).toBe('+05:30');
    expect(formatOffset(-210)).toBe('-03:30');
    expect(formatOffset(-600)).toBe('-10:00');
  });

  it('isoWithOffset and localDateTimeAt shift a stored instant by arithmetic exactly as through Date, across days, months, years and leap days', () => {
    const byDate = (iso: string, offset: number) => new Date(Date.parse(iso) + offset * 60_000).toISOString().slice(0, 19);
    for (const [iso, offset] of [
      ['2023-12-31T23:30:00.000Z', 60], ['2024-01-01T00:10:00.000Z', -11], ['2024-02-28T22:00:00.000Z', 180], ['2023-02-28T22:00:00.000Z', 180],
      ['2024-03-01T01:00:00.000Z', -120], ['2100-03-01T00:00:00.000Z', -1], ['2000-02-29T23:59:59.999Z', 1], ['9999-12-31T23:00:00.000Z', 59],
      ['9999-12-31T23:00:00.000Z', 60], ['0001-01-01T00:00:00.000Z', -1], ['2026-06-30T23:45:00.000Z', 14 * 60], ['2026-07-01T00:15:00.000Z', -12 * 60],
    ] as const) {
      expect(isoWithOffset(iso, offset).slice(0, 19), `${iso} ${offset}`).toBe(byDate(iso, offset));
    }
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01Z'), max: new Date('9999-12-30Z'), noInvalidDate: true }),
        fc.integer({ min: -1439, max: 1439 }),
        (d, offset) => {
          const shifted = byDate(d.toISOString(), offset);
          expect(isoWithOffset(d.toISOString(), offset)).toBe(`${shifted}${formatOffset(offset)}`);
          expect(localDateTimeAt(d.toISOString(), offset)).toBe(`${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`);
        },
      ),
      { numRuns: 2000 },
    );
    // Not in the stored shape, or a field out of range (a row written by hand): read through Date, as before.
    expect(isoWithOffset('2026-11-21T22:30:00Z', 60)).toBe('2026-11-21T23:30:00+01:00');
    expect(isoWithOffset('2023-02-29T12:00:00.000Z', 60)).toBe('2023-03-01T13:00:00+01:00');
    for (const bad of ['2026-13-01T10:00:00.000Z', '2026-01-01T25:00:00.000Z', '2026-01-01T10:60:00.000Z', '2026-01-01T23:59:60.000Z']) {
      expect(() => isoWithOffset(bad, 60), bad).toThrow(RangeError);
    }
  });

  it('isoWithOffset shows the local wall time with its offset and denotes the same instant', () => {
    expect(isoWithOffset('2026-11-21T22:30:00.000Z', 60)).toBe('2026-11-21T23:30:00+01:00');
    expect(isoWithOffset('2026-11-21T22:30:00.000Z', 0)).toBe('2026-11-21T22:30:00+00:00');
    expect(isoWithOffset('2026-11-21T02:15:00.000Z', -330)).toBe('2026-11-20T20:45:00-05:30');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01Z'), max: new Date('2090-01-01Z'), noInvalidDate: true }),
        fc.integer({ min: -720, max: 840 }),
        (d, offset) => {
          const iso = isoWithOffset(d.toISOString(), offset);
          expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
          expect(Date.parse(iso)).toBe(Math.floor(d.getTime() / 1000) * 1000);
        },
      ),
    );
  });

  it('localDateTimeAt gives "YYYY-MM-DD HH:MM" at the offset', () => {
    expect(localDateTimeAt('2026-11-21T22:30:00.000Z', 60)).toBe('2026-11-21 23:30');
  });

  it('daysBetween and addDays count calendar days, across DST', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-11-21', '2026-11-14')).toBe(-7);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('dayNumber counts days since 1970-01-01 the way daysBetween does, for every valid day of years 1 to 9999', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2000-03-01') - dayNumber('2000-02-28')).toBe(2); // 2000 was a leap year
    expect(dayNumber('1900-03-01') - dayNumber('1900-02-28')).toBe(1); // 1900 was not
    const day = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(fc.property(day, day, (a, b) => {
      expect(dayNumber(b) - dayNumber(a)).toBe(daysBetween(a, b));
      expect(dayNumber(a)).toBe(daysBetween('1970-01-01', a));
    }), { numRuns: 2000 });
  });

  it('isValidDay accepts real days only', () => {
    expect(isValidDay('2028-02-29')).toBe(true);
    expect(isValidDay('2026-02-29')).toBe(false);
    expect(isValidDay('2026-1-01')).toBe(false);
    expect(isValidDay('yesterday')).toBe(false);
  });
});

describe('entries: JSON shape', () => {
  const entry: Entry = {
    id: '2450b158-91d1-49a1-9f5c-50b79831cd48',
    createdAt: '2026-11-21T22:30:00.000Z',
    utcOffset: 60,
    localDate: '2026-11-21',
    kind: 'checkin',
    pack: null,
    private: true,
    starred: false,
    text: 'a note',
    metrics: { sleep: 7.5, custom: 1, mood: 6 },
    practices: ['meditation'],
    tags: ['family', 'work'],
  };

  it('has exactly the documented keys, in order, with the local offset in createdAt', () => {
    const json = entryToJson(entry);
    expect(Object.keys(json)).toEqual(['id', 'createdAt', 'kind', 'pack', 'metrics', 'practices', 'tags', 'text', 'private', 'starred']);
    expect(json).toEqual({
      id: entry.id,
      createdAt: '2026-11-21T23:30:00+01:00',
      kind: 'checkin',
      pack: null,
      metrics: { mood: 6, sleep: 7.5, custom: 1 },
      practices: ['meditation'],
      tags: ['family', 'work'],
      text: 'a note',
      private: true,
      starred: false,
    });
  });

  it('orders metrics core-first', () => {
    expect(Object.keys(entryToJson(entry).metrics)).toEqual(['mood', 'sleep', 'custom']);
  });

  it('copies arrays so the JSON cannot change the entry', () => {
    const json = entryToJson(entry);
    json.tags.push('changed');
    json.practices.length = 0;
    expect(entry.tags).toEqual(['family', 'work']);
    expect(entry.practices).toEqual(['meditation']);
  });

  it('shortId is the first 8 characters', () => {
    expect(shortId(entry.id)).toBe('2450b158');
  });
});
