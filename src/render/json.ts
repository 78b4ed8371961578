// JSON as integrate prints and exports it: JSON.stringify, plus \u escapes
// for the characters a terminal or editor would act on or hide (DEL, C1,
// bidirectional marks and overrides, line/paragraph separators). JSON.stringify
// already escapes C0. These characters can occur only inside strings, so the
// result is still valid JSON and parses back to the same value.
const UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function toJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
