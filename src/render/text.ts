// Width-aware helpers for terminal lines (CJK and emoji take two columns).
// A small measure of our own on top of get-east-asian-width: string-width
// builds an Intl.Segmenter when loaded, which costs every command ~9 ms of
// start-up, and measuring per grapheme made long notes slow to cut.
import { eastAsianWidth } from 'get-east-asian-width';

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]$|^[\u200b-\u200f\ufe00-\ufe0f\u{e0100}-\u{e01ef}]$/u;
const EMOJI = /^\p{Emoji_Presentation}$/u;

/** Columns one code point takes (0, 1 or 2); a following VS16 makes text-style emoji wide. */
function charWidth(ch: string, next?: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x20 && cp < 0x7f) return 1;
  if (ZERO_WIDTH.test(ch)) return 0;
  if (EMOJI.test(ch) || next === '\ufe0f') return 2;
  return eastAsianWidth(cp);
}

/** Terminal columns a string takes, ignoring colour codes. */
export function stringWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  const chars = [...text.replace(ANSI, '')];
  let width = 0;
  for (let i = 0; i < chars.length; i++) width += charWidth(chars[i]!, chars[i + 1]);
  return width;
}

/** Cuts text to at most `width` terminal columns, ending with … when cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (PRINTABLE_ASCII.test(text)) return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
  if (stringWidth(text) <= width) return text;
  const chars = [...text];
  let used = 0;
  let i = 0;
  for (; i < chars.length; i++) {
    const w = charWidth(chars[i]!, chars[i + 1]);
    if (used + w > width - 1) break;
    used += w;
  }
  return `${chars.slice(0, i).join('')}…`;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

/** Left-aligned label/value rows with the labels padded to one width. */
export function labelled(rows: [string, string][], style: (label: string) => string = (l) => l): string {
  const width = Math.max(...rows.map(([label]) => stringWidth(label)));
  return rows.map(([label, value]) => `${style(padEnd(label, width))}  ${value}`).join('\n');
}
