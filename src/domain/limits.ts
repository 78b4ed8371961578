// How much text one entry, session or intention may hold. A journal entry of
// 1 MB is about 150,000 words (a long book); beyond that a paste went wrong,
// and huge texts make every later search, export and summary slow. One check,
// made by the store wherever text is saved (check-ins, journal answers, edits,
// session notes, intentions, imports).
import type { Entry } from './entries.js';
import { TextTooLong } from './errors.js';

export const MAX_TEXT_BYTES = 1024 * 1024;

/** UTF-8 length, without encoding the text. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Throws TextTooLong (a usage error naming `what` and the limit) when the texts together exceed MAX_TEXT_BYTES. */
export function checkTextSize(what: string, ...texts: (string | null | undefined)[]): void {
  let chars = 0;
  for (const t of texts) chars += t?.length ?? 0;
  if (chars * 3 <= MAX_TEXT_BYTES) return; // cannot be over: at most 3 bytes per UTF-16 unit
  let bytes = 0;
  for (const t of texts) bytes += t ? utf8Length(t) : 0;
  if (bytes <= MAX_TEXT_BYTES) return;
  throw new TextTooLong(what, bytes, MAX_TEXT_BYTES);
}

/** Refuses an entry whose text is over the size limit, naming its day. */
export function checkEntryText(entry: Pick<Entry, 'localDate' | 'text'>): void {
  checkTextSize(`The text of the entry of ${entry.localDate}`, entry.text);
}
