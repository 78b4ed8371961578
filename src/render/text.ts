// Width-aware helpers for terminal lines (CJK and emoji take two columns).
import stringWidth from 'string-width';

export { stringWidth };

/** Cuts text to at most `width` terminal columns, ending with … when cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = stringWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

/** Left-aligned label/value rows with the labels padded to one width. */
export function labelled(rows: [string, string][], style: (label: string) => string = (l) => l): string {
  const width = Math.max(...rows.map(([label]) => stringWidth(label)));
  return rows.map(([label, value]) => `${style(padEnd(label, width))}  ${value}`).join('\n');
}
