import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitize, sanitizeLine } from '../../src/render/sanitize.js';
import { runs } from '../helpers/runs.js';

const ESC = '\u001b';
const BEL = '\u0007';

// Everything a terminal could act on: C0 but \n and \t, ESC, DEL, C1, bidi controls.
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('sanitize: escape sequences', () => {
  it('removes an OSC title change terminated by BEL, keeping the text around it', () => {
    expect(sanitize(`before ${ESC}]0;pwned${BEL}after`)).toBe('before after');
  });

  it('removes an OSC terminated by ST (ESC \\)', () => {
    expect(sanitize(`a${ESC}]8;;https://evil.example${ESC}\\link${ESC}]8;;${ESC}\\b`)).toBe('alinkb');
  });

  it('removes CSI sequences such as clear screen, cursor moves and colours', () => {
    expect(sanitize(`x${ESC}[2Jy`)).toBe('xy');
    expect(sanitize(`${ESC}[31mred${ESC}[0m`)).toBe('red');
    expect(sanitize(`${ESC}[10;20Hpos`)).toBe('pos');
    expect(sanitize(`${ESC}[?1049hsecret`)).toBe('secret');
  });

  it('removes a DCS string (ESC P ... ESC \\) including its payload', () => {
    expect(sanitize(`ok${ESC}P1$r0m${ESC}\\done`)).toBe('okdone');
  });

  it('removes SOS/PM/APC strings', () => {
    expect(sanitize(`a${ESC}Xsos${ESC}\\b${ESC}^pm${ESC}\\c${ESC}_apc${ESC}\\d`)).toBe('abcd');
  });

  it('removes an unterminated OSC to the end of the text', () => {
    expect(sanitize(`visible${ESC}]0;never closed`)).toBe('visible');
  });

  it('removes the 8-bit C1 CSI introducer with its parameters', () => {
    expect(sanitize('a\u009b2Jb')).toBe('ab');
    expect(sanitize('a\u009b31mred')).toBe('ared');
  });

  it('removes 8-bit OSC and DCS strings terminated by the 8-bit ST', () => {
    expect(sanitize('a\u009d0;title\u009cb')).toBe('ab');
    expect(sanitize('a\u0090payload\u009cb')).toBe('ab');
  });

  it('removes two-byte ESC forms (reset, charset selection)', () => {
    expect(sanitize(`a${ESC}cb`)).toBe('ab');
    expect(sanitize(`a${ESC}(Bb`)).toBe('ab');
  });

  it('removes a lone ESC at the end', () => {
    expect(sanitize(`tail${ESC}`)).toBe('tail');
  });
});

describe('sanitize: single characters', () => {
  it('removes bidi overrides and isolates that could disguise text', () => {
    expect(sanitize('abc\u202Edcb')).toBe('abcdcb');
    expect(sanitize('\u2066isolated\u2069')).toBe('isolated');
    expect(sanitize('\u202A\u202B\u202C\u202D\u2067\u2068\u200E\u200F\u061Cx')).toBe('x');
  });

  it('removes DEL, carriage return, backspace, BEL and other C0 controls', () => {
    expect(sanitize('a\u007fb')).toBe('ab');
    expect(sanitize('fake\rreal')).toBe('fakereal');
    expect(sanitize('line\r\nnext')).toBe('line\nnext');
    expect(sanitize('a\bb\u0007c\u0000d\u000be\u000cf')).toBe('abcdef');
  });

  it('removes the rest of C1', () => {
    expect(sanitize('a\u0085b\u008dc\u0099d')).toBe('abcd');
  });

  it('keeps newlines and tabs', () => {
    expect(sanitize('one\n\ttwo\nthree')).toBe('one\n\ttwo\nthree');
  });

  it('keeps ordinary Unicode: accents, CJK, emoji (with ZWJ), RTL script', () => {
    const text = 'Grüße, café — 気分は良い 🙂 👩‍👩‍👧 שלום مرحبا';
    expect(sanitize(text)).toBe(text);
  });

  it('keeps printable ASCII, including characters used in sequences when no ESC precedes them', () => {
    const text = 'mood [2J] ]0; P ^ _ \\ ok 100%';
    expect(sanitize(text)).toBe(text);
  });
});

describe('sanitizeLine', () => {
  it('folds whitespace to single spaces and trims, after sanitising', () => {
    expect(sanitizeLine(`  first line\n\tsecond ${ESC}[2J line\r\n`)).toBe('first line second line');
  });
});

describe('sanitize: properties', () => {
  // Strings biased towards the dangerous parts of the code space.
  const nasty = fc.string({
    unit: fc.oneof(
      fc.constantFrom(ESC, BEL, '\u009b', '\u009c', '\u009d', '\u0090', '\u007f', '\r', '\n', '\t', '\u202e', '\u2066', '\u200f', '[', ']', 'P', '\\', ';', '0', 'm', 'J'),
      fc.integer({ min: 0, max: 0xa0 }).map((n) => String.fromCharCode(n)),
      fc.constantFrom('é', '気', '🙂', 'ש'),
    ),
    maxLength: 60,
  });
  const anyText = fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 60 }));

  it('output has no C0 controls but \\n and \\t, and no ESC, DEL, C1 or bidi controls', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(sanitize(s)).not.toMatch(FORBIDDEN);
      }),
      { numRuns: runs(2000) },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const once = sanitize(s);
        expect(sanitize(once)).toBe(once);
      }),
      { numRuns: runs(2000) },
    );
  });

  it('leaves text without control or bidi characters unchanged', () => {
    const safe = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !FORBIDDEN.test(s));
    fc.assert(fc.property(safe, (s) => sanitize(s) === s), { numRuns: runs(1000) });
  });

  it('sanitizeLine output is a single line', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const line = sanitizeLine(s);
        expect(line).not.toMatch(/[\n\t]/);
        expect(line).not.toMatch(FORBIDDEN);
      }),
      { numRuns: runs(1000) },
    );
  });
});
