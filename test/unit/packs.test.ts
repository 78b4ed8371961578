// The question model, pure: which questions are shown, what a valid answer
// is, and what a finished set of answers becomes.
import { describe, expect, it } from 'vitest';
import {
  checkAnswer, checkAnswerSet, firstUnanswered, formatAnswer, isVisible, pruneHidden, reflectionParts, visibleQuestions,
  type Answers, type Pack, type Question,
} from '../../src/domain/packs.js';
import { parsePack } from '../../src/packs/schema.js';

function makePack(questions: unknown[]): Pack {
  const result = parsePack({ id: 'test', title: 'Test', version: 3, questions });
  if ('errors' in result) throw new Error(result.errors.join('\n'));
  return result.pack;
}

/** A pack that exercises every kind of question and condition. */
const pack = makePack([
  { id: 'mood', type: 'scale', prompt: 'Mood?', min: 0, max: 10, metric: 'mood', required: true },
  { id: 'calm', type: 'scale', prompt: 'Calm?', min: 1, max: 5 },
  { id: 'sleep', type: 'number', prompt: 'Sleep?', unit: 'hours', min: 0, max: 24, metric: 'sleep' },
  { id: 'hard', type: 'confirm', prompt: 'Was something hard?' },
  { id: 'hard-what', type: 'longtext', prompt: 'What was hard?', showIf: { question: 'hard', equals: true }, discuss: true, role: 'unreal' },
  { id: 'hard-who', type: 'text', prompt: 'Who was there?', showIf: { question: 'hard-what', answered: true } },
  { id: 'place', type: 'select', prompt: 'Where?', choices: ['home', 'clinic', 'outside'] },
  { id: 'place-why', type: 'text', prompt: 'Why away from home?', showIf: { question: 'place', in: ['clinic', 'outside'] } },
  { id: 'practices', type: 'multiselect', prompt: 'Practices?', practices: true, choices: ['meditation', 'yoga', 'walk'] },
  { id: 'wishes', type: 'multiselect', prompt: 'Wishes?', choices: ['rest', 'company'] },
  { id: 'rested', type: 'text', prompt: 'How did rest feel?', showIf: { question: 'wishes', in: ['rest'] } },
  { id: 'insight', type: 'longtext', prompt: 'What became clearer?', insight: true },
  { id: 'steps', type: 'intention', prompt: 'Steps?' },
  { id: 'tags', type: 'tags', prompt: 'Tags?' },
  { id: 'note', type: 'text', prompt: 'One line?' },
  { id: 'safe', type: 'safety', prompt: 'Thoughts of harm?' },
]);
const q = (id: string): Question => pack.questions.find((x) => x.id === id)!;
const ids = (answers: Answers) => visibleQuestions(pack, answers).map((x) => x.id);

describe('showIf', () => {
  it('equals: a follow-up is shown only after a yes', () => {
    expect(isVisible(q('hard-what'), {})).toBe(false);
    expect(isVisible(q('hard-what'), { hard: false })).toBe(false);
    expect(isVisible(q('hard-what'), { hard: true })).toBe(true);
    expect(isVisible(q('hard-what'), { hard: 'true' })).toBe(false);
  });

  it('in: shown when the answer (or one of a multiselect answer) is in the list', () => {
    expect(isVisible(q('place-why'), { place: 'home' })).toBe(false);
    expect(isVisible(q('place-why'), { place: 'clinic' })).toBe(true);
    expect(isVisible(q('place-why'), { place: 'outside' })).toBe(true);
    expect(isVisible(q('place-why'), {})).toBe(false);
    expect(isVisible(q('rested'), { wishes: ['company'] })).toBe(false);
    expect(isVisible(q('rested'), { wishes: ['company', 'rest'] })).toBe(true);
  });

  it('answered: shown when the question was answered with something, not when skipped or blank', () => {
    expect(isVisible(q('hard-who'), { 'hard-what': 'the silence' })).toBe(true);
    expect(isVisible(q('hard-who'), { 'hard-what': null })).toBe(false);
    expect(isVisible(q('hard-who'), { 'hard-what': '   ' })).toBe(false);
    expect(isVisible(q('hard-who'), {})).toBe(false);
    const unanswered = makePack([
      { id: 'a', type: 'text', prompt: 'A?' },
      { id: 'b', type: 'text', prompt: 'Why not?', showIf: { question: 'a', answered: false } },
    ]);
    expect(isVisible(unanswered.questions[1]!, { a: null })).toBe(true);
    expect(isVisible(unanswered.questions[1]!, { a: 'yes' })).toBe(false);
  });

  it('visibleQuestions follows chains: a hidden question hides its own follow-ups', () => {
    const all = pack.questions.map((x) => x.id);
    const hidden = ['hard-what', 'hard-who', 'place-why', 'rested'];
    expect(ids({})).toEqual(all.filter((id) => !hidden.includes(id)));
    expect(ids({ hard: true })).toContain('hard-what');
    expect(ids({ hard: true })).not.toContain('hard-who');
    expect(ids({ hard: true, 'hard-what': 'x' })).toContain('hard-who');
    // A stale answer to hard-what does not show hard-who once hard is no.
    expect(ids({ hard: false, 'hard-what': 'x' })).not.toContain('hard-who');
    expect(ids({ hard: false, 'hard-what': 'x' })).not.toContain('hard-what');
  });

  it('pruneHidden drops follow-up answers after a yes is changed to no, and keeps skips', () => {
    const answers: Answers = { mood: 5, calm: null, hard: true, 'hard-what': 'the noise', 'hard-who': 'my sister', place: 'home' };
    expect(pruneHidden(pack, answers)).toEqual(answers);
    expect(pruneHidden(pack, { ...answers, hard: false })).toEqual({ mood: 5, calm: null, hard: false, place: 'home' });
  });

  it('firstUnanswered skips answered and skipped (null) questions and hidden follow-ups', () => {
    expect(firstUnanswered(pack, {})?.id).toBe('mood');
    expect(firstUnanswered(pack, { mood: 5, calm: null })?.id).toBe('sleep');
    expect(firstUnanswered(pack, { mood: 5, calm: null, sleep: 7, hard: false })?.id).toBe('place');
    expect(firstUnanswered(pack, { mood: 5, calm: null, sleep: 7, hard: true })?.id).toBe('hard-what');
    const done: Answers = Object.fromEntries(visibleQuestions(pack, {}).map((x) => [x.id, null]));
    expect(firstUnanswered(pack, { ...done, hard: false, wishes: [] })).toBeUndefined();
  });
});

describe('checkAnswer', () => {
  it.each<[string, unknown, unknown]>([
    ['mood', 7, { value: 7 }],
    ['mood', '7', { value: 7 }],
    ['mood', 11, { error: 'must be from 0 to 10; got 11' }],
    ['mood', -1, { error: 'must be from 0 to 10; got -1' }],
    ['mood', 6.5, { error: 'must be a whole number from 0 to 10' }],
    ['mood', 'high', { error: 'must be a number' }],
    ['sleep', 7.5, { value: 7.5 }],
    ['sleep', 25, { error: 'must be from 0 to 24; got 25' }],
    ['hard', 'yes', { value: true }],
    ['hard', 'N', { value: false }],
    ['hard', 'maybe', { error: 'must be yes or no' }],
    ['place', 'clinic', { value: 'clinic' }],
    ['place', 'beach', { error: 'must be one of: home, clinic, outside' }],
    ['practices', 'yoga, walk, yoga', { value: ['yoga', 'walk'] }],
    ['practices', ['yoga', 'swim'], { error: 'unknown choice "swim"; choose from: meditation, yoga, walk' }],
    ['steps', 'Walk after lunch\n\nCall Sam\n', { value: ['Walk after lunch', 'Call Sam'] }],
    ['tags', 'grief, family  work', { value: ['grief', 'family', 'work'] }],
    ['note', 'two\nlines ', { value: 'two lines' }],
    ['insight', '  first\r\nsecond  ', { value: 'first\nsecond' }],
    ['note', 42, { error: 'must be text' }],
  ])('%s = %j', (id, raw, expected) => {
    expect(checkAnswer(q(id), raw)).toEqual(expected);
  });

  it('a number without bounds of its own stays within what a metric holds', () => {
    const km = { id: 'km', type: 'number', prompt: 'How far did you walk?', metric: 'km' } as Parameters<typeof checkAnswer>[0];
    expect(checkAnswer(km, '12.5')).toEqual({ value: 12.5 });
    expect(checkAnswer(km, 1e9)).toEqual({ value: 1e9 });
    expect(checkAnswer(km, '1e308')).toEqual({ error: 'must be from -1000000000 to 1000000000; got 1e+308' });
  });
});

describe('checkAnswerSet', () => {
  it('lists every problem at once: unknown ids, missing required, out-of-range scale, bad choice', () => {
    const { errors } = checkAnswerSet(pack, { calm: 9, place: 'beach', practices: ['swim'], colour: 'blue', feeling: 'ok' });
    expect(errors).toEqual([
      'unknown question "colour"',
      'unknown question "feeling"',
      '"mood" is required',
      '"calm" must be from 1 to 5; got 9',
      '"place" must be one of: home, clinic, outside',
      '"practices" unknown choice "swim"; choose from: meditation, yoga, walk',
    ]);
  });

  it('a blank required answer counts as missing', () => {
    const required = makePack([{ id: 'why', type: 'text', prompt: 'Why?', required: true }]);
    expect(checkAnswerSet(required, { why: '   ' }).errors).toEqual(['"why" is required']);
    expect(checkAnswerSet(required, { why: null }).errors).toEqual(['"why" is required']);
  });

  it('returns clean answers, leaving out blanks and answers to hidden follow-ups', () => {
    const { answers, errors } = checkAnswerSet(pack, {
      mood: '6', hard: 'no', 'hard-what': 'ignored because hard is no', place: 'home', note: '', practices: 'meditation',
    });
    expect(errors).toEqual([]);
    expect(answers).toEqual({ mood: 6, hard: false, place: 'home', practices: ['meditation'] });
  });

  it('checks a follow-up once its condition holds', () => {
    const { errors } = checkAnswerSet(pack, { mood: 6, place: 'clinic', 'place-why': 17 });
    expect(errors).toEqual(['"place-why" must be text']);
  });
});

describe('reflectionParts', () => {
  const answers: Answers = {
    mood: 6, calm: null, sleep: 7.5, hard: true, 'hard-what': 'The room felt\nvery far away.',
    place: 'clinic', 'place-why': 'My guide is there', practices: ['meditation', 'walk'], wishes: ['rest'],
    insight: 'I can ask for help.', steps: ['Call Sam on Sunday', 'Walk after lunch'], tags: ['grief', 'family'],
    note: 'tired but ok', safe: false,
  };

  it('turns scale/number metrics, practices, intentions, tags and text into their parts', () => {
    const parts = reflectionParts(pack, answers);
    expect(parts.metrics).toEqual({ mood: 6, sleep: 7.5 });
    expect(parts.practices).toEqual(['meditation', 'walk']);
    expect(parts.intentions).toEqual(['Call Sam on Sunday', 'Walk after lunch']);
    expect(parts.tags).toEqual(['grief', 'family']);
    expect(parts.text).toBe('The room felt\nvery far away.\n\nMy guide is there\n\nI can ask for help.\n\ntired but ok');
    expect(parts.safetyYes).toBe(false);
  });

  it('records each answered question with its position and insight/discuss/role flags; skips are left out', () => {
    const { records } = reflectionParts(pack, answers);
    expect(records.map((r) => r.questionId)).not.toContain('calm');
    expect(records.find((r) => r.questionId === 'hard-what')).toEqual({
      questionId: 'hard-what', position: 4, type: 'longtext', prompt: 'What was hard?', value: 'The room felt\nvery far away.',
      insight: false, discuss: true, role: 'unreal',
    });
    expect(records.find((r) => r.questionId === 'insight')).toMatchObject({ insight: true, discuss: false, role: null });
    expect(records.find((r) => r.questionId === 'mood')).toMatchObject({ position: 0, value: 6 });
    // Positions follow the visible questions, so they are increasing.
    const positions = records.map((r) => r.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('a multiselect without practices: true records no practices; a yes to safety is flagged', () => {
    const parts = reflectionParts(pack, { mood: 3, wishes: ['rest', 'company'], safe: true });
    expect(parts.practices).toEqual([]);
    expect(parts.safetyYes).toBe(true);
  });

  it('ignores answers to questions that are hidden', () => {
    const parts = reflectionParts(pack, { mood: 4, hard: false, 'hard-what': 'stale text' });
    expect(parts.text).toBe('');
    expect(parts.records.map((r) => r.questionId)).toEqual(['mood', 'hard']);
  });
});

describe('formatAnswer', () => {
  it.each<[string, Answers[string], string]>([
    ['sleep', 7.5, '7.5 hours'],
    ['mood', 6, '6'],
    ['hard', true, 'yes'],
    ['hard', false, 'no'],
    ['practices', ['yoga', 'walk'], 'yoga, walk'],
    ['practices', [], '(none)'],
    ['note', null, '(skipped)'],
    ['note', 'fine', 'fine'],
  ])('%s %j -> %s', (id, value, text) => {
    expect(formatAnswer(q(id), value)).toBe(text);
  });
});
