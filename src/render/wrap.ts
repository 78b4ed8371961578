// Greedy wrapping of short items (words, legend entries, "a · b · c" parts)
// to a terminal width; widths are terminal columns, ANSI colour codes ignored.
import { stringWidth } from './text.js';

/** Joins items with `sep`, starting a new line (with `indent`) before an item that would pass `width`. */
export function wrapItems(items: readonly string[], width: number, sep = ' ', indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line && stringWidth(line) + stringWidth(sep) + stringWidth(item) > width) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line}${sep}${item}` : `${indent}${item}`;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Fits one line of "a · b → c" text to `width`, breaking only before
 * " · " (dropped at the break) and " → " (kept: it carries meaning);
 * continuation lines start with `indent`.
 */
export function wrapParts(text: string, width: number, indent = '    '): string[] {
  const [first = '', ...rest] = text.split(/(?= · | → )/);
  const lines = [first];
  for (const part of rest) {
    const last = lines[lines.length - 1]!;
    if (stringWidth(last) + stringWidth(part) > width) lines.push(`${indent}${part.replace(/^ · /, '').trimStart()}`);
    else lines[lines.length - 1] = last + part;
  }
  return lines;
}
