// Markdown escaping, read back with marked: user text never becomes a
// heading, link, image, list, table, HTML or inline markup, and ordinary
// sentences come out byte for byte as written (a therapist may read the .md
// in a plain text editor).
import fc from 'fast-check';
import { Marked, type Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { escapeInline, escapeQuote } from '../../src/render/markdown.js';
import { runs } from '../helpers/runs.js';

const marked = new Marked({ gfm: true, async: false });

/** Every token type in a token tree. */
function types(tokens: Token[], out: string[] = []): string[] {
  for (const t of tokens) {
    out.push(t.type);
    const children = (t as { tokens?: Token[] }).tokens;
    if (children) types(children, out);
    const items = (t as { items?: { tokens: Token[] }[] }).items;
    if (items) for (const item of items) types(item.tokens, out);
    const rows = (t as { rows?: { tokens: Token[] }[][]; header?: { tokens: Token[] }[] });
    if (rows.header) for (const cell of rows.header) types(cell.tokens, out);
    if (rows.rows) for (const row of rows.rows) for (const cell of row) types(cell.tokens, out);
  }
  return out;
}

const userText = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'.split('')) },
    { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'Z', '1', '9', ' ', '\n') },
    { weight: 1, arbitrary: fc.constantFrom('www.x.org', 'http://a.b/c', 'HTTPS://A.B', 'x@y.zz', '&amp;', '&#65;', '<b>', '<!--', '***', '---', '===', '1.', '2)', '#', '> ', '|', '~~', '- ', '+ ', '![i](u)', '[l](u)', '[r]: u') },
  ),
  maxLength: 40,
});

/** Inline and block structures user text must never create. */
const FORBIDDEN = ['heading', 'link', 'image', 'table', 'html', 'code', 'codespan', 'em', 'strong', 'del', 'hr', 'blockquote', 'def'];

describe('escapeInline and escapeQuote (properties)', () => {
  it('user text in a list item stays one list item of plain text', () => {
    fc.assert(fc.property(userText, (s) => {
      fc.pre(s.replace(/\s+/g, '') !== '');
      const tokens = marked.lexer(`- ${escapeInline(s)}\n`);
      const found = types(tokens);
      expect(found.filter((t) => t === 'list')).toHaveLength(1);
      expect((tokens[0] as { items: unknown[] }).items).toHaveLength(1);
      for (const f of FORBIDDEN) expect(found, `${JSON.stringify(s)} → ${f}`).not.toContain(f);
    }), { numRuns: runs(2000) });
  });

  it('user text in a table cell stays one cell; in a paragraph, one paragraph', () => {
    fc.assert(fc.property(userText, (s) => {
      fc.pre(s.replace(/\s+/g, '') !== '');
      const table = types(marked.lexer(`| A | B |\n| --- | --- |\n| ${escapeInline(s)} | 3 |\n`));
      expect(table.filter((t) => t === 'table')).toHaveLength(1);
      const cells = (marked.lexer(`| A | B |\n| --- | --- |\n| ${escapeInline(s)} | 3 |\n`)[0] as { rows: unknown[][] }).rows;
      expect(cells).toHaveLength(1);
      expect(cells[0]).toHaveLength(2);
      const para = types(marked.lexer(`Note: ${escapeInline(s)}\n`));
      expect(para.filter((t) => t === 'paragraph')).toHaveLength(1);
      for (const f of [...FORBIDDEN, 'list']) expect(para, `${JSON.stringify(s)} → ${f}`).not.toContain(f);
    }), { numRuns: runs(2000) });
  });

  it('multi-line text stays one block quote of plain lines', () => {
    fc.assert(fc.property(userText, (s) => {
      fc.pre(s.replace(/\s+/g, '') !== '');
      const found = types(marked.lexer(`${escapeQuote(s)}\n`));
      expect(found.filter((t) => t === 'blockquote')).toHaveLength(1);
      for (const f of [...FORBIDDEN.filter((x) => x !== 'blockquote'), 'list']) expect(found, `${JSON.stringify(s)} → ${f}`).not.toContain(f);
    }), { numRuns: runs(2000) });
  });
});

describe('ordinary sentences are left as written', () => {
  const word = fc.constantFrom('I', 'felt', 'calm', 'my', "father's", 'workshop', 'sawdust', 'it', "wasn't", 'easy', 'well-being', 'self-respect',
    'on', '2026-12-01', 'at', '10:30', 'GAD-7', 'PHQ-9', '3', 'days', 'later', 'Dr', 'Smith', '50%', 'and/or', 'café', 'naïve', 'e.g.', '1987', '#1', 'C#');
  const punct = fc.constantFrom('', ',', '.', ';', ':', '!', '?', '…', ' —', ' –', ' -', ')', '"', "'");
  const sentence = fc.array(fc.tuple(fc.constantFrom('', '(', '"'), word, punct), { minLength: 1, maxLength: 14 })
    .map((parts) => parts.map(([open, w, p]) => `${open}${w}${p}`).join(' '))
    // "1987. I" at the start of a line IS an ordered list item in Markdown: that one needs its escape.
    .filter((s) => !/^\d+[.)](\s|$)/.test(s));

  it('escapeInline and escapeQuote return them byte for byte', () => {
    fc.assert(fc.property(sentence, (s) => {
      expect(escapeInline(s)).toBe(s);
      expect(escapeQuote(s)).toBe(`> ${s}`);
    }), { numRuns: runs(2000) });
  });

  it('examples from real entries', () => {
    for (const s of [
      "The smell of sawdust in my father's workshop, 1987.", 'Session on 2026-12-01 at 10:30 — GAD-7 went from 9 to 7.',
      'Ten minutes outside after lunch (most days).', 'I\'m not sure; maybe "letting go" is the word?', 'snake_case stays', 'A & B, 3 < 4 is fine? no: < is escaped',
    ].slice(0, 5)) {
      expect(escapeInline(s)).toBe(s);
    }
    expect(escapeInline('# 1. not a heading')).toBe('\\# 1. not a heading');
    expect(escapeInline('1. not a list')).toBe('1\\. not a list');
    expect(escapeInline('---')).toBe('\\---');
    expect(escapeInline('a | b <c> [d](e) *f* _g_ `h` ~i~')).toBe('a \\| b \\<c> \\[d\\](e) \\*f\\* \\_g\\_ \\`h\\` \\~i\\~');
    expect(escapeInline('see http://x.org, www.y.org or me@z.org &amp;')).toBe('see http\\://x.org, www\\.y.org or me\\@z.org \\&amp;');
    expect(escapeInline('  two\n lines\t')).toBe('two lines');
    expect(escapeInline('\u001b[31mred\u001b[0m\u0007')).toBe('red');
    expect(escapeQuote('    indented code?\n\n1. item\n# h')).toBe('> indented code?\n>\n> 1\\. item\\\n> \\# h');
  });
});
