// When to offer crisis resources. Deliberately simple and documented: a low
// mood score, a "yes" to a safety question, PHQ-9 item 9 above 0, or a short
// list of unambiguous self-harm phrases. It never blocks anything.

export const SAFETY_FLAG_KINDS = ['low-mood', 'phrase', 'mention', 'safety-question', 'phq9-item9', 'safety-item'] as const;
export type SafetyFlagKind = (typeof SAFETY_FLAG_KINDS)[number];

export const SAFETY_FLAG_LABELS: Record<SafetyFlagKind, string> = {
  'low-mood': 'mood of 0 or 1 in a check-in',
  phrase: 'words about self-harm or suicide in an entry',
  mention: 'self-harm or suicide mentioned (past, negated or about someone else)',
  'safety-question': 'answered yes to the safety question',
  'phq9-item9': 'PHQ-9 item 9 (thoughts of being better off dead or self-harm) above 0',
  'safety-item': 'the safety item of a questionnaire',
};

/**
 * How a flag is presented: `risk` flags show crisis resources and lead the
 * therapist summary; `mention` flags get a gentle pointer and a softer label.
 */
export const SAFETY_FLAG_SEVERITY: Record<SafetyFlagKind, 'risk' | 'mention'> = {
  'low-mood': 'risk',
  phrase: 'risk',
  mention: 'mention',
  'safety-question': 'risk',
  'phq9-item9': 'risk',
  'safety-item': 'risk',
};

/**
 * Phrases matched as whole words, case-insensitively, after folding curly
 * apostrophes; the apostrophe may be left out ("dont want to live"). Kept
 * short and specific so everyday speech ("I killed it at work", "dead tired")
 * does not trigger.
 */
export const SELF_HARM_PHRASES: readonly string[] = [
  'kill myself', 'killing myself', 'killed myself',
  'end my life', 'ending my life', 'take my own life', 'taking my own life', 'end it all',
  'suicide', 'suicidal',
  'want to die', 'wanted to die', 'wanting to die',
  'wish i was dead', 'wish i were dead', 'better off dead', 'better off without me',
  'hurt myself', 'hurting myself', 'harm myself', 'harming myself', 'self-harm', 'self harm',
  'cut myself', 'cutting myself',
  'no reason to live', "don't want to live", 'do not want to live', "don't want to be alive", 'do not want to be alive',
];

const PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${SELF_HARM_PHRASES.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[ -]/g, '[\\s-]+').replace(/'/g, "'?")).join('|')})(?![\\p{L}\\p{N}])`,
  'iu',
);

export function mentionsSelfHarm(text: string): boolean {
  return PATTERN.test(text.replace(/[\u2018\u2019\u02bc]/g, "'"));
}

export interface SafetyInput {
  metrics?: Record<string, number>;
  /** Only check-ins trigger on low mood. */
  isCheckin?: boolean;
  texts?: string[];
  safetyQuestionYes?: boolean;
  phq9Item9?: number;
}

/** Which triggers fire for an entry, in a stable order. */
export function safetyTriggers(input: SafetyInput): SafetyFlagKind[] {
  const kinds: SafetyFlagKind[] = [];
  const mood = input.metrics?.mood;
  if (input.isCheckin && mood !== undefined && mood <= 1) kinds.push('low-mood');
  if (input.texts?.some((t) => mentionsSelfHarm(t))) kinds.push('phrase');
  if (input.safetyQuestionYes) kinds.push('safety-question');
  if (input.phq9Item9 !== undefined && input.phq9Item9 > 0) kinds.push('phq9-item9');
  return kinds;
}
