// Questionnaire scoring from pack data: PHQ-9, GAD-7 and WHO-5 at every band
// boundary, the published wording and response options, reverse items and
// subscales (a fixture instrument), schema checks on the scoring section,
// the change message and when an instrument is due.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  bandFor, describeChange, dueStatus, maxScoreOf, safetyItemTriggered, scoreAssessment,
} from '../../src/domain/assessments.js';
import type { Answers, Pack } from '../../src/domain/packs.js';
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
  const items = pack.questions.filter((q) => q.type === 'scale');
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
    expect(phq9.questions).toHaveLength(9);
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
    expect(gad7.questions).toHaveLength(7);
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

  it('flags poor wellbeing below raw 13 (raw 12 = 48%), not at raw 13 (52%)', () => {
    const twelve = scoreAssessment(who5, answersSumming(who5, 12));
    expect(twelve.score).toBe(48);
    expect(twelve.flags).toHaveLength(1);
    expect(twelve.flags[0]).toMatch(/poor wellbeing/);
    expect(twelve.band?.label).toBe('poor wellbeing');

    const thirteen = scoreAssessment(who5, answersSumming(who5, 13));
    expect(thirteen.score).toBe(52);
    expect(thirteen.flags).toEqual([]);
    expect(thirteen.band?.label).not.toMatch(/^poor/);

    expect(scoreAssessment(who5, answersSumming(who5, 0)).flags[0]).toMatch(/poor wellbeing/);
    expect(scoreAssessment(who5, answersSumming(who5, 25)).flags).toEqual([]);
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
    expect(phq9.questions.map((q) => q.prompt)).toEqual([
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
    expect(phq9.questions.map((q) => q.id)).toEqual(['item1', 'item2', 'item3', 'item4', 'item5', 'item6', 'item7', 'item8', 'item9']);
    for (const q of phq9.questions) {
      expect(q).toMatchObject({ type: 'scale', required: true, min: 0, max: 3 });
      expect(q.options).toEqual(PHQ_GAD_OPTIONS);
    }
  });

  it('GAD-7: instructions, the 7 items in order, and the response options', () => {
    expect(gad7.instructions).toBe('Over the last 2 weeks, how often have you been bothered by the following problems?');
    expect(gad7.questions.map((q) => q.prompt)).toEqual([
      'Feeling nervous, anxious, or on edge',
      'Not being able to stop or control worrying',
      'Worrying too much about different things',
      'Trouble relaxing',
      'Being so restless that it is hard to sit still',
      'Becoming easily annoyed or irritable',
      'Feeling afraid, as if something awful might happen',
    ]);
    for (const q of gad7.questions) {
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
    expect(who5.source).toMatch(/Public domain/);
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

  it('needs a metric, a direction and at least one band', () => {
    const errors = errorsOf({ ...base(), scoring: { bands: [] } });
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringContaining('scoring.metric'),
      expect.stringContaining('scoring.higherIsBetter'),
      'pack field "scoring.bands": needs at least one band',
    ]));
  });
});

describe('describeChange', () => {
  it('first result: says the next one will show the change', () => {
    expect(describeChange(phq9, undefined, 12)).toBe('This is your first result; the next one will show the change.');
    expect(describeChange(who5, undefined, 48)).toBe('This is your first result; the next one will show the change.');
  });

  it('PHQ-9 down is an improvement (lower is better)', () => {
    expect(describeChange(phq9, { score: 12, date: '2026-11-01' }, 8)).toBe(
      'Down 4 since 2026-11-01 — for PHQ-9, lower is better, so that is an improvement.',
    );
  });

  it('PHQ-9 up is a harder stretch, said gently', () => {
    expect(describeChange(phq9, { score: 8, date: '2026-11-01' }, 12)).toBe(
      'Up 4 since 2026-11-01 — for PHQ-9, lower is better, so that is a harder stretch than last time. Scores move up and down; it may be worth mentioning to your clinician.',
    );
  });

  it('GAD-7 follows PHQ-9: lower is better', () => {
    expect(describeChange(gad7, { score: 15, date: '2026-10-30' }, 9)).toBe(
      'Down 6 since 2026-10-30 — for GAD-7, lower is better, so that is an improvement.',
    );
  });

  it('WHO-5 up is an improvement (higher is better), in percentage points', () => {
    expect(describeChange(who5, { score: 48, date: '2026-11-14' }, 60)).toBe(
      'Up 12% since 2026-11-14 — for WHO-5, higher is better, so that is an improvement.',
    );
    expect(describeChange(who5, { score: 60, date: '2026-11-14' }, 48)).toBe(
      'Down 12% since 2026-11-14 — for WHO-5, higher is better, so that is a harder stretch than last time. Scores move up and down; it may be worth mentioning to your clinician.',
    );
  });

  it('no change still explains the direction', () => {
    expect(describeChange(phq9, { score: 7, date: '2026-11-07' }, 7)).toBe('The same as on 2026-11-07 (for PHQ-9, lower is better).');
    expect(describeChange(who5, { score: 52, date: '2026-11-14' }, 52)).toBe('The same as on 2026-11-14 (for WHO-5, higher is better).');
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
