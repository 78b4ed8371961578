// The streaming pieces of import, without a database: the JSON and CSV
// readers (the same records whatever the chunk boundaries), the UTF-8 text
// source (integrate's own CSV export refused), Daylio's older layout and its
// scales, and the one-pass anchor scan the safety reader uses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiteralScan } from '../../src/domain/literal-scan.js';
import { UsageError } from '../../src/errors.js';
import { EXPORTERS } from '../../src/formats/export.js';
import { fileText, type ImportBatch } from '../../src/formats/import.js';
import { daylioImporter, parseDayMonth, parseScales, scaleMetric } from '../../src/formats/importers/daylio.js';
import { IMPORTERS } from '../../src/formats/importers/index.js';
import { CsvSyntaxError, readCsv } from '../../src/formats/read-csv.js';
import { JsonSyntaxError, readJsonDocument } from '../../src/formats/read-json.js';
import { Store } from '../../src/store/index.js';
import { openMemoryDatabase } from '../../src/store/open.js';
import { runs } from '../helpers/runs.js';

const noMap = { moodMap: new Map<string, number>() };
const NOW = new Date('2026-11-21T10:00:00Z');

/** The text cut into pieces of `size` characters (1: every boundary there is). */
const pieces = (text: string, size: number) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

function readAll(chunks: Iterable<string>, lists = new Set(['entries'])) {
  const got: unknown[] = [];
  const isObject = readJsonDocument(chunks, lists, {
    element: (key, value, index) => got.push(['element', key, index, value]),
    field: (key, value) => got.push(['field', key, value]),
    list: (key) => got.push(['list', key]),
  });
  return { isObject, got };
}

describe('readJsonDocument', () => {
  const doc = '{\n  "format": "integrate", "version": 1,\n  "entries": [\n    {"text": "a \\"quoted\\" \\\\ word", "n": [1, {"x": "]}"}]},\n    {"text": "ü…", "n": -1.5e3}\n  ],\n  "sessions": [], "other": {"entries": [1]}\n}\n';

  it('hands over each list element and every other field, the same for any chunk boundaries', () => {
    const whole = readAll([doc], new Set(['entries', 'sessions']));
    expect(whole).toEqual({
      isObject: true,
      got: [
        ['field', 'format', 'integrate'], ['field', 'version', 1], ['list', 'entries'],
        ['element', 'entries', 0, { text: 'a "quoted" \\ word', n: [1, { x: ']}' }] }],
        ['element', 'entries', 1, { text: 'ü…', n: -1500 }],
        ['list', 'sessions'], ['field', 'other', { entries: [1] }],
      ],
    });
    for (const size of [1, 2, 3, 7, 64]) expect(readAll(pieces(doc, size), new Set(['entries', 'sessions']))).toEqual(whole);
  });

  it('hands a "__proto__" field over as a field like any other (its value read whole, never as a prototype)', () => {
    const r = readAll(pieces('{"__proto__": {"format": "x"}, "entries": [{"__proto__": 1}]}', 3));
    expect(r.isObject).toBe(true);
    expect(JSON.stringify(r.got)).toBe(JSON.stringify([['field', '__proto__', { format: 'x' }], ['list', 'entries'], ['element', 'entries', 0, JSON.parse('{"__proto__": 1}')]]));
  });

  it('reads any JSON value whole, and says when the document is not an object', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 9 }), (value, size) => {
      const text = JSON.stringify(value, null, size % 3);
      const r = readAll(pieces(text, size));
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        expect(r.isObject).toBe(true);
        // No prototype: fc.jsonValue makes "__proto__" keys, which on a plain object would set the prototype.
        const rebuilt: Record<string, unknown> = Object.create(null);
        for (const g of r.got as [string, string, ...unknown[]][]) {
          if (g[0] === 'field') rebuilt[g[1]] = g[2];
          else if (g[0] === 'list') rebuilt[g[1]] = [];
          else (rebuilt[g[1]] as unknown[]).push(g[3]);
        }
        expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(JSON.parse(text)));
      } else expect(r).toEqual({ isObject: false, got: [] });
    }), { numRuns: runs(400) });
  });

  it('reads a list laid out one element per line (as integrate exports it) as the whole document, whatever the line ends, spaces and chunks', () => {
    const element = fc.oneof(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), fc.array(fc.jsonValue(), { maxLength: 4 }), fc.jsonValue());
    const lineEnd = fc.constantFrom('\n', '\r\n', ' \n', '\t\r\n');
    fc.assert(fc.property(fc.array(element, { maxLength: 12 }), lineEnd, fc.constantFrom(',', ' ,', ', '), fc.integer({ min: 1, max: 40 }), fc.boolean(),
      (elements, eol, comma, size, closeOnLastLine) => {
        const lines = elements.map((e) => JSON.stringify(e));
        const text = `{"format": "integrate",${eol}"entries": [${eol}${lines.join(`${comma}${eol}`)}${closeOnLastLine ? ']' : `${eol}]`}${eol}, "after": {"entries": [1]}${eol}}${eol}`;
        const r = readAll(pieces(text, size));
        expect(r.isObject).toBe(true);
        const got = (r.got as [string, ...unknown[]][]).filter((g) => g[0] === 'element').map((g) => JSON.stringify(g[3]));
        expect(got).toEqual(lines);
        expect(r.got.at(-1)).toEqual(['field', 'after', { entries: [1] }]);
      }), { numRuns: runs(300) });
  });

  it('names the line of a broken element in a list laid out one per line, and reads a second element on a line whole', () => {
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: i, text: `a day {with} [brackets] ${i}` }));
    const twoOnALine = `{"entries": [\n${lines.slice(0, 10).join(',\n')},\n${lines[10]}, ${lines[11]},\n${lines.slice(12).join(',\n')}\n]}`;
    expect((readAll([twoOnALine]).got as unknown[][]).filter((g) => g[0] === 'element').map((g) => (g[3] as { id: number }).id)).toEqual(lines.map((_, i) => i));
    const broken = `{"entries": [\n${lines.slice(0, 20).join(',\n')},\n{"id": 20, "text": tru},\n${lines.slice(21).join(',\n')}\n]}`;
    expect(() => readAll(pieces(broken, 64))).toThrow(/^line 22: /);
    const noComma = `{"entries": [\n${lines.slice(0, 5).join(',\n')}\n${lines[5]}\n]}`;
    expect(() => readAll([noComma])).toThrow(/^line 7: expected "," or "\]" in the "entries" list, found "\{"/);
  });

  it.each([
    ['a document cut off in a list', '{"entries": [{"a": 1},', /^line 1: the text ends/],
    ['a missing comma between elements', '{"entries": [\n{"a": 1}\n{"a": 2}]}', /^line 3: expected "," or "\]" in the "entries" list, found "\{"/],
    ['a broken element', '{"entries": [\n\n{"a": tru}]}', /^line 3: /],
    ['text after the end', '{"entries": []} x', /^line 1: unexpected text after the end/],
    ['an unquoted key', '{entries: []}', /^line 1: expected a field name/],
    ['nothing at all', '', /^line 1: the text ends where a value should be/],
  ])('says where %s is not JSON', (_name, text, message) => {
    expect(() => readAll(pieces(text, 5))).toThrow(JsonSyntaxError);
    expect(() => readAll([text])).toThrow(message);
  });
});

describe('readCsv', () => {
  const csv = 'a,b,c\r\n"x, y","line one\r\nline two",""\r\n\r\n\nplain,"say ""hi""",\nlast,row\rcr,only\n';

  it('reads quoted fields, doubled quotes, CRLF, LF and CR line ends and skips blank lines, naming each record\'s first line', () => {
    const records = [...readCsv([csv])];
    expect(records).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['x, y', 'line one\r\nline two', ''], line: 2 },
      { fields: ['plain', 'say "hi"', ''], line: 6 },
      { fields: ['last', 'row'], line: 7 },
      { fields: ['cr', 'only'], line: 8 },
    ]);
    for (const size of [1, 2, 3, 5, 16]) expect([...readCsv(pieces(csv, size))]).toEqual(records);
  });

  it('reads what a CSV writer wrote, whatever the chunk boundaries', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', ',', '"', '\n', '\r\n', ' ', '|'), maxLength: 8 });
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 6 }), fc.integer({ min: 1, max: 7 }), (rows, size) => {
      // A record of one empty field is a blank line, which the reader skips (as Daylio's importer always did).
      const kept = rows.filter((r) => !(r.length === 1 && r[0] === ''));
      const text = kept.map((r) => r.map((c) => (/[",\r\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n');
      expect([...readCsv(pieces(text, size))].map((r) => r.fields)).toEqual(kept);
    }), { numRuns: runs(400) });
  });

  it.each([
    ['an unclosed quote', 'a,b\n1,"open\n', /^line 2: a quoted field is not closed/],
    ['a quote inside a plain field', 'a,b\n1,x"y\n', /^line 2: a quote inside a field/],
    ['text after a closing quote', 'a\n"x"y\n', /^line 2: a quoted field must be followed by/],
  ])('refuses %s, naming the line', (_name, text, message) => {
    expect(() => [...readCsv([text])]).toThrow(CsvSyntaxError);
    expect(() => [...readCsv(pieces(text, 1))]).toThrow(message);
  });
});

describe('fileText', () => {
  const decode = (chunks: Buffer[]) => [...fileText(chunks)].join('');

  it('decodes UTF-8 split anywhere (even inside a character) and drops a byte-order mark', () => {
    const bytes = Buffer.from('\uFEFFhé… 🌊 done', 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) expect(decode([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe('hé… 🌊 done');
  });

  it('refuses bytes that are not UTF-8, even when the bad byte is in a later chunk', () => {
    expect(() => decode([Buffer.from('fine so far '), Buffer.from([0xff, 0x41])])).toThrow(/^the file: is not UTF-8 text/);
  });

  it("refuses integrate's own CSV export, for every --from, saying CSV is for spreadsheets and naming the JSON export", async () => {
    const store = new Store(openMemoryDatabase(), ':memory:');
    store.entries.insert({
      id: '0f0f0f0f-0000-4000-8000-000000000000', createdAt: '2026-11-20T09:00:00.000Z', utcOffset: 60, localDate: '2026-11-20',
      kind: 'checkin', pack: null, private: false, starred: false, text: 'a day', metrics: { mood: 5 }, practices: [], tags: [],
    });
    let csv = '';
    await EXPORTERS.get('csv')!.write(store, {}, (s: string) => void (csv += s), NOW.toISOString());
    store.close();
    expect(csv).toMatch(/^id,date,time,utc_offset,kind,pack,/);
    for (const [name, importer] of IMPORTERS) {
      const err = await importer.parse(Buffer.from(csv), noMap).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(UsageError);
      expect((err as Error).message).toBe("the file: is integrate's CSV export, which is made for spreadsheets and cannot be imported; to move your journal, use integrate export --format json and import that file. Nothing was imported.");
    }
  });
});

describe('Daylio: the older layout and scales', () => {
  const summary = (batch: ImportBatch) => batch.entries.map(({ entry: e }) => [e.localDate, e.createdAt, e.metrics, e.tags, e.text]);

  it.each([
    ['28 September', [9, 28]], ['September 28', [9, 28]], ['1 Jan', [1, 1]], ['31. dec', [12, 31]], ['may 5', [5, 5]],
    ['28 Septembre', undefined], ['28', undefined], ['September', undefined], ['2018-09-28', undefined], ['28 Ma', undefined],
  ] as const)('reads the date %j', (raw, expected) => {
    expect(parseDayMonth(raw)).toEqual(expected);
  });

  it('reads year,date,weekday,time,mood,activities,note as the current layout, with the same ids', async () => {
    const older = 'year,date,weekday,time,mood,activities,note\n2018,18 May,Friday,11:54 pm,good,"walk | work","Went to a party"\n2018,28 September,Friday,9:05 am,awful,"",""\n';
    const current = 'full_date,date,weekday,time,mood,activities,note_title,note\n2018-05-18,May 18,Friday,11:54 pm,good,"walk | work","","Went to a party"\n2018-09-28,September 28,Friday,9:05 am,awful,"","",""\n';
    const a = await daylioImporter.parse(Buffer.from(older), noMap);
    const b = await daylioImporter.parse(Buffer.from(current), noMap);
    expect(summary(a)).toEqual([
      ['2018-05-18', '2018-05-18T21:54:00.000Z', { mood: 8 }, ['walk', 'work'], 'Went to a party'],
      ['2018-09-28', '2018-09-28T07:05:00.000Z', { mood: 1 }, [], ''],
    ]);
    expect(a.entries.map((e) => e.entry.id)).toEqual(b.entries.map((e) => e.entry.id));
  });

  it.each([
    ['a date without a month name', 'year,date,time,mood\n2018,28/09,9:00 pm,good\n', /^line 2: field "date" must be a day and an English month name such as "28 September"; got "28\/09"/],
    ['a day the month does not have', 'year,date,time,mood\n2018,31 September,9:00 pm,good\n', /^line 2: field "date" 2018-09-31 21:00 is not a real date/],
    ['a year that is not one', 'year,date,time,mood\n18,28 September,9:00 pm,good\n', /^line 2: field "year" must be a year such as 2018; got "18"/],
    ['no date column at all', 'time,mood\n9:00 pm,good\n', /^the header: has no "full_date" column \(nor "year" and "date", as older exports have\)/],
  ])('refuses %s in the older layout, naming the line and field', async (_name, csv, message) => {
    await expect(daylioImporter.parse(Buffer.from(csv), noMap)).rejects.toThrow(message);
  });

  it('reads scales as metrics: a label of its own keeps its name, a core metric only on its own scale', async () => {
    expect(parseScales('Sleep Quality: 7/10 points | Stress: 3/5 points|Focus:1/5 point')).toEqual([
      { label: 'Sleep Quality', value: 7, max: 10 }, { label: 'Stress', value: 3, max: 5 }, { label: 'Focus', value: 1, max: 5 },
    ]);
    expect(parseScales('')).toEqual([]);
    expect(parseScales('tired')).toBeUndefined();
    expect(scaleMetric({ label: 'Sleep Quality', value: 7, max: 10 }, {})).toBe('sleep-quality');
    expect(scaleMetric({ label: 'Énergie du matin', value: 7, max: 10 }, {})).toBe('energie-du-matin');
    expect(scaleMetric({ label: 'Anxiety', value: 7, max: 10 }, {})).toBe('anxiety');
    // A 1–5 energy is not the 0–10 energy; sleep is hours, not points; mood comes from the mood column.
    expect(scaleMetric({ label: 'Energy', value: 3, max: 5 }, {})).toBe('daylio-energy');
    expect(scaleMetric({ label: 'Sleep', value: 7, max: 10 }, {})).toBe('daylio-sleep');
    expect(scaleMetric({ label: 'Mood', value: 7, max: 10 }, { mood: 8 })).toBe('daylio-mood');
    expect(scaleMetric({ label: '😴', value: 7, max: 10 }, {})).toBeUndefined();

    const csv = 'full_date,time,mood,note,scales\n2026-05-01,7:00 pm,good,"",Sleep Quality: 7/10 points | Energy: 3/5 points | 😴: 2/5 points\n2026-05-02,7:00 pm,meh,"",\n';
    const batch = await daylioImporter.parse(Buffer.from(csv), noMap);
    expect(batch.entries.map((e) => e.entry.metrics)).toEqual([{ mood: 8, 'sleep-quality': 7, 'daylio-energy': 3 }, { mood: 5 }]);
    expect(batch.warnings).toEqual(['scales without a letter or digit in their name were left out: "😴"']);
    await expect(daylioImporter.parse(Buffer.from('full_date,time,mood,scales\n2026-05-01,7:00 pm,good,lots of sleep\n'), noMap))
      .rejects.toThrow(/^line 2: field "scales" must list scales like "Sleep Quality: 7\/10 points", separated by "\|"; got "lots of sleep"/);
  });
});

describe('LiteralScan', () => {
  it('finds the same groups as a search for each literal', () => {
    const alphabet = fc.constantFrom('a', 'b', 'ab', 'ba', 'é', ' ', 'aa');
    const literal = fc.string({ unit: alphabet, minLength: 1, maxLength: 4 });
    fc.assert(fc.property(fc.array(fc.array(literal, { maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.string({ unit: alphabet, maxLength: 30 }), (groups, text) => {
      // The automaton from the first text on (buildAfterChars 0), and the search literal by literal it starts with.
      expect(new LiteralScan(groups, 0).present(text)).toEqual(groups.map((g) => g.some((l) => text.includes(l))));
      expect(new LiteralScan(groups).present(text)).toEqual(groups.map((g) => g.some((l) => text.includes(l))));
    }), { numRuns: runs(1000) });
  });

  it('says the same before and after it builds its automaton, part way through a run of texts', () => {
    const groups = [['river', 'walk'], ['ab'], ['é', 'ée'], ['calm']];
    const texts = ['a walk by the river', 'abc', 'idée', 'nothing', 'calm abé', 'x'.repeat(40), 'river ée'];
    const scan = new LiteralScan(groups, 30);
    for (const text of texts) expect(scan.present(text), text).toEqual(groups.map((g) => g.some((l) => text.includes(l))));
  });
});
