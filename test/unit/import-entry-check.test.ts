// The integrate importer checks an entry without zod when it passes (validEntry),
// and asks zod only to word what is wrong. The quick check must accept nothing
// the schema refuses, and hand over the same fields the schema would: a record
// it accepts and the schema refuses would be imported unchecked. It must also
// accept what integrate's own export writes, or every import pays for zod again.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entry, validEntry } from '../../src/formats/importers/integrate.js';
import { runs } from '../helpers/runs.js';

const base = {
  id: '184dd026-9b9e-4544-b24f-4d900e1dc2a5', createdAt: '2016-12-04T07:17:00+01:00', kind: 'journal', pack: 'daily', packVersion: 2,
  metrics: { mood: 5, sleep: 7.5 }, practices: ['breathwork'], tags: ['work', 'family'], text: 'A quiet morning.', private: false, starred: true,
  updatedAt: '2016-12-05T09:00:00.000Z',
  answers: [
    { question: 'felt', position: 0, type: 'text', prompt: 'What did you feel?', value: 'calm', insight: true, discuss: false, role: null },
    { question: 'which', position: 1, type: 'multiselect', prompt: 'Which?', value: ['a', 'b'], insight: false, discuss: true, role: 'decision' },
    { question: 'rate', position: 2, type: 'scale', prompt: 'Rate it', value: 6, insight: false, discuss: false, role: null },
  ],
  safetyFlags: ['low-mood'],
};

/** The fields the importer reads from a checked entry, as the schema hands them over. */
const fields = (e: Record<string, unknown>) => {
  const { id, createdAt, kind, pack, packVersion, metrics, practices, tags, text, private: priv, starred, updatedAt, answers, safetyFlags } = e;
  return { id, createdAt, kind, pack, packVersion, metrics, practices, tags, text, private: priv, starred, updatedAt, answers, safetyFlags };
};

const KEYS = Object.keys(base);
const ANSWER_KEYS = Object.keys(base.answers[0]!);

/** Values close to valid ones and far from them: wrong types, edge numbers, control characters, markup. */
const oddValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, undefined, '', 'x', 'Journal', 'a b', 'daily\u0007', '\u0085', '2016-12-04T07:17:00Z', '2016-02-30T07:17:00+01:00', '1899-12-31T23:00:00.000Z',
    '2016-12-05T09:00:00.000Z', 'phrase', 'nope', 'text', 'scale', -1, 0, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e308, true, false, [], {}, ['ok', 3], { mood: 'x' },
    { 'Mood': 3 }, { '__proto__': 1 }, { mood: 1e309 }),
);

/** A valid entry with a few fields or answer fields replaced, removed, or joined by unknown ones. */
const mutated = fc.tuple(
  fc.array(fc.tuple(fc.constantFrom(...KEYS, 'extra'), fc.option(oddValue, { nil: undefined }), fc.boolean()), { maxLength: 3 }),
  fc.array(fc.tuple(fc.nat(2), fc.constantFrom(...ANSWER_KEYS), oddValue), { maxLength: 2 }),
).map(([changes, answerChanges]) => {
  const record: Record<string, unknown> = structuredClone(base);
  for (const [key, value, remove] of changes) {
    if (remove) delete record[key];
    else record[key] = value;
  }
  if (Array.isArray(record.answers)) {
    for (const [i, key, value] of answerChanges) {
      const a = record.answers[i];
      if (a && typeof a === 'object') (a as Record<string, unknown>)[key] = value;
    }
  }
  return record;
});

describe('the quick check of an imported entry', () => {
  it('accepts what integrate exports, as the schema does', () => {
    expect(validEntry(base)).toBeDefined();
    expect(validEntry({ ...base, pack: null, packVersion: null, updatedAt: null, answers: [], safetyFlags: [], metrics: {} })).toBeDefined();
    const { packVersion: _v, updatedAt: _u, answers: _a, safetyFlags: _s, ...older } = base;
    expect(validEntry(older)).toBeDefined();
  });

  it('accepts nothing the schema refuses, and hands over the same fields (property)', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(fc.property(mutated, (record) => {
      const quick = validEntry(record);
      const schema = entry.safeParse(record);
      if (quick === undefined) {
        refused++;
        return;
      }
      accepted++;
      expect(schema.success, JSON.stringify(record)).toBe(true);
      expect(fields(quick as Record<string, unknown>)).toEqual(fields(schema.data as Record<string, unknown>));
    }), { numRuns: runs(600) });
    // Both sides were exercised.
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it.each([
    ['an id with other letters', { id: 'not-an-id!' }],
    ['a time without an offset', { createdAt: '2016-12-04T07:17:00Z' }],
    ['a metric name with capitals', { metrics: { Mood: 5 } }],
    ['a tag with a control character', { tags: ['work\u001b[31m'] }],
    ['an edit time on 30 February', { updatedAt: '2016-02-30T09:00:00.000Z' }],
    ['an answer of an unknown type', { answers: [{ ...base.answers[0]!, type: 'essay' }] }],
    ['a flag integrate does not write', { safetyFlags: ['worry'] }],
    ['a fractional pack version', { packVersion: 1.5 }],
  ])('leaves %s to the schema', (_what, change) => {
    const record = { ...base, ...change };
    expect(validEntry(record)).toBeUndefined();
    expect(entry.safeParse(record).success).toBe(false);
  });
});
