// Pure pieces of import and export: CSV fields and the formula guard, HTML
// and Day One text clean-up, time zones, stable ids, and each importer's
// parse() on the fixtures (no database involved).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { csvField, EXPORTERS, EXPORT_FORMAT_VERSION } from '../../src/formats/export.js';
import { stableId, type ImportBatch } from '../../src/formats/import.js';
import { DAYLIO_DEFAULT_MOODS, daylioImporter, htmlToText } from '../../src/formats/importers/daylio.js';
import { dayOneImporter, dayOneText, offsetInZone } from '../../src/formats/importers/dayone.js';
import { IMPORTERS } from '../../src/formats/importers/index.js';
import { jrnlImporter } from '../../src/formats/importers/jrnl.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'import');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const NOW = new Date('2026-11-21T10:00:00Z');
const noMap = { moodMap: new Map<string, number>() };

async function parseError(promise: Promise<unknown>): Promise<UsageError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected the parse to fail');
}

/** The parts of a parsed entry the tests care about, with the wall-clock time at its own offset. */
function summary(batch: ImportBatch) {
  return batch.entries.map(({ entry: e }) => {
    const local = new Date(Date.parse(e.createdAt) + e.utcOffset * 60_000).toISOString();
    return { local: `${local.slice(0, 10)} ${local.slice(11, 16)}`, offset: e.utcOffset, localDate: e.localDate, text: e.text, tags: e.tags, starred: e.starred, metrics: e.metrics, practices: e.practices, kind: e.kind };
  });
}

describe('csvField (RFC 4180 and the formula guard)', () => {
  it('leaves plain text, UTF-8 and inner formula characters alone', () => {
    expect(csvField('')).toBe('');
    expect(csvField('calm day')).toBe('calm day');
    expect(csvField('Grüße, ☀️')).toBe('"Grüße, ☀️"');
    expect(csvField('Grüße ☀️ 日本')).toBe('Grüße ☀️ 日本');
    expect(csvField('a=b+c-d@e')).toBe('a=b+c-d@e');
    expect(csvField('7.5')).toBe('7.5');
  });

  it('quotes fields with a comma, a double quote, CR or LF, doubling inner quotes', () => {
    expect(csvField('one, two')).toBe('"one, two"');
    expect(csvField('she said "breathe"')).toBe('"she said ""breathe"""');
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
    expect(csvField('line one\r\nline two')).toBe('"line one\r\nline two"');
    expect(csvField('"')).toBe('""""');
  });

  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tindent', "'\tindent"],
  ])('prefixes %j with a quote mark', (input, output) => {
    expect(csvField(input)).toBe(output);
  });

  it('guards first, then quotes: the mark sits inside the quotes', () => {
    expect(csvField('\rhidden')).toBe(`"'\rhidden"`);
    expect(csvField('=HYPERLINK("http://x", "y")')).toBe(`"'=HYPERLINK(""http://x"", ""y"")"`);
    expect(csvField('-2, then -3')).toBe(`"'-2, then -3"`);
  });
});

describe('exporter and importer registries', () => {
  it('has json, csv and md exporters with their extensions, and format version 1', () => {
    expect([...EXPORTERS.keys()]).toEqual(['json', 'csv', 'md']);
    expect([...EXPORTERS.values()].map((e) => e.extension)).toEqual(['json', 'csv', 'md']);
    expect(EXPORT_FORMAT_VERSION).toBe(1);
  });

  it('has integrate, jrnl, daylio and dayone importers', () => {
    expect([...IMPORTERS.keys()]).toEqual(['integrate', 'jrnl', 'daylio', 'dayone']);
  });
});

describe('htmlToText (Daylio notes)', () => {
  it('turns line breaks and paragraphs into newlines and drops other tags', () => {
    expect(htmlToText('one<br>two<br/>three<BR />four')).toBe('one\ntwo\nthree\nfour');
    expect(htmlToText('<p>first</p><p>second</p>')).toBe('first\nsecond');
    expect(htmlToText('<b>bold</b> and <i>italic</i> and <span style="x">span</span>')).toBe('bold and italic and span');
    expect(htmlToText('<ul><li>tea</li><li>walk</li></ul>')).toBe('tea\nwalk');
  });

  it('decodes named and numeric entities, keeping unknown ones as they are', () => {
    expect(htmlToText('Coffee &amp; a walk')).toBe('Coffee & a walk');
    expect(htmlToText('&lt;3 &gt; &quot;q&quot; &apos;a&#39;')).toBe('<3 > "q" \'a\'');
    expect(htmlToText('&#10084; &#x2764; caf&eacute;')).toBe('❤ ❤ caf&eacute;');
    expect(htmlToText('a&nbsp;b')).toBe('a b');
  });

  it('decodes entities after removing tags, so an escaped tag stays as text', () => {
    expect(htmlToText('&lt;br&gt; is how Daylio writes a break')).toBe('<br> is how Daylio writes a break');
  });

  it('trims, strips trailing spaces before newlines and keeps at most one blank line', () => {
    expect(htmlToText('  a  <br>b<br><br><br><br>c  ')).toBe('a\nb\n\nc');
  });
});

describe('dayOneText', () => {
  it('undoes the backslash escapes Day One puts before Markdown punctuation', () => {
    expect(dayOneText('Session 3 debrief\\. Warm \\- almost too warm\\!')).toBe('Session 3 debrief. Warm - almost too warm!');
    expect(dayOneText('\\(1\\) \\[a\\] \\{b\\} \\#1 \\*x\\* \\_y\\_ \\+ \\> \\< \\| \\~ \\`')).toBe('(1) [a] {b} #1 *x* _y_ + > < | ~ `');
  });

  it('keeps a literal backslash (written as two) as one, and other backslashes as they are', () => {
    expect(dayOneText('C:\\\\Users')).toBe('C:\\Users');
    expect(dayOneText('a \\n b')).toBe('a \\n b');
  });

  it('turns photo links into [photo]', () => {
    expect(dayOneText('before\n\n![](dayone-moment://0F4B5C4E6A2B4C8D9E1F2A3B4C5D6E7F)\n\nafter')).toBe('before\n\n[photo]\n\nafter');
    expect(dayOneText('![](dayone-moment://AAA)![](dayone-moment://BBB)')).toBe('[photo][photo]');
  });
});

describe('offsetInZone', () => {
  it('gives minutes east of UTC at that instant, following daylight saving time', () => {
    expect(offsetInZone(new Date('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(60);
    expect(offsetInZone(new Date('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(offsetInZone(new Date('2026-02-10T03:15:00Z'), 'America/Los_Angeles')).toBe(-480);
    expect(offsetInZone(new Date('2026-07-15T12:00:00Z'), 'America/Los_Angeles')).toBe(-420);
    expect(offsetInZone(new Date('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(offsetInZone(new Date('2026-07-15T12:00:00Z'), 'UTC')).toBe(0);
    expect(offsetInZone(new Date('2026-07-15T12:00:00Z'), 'Europe/London')).toBe(60);
  });

  it('changes exactly at the switch: Berlin 2026-03-29 01:00 UTC', () => {
    expect(offsetInZone(new Date('2026-03-29T00:59:59Z'), 'Europe/Berlin')).toBe(60);
    expect(offsetInZone(new Date('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(120);
  });

  it('is undefined for an unknown zone', () => {
    expect(offsetInZone(new Date('2026-07-15T12:00:00Z'), 'Mars/Olympus_Mons')).toBeUndefined();
  });
});

describe('stableId', () => {
  it('is UUID-shaped (version 5 layout), lower case', () => {
    expect(stableId('jrnl', '2026-03-02 18:45', 'text')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is the same for the same input and different for any change', () => {
    const a = stableId('jrnl', '2026-03-02 18:45', 'text');
    expect(stableId('jrnl', '2026-03-02 18:45', 'text')).toBe(a);
    expect(stableId('daylio', '2026-03-02 18:45', 'text')).not.toBe(a);
    expect(stableId('jrnl', '2026-03-02 18:46', 'text')).not.toBe(a);
    expect(stableId('jrnl', '2026-03-02 18:45', 'text.')).not.toBe(a);
  });

  it('derives the ids earlier versions derived, so files imported before are still recognised', () => {
    // Pinned from the Hash-object implementation; the one-shot digest must give the same, non-ASCII text included.
    expect(stableId('jrnl', '2026-03-02 18:45', 'text')).toBe('1f80d17e-f482-5ad4-adfa-f4372432d272');
    expect(stableId('daylio', '2021-05-01 08:15', 'Grief, rain — “quoted” 🌊 ü')).toBe('5c16a0f9-9655-5555-b380-72c90300fa71');
  });

  it('keeps the parts apart: ("ab", "c") is not ("a", "bc")', () => {
    expect(stableId('x', 'ab', 'c')).not.toBe(stableId('x', 'a', 'bc'));
  });
});

describe('Daylio moods', () => {
  it('maps the five default moods to 10, 8, 5, 3, 1', () => {
    expect(Object.fromEntries(DAYLIO_DEFAULT_MOODS)).toEqual({ rad: 10, good: 8, meh: 5, bad: 3, awful: 1 });
  });
});

describe('jrnl parse', () => {
  it('reads local wall-clock times, joins title and body, drops the tag symbol', async () => {
    const batch = await jrnlImporter.parse(fixture('jrnl.json'), noMap, NOW);
    expect(summary(batch)).toEqual([
      { local: '2026-03-02 18:45', offset: 60, localDate: '2026-03-02', kind: 'journal', starred: false, metrics: {}, practices: [], tags: ['work'],
        text: 'First day back at work after the session. Felt lighter than expected. Lunch with the @work crowd, then walked home the long way.' },
      { local: '2026-03-14 21:05', offset: 60, localDate: '2026-03-14', kind: 'journal', starred: true, metrics: {}, practices: [], tags: ['family', 'grief'],
        text: "Called my sister. We talked about grandmother's kitchen for an hour, the yellow tiles and the radio. @family @grief" },
      { local: '2026-07-01 07:30', offset: 120, localDate: '2026-07-01', kind: 'journal', starred: false, metrics: {}, practices: [], tags: [],
        text: 'Early swim before the heat.' },
      { local: '2026-07-05 23:50', offset: 120, localDate: '2026-07-05', kind: 'journal', starred: false, metrics: {}, practices: [], tags: ['family'],
        text: 'Picnic with @family at the lake. Nobody argued.\nI noticed I was breathing slower all afternoon.' },
    ]);
    expect(batch.entries[0]!.entry.createdAt).toBe('2026-03-02T17:45:00.000Z');
    expect(batch.entries[2]!.entry.createdAt).toBe('2026-07-01T05:30:00.000Z');
    expect(batch.warnings).toEqual([]);
  });

  it('names the entry and the field of the first invalid record', async () => {
    const err = await parseError(jrnlImporter.parse(fixture('jrnl-malformed.json'), noMap, NOW));
    expect(err.message).toMatch(/^entry 2: field "time" must be HH:MM; got "quarter past nine"\. Nothing was imported\.$/);
  });

  it.each([
    ['not JSON', '{"entries": [', /^the file: is not valid JSON/],
    ['no entries', '{"tags": {}}', /^the file: has no "entries" list/],
    ['an impossible date', '{"entries": [{"title": "x", "date": "2026-02-30", "time": "09:00"}]}', /^entry 1: field "date" 2026-02-30 09:00 is not a real date \(February 2026 has 28 days\)/],
    ['a title that is not text', '{"entries": [{"title": 3, "date": "2026-02-03", "time": "09:00"}]}', /^entry 1: field "title" must be text/],
    ['tags that are not a list', '{"entries": [{"title": "x", "date": "2026-02-03", "time": "09:00", "tags": "@a"}]}', /^entry 1: field "tags" must be a list/],
  ])('rejects %s', async (_name, text, message) => {
    const err = await parseError(jrnlImporter.parse(Buffer.from(text), noMap, NOW));
    expect(err.message).toMatch(message);
  });
});

describe('Daylio parse', () => {
  const soSo = { moodMap: new Map([['so-so', 4]]) };

  it('reads the new layout with a BOM: 12- and 24-hour times, HTML notes with titles, activities split into practices and tags', async () => {
    const batch = await daylioImporter.parse(fixture('daylio.csv'), soSo, NOW);
    expect(summary(batch)).toEqual([
      { local: '2026-03-15 21:40', offset: 60, localDate: '2026-03-15', kind: 'checkin', starred: false, metrics: { mood: 4 }, practices: ['meditation'], tags: ['family', 'reading'], text: '' },
      { local: '2026-03-15 08:05', offset: 60, localDate: '2026-03-15', kind: 'checkin', starred: false, metrics: { mood: 8 }, practices: ['nature', 'yoga'], tags: [], text: 'Morning\n\nSlept well\nCoffee & a walk by the river' },
      { local: '2026-03-14 22:00', offset: 60, localDate: '2026-03-14', kind: 'checkin', starred: false, metrics: { mood: 1 }, practices: [], tags: [],
        text: 'Hard evening\n\nThought about the session, the music, the room\nand then\nit all came back & I cried. She said "breathe" and I did.' },
      { local: '2026-03-13 12:30', offset: 60, localDate: '2026-03-13', kind: 'checkin', starred: false, metrics: { mood: 10 }, practices: ['breathwork'], tags: ['friends'], text: '' },
      { local: '2026-03-12 00:05', offset: 60, localDate: '2026-03-12', kind: 'checkin', starred: false, metrics: { mood: 5 }, practices: [], tags: [], text: "Couldn't sleep" },
    ]);
  });

  it('reads the old layout without note_title or BOM', async () => {
    const batch = await daylioImporter.parse(fixture('daylio-old.csv'), noMap, NOW);
    expect(summary(batch).map((e) => [e.local, e.metrics, e.practices, e.tags, e.text])).toEqual([
      ['2025-12-31 23:50', { mood: 10 }, ['music'], ['friends'], "New year's eve, calm for once"],
      ['2025-12-30 09:15', { mood: 3 }, [], ['bad-sleep', 'work'], ''],
      ['2025-12-29 14:58', { mood: 5 }, [], [], 'Could be better'],
    ]);
  });

  it('finds columns by their header names, in any order', async () => {
    const csv = 'note,mood,time,activities,full_date,scales\n"hello",good,7:00 pm,walk,2026-05-01,\n';
    const batch = await daylioImporter.parse(Buffer.from(csv), noMap, NOW);
    expect(summary(batch)).toEqual([
      { local: '2026-05-01 19:00', offset: 120, localDate: '2026-05-01', kind: 'checkin', starred: false, metrics: { mood: 8 }, practices: [], tags: ['walk'], text: 'hello' },
    ]);
  });

  it('stops on a custom mood without --mood-map, listing every unknown label once', async () => {
    const err = await parseError(daylioImporter.parse(fixture('daylio.csv'), noMap, NOW));
    expect(err.message).toContain('"so-so"');
    expect(err.message).toContain('--mood-map "so-so=6"');
    expect(err.message.match(/so-so/g)).toHaveLength(2);
    expect(err.message).toContain('Nothing was imported');
  });

  it('lets --mood-map override a default mood too', async () => {
    const batch = await daylioImporter.parse(fixture('daylio-old.csv'), { moodMap: new Map([['rad', 9]]) }, NOW);
    expect(batch.entries[0]!.entry.metrics).toEqual({ mood: 9 });
  });

  it('names the file line (counting lines inside quoted notes) and the field', async () => {
    const err = await parseError(daylioImporter.parse(fixture('daylio-malformed.csv'), noMap, NOW));
    // Line 2-3 hold one record whose note spans two lines; the bad time is on line 4.
    expect(err.message).toMatch(/^line 4: field "time" must look like "10:00 pm" or "18:52"; got "half past nine"\. Nothing was imported\.$/);
  });

  it('counts lines the same way in a file with CRLF line ends and blank lines', async () => {
    const csv = 'full_date,time,mood,note\r\n2026-03-15,9:00 pm,good,"one\r\ntwo"\r\n\r\n2026-03-14,9:00 pm,meh,""\r\n2026-02-30,9:00 pm,meh,""\r\n';
    const err = await parseError(daylioImporter.parse(Buffer.from(csv), noMap, NOW));
    expect(err.message).toMatch(/^line 6: field "full_date" 2026-02-30 21:00 is not a real date/);
  });

  it.each([
    ['a header without mood', 'full_date,time,note\n2026-03-15,9:00 pm,x\n', /^the header: has no "mood" column/],
    ['a bad date', 'full_date,time,mood\n15.03.2026,9:00 pm,good\n', /^line 2: field "full_date" must be YYYY-MM-DD; got "15\.03\.2026"/],
    ['13 pm', 'full_date,time,mood\n2026-03-15,13:00 pm,good\n', /^line 2: field "time"/],
    ['24:00', 'full_date,time,mood\n2026-03-15,24:00,good\n', /^line 2: field "time"/],
    ['an unclosed quote', 'full_date,time,mood,note\n2026-03-15,9:00 pm,good,"open\n', /^the file: is not valid CSV/],
  ])('rejects %s', async (_name, text, message) => {
    const err = await parseError(daylioImporter.parse(Buffer.from(text), noMap, NOW));
    expect(err.message).toMatch(message);
  });
});

describe('Day One parse', () => {
  it('keeps each entry in its own time zone, unescapes the text, turns photos into [photo]', async () => {
    const batch = await dayOneImporter.parse(fixture('dayone.json'), noMap, NOW);
    expect(summary(batch)).toEqual([
      { local: '2026-02-09 19:15', offset: -480, localDate: '2026-02-09', kind: 'journal', starred: true, metrics: {}, practices: [], tags: ['integration', 'therapy-notes'],
        text: 'Session 3 debrief. The room felt warm - almost too warm!\n\n[photo]\n\nThings to bring up: (1) the music, (2) my #1 fear. Costs nothing, file_name_here.' },
      { local: '2026-07-04 12:00', offset: 120, localDate: '2026-07-04', kind: 'journal', starred: false, metrics: {}, practices: [], tags: [],
        text: 'A quiet morning in the garden.\n- tomatoes\n- basil' },
      { local: '2026-11-02 08:30', offset: 540, localDate: '2026-11-02', kind: 'journal', starred: false, metrics: {}, practices: [], tags: ['travel'],
        text: 'Landed. Jet lag, but calm.\n\n[photo]' },
    ]);
    expect(batch.entries[0]!.entry.createdAt).toBe('2026-02-10T03:15:00.000Z');
    // The id comes from Day One's uuid, so an edited entry is still recognised.
    expect(batch.entries[0]!.entry.id).toBe(stableId('dayone', '5A1B2C3D4E5F60718293A4B5C6D7E8F9'));
  });

  it('uses this computer\'s zone, with a warning, for an unknown time zone', async () => {
    const json = JSON.stringify({ metadata: { version: '1.0' }, entries: [{ uuid: 'AB', creationDate: '2026-07-04T10:00:00Z', timeZone: 'Nowhere/Special', text: 'x' }] });
    const batch = await dayOneImporter.parse(Buffer.from(json), noMap, NOW);
    expect(batch.entries[0]!.entry.utcOffset).toBe(120);
    expect(batch.warnings).toEqual(['entry 1 (AB): unknown time zone "Nowhere/Special"; used this computer\'s']);
  });

  it('names the entry (with its uuid) and the field of the first invalid record', async () => {
    const err = await parseError(dayOneImporter.parse(fixture('dayone-malformed.json'), noMap, NOW));
    expect(err.message).toBe('entry 2 (9F8E7D6C5B4A39281706F5E4D3C2B1A0): field "creationDate" must be an ISO 8601 date-time with a zone, e.g. 2026-11-21T10:15:00+01:00; got "last tuesday". Nothing was imported.');
  });

  it.each([
    ['not JSON', '{"metadata":', /^the file: is not valid JSON/],
    ['no entries', '{"metadata": {"version": "1.0"}}', /^the file: has no "entries" list/],
    ['text that is not text', '{"entries": [{"creationDate": "2026-07-04T10:00:00Z", "text": 5}]}', /^entry 1: field "text" must be text/],
    ['tags that are not text', '{"entries": [{"creationDate": "2026-07-04T10:00:00Z", "tags": [1]}]}', /^entry 1: field "tags" must be a list of text/],
  ])('rejects %s', async (_name, text, message) => {
    const err = await parseError(dayOneImporter.parse(Buffer.from(text), noMap, NOW));
    expect(err.message).toMatch(message);
  });
});
