// Day One's JSON export (the .json inside the export zip):
// {"metadata":{"version"},"entries":[{"uuid","creationDate":"…Z","timeZone":"Area/City","text","tags","starred","photos"}]}
// Day One escapes Markdown punctuation with backslashes; photos are moment links.
import { defineImporter, fail, importNames, readEntriesList, ContentIds, stableId, timing, zonedInstant } from '../import.js';

/** Minutes east of UTC in an IANA zone at an instant, or undefined for an unknown zone. */
export function offsetInZone(at: Date, timeZone: string): number | undefined {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
    const m = /GMT(?:([+-])(\d{2}):?(\d{2})?)?$/.exec(name);
    if (!m) return undefined;
    if (!m[1]) return 0;
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
    return m[1] === '-' ? -minutes : minutes;
  } catch {
    return undefined;
  }
}

/** Undoes Day One's backslash escapes and turns photo links into "[photo]". */
export function dayOneText(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\(dayone-moment:\/\/[^)]*\)/g, '[photo]')
    .replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, '$1')
    .trim();
}

export const dayOneImporter = defineImporter({
  name: 'dayone',
  description: 'Day One JSON export (Journal.json from the export zip)',
  read(text, _options, sink) {
    const ids = new ContentIds('dayone');
    readEntriesList(text, 'has no "entries" list; is it a Day One JSON export?', (raw, i) => {
      const e = raw as Record<string, unknown>;
      const record = `entry ${i + 1}${typeof e?.uuid === 'string' ? ` (${e.uuid})` : ''}`;
      if (typeof e !== 'object' || e === null) fail(record, 'is not an object');
      const { at } = zonedInstant(record, 'creationDate', e.creationDate);
      let offset: number | undefined;
      if (typeof e.timeZone === 'string') {
        offset = offsetInZone(at, e.timeZone);
        if (offset === undefined) sink.warn(`${record}: unknown time zone "${e.timeZone}"; used this computer's`);
      }
      const rawText = e.text === undefined ? '' : typeof e.text === 'string' ? e.text : fail(record, 'field "text" must be text');
      let text = dayOneText(rawText);
      const photos = Array.isArray(e.photos) ? e.photos.length : 0;
      if (photos && !text.includes('[photo]')) text = `${text}${text ? '\n\n' : ''}${Array(photos).fill('[photo]').join(' ')}`;
      const tags = e.tags === undefined ? [] : Array.isArray(e.tags) && e.tags.every((t) => typeof t === 'string') ? (e.tags as string[]) : fail(record, 'field "tags" must be a list of text');
      const uuid = typeof e.uuid === 'string' && e.uuid ? e.uuid : undefined;
      sink.entry({
        entry: {
          id: uuid ? stableId('dayone', uuid) : ids.id(`${e.creationDate} ${text}`),
          ...timing(at, offset), kind: 'journal', pack: null, private: false, starred: e.starred === true, text,
          metrics: {}, practices: [], tags: importNames(tags, record, 'tag'),
        },
      });
    }, '; give the .json file from inside the Day One export zip');
  },
});
