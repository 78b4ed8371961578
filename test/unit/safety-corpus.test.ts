// The labelled corpus (test/fixtures/safety-corpus, JSON lines of {class, text})
// and the targets the issue sets for reading free text: recall on risk at least
// 95%, benign texts treated as risk or mention at most 3%, mentions treated as
// risk at most 10%. heldout*.jsonl were written before the rules were tuned on
// tuning.jsonl; their figures are asserted apart. Figures: docs/safety-detection.md.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifySafetyText, type TextSafety } from '../../src/domain/safety.js';

type Label = 'risk' | 'mention' | 'benign';
interface Row { class: Label; text: string; file: string }

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'safety-corpus');
const FILES = fs.readdirSync(DIR).filter((f) => f.endsWith('.jsonl')).sort();
const rows: Row[] = FILES.flatMap((file) => fs.readFileSync(path.join(DIR, file), 'utf8').split('\n').filter((l) => l.trim())
  .map((line) => ({ ...(JSON.parse(line) as { class: Label; text: string }), file })));

interface Figures { n: Record<Label, number>; recall: number; benignFlagged: number; mentionAsRisk: number; misses: string[] }

function figures(subset: readonly Row[]): Figures {
  const n: Record<Label, number> = { risk: 0, mention: 0, benign: 0 };
  let riskCaught = 0;
  let benignFlagged = 0;
  let mentionAsRisk = 0;
  const misses: string[] = [];
  for (const row of subset) {
    const got: TextSafety = classifySafetyText(row.text);
    n[row.class]++;
    if (row.class === 'risk' && got === 'risk') riskCaught++;
    if (row.class === 'benign' && got !== 'none') benignFlagged++;
    if (row.class === 'mention' && got === 'risk') mentionAsRisk++;
    if (got !== (row.class === 'benign' ? 'none' : row.class)) misses.push(`${row.class} read as ${got}: ${row.text}`);
  }
  return { n, recall: riskCaught / n.risk, benignFlagged: benignFlagged / n.benign, mentionAsRisk: mentionAsRisk / n.mention, misses };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const all = figures(rows);
const heldOut = figures(rows.filter((r) => r.file.startsWith('heldout')));

describe('the corpus', () => {
  it(`has at least 300 texts in the three classes (${rows.length}: ${all.n.risk} risk, ${all.n.mention} mention, ${all.n.benign} benign)`, () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
    for (const label of ['risk', 'mention', 'benign'] as const) expect(all.n[label]).toBeGreaterThanOrEqual(60);
    for (const row of rows) expect(['risk', 'mention', 'benign']).toContain(row.class);
  });

  it('keeps a held-out part of at least 20%, with no text also in the tuning part', () => {
    const held = rows.filter((r) => r.file.startsWith('heldout'));
    expect(held.length / rows.length).toBeGreaterThanOrEqual(0.2);
    const tuning = new Set(rows.filter((r) => !r.file.startsWith('heldout')).map((r) => r.text.toLowerCase()));
    expect(held.filter((r) => tuning.has(r.text.toLowerCase()))).toEqual([]);
  });
});

describe.each([
  ['the whole corpus', all],
  ['the held-out part', heldOut],
] as const)('targets on %s', (_, f) => {
  it(`recall on risk ${pct(f.recall)} of ${f.n.risk} (at least 95%)`, () => {
    expect(f.recall, f.misses.filter((m) => m.startsWith('risk')).join('\n')).toBeGreaterThanOrEqual(0.95);
  });
  it(`benign treated as risk or mention ${pct(f.benignFlagged)} of ${f.n.benign} (at most 3%)`, () => {
    expect(f.benignFlagged, f.misses.filter((m) => m.startsWith('benign')).join('\n')).toBeLessThanOrEqual(0.03);
  });
  it(`mention treated as risk ${pct(f.mentionAsRisk)} of ${f.n.mention} (at most 10%)`, () => {
    expect(f.mentionAsRisk, f.misses.filter((m) => m.startsWith('mention')).join('\n')).toBeLessThanOrEqual(0.1);
  });
});

describe('cost: no visible time, linear in the length of the text', () => {
  // Generous bounds for a loaded CI machine; catastrophic backtracking would take minutes, not seconds.
  const time = (fn: () => void) => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  };

  it('10,000 short texts', () => {
    const texts = Array.from({ length: 10_000 }, (_, i) => rows[i % rows.length]!.text);
    expect(time(() => texts.forEach((t) => classifySafetyText(t)))).toBeLessThan(10_000);
  });

  it.each([
    ['ordinary prose', 'Felt heavy today, walked by the river, my back is killing me and I miss my friends. '],
    ['no punctuation at all', 'i am so tired and i do not know why and '],
    ['quotation marks everywhere', `'a "b" 'c' "`],
    ['words that start many rules', 'i do not want to not be not my my self harm no one would '],
    ['one long word', 'a'.repeat(64)],
  ])('a 1 MB note of %s', (_, unit) => {
    const note = unit.repeat(Math.ceil(1_000_000 / unit.length));
    expect(time(() => classifySafetyText(note))).toBeLessThan(10_000);
  });
});
