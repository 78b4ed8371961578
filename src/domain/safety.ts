// When to offer crisis resources. Deliberately simple and documented: a low
// mood score, a "yes" to a safety question, PHQ-9 item 9 above 0, or words
// about self-harm or suicide read by the rules in safety-text.ts (risk, or a
// softer mention). It never blocks anything.

import { classifySafetyText } from './safety-text.js';

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

export { classifySafetyText, readSafetyText, type TextSafety, type TextReading } from './safety-text.js';

/** The flag words earn: 'phrase' for risk, 'mention' for a mention, none otherwise; the most serious of several texts. */
export function textFlag(texts: readonly string[]): 'phrase' | 'mention' | undefined {
  let mention = false;
  for (const text of texts) {
    const level = classifySafetyText(text);
    if (level === 'risk') return 'phrase';
    if (level === 'mention') mention = true;
  }
  return mention ? 'mention' : undefined;
}

/** Whether any of these kinds shows crisis resources (the rest get a one-line pointer). */
export function isRiskFlag(kinds: readonly SafetyFlagKind[]): boolean {
  return kinds.some((k) => SAFETY_FLAG_SEVERITY[k] === 'risk');
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
  const words = textFlag(input.texts ?? []);
  if (words) kinds.push(words);
  if (input.safetyQuestionYes) kinds.push('safety-question');
  if (input.phq9Item9 !== undefined && input.phq9Item9 > 0) kinds.push('phq9-item9');
  return kinds;
}
