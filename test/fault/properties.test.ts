// Property-based tests (fast-check) for the parts that meet hostile input:
// - the sanitiser removes escape sequences whole and keeps all other text
//   (test/unit/sanitize.test.ts covers "no forbidden character survives" and
//   idempotence; these add exactness and never-inserting);
// - Markdown escaping: parsed back with `marked`, the document's text is the
//   user's text, in every context the app puts user text in;
// - parseWhen and resolveRange fail only with the project's own errors;
// - every importer's parse() fails only with the project's own errors on
//   arbitrary bytes and near-miss documents, and a failed import writes nothing.
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { marked } from 'marked';
import { afterAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/commands/import.js';
import { createTestCtx } from '../../src/context.js';
import { parseWhen, resolveRange } from '../../src/dates.js';
import { IntegrateError } from '../../src/errors.js';
import { IMPORTERS } from '../../src/formats/importers/index.js';
import { escapeInline, escapeQuote } from '../../src/render/markdown.js';
import { sanitize, sanitizeLine } from '../../src/render/sanitize.js';
import type { Store } from '../../src/store/index.js';
import { runs } from '../helpers/runs.js';

const NOW = new Date('2026-11-21T10:00:00Z');
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const chars = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));

// ------------------------------------------------------------------ sanitiser

/** Text a terminal shows as it is, including the characters escape sequences are made of. */
const safeText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...'ab z09[];:?P^_X\\()#*~m\n\t'.split('')),
    fc.constantFrom('é', '気', '🙂', 'ש', '\u00a0'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
}).filter((s) => !FORBIDDEN.test(s));

const oneOf = (set: string[]) => fc.constantFrom(...set);
const run = (set: string[], max: number) => fc.array(oneOf(set), { maxLength: max }).map((a) => a.join(''));
const PARAMS = chars(0x30, 0x3f);
const INTERMEDIATES = chars(0x20, 0x2f);
/** A CSI sequence, 7- or 8-bit, complete with its final byte. */
const csi = fc.tuple(oneOf(['\u001b[', '\u009b']), run(PARAMS, 6), run(INTERMEDIATES, 2), oneOf(chars(0x40, 0x7e))).map((p) => p.join(''));
/** OSC, DCS, SOS, PM, APC with a payload, ended by BEL, ESC \ or the 8-bit ST. */
const stringSequence = fc.tuple(
  oneOf(['\u001b]', '\u001bP', '\u001bX', '\u001b^', '\u001b_', '\u0090', '\u0098', '\u009d', '\u009e', '\u009f']),
  fc.string({ maxLength: 12 }).map((s) => s.replace(/[\u0007\u001b\u009c]/g, '')),
  oneOf(['\u0007', '\u001b\\', '\u009c']),
).map((p) => p.join(''));
/** Two-byte ESC forms (ESC c, ESC ( B, ESC 7): intermediates, then a final byte that does not start a CSI or string. */
const escSequence = fc.oneof(
  oneOf(chars(0x30, 0x7e).filter((c) => !'[]PX^_'.includes(c))).map((f) => `\u001b${f}`),
  fc.tuple(run(INTERMEDIATES, 2).filter((s) => s.length > 0), oneOf(chars(0x30, 0x7e))).map(([i, f]) => `\u001b${i}${f}`),
);
/** Single characters that are removed on their own (not the introducers of longer sequences). */
const lone = oneOf([...chars(0x00, 0x08), ...chars(0x0b, 0x1a), ...chars(0x1c, 0x1f), '\u007f', ...chars(0x80, 0x8f), '\u0091', '\u0092', '\u0099', '\u009a', '\u009c', '\u061c', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069']);

type Part = { text: string; kept: boolean };
const part: fc.Arbitrary<Part> = fc.oneof(
  { weight: 3, arbitrary: safeText.map((text) => ({ text, kept: true })) },
  { weight: 1, arbitrary: fc.oneof(csi, stringSequence, escSequence, lone).map((text) => ({ text, kept: false })) },
);
/** Sequences that run to the end of the text when nothing ends them. */
const unterminated = fc.oneof(
  fc.tuple(oneOf(['\u001b]', '\u001bP', '\u009d']), fc.string({ maxLength: 10 }).map((s) => s.replace(/[\u0007\u001b\u009c]/g, ''))).map((p) => p.join('')),
  fc.constant('\u001b'),
);

describe('sanitize (properties)', () => {
  it('removes every escape sequence and control character whole, and keeps everything else exactly', () => {
    fc.assert(fc.property(fc.array(part, { maxLength: 12 }), fc.option(unterminated), (parts, tail) => {
      const input = parts.map((p) => p.text).join('') + (tail ?? '');
      expect(sanitize(input)).toBe(parts.filter((p) => p.kept).map((p) => p.text).join(''));
    }), { numRuns: runs(3000) });
  });

  it('only ever removes: the output is a subsequence of the input', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.array(part).map((ps) => ps.map((p) => p.text).join(''))), (s) => {
      const out = [...sanitize(s)];
      let i = 0;
      for (const ch of s) if (i < out.length && ch === out[i]) i++;
      expect(i).toBe(out.length);
    }), { numRuns: runs(2000) });
  });

  it('sanitizeLine is idempotent, single-spaced and trimmed', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.array(part).map((ps) => ps.map((p) => p.text).join(''))), (s) => {
      const line = sanitizeLine(s);
      expect(sanitizeLine(line)).toBe(line);
      expect(line).toBe(line.trim());
      expect(line).not.toMatch(/\s\s/);
    }), { numRuns: runs(2000) });
  });
});

// ------------------------------------------------------------------ Markdown

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function decode(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITY[e.toLowerCase()] ?? m;
  });
}
const textOf = (html: string) => decode(html.replace(/<[^>]*>/g, ''));

/** User text aimed at Markdown: its punctuation, block starters, HTML, entities, links, emphasis, Unicode. */
const userText = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'.split('')) },
    { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'Z', '1', '9', ' ', ' ', '\t', '\n', '\r\n') },
    { weight: 1, arbitrary: fc.constantFrom('www.x.org', 'http://a.b/c', 'x@y.zz', '&amp;', '&#65;', '<b>', '</p>', '<!--', '***', '---', '1.', '#', '> ', '    code', '|', '\\|', '~~', '==') },
    { weight: 1, arbitrary: fc.constantFrom('é', '気', '🙂', 'ש', '\u00a0', '\u3000', '\u001b[31m', '\u202e') },
  ),
  maxLength: 40,
});
const oneLine = (s: string) => sanitize(s).replace(/\s+/g, ' ').trim();

describe('Markdown escaping read back with marked (properties)', () => {
  const contexts: [string, (x: string) => string, (html: string) => string, (expected: string) => string][] = [
    ['a paragraph', (x) => `${x}\n`, (h) => textOf(h).trim(), (e) => e],
    ['a list item', (x) => `- ${x}\n`, (h) => textOf(h).trim(), (e) => e],
    ['a heading', (x) => `### 09:30 (${x})\n`, (h) => textOf(h).trim(), (e) => `09:30 (${e})`],
    ['a table cell', (x) => `| Metric | Days |\n| --- | --- |\n| ${x} | 3 |\n`, (h) => textOf(/<tbody>([\s\S]*?)<td>3<\/td>/.exec(h)?.[1] ?? h).trim(), (e) => e],
  ];
  for (const [where, wrap, read, expected] of contexts) {
    it(`escapeInline keeps the text exactly in ${where}`, () => {
      fc.assert(fc.property(userText, (s) => {
        const want = oneLine(s);
        fc.pre(want !== '');
        const html = marked.parse(wrap(escapeInline(s)), { async: false });
        expect(read(html)).toBe(expected(want));
      }), { numRuns: runs(1500) });
    });
  }

  // Markdown parsers may expand a tab inside a quoted line to spaces, so runs of
  // whitespace compare as one space here; every other character must match.
  const spaced = (l: string) => l.replace(/[ \t]+/g, ' ').trim();
  it('escapeQuote keeps every line of multi-line text, in order, inside one block quote', () => {
    fc.assert(fc.property(userText, fc.constantFrom('', '  '), (s, indent) => {
      const want = sanitize(s).split('\n').map(spaced).filter(Boolean);
      fc.pre(want.length > 0);
      const doc = indent ? `- item\n\n${escapeQuote(s, indent)}\n` : `${escapeQuote(s)}\n`;
      const html = marked.parse(doc, { async: false });
      expect(html.match(/<blockquote>/g)).toHaveLength(1);
      const quoted = /<blockquote>([\s\S]*)<\/blockquote>/.exec(html)![1]!;
      const lines = textOf(quoted.replace(/<br\s*\/?>/g, '\n').replace(/<\/p>\s*<p>/g, '\n')).split('\n').map(spaced).filter(Boolean);
      expect(lines).toEqual(want);
    }), { numRuns: runs(1500) });
  });
});

// ------------------------------------------------------------------ dates

const dateLike = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.option(fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.option(fc.integer({ min: 0, max: 99 })), fc.option(fc.constantFrom('Z', '+01:00', '-99:99', '+9999', '+24:00'))), { nil: undefined }))
    .map(([y, mo, d, t]) => `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}${t ? ` ${String(t[0]).padStart(2, '0')}:${String(t[1]).padStart(2, '0')}${t[2] == null ? '' : `:${String(t[2]).padStart(2, '0')}`}${t[3] ?? ''}` : ''}`),
  fc.tuple(fc.constantFrom('yesterday', 'today', 'tomorrow', 'last friday', 'next monday', '3 days ago', 'in 2 weeks', 'noon', 'now', 'friday', 'march 3', '99 years ago', '100000 days ago', '1e9 days ago'), fc.constantFrom('', ' 21:00', ' 25:61', ' at 9pm', ' 23:59:60', 'x'))
    .map(([a, b]) => a + b),
);

async function onlyOwnErrors(p: Promise<unknown>): Promise<unknown> {
  try {
    return await p;
  } catch (err) {
    if (!(err instanceof IntegrateError)) throw new Error(`not an IntegrateError: ${(err as Error)?.stack ?? String(err)}`);
    return err;
  }
}

describe('dates (properties)', () => {
  it('parseWhen returns a real instant or throws an IntegrateError, never anything else', async () => {
    await fc.assert(fc.asyncProperty(dateLike, fc.boolean(), async (s, forward) => {
      const r = await onlyOwnErrors(parseWhen(s, NOW, '--date', forward));
      if (!(r instanceof IntegrateError)) {
        const { date, dateOnly } = r as { date: Date; dateOnly: boolean };
        expect(Number.isFinite(date.getTime())).toBe(true);
        expect(typeof dateOnly).toBe('boolean');
        expect(() => date.toISOString()).not.toThrow();
      }
    }), { numRuns: runs(600) });
  });

  it('resolveRange gives instants with since before until, or an IntegrateError', async () => {
    await fc.assert(fc.asyncProperty(fc.option(dateLike), fc.option(dateLike), fc.option(fc.oneof(fc.string({ maxLength: 8 }), fc.nat().map(String))), async (since, until, days) => {
      const r = await onlyOwnErrors(resolveRange({ since: since ?? undefined, until: until ?? undefined, days: days ?? undefined }, NOW));
      if (!(r instanceof IntegrateError)) {
        const range = r as { since?: Date; until?: Date };
        for (const d of [range.since, range.until]) if (d) expect(Number.isFinite(d.getTime())).toBe(true);
        if (range.since && range.until) expect(range.since.getTime()).toBeLessThan(range.until.getTime());
      }
    }), { numRuns: runs(400) });
  });
});

// ------------------------------------------------------------------ importers

const anyValue = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: anyValue });
const hexId = fc.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const offsetIso = fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .chain((d) => fc.constantFrom('+00:00', '+01:00', '-05:30', '+14:00', '+99:00').map((z) => `${d.toISOString().slice(0, 19)}${z}`));
const smallList = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { maxLength: 4 });

const integrateDoc = fc.record({
  format: maybe(fc.constant('integrate')),
  version: maybe(fc.integer({ min: 0, max: 2 })),
  entries: maybe(smallList(fc.record({
    id: maybe(hexId), createdAt: maybe(offsetIso), kind: maybe(fc.constantFrom('checkin', 'journal', '')), pack: maybe(fc.constantFrom(null, 'daily')),
    packVersion: maybe(fc.constantFrom(null, 1)), metrics: maybe(fc.dictionary(fc.constantFrom('mood', 'sleep', 'x'), fc.oneof(fc.integer({ min: -5, max: 15 }), fc.double()))),
    practices: maybe(smallList(fc.string({ maxLength: 8 }))), tags: maybe(smallList(fc.string({ maxLength: 8 }))), text: maybe(fc.string({ maxLength: 20 })),
    private: maybe(fc.boolean()), starred: maybe(fc.boolean()), updatedAt: maybe(fc.constantFrom(null, '2026-01-01T00:00:00Z', 'soon')),
    answers: maybe(smallList(fc.record({ question: maybe(fc.constantFrom('a', 'b')), position: maybe(fc.nat(3)), type: maybe(fc.constantFrom('text', 'scale', 'nope')), prompt: maybe(fc.string({ maxLength: 5 })), value: anyValue, insight: maybe(fc.boolean()), discuss: maybe(fc.boolean()), role: maybe(fc.constantFrom(null, 'decision')) }, { requiredKeys: [] }))),
    safetyFlags: maybe(smallList(fc.constantFrom('low-mood', 'phrase', 'other'))),
  }, { requiredKeys: [] }))),
  sessions: maybe(smallList(fc.record({ id: maybe(fc.constantFrom('aaaa1111', 'bbbb2222')), occurredAt: maybe(offsetIso), route: maybe(fc.constantFrom('iv', 'im', 'pill')), doseMg: maybe(fc.constantFrom(null, 35, 0, -1)), setting: maybe(fc.string({ maxLength: 5 })), guide: maybe(fc.string({ maxLength: 5 })), intention: maybe(fc.string({ maxLength: 5 })), notes: maybe(fc.string({ maxLength: 5 })) }, { requiredKeys: [] }))),
  intentions: maybe(smallList(fc.record({ id: maybe(fc.constantFrom('cccc3333', 'dddd4444')), text: maybe(fc.string({ maxLength: 5 })), createdAt: maybe(offsetIso), status: maybe(fc.constantFrom('open', 'done', 'maybe')), dueDate: maybe(fc.constantFrom(null, '2026-12-01')), closedAt: maybe(fc.constantFrom(null, '2026-12-01T00:00:00Z', 'x')), sourceEntryId: maybe(fc.constantFrom(null, 'eeee5555')) }, { requiredKeys: [] }))),
}, { requiredKeys: [] }).map((d) => JSON.stringify(d));

const jrnlDoc = fc.record({
  tags: maybe(fc.dictionary(fc.string({ maxLength: 5 }), fc.nat())),
  entries: maybe(smallList(fc.record({
    title: maybe(fc.string({ maxLength: 10 })), body: maybe(fc.string({ maxLength: 20 })),
    date: maybe(fc.oneof(fc.constantFrom('2026-02-30', '2026-13-01', '0000-00-00'), fc.date({ noInvalidDate: true, min: new Date('1000-01-01'), max: new Date('9999-12-31') }).map((d) => d.toISOString().slice(0, 10)))),
    time: maybe(fc.constantFrom('09:00', '9:5', '24:00', '23:59:59', '12:00 pm', '')), tags: maybe(smallList(fc.string({ maxLength: 6 }))), starred: maybe(fc.boolean()),
  }, { requiredKeys: [] }))),
}, { requiredKeys: [] }).map((d) => JSON.stringify(d));

const dayOneDoc = fc.record({
  metadata: maybe(fc.record({ version: fc.string({ maxLength: 4 }) })),
  entries: maybe(smallList(fc.record({
    uuid: maybe(fc.string({ maxLength: 12 })), creationDate: maybe(fc.oneof(offsetIso, fc.constantFrom('2026-01-01T00:00:00Z', 'yesterday', ''))),
    timeZone: maybe(fc.constantFrom('Europe/Berlin', 'America/New_York', 'Mars/Olympus', '', 'UTC', '+01:00')), text: maybe(fc.string({ maxLength: 20 })),
    tags: maybe(smallList(fc.string({ maxLength: 6 }))), starred: maybe(fc.boolean()), photos: maybe(smallList(fc.record({ md5: fc.string({ maxLength: 4 }) }))),
  }, { requiredKeys: [] }))),
}, { requiredKeys: [] }).map((d) => JSON.stringify(d));

const cell = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('2026-01-05', '2026-02-30', '10:00 pm', '13:00 am', '18:52', 'rad', 'good', 'so-so', 'meditation | work', '<br>note&amp;', '"quoted, cell"'));
const daylioCsv = fc.tuple(
  fc.shuffledSubarray(['full_date', 'date', 'weekday', 'time', 'mood', 'activities', 'note_title', 'note'], { minLength: 0 }),
  fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 5 }),
  fc.constantFrom('\n', '\r\n'), fc.boolean(),
).map(([header, rows, eol, bom]) => `${bom ? '\uFEFF' : ''}${[header, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join(eol)}${eol}`);

const shaped: Record<string, fc.Arbitrary<string>> = { integrate: integrateDoc, jrnl: jrnlDoc, dayone: dayOneDoc, daylio: daylioCsv };
const anyInput = (name: string) => fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => Buffer.from(s)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v))),
  { weight: 4, arbitrary: shaped[name]!.map((s) => Buffer.from(s)) },
  // Near misses: a good-looking document cut off or with a byte flipped.
  shaped[name]!.chain((s) => fc.nat(Math.max(0, s.length - 1)).map((i) => Buffer.from(s.slice(0, i)))),
);

/** Everything an import could write, as one comparable value. */
function dump(store: Store): string {
  const tables = ['entries', 'entry_metrics', 'entry_tags', 'entry_practices', 'entry_answers', 'safety_flags', 'sessions', 'intentions', 'meta'];
  return JSON.stringify(tables.map((t) => store.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()));
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-fault-props-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('importers on arbitrary input (properties)', () => {
  for (const [name, importer] of IMPORTERS) {
    it(`${name}: parse() resolves or throws an IntegrateError, whatever the bytes`, async () => {
      await fc.assert(fc.asyncProperty(anyInput(name), async (input) => {
        const r = await onlyOwnErrors(importer.parse(input, { moodMap: new Map([['so-so', 4]]) }, NOW));
        if (!(r instanceof IntegrateError)) expect(Array.isArray((r as { entries: unknown[] }).entries)).toBe(true);
      }), { numRuns: runs(700) });
    });

    it(`${name}: a failed \`integrate import\` writes nothing; a successful one adds what it reports`, async () => {
      let n = 0;
      await fc.assert(fc.asyncProperty(anyInput(name), async (input) => {
        const file = path.join(tmp, `${name}-${n++}`);
        fs.writeFileSync(file, input);
        const ctx = createTestCtx({ now: NOW });
        ctx.testStore.entries.insert({
          id: '0f0f0f0f-0000-4000-8000-000000000000', createdAt: '2026-11-20T09:00:00.000Z', utcOffset: 60, localDate: '2026-11-20',
          kind: 'checkin', pack: null, private: false, starred: false, text: 'already here', metrics: { mood: 5 }, practices: [], tags: [],
        });
        const before = dump(ctx.testStore);
        const entriesBefore = ctx.testStore.entries.list({ limit: 100 }).length;
        try {
          await runImport(file, { from: name, json: true }, ctx);
        } catch (err) {
          expect(err, (err as Error).stack).toBeInstanceOf(IntegrateError);
          expect(dump(ctx.testStore)).toBe(before);
          return;
        } finally {
          fs.rmSync(file, { force: true });
        }
        const report = JSON.parse(ctx.io.stdout()) as { added: number };
        expect(ctx.testStore.entries.list({ limit: 100 }).length).toBe(entriesBefore + report.added);
      }), { numRuns: runs(250, 50) });
    });
  }
});
