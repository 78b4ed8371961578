// Checks for the fields of an imported JSON record, each worded for a person
// ("must be true or false", "is missing"), with the path to the value that is
// wrong (answers.2.value). integrate's own export is read with these rather
// than with zod: loading zod costs 40–50 ms of every import's start, and a
// record that passes is checked in one pass with no second schema to agree with.

/** What is wrong with a value: where below the field (list positions, keys) and how. */
export interface Problem {
  at: string[];
  message: string;
  /** What was there instead, shown briefly (see shown()). */
  got?: string;
}

/** A check of one value: undefined when it is fine. */
export type Check = (value: unknown) => Problem | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** At most this much of a string is repeated in a message: enough to find a field, not to echo a note. */
const SHOWN_CHARS = 40;

/**
 * A wrong value as a message shows it: a number, true or false, null, or a short string in JSON
 * notation (control characters escaped); a longer string, a list or an object only by its kind.
 */
export function shown(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v.length <= SHOWN_CHARS ? JSON.stringify(v) : `text of ${v.length} characters`;
  if (Array.isArray(v)) return 'a list';
  if (isObject(v)) return 'an object';
  // Numbers as JavaScript writes them: 1e400 in a file is read as Infinity (JSON.stringify would say null).
  return typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
}

/** A value that passes `ok`, or `message`. */
export const must = (ok: (v: unknown) => boolean, message: string): Check => (v) => (ok(v) ? undefined : { at: [], message, got: shown(v) });

export const text = must((v) => typeof v === 'string', 'must be text');
export const bool = must((v) => typeof v === 'boolean', 'must be true or false');
export const wholeNumber = must((v) => Number.isSafeInteger(v), 'must be a whole number');
export const finiteNumber = must((v) => typeof v === 'number' && Number.isFinite(v), 'must be a number');
export const matching = (re: RegExp, message: string): Check => must((v) => typeof v === 'string' && re.test(v), message);
export const oneOf = (values: readonly string[]): Check => {
  const allowed: ReadonlySet<unknown> = new Set(values);
  return must((v) => allowed.has(v), `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`);
};

/** null, or what `check` accepts. */
export const orNull = (check: Check): Check => (v) => (v === null ? undefined : check(v));
/** Absent, or what `check` accepts. */
export const optional = (check: Check): Check => (v) => (v === undefined ? undefined : check(v));

/** A list whose every element passes `check`; the first that does not is named by its position. */
export const listOf = (check: Check): Check => (v) => {
  if (!Array.isArray(v)) return { at: [], message: 'must be a list', got: shown(v) };
  for (let i = 0; i < v.length; i++) {
    const problem = check(v[i]);
    if (problem) return { ...problem, at: [String(i), ...problem.at] };
  }
  return undefined;
};

/** An object whose keys pass `key` and whose values pass `value` (a map such as metrics). */
export const mapOf = (key: Check, value: Check): Check => (v) => {
  if (!isObject(v)) return { at: [], message: 'must be an object', got: shown(v) };
  for (const [k, x] of Object.entries(v)) {
    // A wrong key is shown like a wrong value (escaped, short), not put in the path.
    const badKey = key(k);
    if (badKey) return { at: [], message: `has the key ${shown(k)}, which ${badKey.message}` };
    const problem = value(x);
    if (problem) return { ...problem, at: [k, ...problem.at] };
  }
  return undefined;
};

/**
 * An object with these fields, checked in this order; a field that must be there and is not
 * "is missing". Other keys are ignored (the reader takes only these).
 */
export const objectWith = (fields: Record<string, Check>): Check => {
  const checks = Object.entries(fields);
  return (v) => {
    if (!isObject(v)) return { at: [], message: 'must be an object', got: shown(v) };
    for (const [key, check] of checks) {
      const value = v[key];
      const problem = check(value);
      if (problem) return value === undefined && problem.at.length === 0 ? { at: [key], message: 'is missing' } : { ...problem, at: [key, ...problem.at] };
    }
    return undefined;
  };
};

/** The problem as one phrase for an import's error line: `field "answers.0.value" must be text; got 3`. */
export function describeProblem(problem: Problem): string {
  const what = `${problem.message}${problem.got === undefined ? '' : `; got ${problem.got}`}`;
  return problem.at.length ? `field "${problem.at.join('.')}" ${what}` : what;
}
