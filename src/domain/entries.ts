// Entries: what a check-in or reflection is, and how names are normalised.
import { InvalidValue } from './errors.js';

export const KNOWN_PRACTICES = [
  'journaling', 'meditation', 'breathwork', 'movement', 'yoga', 'bodywork',
  'nature', 'art', 'music', 'community', 'therapy',
] as const;

/** What an entry can be: a check-in, a guided reflection, or a questionnaire's result. */
export const ENTRY_KINDS = ['checkin', 'journal', 'assessment'] as const;

export interface Entry {
  id: string;
  /** UTC ISO 8601 instant. */
  createdAt: string;
  /** Minutes east of UTC where and when the entry was written. */
  utcOffset: number;
  /** The user's local day, YYYY-MM-DD. */
  localDate: string;
  kind: string;
  pack: string | null;
  private: boolean;
  starred: boolean;
  text: string;
  metrics: Record<string, number>;
  practices: string[];
  tags: string[];
}

/** The longest tag or practice name. */
const MAX_NAME_LENGTH = 60;

function normaliseName(raw: string, what: 'tag' | 'practice', field: string): string {
  // Tags may arrive as #tag or @tag (jrnl style); the symbol is not part of the name.
  const bare = what === 'tag' ? raw.trim().replace(/^[#@]+/, '') : raw.trim();
  const name = bare.replace(/\s+/g, '-').toLowerCase();
  const invalid = (problem: string) => new InvalidValue({ field, value: raw, problem, max: MAX_NAME_LENGTH });
  if (name === '') throw invalid('needs a name; got an empty value');
  if (name.length > MAX_NAME_LENGTH) throw invalid(`"${name.slice(0, 20)}…" is too long (${MAX_NAME_LENGTH} characters at most)`);
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) throw invalid('may not contain control characters');
  return name;
}

/** A tag as integrate keeps it ("Family Time" -> family-time); throws InvalidValue about `field`. */
export function normaliseTag(raw: string, field = 'tag'): string {
  return normaliseName(raw, 'tag', field);
}

/** A practice as integrate keeps it; throws InvalidValue about `field`. */
export function normalisePractice(raw: string, field = 'practice'): string {
  return normaliseName(raw, 'practice', field);
}

export function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Appends a note to existing text unless it is already there (a repeated cron run adds nothing). */
export function mergeText(existing: string, addition: string): string {
  const add = addition.trim();
  if (add === '' || existing.includes(add)) return existing;
  return existing.trim() === '' ? add : `${existing.trimEnd()}\n\n${add}`;
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}
