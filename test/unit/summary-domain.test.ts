// The summary's pure helpers: excerpts cut at words, short question labels,
// merged intentions, and change read against the reliable-change threshold.
import { describe, expect, it } from 'vitest';
import { classifyChange } from '../../src/domain/assessments.js';
import { changeLabel, excerpt, formatMean, formatSigned, mergeIntentions, sameText, shortLabel } from '../../src/domain/summary.js';

describe('summary helpers', () => {
  it('excerpt folds whitespace and cuts at a word with an ellipsis', () => {
    expect(excerpt('  a\n\nb  c ')).toBe('a b c');
    const long = 'The smell of sawdust in my father\'s workshop, and the light through the dusty window, and the radio playing.';
    expect(excerpt(long, 60)).toBe('The smell of sawdust in my father\'s workshop, and the light…');
    expect(excerpt('x'.repeat(100), 20)).toBe(`${'x'.repeat(20)}…`); // one long word is cut rather than dropped
  });

  it('shortLabel: the built-in questions by name, "Heading:" prompts by their heading, others by their id', () => {
    expect(shortLabel('stands-out', 'Looking back on the session, what stands out most?')).toBe('What stood out');
    expect(shortLabel('unchanged')).toBe('What has not changed');
    expect(shortLabel('values', 'Values: what mattered most this week?')).toBe('Values');
    expect(shortLabel('functional-difficulty', 'If you checked off any problems, how difficult…')).toBe('Functional difficulty');
    expect(shortLabel('')).toBe('Answer');
  });

  it('mergeIntentions keeps the earliest date and counts the repeats (case, spacing and a final full stop aside)', () => {
    expect(mergeIntentions([
      { text: 'Walk after lunch', date: '2026-11-12' }, { text: 'walk  after lunch.', date: '2026-11-05' },
      { text: 'Call my sister', date: '2026-11-06' }, { text: 'Walk after lunch', date: '2026-11-20' },
    ])).toEqual([
      { text: 'walk  after lunch.', date: '2026-11-05', count: 3 },
      { text: 'Call my sister', date: '2026-11-06', count: 1 },
    ]);
    expect(sameText('Stay with the body.', ' stay with  the body')).toBe(true);
  });

  it('changeLabel reads classifyChange: smaller than the threshold is about the same', () => {
    const phq9 = { higherIsBetter: false, reliableChange: 5 };
    expect(changeLabel(classifyChange(phq9, 14, 10))).toBe('about the same (within usual variation)');
    expect(changeLabel(classifyChange(phq9, 14, 9))).toBe('reliable improvement');
    expect(changeLabel(classifyChange(phq9, 9, 14))).toBe('reliable worsening');
    expect(changeLabel(classifyChange({ higherIsBetter: true, reliableChange: 10 }, 40, 48))).toBe('about the same (within usual variation)');
    expect(changeLabel(null)).toMatch(/first result/);
  });

  it('numbers carry a real minus sign and their n', () => {
    expect(formatSigned(-0.26)).toBe('−0.3');
    expect(formatSigned(0.04)).toBe('no change');
    expect(formatSigned(1.5, 'h')).toBe('+1.5h');
    expect(formatMean({ mean: 5.56, n: 12 })).toBe('5.6 (n=12)');
    expect(formatMean({ mean: null, n: 0 })).toBe('– (n=0)');
  });
});
