// Questionnaire scoring from pack data: PHQ-9, GAD-7 and WHO-5 at every band
// boundary, the published wording and response options, reverse items and
// subscales (a fixture instrument), schema checks on the scoring section,
// the change message and when an instrument is due.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  bandFor, cadenceOf, classifyChange, describeChange, dueStatus, historyNote, holdText, instrumentsOf, isInstrument, LOW_MOOD_MAX, maxScoreOf,
  neededItemIds, questionnaireDue, questionnaireHold, resultNotes, safetyItemTriggered, scoreAssessment, scoreResults, unscoredAnswers,
  type StoredResult,
} from '../../src/domain/assessments.js';
import { checkAnswerSet, visibleQuestions, type Answers, type Pack } from '../../src/domain/packs.js';
import { readPackFile } from '../../src/packs/load.js';
import { parsePack } from '../../src/packs/schema.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'instruments', 'mini-wellbeing.yaml');

function load(file: string): Pack {
  const result = readPackFile(file);
  if ('errors' in result) throw new Error(`expected ${file} to be valid:\n${result.errors.join('\n')}`);
  return result.pack;
}

const phq9 = load(path.join(ROOT, 'prompts', 'phq9.yaml'));
const gad7 = load(path.join(ROOT, 'prompts', 'gad7.yaml'));
const who5 = load(path.join(ROOT, 'prompts', 'who5.yaml'));
const mini = load(FIXTURE);

/**
 * Item answers that add up to `target` (raw): each item takes as much as it
 * can, in order, so the same target always gives the same answers.
 */
function answersSumming(pack: Pack, target: number, fill: 'first' | 'last' = 'first'): Answers {
  const scored = neededItemIds(pack);
  const items = pack.questions.filter((q) => scored.has(q.id));
  const order = fill === 'first' ? items : [...items].reverse();
  const answers: Answers = {};
  let left = target;
  for (const q of order) {
    const value = Math.min(q.max!, Math.max(q.min!, left));
    answers[q.id] = value;
    left -= value - q.min!;
  }
  if (left !== 0) throw new Error(`cannot reach ${target} with ${pack.id}`);
  return answers;
}

const sum = (answers: Answers) => Object.values(answers).reduce<number>((s, v) => s + (v as number), 0);

describe('PHQ-9 scoring', () => {
  const cases: [number, string][] = [
    [0, 'minimal'], [4, 'minimal'],
    [5, 'mild'], [9, 'mild'],
    [10, 'moderate'], [14, 'moderate'],
    [15, 'moderately severe'], [19, 'moderately severe'],
    [20, 'severe'], [27, 'severe'],
  ];
  it.each(cases)('a total of %i is %s', (total, band) => {
    for (const fill of ['first', 'last'] as const) {
      const answers = answersSumming(phq9, total, fill);
      expect(sum(answers)).toBe(total);
      const result = scoreAssessment(phq9, answers);
      expect(result.raw).toBe(total);
      expect(result.score).toBe(total);
      expect(result.band?.label).toBe(band);
      expect(result.flags).toEqual([]);
      expect(result.maxScore).toBe(27);
    }
  });

  it('has 9 items scored 0–3, total 0–27, lower is better', () => {
    expect(phq9.questions.map((q) => q.id)).toEqual(['item1', 'item2', 'item3', 'item4', 'item5', 'item6', 'item7', 'item8', 'item9', 'difficulty']);
    expect(phq9.scoring?.items).toEqual(['item1', 'item2', 'item3', 'item4', 'item5', 'item6', 'item7', 'item8', 'item9']);
    expect(maxScoreOf(phq9)).toBe(27);
    expect(phq9.scoring?.higherIsBetter).toBe(false);
    expect(phq9.scoring?.metric).toBe('phq9');
    expect(phq9.cadenceDays).toBe(14);
  });

  it('bands cover 0–27 without gaps or overlaps', () => {
    for (let raw = 0; raw <= 27; raw++) {
      expect(phq9.scoring!.bands.filter((b) => raw >= b.min && raw <= b.max)).toHaveLength(1);
    }
    expect(bandFor(phq9.scoring!.bands, 28)).toBeUndefined();
  });

  it('reports item 9 as the safety item: above 0 triggers, 0 does not', () => {
    const none = { ...answersSumming(phq9, 24), item9: 0 };
    expect(scoreAssessment(phq9, none).safetyItemValue).toBe(0);
    expect(safetyItemTriggered(phq9, scoreAssessment(phq9, none))).toBe(false);
    for (const v of [1, 2, 3]) {
      const answers = { ...answersSumming(phq9, 0), item9: v };
      const result = scoreAssessment(phq9, answers);
      expect(result.safetyItemValue).toBe(v);
      expect(safetyItemTriggered(phq9, result)).toBe(true);
    }
  });

  it('refuses to score when an item is missing', () => {
    const answers = answersSumming(phq9, 10);
    delete answers.item5;
    expect(() => scoreAssessment(phq9, answers)).toThrow(/item5/);
  });
});

describe('GAD-7 scoring', () => {
  const cases: [number, string][] = [
    [0, 'minimal'], [4, 'minimal'],
    [5, 'mild'], [9, 'mild'],
    [10, 'moderate'], [14, 'moderate'],
    [15, 'severe'], [21, 'severe'],
  ];
  it.each(cases)('a total of %i is %s', (total, band) => {
    for (const fill of ['first', 'last'] as const) {
      const answers = answersSumming(gad7, total, fill);
      expect(sum(answers)).toBe(total);
      const result = scoreAssessment(gad7, answers);
      expect(result.raw).toBe(total);
      expect(result.score).toBe(total);
      expect(result.band?.label).toBe(band);
      expect(result.maxScore).toBe(21);
    }
  });

  it('has 7 items scored 0–3, total 0–21, lower is better, and no safety item', () => {
    expect(gad7.questions.map((q) => q.id)).toEqual(['item1', 'item2', 'item3', 'item4', 'item5', 'item6', 'item7', 'difficulty']);
    expect(gad7.scoring?.items).toEqual(['item1', 'item2', 'item3', 'item4', 'item5', 'item6', 'item7']);
    expect(maxScoreOf(gad7)).toBe(21);
    expect(gad7.scoring?.higherIsBetter).toBe(false);
    expect(gad7.scoring?.safetyItem).toBeUndefined();
    expect(safetyItemTriggered(gad7, scoreAssessment(gad7, answersSumming(gad7, 21)))).toBe(false);
    for (let raw = 0; raw <= 21; raw++) {
      expect(gad7.scoring!.bands.filter((b) => raw >= b.min && raw <= b.max)).toHaveLength(1);
    }
  });
});

describe('WHO-5 scoring', () => {
  it('reports raw × 4 as a percentage: raw 25 is 100, raw 0 is 0', () => {
    expect(scoreAssessment(who5, answersSumming(who5, 25)).score).toBe(100);
    expect(scoreAssessment(who5, answersSumming(who5, 0)).score).toBe(0);
    for (let raw = 0; raw <= 25; raw++) {
      const result = scoreAssessment(who5, answersSumming(who5, raw, raw % 2 ? 'first' : 'last'));
      expect(result.raw).toBe(raw);
      expect(result.score).toBe(raw * 4);
    }
    expect(maxScoreOf(who5)).toBe(100);
    expect(who5.scoring?.unit).toBe('%');
  });

  it('bands on the raw total: ≤ 7 (≤ 28%) likely depression, 8–12 (32–48%, i.e. ≤ 50%) poor wellbeing, 13+ (≥ 52%) not', () => {
    const at = (raw: number) => scoreAssessment(who5, answersSumming(who5, raw, raw % 2 ? 'first' : 'last'));
    expect([0, 7].map((raw) => [at(raw).score, at(raw).band?.label])).toEqual([[0, 'likely depression'], [28, 'likely depression']]);
    expect([8, 12].map((raw) => [at(raw).score, at(raw).band?.label])).toEqual([[32, 'poor wellbeing'], [48, 'poor wellbeing']]);
    expect([13, 25].map((raw) => [at(raw).score, at(raw).band?.label])).toEqual([[52, 'not indicative of poor wellbeing'], [100, 'not indicative of poor wellbeing']]);
    for (let raw = 0; raw <= 25; raw++) expect(who5.scoring!.bands.filter((b) => raw >= b.min && raw <= b.max)).toHaveLength(1);
  });

  it('no duplicate flag: the band says it once; the ≤ 28% band carries its advice', () => {
    for (let raw = 0; raw <= 25; raw++) expect(at(raw).flags).toEqual([]);
    expect(resultNotes(at(7))).toEqual(['Consider a PHQ-9 (integrate assess phq9) and talk to your clinician.']);
    expect(resultNotes(at(8))).toEqual([]);
    expect(resultNotes(at(12))).toEqual([]);
    function at(raw: number) {
      return scoreAssessment(who5, answersSumming(who5, raw));
    }
  });

  it('its attribution calls it free to use, not public domain', () => {
    expect(who5.source).toMatch(/Free to use/);
    expect(who5.source).not.toMatch(/public domain/i);
  });

  it('has 5 items scored 0–5, higher is better, due every 7 days', () => {
    expect(who5.questions).toHaveLength(5);
    expect(who5.scoring?.higherIsBetter).toBe(true);
    expect(who5.scoring?.multiplier).toBe(4);
    expect(who5.cadenceDays).toBe(7);
  });
});

describe('the published wording', () => {
  const PHQ_GAD_OPTIONS = [
    { value: 0, label: 'Not at all' },
    { value: 1, label: 'Several days' },
    { value: 2, label: 'More than half the days' },
    { value: 3, label: 'Nearly every day' },
  ];
  const WHO5_OPTIONS = [
    { value: 5, label: 'All of the time' },
    { value: 4, label: 'Most of the time' },
    { value: 3, label: 'More than half of the time' },
    { value: 2, label: 'Less than half of the time' },
    { value: 1, label: 'Some of the time' },
    { value: 0, label: 'At no time' },
  ];

  it('PHQ-9: instructions, the 9 items in order, and the response options', () => {
    expect(phq9.instructions).toBe('Over the last 2 weeks, how often have you been bothered by any of the following problems?');
    const phqItems = phq9.questions.filter((q) => q.id !== 'difficulty');
    expect(phqItems.map((q) => q.prompt)).toEqual([
      'Little interest or pleasure in doing things',
      'Feeling down, depressed, or hopeless',
      'Trouble falling or staying asleep, or sleeping too much',
      'Feeling tired or having little energy',
      'Poor appetite or overeating',
      'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
      'Trouble concentrating on things, such as reading the newspaper or watching television',
      'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
      'Thoughts that you would be better off dead or of hurting yourself in some way',
    ]);
    expect(phqItems.map((q) => q.id)).toEqual(['item1', 'item2', 'item3', 'item4', 'item5', 'item6', 'item7', 'item8', 'item9']);
    for (const q of phqItems) {
      expect(q).toMatchObject({ type: 'scale', required: true, min: 0, max: 3 });
      expect(q.options).toEqual(PHQ_GAD_OPTIONS);
    }
  });

  it('GAD-7: instructions, the 7 items in order, and the response options', () => {
    expect(gad7.instructions).toBe('Over the last 2 weeks, how often have you been bothered by the following problems?');
    const gadItems = gad7.questions.filter((q) => q.id !== 'difficulty');
    expect(gadItems.map((q) => q.prompt)).toEqual([
      'Feeling nervous, anxious, or on edge',
      'Not being able to stop or control worrying',
      'Worrying too much about different things',
      'Trouble relaxing',
      'Being so restless that it is hard to sit still',
      'Becoming easily annoyed or irritable',
      'Feeling afraid, as if something awful might happen',
    ]);
    for (const q of gadItems) {
      expect(q).toMatchObject({ type: 'scale', required: true, min: 0, max: 3 });
      expect(q.options).toEqual(PHQ_GAD_OPTIONS);
    }
  });

  it('WHO-5: instructions, the 5 statements in order, and the response options from 5 down to 0', () => {
    expect(who5.instructions).toBe(
      'Please indicate for each of the five statements which is closest to how you have been feeling over the last two weeks.',
    );
    expect(who5.questions.map((q) => q.prompt)).toEqual([
      'I have felt cheerful and in good spirits',
      'I have felt calm and relaxed',
      'I have felt active and vigorous',
      'I woke up feeling fresh and rested',
      'My daily life has been filled with things that interest me',
    ]);
    for (const q of who5.questions) {
      expect(q).toMatchObject({ type: 'scale', required: true, min: 0, max: 5 });
      expect(q.options).toEqual(WHO5_OPTIONS);
    }
  });

  it('each pack cites its source', () => {
    expect(phq9.source).toMatch(/Kroenke K, Spitzer RL, Williams JBW.*J Gen Intern Med\. 2001;16\(9\):606-613/);
    expect(phq9.source).toMatch(/No permission required/);
    expect(gad7.source).toMatch(/Spitzer RL, Kroenke K, Williams JBW, Löwe B.*Arch Intern Med\. 2006;166\(10\):1092-1097/);
    expect(gad7.source).toMatch(/No permission required/);
    expect(who5.source).toMatch(/WHO-5 Well-Being Index \(1998 version\)/);
    expect(who5.source).toMatch(/World Health Organization/);
    expect(who5.source).toMatch(/Free to use/);
    for (const pack of [phq9, gad7, who5]) expect(pack.kind).toBe('assessment');
  });
});

describe('reverse scoring and subscales (fixture instrument)', () => {
  it('loads as a valid assessment pack', () => {
    expect(mini).toMatchObject({ id: 'mini-wellbeing', kind: 'assessment', cadenceDays: 10 });
    expect(mini.scoring?.reverse).toEqual(['tense']);
    // 4 scored items of 1–5, × 5
    expect(maxScoreOf(mini)).toBe(100);
  });

  it('reverses the reversed item (min + max − value) and leaves out items that are not scored', () => {
    const result = scoreAssessment(mini, { calm: 4, tense: 2, rested: 3, energy: 5, extra: 1 });
    // calm 4 + tense (1+5−2 = 4) + rested 3 + energy 5 = 16; extra is not scored
    expect(result.raw).toBe(16);
    expect(result.score).toBe(80);
    expect(result.band?.label).toBe('high');
    expect(result.subscales).toEqual([
      { id: 'mind', title: 'Mind', raw: 8 },
      { id: 'body', title: 'Body', raw: 8 },
    ]);
    expect(result.flags).toEqual([]);
    expect(result.safetyItemValue).toBeUndefined();

    const extraChanged = scoreAssessment(mini, { calm: 4, tense: 2, rested: 3, energy: 5, extra: 5 });
    expect(extraChanged.raw).toBe(16);
  });

  it('a tense, tired week scores low, the reversed item pulling the mind subscale down', () => {
    const result = scoreAssessment(mini, { calm: 1, tense: 5, rested: 2, energy: 1 });
    // calm 1 + tense (1+5−5 = 1) + 2 + 1 = 5
    expect(result.raw).toBe(5);
    expect(result.score).toBe(25);
    expect(result.band?.label).toBe('low');
    expect(result.flags).toEqual(['very low']);
    expect(result.subscales).toEqual([
      { id: 'mind', title: 'Mind', raw: 2 },
      { id: 'body', title: 'Body', raw: 3 },
    ]);
  });

  it('the highest and lowest possible answers give the ends of the range', () => {
    expect(scoreAssessment(mini, { calm: 5, tense: 1, rested: 5, energy: 5 }).score).toBe(100);
    expect(scoreAssessment(mini, { calm: 1, tense: 5, rested: 1, energy: 1 }).raw).toBe(4);
  });
});

describe('the scoring section is checked against the questions', () => {
  const base = () => ({
    id: 'quiz',
    kind: 'assessment',
    title: 'Quiz',
    version: 1,
    cadenceDays: 14,
    questions: [
      { id: 'a', type: 'scale', prompt: 'A', min: 0, max: 3 },
      { id: 'b', type: 'scale', prompt: 'B', min: 0, max: 3 },
      { id: 'note', type: 'text', prompt: 'Anything else?' },
    ],
  });
  const scoring = (extra: Record<string, unknown>) => ({
    metric: 'quiz', higherIsBetter: false, bands: [{ min: 0, max: 6, label: 'any' }], ...extra,
  });
  const errorsOf = (input: unknown): string[] => {
    const result = parsePack(input);
    if (!('errors' in result)) throw new Error('expected the pack to be rejected');
    return result.errors;
  };

  it('accepts a valid scoring section', () => {
    const result = parsePack({ ...base(), scoring: scoring({ reverse: ['b'], subscales: [{ id: 's', title: 'S', items: ['a'] }] }) });
    expect('pack' in result).toBe(true);
  });

  it('an assessment needs a scoring section', () => {
    expect(errorsOf(base())).toEqual(['pack field "scoring": is required for an assessment']);
  });

  it('an assessment needs a cadence: no hidden default decides when someone is reminded', () => {
    const { cadenceDays: _, ...noCadence } = base();
    expect(errorsOf({ ...noCadence, scoring: scoring({}) })).toEqual(['pack field "cadenceDays": is required for an assessment: the days between reminders, e.g. 14']);
  });

  const missing: [string, Record<string, unknown>, string][] = [
    ['items', { items: ['a', 'zz'] }, 'scoring.items'],
    ['reverse', { reverse: ['zz'] }, 'scoring.reverse'],
    ['a subscale', { subscales: [{ id: 's', title: 'S', items: ['a', 'zz'] }] }, 'scoring.subscales.0.items'],
    ['safetyItem', { safetyItem: { question: 'zz', above: 0 } }, 'scoring.safetyItem.question'],
  ];
  it.each(missing)('rejects %s naming a question that does not exist', (_what, extra, field) => {
    expect(errorsOf({ ...base(), scoring: scoring(extra) })).toEqual([`pack field "${field}": refers to "zz", which is not a question`]);
  });

  const notScale: [string, Record<string, unknown>, string][] = [
    ['items', { items: ['a', 'note'] }, 'scoring.items'],
    ['reverse', { reverse: ['note'] }, 'scoring.reverse'],
    ['a subscale', { subscales: [{ id: 's', title: 'S', items: ['note'] }] }, 'scoring.subscales.0.items'],
    ['safetyItem', { safetyItem: { question: 'note', above: 0 } }, 'scoring.safetyItem.question'],
  ];
  it.each(notScale)('rejects %s naming a question that is not a scale', (_what, extra, field) => {
    expect(errorsOf({ ...base(), scoring: scoring(extra) })).toEqual([`pack field "${field}": "note" must be a scale question`]);
  });

  it('reports every bad reference at once, together with unknown scoring fields', () => {
    expect(errorsOf({ ...base(), scoring: scoring({ reverse: ['zz'], items: ['note'], weights: [1] }) })).toEqual([
      'pack field "scoring.weights": is not a known field',
      'pack field "scoring.items": "note" must be a scale question',
      'pack field "scoring.reverse": refers to "zz", which is not a question',
    ]);
  });

  it('a band may carry a note; reliableChange must be positive', () => {
    const ok = parsePack({ ...base(), scoring: scoring({ reliableChange: 2, bands: [{ min: 0, max: 6, label: 'any', note: 'Talk to someone.' }] }) });
    expect('pack' in ok && ok.pack.scoring!.bands[0]!.note).toBe('Talk to someone.');
    expect(errorsOf({ ...base(), scoring: scoring({ reliableChange: 0 }) })).toEqual([expect.stringContaining('scoring.reliableChange')]);
  });

  it('showIf anyOf/above: earlier questions only, and either question or anyOf', () => {
    const follow = (showIf: unknown) => ({ ...base(), scoring: scoring({ items: ['a', 'b'] }), questions: [...base().questions, { id: 'c', type: 'scale', prompt: 'C', min: 0, max: 3, showIf }] });
    const ok = parsePack(follow({ anyOf: ['a', 'b'], above: 0 }));
    expect('pack' in ok).toBe(true);
    expect(errorsOf(follow({ anyOf: ['a', 'zz'], above: 0 }))).toEqual(['question "c" field "showIf": refers to "zz", which is not an earlier question']);
    expect(errorsOf(follow({ question: 'a', anyOf: ['b'], above: 0 }))).toEqual(['question "c" field "showIf": needs either "question" or "anyOf" (one of them)']);
    expect(errorsOf(follow({ above: 0 }))).toEqual(['question "c" field "showIf": needs either "question" or "anyOf" (one of them)']);
  });

  it('needs a metric, a direction and at least one band', () => {
    const errors = errorsOf({ ...base(), scoring: { bands: [] } });
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringContaining('scoring.metric'),
      expect.stringContaining('scoring.higherIsBetter'),
      'pack field "scoring.bands": needs at least one band',
    ]));
  });
});

describe('reliable change (classifyChange) at its thresholds', () => {
  it('PHQ-9: 4 points is about the same, 5 is reliable, either way', () => {
    expect(classifyChange(phq9.scoring!, 12, 8)).toEqual({ delta: -4, direction: 'same', reliable: false, threshold: 5 });
    expect(classifyChange(phq9.scoring!, 12, 7)).toEqual({ delta: -5, direction: 'better', reliable: true, threshold: 5 });
    expect(classifyChange(phq9.scoring!, 8, 12)).toMatchObject({ direction: 'same', reliable: false });
    expect(classifyChange(phq9.scoring!, 7, 12)).toMatchObject({ direction: 'worse', reliable: true });
  });

  it('GAD-7: 3 points is about the same, 4 is reliable', () => {
    expect(classifyChange(gad7.scoring!, 10, 7)).toMatchObject({ delta: -3, direction: 'same', reliable: false, threshold: 4 });
    expect(classifyChange(gad7.scoring!, 10, 6)).toMatchObject({ delta: -4, direction: 'better', reliable: true });
    expect(classifyChange(gad7.scoring!, 6, 10)).toMatchObject({ delta: 4, direction: 'worse', reliable: true });
  });

  it('WHO-5: 8 percentage points is about the same, 12 is reliable (threshold 10, on the percentage)', () => {
    expect(classifyChange(who5.scoring!, 48, 56)).toMatchObject({ delta: 8, direction: 'same', reliable: false, threshold: 10 });
    expect(classifyChange(who5.scoring!, 48, 60)).toMatchObject({ delta: 12, direction: 'better', reliable: true });
    expect(classifyChange(who5.scoring!, 60, 48)).toMatchObject({ delta: -12, direction: 'worse', reliable: true });
  });
});

describe('describeChange', () => {
  it('first result: says the next one will show the change', () => {
    expect(describeChange(phq9, undefined, 12)).toBe('This is your first result; the next one will show the change.');
    expect(describeChange(who5, undefined, 48)).toBe('This is your first result; the next one will show the change.');
  });

  it('PHQ-9 down 4: about the same (within usual variation), with both numbers and the threshold', () => {
    expect(describeChange(phq9, { score: 12, date: '2026-11-01' }, 8)).toBe(
      'Down 4 since 2026-11-01 (12 → 8): about the same (within usual variation); for PHQ-9 a change of 5 or more counts as reliable.',
    );
    expect(describeChange(phq9, { score: 8, date: '2026-11-01' }, 12)).toBe(
      'Up 4 since 2026-11-01 (8 → 12): about the same (within usual variation); for PHQ-9 a change of 5 or more counts as reliable.',
    );
  });

  it('PHQ-9 down 5 is a reliable improvement; up 5 a reliable change for the worse, said gently', () => {
    expect(describeChange(phq9, { score: 12, date: '2026-11-01' }, 7)).toBe(
      'Down 5 since 2026-11-01 (12 → 7): a reliable improvement (for PHQ-9 a change of 5 or more counts as reliable; lower is better).',
    );
    expect(describeChange(phq9, { score: 7, date: '2026-11-01' }, 12)).toBe(
      'Up 5 since 2026-11-01 (7 → 12): a reliable change for the worse (for PHQ-9 a change of 5 or more counts as reliable; lower is better). Scores move up and down; it may be worth mentioning to your clinician.',
    );
  });

  it('GAD-7: down 3 is about the same, down 6 an improvement', () => {
    expect(describeChange(gad7, { score: 12, date: '2026-10-30' }, 9)).toMatch(/^Down 3 since 2026-10-30 \(12 → 9\): about the same \(within usual variation\); for GAD-7 a change of 4 or more/);
    expect(describeChange(gad7, { score: 15, date: '2026-10-30' }, 9)).toMatch(/^Down 6 since 2026-10-30 \(15 → 9\): a reliable improvement/);
  });

  it('WHO-5 in percentage points: 8 is about the same, 12 is reliable', () => {
    expect(describeChange(who5, { score: 48, date: '2026-11-14' }, 56)).toBe(
      'Up 8 percentage points since 2026-11-14 (48% → 56%): about the same (within usual variation); for WHO-5 a change of 10 percentage points or more counts as reliable.',
    );
    expect(describeChange(who5, { score: 48, date: '2026-11-14' }, 60)).toBe(
      'Up 12 percentage points since 2026-11-14 (48% → 60%): a reliable improvement (for WHO-5 a change of 10 percentage points or more counts as reliable; higher is better).',
    );
    expect(describeChange(who5, { score: 60, date: '2026-11-14' }, 48)).toMatch(/^Down 12 percentage points since 2026-11-14 \(60% → 48%\): a reliable change for the worse/);
  });

  it('no change: about the same, with the number', () => {
    expect(describeChange(phq9, { score: 7, date: '2026-11-07' }, 7)).toBe('No change since 2026-11-07 (7 → 7): about the same.');
    expect(describeChange(who5, { score: 52, date: '2026-11-14' }, 52)).toBe('No change since 2026-11-14 (52% → 52%): about the same.');
  });

  it('an instrument without a threshold: the numbers, no better/worse judgement', () => {
    expect(mini.scoring?.reliableChange).toBeUndefined();
    const text = describeChange(mini, { score: 80, date: '2026-11-21' }, 25);
    expect(text).toBe('Down 55 percentage points since 2026-11-21 (80% → 25%). Mini Wellbeing sets no reliable-change threshold, so integrate does not read this as better or worse (higher is better).');
    expect(text).not.toMatch(/improvement|worse stretch|harder/);
  });
});

describe('the difficulty question (PHQ-9, GAD-7): published wording, recorded, never scored', () => {
  const WORDING = 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?';

  it.each([['PHQ-9', phq9], ['GAD-7', gad7]] as const)('%s: the form\'s wording and options, optional', (_name, pack) => {
    const q = pack.questions.find((x) => x.id === 'difficulty')!;
    expect(q.prompt).toBe(WORDING);
    expect(q.options).toEqual([
      { value: 0, label: 'Not difficult at all' }, { value: 1, label: 'Somewhat difficult' },
      { value: 2, label: 'Very difficult' }, { value: 3, label: 'Extremely difficult' },
    ]);
    expect(q.required).toBe(false);
    expect(neededItemIds(pack).has('difficulty')).toBe(false);
  });

  it.each([['PHQ-9', phq9], ['GAD-7', gad7]] as const)('%s: any answer leaves the score as it is', (_name, pack) => {
    const answers = answersSumming(pack, 6);
    const without = scoreAssessment(pack, answers);
    for (const v of [0, 1, 2, 3]) {
      const result = scoreAssessment(pack, { ...answers, difficulty: v });
      expect([result.raw, result.score, result.band?.label]).toEqual([without.raw, without.score, without.band?.label]);
    }
    expect(unscoredAnswers(pack, { ...answers, difficulty: 2 })).toEqual([{ id: 'difficulty', prompt: WORDING, value: 2, answer: 'Very difficult' }]);
    expect(unscoredAnswers(pack, answers)).toEqual([]);
  });

  it('asked only "if you checked off any problems": every item 0 hides it, one item at 1 shows it', () => {
    const zero = answersSumming(phq9, 0);
    expect(visibleQuestions(phq9, zero).map((q) => q.id)).not.toContain('difficulty');
    expect(visibleQuestions(phq9, { ...zero, item9: 1 }).map((q) => q.id)).toContain('difficulty');
    expect(visibleQuestions(gad7, { ...answersSumming(gad7, 0), item4: 1 }).map((q) => q.id)).toContain('difficulty');
    // From an answers file: left out when hidden, kept when shown, and never required.
    expect(checkAnswerSet(phq9, { ...zero, difficulty: 1 }).answers.difficulty).toBeUndefined();
    expect(checkAnswerSet(phq9, { ...zero, item1: 1, difficulty: 1 }).answers.difficulty).toBe(1);
    expect(checkAnswerSet(phq9, { ...zero, item1: 1 }).errors).toEqual([]);
    expect(unscoredAnswers(phq9, { ...zero, difficulty: 1 })).toEqual([]);
  });
});

describe('PHQ-9 severe (20+): advice to share it soon', () => {
  it('20 and above carries "please share this with your care team soon"; 19 does not', () => {
    const twenty = scoreAssessment(phq9, { ...answersSumming(phq9, 20), item9: 0 });
    expect(twenty.safetyItemValue).toBe(0);
    expect(resultNotes(twenty)).toEqual(['Please share this with your care team soon.']);
    expect(resultNotes(scoreAssessment(phq9, answersSumming(phq9, 19)))).toEqual([]);
  });
});

describe('when questionnaires wait (questionnaireHold / questionnaireDue)', () => {
  const now = new Date('2026-11-21T10:00:00Z');
  const base = { now, lastDate: undefined, cadenceDays: 14, today: '2026-11-21' };

  it('within 24 hours after a session start: held until then; at 24 h: due', () => {
    expect(questionnaireHold({ now, lastSessionStart: '2026-11-20T10:00:01.000Z' })).toEqual({ reason: 'after-session', until: '2026-11-21T10:00:01.000Z' });
    expect(questionnaireHold({ now, lastSessionStart: '2026-11-20T10:00:00.000Z' })).toBeNull();
    expect(questionnaireDue({ ...base, lastSessionStart: '2026-11-21T08:00:00.000Z' })).toMatchObject({ due: false, hold: { reason: 'after-session' } });
    expect(questionnaireDue({ ...base, lastSessionStart: '2026-11-19T08:00:00.000Z' })).toMatchObject({ due: true, hold: null });
    // A session recorded for later today does not hold anything yet.
    expect(questionnaireHold({ now, lastSessionStart: '2026-11-21T12:00:00.000Z' })).toBeNull();
  });

  it('a day whose latest mood is 0–2: held (rest first); 3 is not', () => {
    expect(LOW_MOOD_MAX).toBe(2);
    for (const mood of [0, 1, 2]) expect(questionnaireDue({ ...base, lastMoodToday: mood })).toMatchObject({ due: false, hold: { reason: 'low-mood', mood } });
    expect(questionnaireDue({ ...base, lastMoodToday: 3 })).toMatchObject({ due: true, hold: null });
    expect(questionnaireDue({ ...base, lastMoodToday: null })).toMatchObject({ due: true, hold: null });
  });

  it('a hard day outranks the session hold; nothing is held when the cadence says not due', () => {
    expect(questionnaireHold({ now, lastSessionStart: '2026-11-21T08:00:00.000Z', lastMoodToday: 1 })).toEqual({ reason: 'low-mood', mood: 1 });
    expect(questionnaireDue({ ...base, lastDate: '2026-11-20', lastMoodToday: 1 })).toMatchObject({ due: false, hold: null, dueDate: '2026-12-04' });
  });
});

describe('dueStatus with a fixed day', () => {
  const today = '2026-11-21';

  it('never taken: due today', () => {
    expect(dueStatus(undefined, 14, today)).toEqual({ lastDate: undefined, dueDate: today, due: true, daysUntilDue: 0 });
  });

  it('PHQ-9 (14 days): taken 13 days ago is not due; 14 days ago is due; 20 days ago is overdue', () => {
    expect(dueStatus('2026-11-08', phq9.cadenceDays!, today)).toEqual({ lastDate: '2026-11-08', dueDate: '2026-11-22', due: false, daysUntilDue: 1 });
    expect(dueStatus('2026-11-07', phq9.cadenceDays!, today)).toEqual({ lastDate: '2026-11-07', dueDate: today, due: true, daysUntilDue: 0 });
    expect(dueStatus('2026-11-01', phq9.cadenceDays!, today)).toMatchObject({ due: true, daysUntilDue: -6 });
  });

  it('WHO-5 (7 days): taken 6 days ago is not due; 7 days ago is due', () => {
    expect(dueStatus('2026-11-15', who5.cadenceDays!, today)).toMatchObject({ dueDate: '2026-11-22', due: false, daysUntilDue: 1 });
    expect(dueStatus('2026-11-14', who5.cadenceDays!, today)).toMatchObject({ dueDate: today, due: true, daysUntilDue: 0 });
  });

  it('taken today: due again after the cadence, across a month and a year', () => {
    expect(dueStatus(today, 14, today)).toMatchObject({ dueDate: '2026-12-05', due: false, daysUntilDue: 14 });
    expect(dueStatus('2026-12-25', 14, '2026-12-31')).toMatchObject({ dueDate: '2027-01-08', due: false, daysUntilDue: 8 });
  });

  it('across the spring clock change (Europe/Berlin, 29 March 2026) days are still whole days', () => {
    expect(dueStatus('2026-03-22', 7, '2026-03-29')).toMatchObject({ dueDate: '2026-03-29', due: true, daysUntilDue: 0 });
    expect(dueStatus('2026-03-23', 7, '2026-03-29')).toMatchObject({ dueDate: '2026-03-30', due: false, daysUntilDue: 1 });
  });
});

describe('stored results, scored as the instrument reads now', () => {
  const asInstrument = (p: Pack) => {
    if (!isInstrument(p)) throw new Error(`${p.id} is not an instrument`);
    return p;
  };
  const stored = (answers: Answers, metrics: Record<string, number>, day = '2026-11-01'): StoredResult => ({
    entryId: `e-${day}`, createdAt: `${day}T09:00:00.000Z`, utcOffset: 60, localDate: day, answers, metrics,
  });

  it('rescores from the item answers, oldest first, with the local time and offset', () => {
    const answers = Object.fromEntries([2, 2, 2, 1, 1, 1, 1, 1, 1].map((v, i) => [`item${i + 1}`, v]));
    const history = scoreResults(asInstrument(phq9), [stored(answers, { phq9: 12 })]);
    expect(history).toEqual({
      results: [{ entryId: 'e-2026-11-01', date: '2026-11-01', createdAt: '2026-11-01T10:00:00+01:00', score: 12, raw: 12, band: 'moderate' }],
      storedScores: 0, unreadable: 0,
    });
    expect(historyNote(phq9, history)).toBeUndefined();
  });

  it('answers that no longer fit keep the saved score (banded on raw = score / multiplier); none at all is counted, not dropped silently', () => {
    const history = scoreResults(asInstrument(who5), [
      stored({ old1: 3 }, { who5: 48 }, '2026-11-01'),
      stored({ old1: 3 }, {}, '2026-11-02'),
      stored({ item1: 3, item2: 3, item3: 3, item4: 3, item5: 3 }, { who5: 60 }, '2026-11-03'),
    ]);
    expect(history.results.map((r) => [r.date, r.score, r.raw, r.band])).toEqual([
      ['2026-11-01', 48, 12, 'poor wellbeing'], ['2026-11-03', 60, 15, 'not indicative of poor wellbeing'],
    ]);
    expect(history).toMatchObject({ storedScores: 1, unreadable: 1 });
    expect(historyNote(who5, history)).toBe('1 earlier result of WHO-5 could not be rescored because the questionnaire changed; it shows the score saved at the time; '
      + '1 earlier result of WHO-5 could not be rescored because the questionnaire changed, and it has no saved score, so it is left out (their answers are kept).');
  });

  it('cadence: your setting for the instrument, else the pack\'s; instruments are the assessment packs, sorted by id', () => {
    expect(cadenceOf(asInstrument(who5), {})).toBe(7);
    expect(cadenceOf(asInstrument(who5), { who5: 10, phq9: 3 })).toBe(10);
    // Only the settings' own keys count, never an inherited one.
    expect(cadenceOf(asInstrument(phq9), Object.create({ phq9: 1 }) as Record<string, number>)).toBe(14);
    expect(instrumentsOf([who5, mini, phq9, gad7]).map((p) => p.id)).toEqual(['gad7', 'mini-wellbeing', 'phq9', 'who5']);
  });

  it('holdText words why questionnaires wait', () => {
    expect(holdText({ reason: 'low-mood', mood: 1 })).toBe('not today: rest first');
    expect(holdText({ reason: 'after-session', until: '2026-11-22T09:00:00.000Z' })).toBe('wait until 2026-11-22 10:00 (24 h after your session)');
  });
});
