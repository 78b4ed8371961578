// When integrate offers crisis resources: how free text is read (risk,
// mention, none; the corpus figures are in safety-corpus.test.ts), which
// triggers fire for an entry, the warm first line, and the message itself —
// shown at most once per run, on stderr.
import { describe, expect, it } from 'vitest';
import { createTestCtx } from '../../src/context.js';
import { classifySafetyText, readSafetyText, safetyTriggers, SAFETY_FLAG_KINDS, SAFETY_FLAG_LABELS, textFlag } from '../../src/domain/safety.js';
import { crisisText, offerSupport, supportReason } from '../../src/safety.js';

describe('classifySafetyText: risk, mention or none', () => {
  const risk = [
    'I want to die',
    'i want to die.',
    'Honestly? I WANT TO DIE',
    'thinking about suicide',
    'I keep wanting to hurt myself',
    'I don’t want to live like this', // curly apostrophe, as phones type it
    "I don't want to live",
    'i dont want to live anymore', // typed without the apostrophe
    'I dont want to be alive',
    'I do not want to be alive anymore',
    'sometimes I think everyone would be better off without me', // a hedge is not a negation
    'I feel suicidal tonight',
    'I thought about killing myself',
    'I might kill myself',
    'I want to end my life',
    'I wish I was dead',
    'no reason to live',
    'the urge to self-harm came back',
    'the urge to self harm came back',
    'I cut myself again',
    'I want to\nhurt myself', // across a line break in a longer entry
    'better off dead',
    'kms', 'wanna die 😭', 'gonna unalive myself', 'sucidal again', // slang, emoji, typos
    "can't stop thinking about killing myself", // "can't stop" intensifies, it does not negate
    'I used to cut. Last night I did it again.', // the present clause of a past text
    'I used to be fine, but now I want to die',
    'I keep thinking "I want to die"', // the writer's own thought in quotation marks
    'I am not okay, I want to die', // a negation in another clause does not reach this one
  ];
  it.each(risk)('risk: %j', (text) => {
    expect(classifySafetyText(text)).toBe('risk');
  });

  const mention = [
    'I no longer want to die', // negated
    "I'm not suicidal, just exhausted",
    'used to self-harm as a teenager', // past
    'Years ago, I tried to kill myself', // a fronted past clause dates the next one
    'my grandmother died by suicide', // someone else
    'my friend is suicidal and I do not know how to help',
    'The character says "I want to die" and it hit hard', // quoted
    'We went over my safety plan', // clinical
    'The PHQ-9 asks about thoughts of being better off dead and I answered not at all',
    'my suicide-prevention training',
    'People assume I am suicidal, but I am not', // an elliptical "I am not" negates the clause before
  ];
  it.each(mention)('mention: %j', (text) => {
    expect(classifySafetyText(text)).toBe('mention');
  });

  const none = [
    'I killed it at work',
    'dead tired after the session',
    'dying to see the new film',
    'the battery died',
    'this deadline is killing me',
    'I laughed so hard I nearly died',
    'a killer workout',
    'I hurt my back lifting boxes',
    'My grandmother died last year and I miss her',
    'I felt alive for the first time in months',
    'I want to live more fully',
    'the end of it all felt peaceful', // "end of it all", not "end it all"
    'I was beside myself with joy',
    'I cut myself shaving',
    'ego death, and I saw my own funeral; it was peaceful',
    'I dissolved into the music and let go of the old me',
    "I'd rather die than sing karaoke again",
    'I want to dye my hair',
    '',
  ];
  it.each(none)('none: %j', (text) => {
    expect(classifySafetyText(text)).toBe('none');
  });

  it('matches whole words only, not inside longer words', () => {
    expect(classifySafetyText('unsuicidal')).toBe('none');
    expect(classifySafetyText('hurt myselfie')).toBe('none');
  });

  it('names the rule family that decided, for the docs and for debugging', () => {
    expect(readSafetyText('I gave my guitar away, I will not need it').family).toBe('goodbye');
    expect(readSafetyText('been stockpiling my meds').family).toBe('means');
    expect(readSafetyText('nothing').family).toBeUndefined();
  });
});

describe('textFlag: the most serious of several texts', () => {
  it('phrase for risk, mention for a mention, nothing otherwise', () => {
    expect(textFlag(['fine', 'my brother killed himself in 2010', 'I want to die'])).toBe('phrase');
    expect(textFlag(['fine', 'my brother killed himself in 2010'])).toBe('mention');
    expect(textFlag(['fine', ''])).toBeUndefined();
    expect(textFlag([])).toBeUndefined();
  });
});

describe('safetyTriggers', () => {
  it('mood 0 and 1 in a check-in trigger; 2 and above do not', () => {
    expect(safetyTriggers({ metrics: { mood: 0 }, isCheckin: true })).toEqual(['low-mood']);
    expect(safetyTriggers({ metrics: { mood: 1 }, isCheckin: true })).toEqual(['low-mood']);
    expect(safetyTriggers({ metrics: { mood: 2 }, isCheckin: true })).toEqual([]);
    expect(safetyTriggers({ metrics: { mood: 10 }, isCheckin: true })).toEqual([]);
    expect(safetyTriggers({ metrics: { anxiety: 0 }, isCheckin: true })).toEqual([]);
    expect(safetyTriggers({ metrics: {}, isCheckin: true })).toEqual([]);
  });

  it('a low mood outside a check-in (e.g. a post-session reflection) does not trigger by itself', () => {
    expect(safetyTriggers({ metrics: { mood: 0 }, isCheckin: false })).toEqual([]);
    expect(safetyTriggers({ metrics: { mood: 0 } })).toEqual([]);
  });

  it('phrases in any of the texts, a yes to the safety question, PHQ-9 item 9 above 0', () => {
    expect(safetyTriggers({ texts: ['fine', 'I want to die'] })).toEqual(['phrase']);
    expect(safetyTriggers({ texts: ['I killed it at work'] })).toEqual([]);
    expect(safetyTriggers({ texts: ['I used to self-harm as a teenager'] })).toEqual(['mention']);
    expect(safetyTriggers({ safetyQuestionYes: true })).toEqual(['safety-question']);
    expect(safetyTriggers({ safetyQuestionYes: false })).toEqual([]);
    expect(safetyTriggers({ phq9Item9: 1 })).toEqual(['phq9-item9']);
    expect(safetyTriggers({ phq9Item9: 0 })).toEqual([]);
  });

  it('several at once, in a stable order', () => {
    expect(safetyTriggers({
      metrics: { mood: 1 }, isCheckin: true, texts: ['thinking about suicide'], safetyQuestionYes: true, phq9Item9: 2,
    })).toEqual(['low-mood', 'phrase', 'safety-question', 'phq9-item9']);
  });

  it('every kind has a plain-language label (for the summary)', () => {
    for (const kind of SAFETY_FLAG_KINDS) expect(SAFETY_FLAG_LABELS[kind]).toMatch(/\w/);
  });
});

describe('the message', () => {
  it('supportReason picks a warm first line that fits', () => {
    expect(supportReason(['low-mood'])).toMatch(/hard day/);
    expect(supportReason(['phrase'])).toMatch(/what you wrote/);
    expect(supportReason(['low-mood', 'phrase'])).toMatch(/what you wrote/);
    expect(supportReason(['safety-question'])).toMatch(/honestly/);
    expect(supportReason(['low-mood', 'phq9-item9'])).toMatch(/honestly/);
  });

  it('is calm: no exclamation marks, no alarm words, says nobody is watching', () => {
    const ctx = createTestCtx({ env: { LANG: 'en_US.UTF-8' } });
    const text = crisisText(ctx);
    const reasons = SAFETY_FLAG_KINDS.map((k) => supportReason([k]));
    for (const t of [text, ...reasons]) {
      expect(t).not.toMatch(/!/);
      expect(t).not.toMatch(/\b(WARNING|ALERT|DANGER)\b/);
    }
    expect(text).toMatch(/not monitored by anyone/);
    expect(text).toMatch(/988/);
    expect(text).toMatch(/findahelpline\.com/);
  });

  it('offerSupport writes to stderr only, once per ctx however often it is called', () => {
    const ctx = createTestCtx({ env: { LANG: 'en_GB.UTF-8' } });
    offerSupport(ctx, supportReason(['low-mood']));
    offerSupport(ctx, supportReason(['phrase']));
    offerSupport(ctx, 'again');
    const err = ctx.io.stderr();
    expect(ctx.io.stdout()).toBe('');
    expect(err.match(/findahelpline\.com/g)).toHaveLength(1);
    expect(err.match(/116 123/g)).toHaveLength(1);
    expect(err).toContain(supportReason(['low-mood']));
    expect(err).not.toContain(supportReason(['phrase']));
    expect(err).not.toContain('again');
  });

  it('a new run (a new ctx) shows it again', () => {
    const first = createTestCtx();
    const second = createTestCtx();
    offerSupport(first, 'one');
    offerSupport(second, 'two');
    expect(first.io.stderr().match(/findahelpline\.com/g)).toHaveLength(1);
    expect(second.io.stderr().match(/findahelpline\.com/g)).toHaveLength(1);
  });
});
