import { describe, expect, it } from 'vitest';
import { stringWidth, truncate } from '../../src/render/text.js';

describe('stringWidth', () => {
  it.each([
    ['plain ascii', 'hello', 5],
    ['CJK is two columns each', '日本語', 6],
    ['emoji presentation is two', 'ok 🙂', 5],
    ['a text symbol made emoji by VS16 is two', '❤\ufe0f', 2],
    ['combining marks take no room', 'e\u0301', 1],
    ['colour codes take no room', '\u001b[31mred\u001b[39m', 3],
    ['zero-width joiner and spaces take no room', 'a\u200db\u200b', 2],
    ['Latin with accents is one each', 'café über', 9],
  ])('%s', (_name, text, width) => {
    expect(stringWidth(text)).toBe(width);
  });
});

describe('truncate', () => {
  it('keeps text that fits and cuts the rest with an ellipsis, counting columns', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello world', 6)).toBe('hello…');
    expect(truncate('日本語のテキスト', 7)).toBe('日本語…');
    expect(stringWidth(truncate('日本語のテキスト', 7))).toBeLessThanOrEqual(7);
    expect(truncate('abc', 0)).toBe('');
  });

  it('never splits a wide character across the limit', () => {
    for (let width = 1; width < 12; width++) expect(stringWidth(truncate('🙂🙂🙂🙂🙂🙂', width))).toBeLessThanOrEqual(width);
  });
});
