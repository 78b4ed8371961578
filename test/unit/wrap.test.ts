import { describe, expect, it } from 'vitest';
import { wrapItems, wrapParts } from '../../src/render/wrap.js';

describe('wrapItems', () => {
  it('fills lines greedily and indents the continuation', () => {
    expect(wrapItems(['aaa', 'bbb', 'ccc'], 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapItems(['▲ one', '▲ two'], 8, '   ', '  ')).toEqual(['  ▲ one', '  ▲ two']);
  });

  it('ignores colour codes when measuring', () => {
    expect(wrapItems(['\u001b[33m▲\u001b[39m a', 'b'], 5)).toEqual(['\u001b[33m▲\u001b[39m a b']);
  });

  it('keeps an item wider than the line on its own line', () => {
    expect(wrapItems(['a', 'much-too-long', 'b'], 4)).toEqual(['a', 'much-too-long', 'b']);
  });
});

describe('wrapParts', () => {
  it('leaves a line that fits alone', () => {
    expect(wrapParts('min 4 · mean 5 · max 6', 40)).toEqual(['min 4 · mean 5 · max 6']);
  });

  it('breaks before " · " (dropping it) and before " → " (keeping it)', () => {
    expect(wrapParts('min 4 · mean 5 · max 6', 15)).toEqual(['min 4 · mean 5', '    max 6']);
    expect(wrapParts('  session 1  not enough data (n=1) → not enough data (n=2)', 40, '      ')).toEqual([
      '  session 1  not enough data (n=1)',
      '      → not enough data (n=2)',
    ]);
  });
});
