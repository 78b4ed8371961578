// Ordering of identifiers, metric names and ISO timestamps. For these
// (lowercase letters, digits, dashes; fixed-format dates) plain code-unit order
// is the alphabetical order localeCompare gives, and it is deterministic
// everywhere; localeCompare's first call also builds an ICU collator, 20-50 ms
// of start-up for a command that sorts three pack ids.
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
