// Daylio's CSV export. Columns are found by their header names, so old and
// new layouts (with or without note_title and scales) both work. Rows are
// newest first; times are "10:00 pm" or "18:52"; notes may hold HTML.
import { KNOWN_PRACTICES } from '../../domain/entries.js';
import { fail, fileText, importNames, localInstant, ContentIds, timing, type ImportBatch, type Importer } from '../import.js';

/** Daylio's five default moods on integrate's 0–10 mood scale. */
export const DAYLIO_DEFAULT_MOODS: ReadonlyMap<string, number> = new Map([
  ['rad', 10], ['good', 8], ['meh', 5], ['bad', 3], ['awful', 1],
]);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/**
 * Daylio notes carry a little HTML: line breaks become newlines, tags go, entities are decoded.
 * Throws a RangeError for a numeric reference that names no character.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, code: string) => {
      const lower = code.toLowerCase();
      if (!lower.startsWith('#')) return Object.hasOwn(ENTITIES, lower) ? ENTITIES[lower]! : m;
      const point = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : Number(lower.slice(1));
      // NUL, lone surrogate halves and anything past U+10FFFF are not characters: the file is damaged.
      if (!(point > 0 && point <= 0x10ffff) || (point >= 0xd800 && point <= 0xdfff)) throw new RangeError(`${m} is not a character`);
      return String.fromCodePoint(point);
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function parseTime(raw: string): [number, number] | undefined {
  const m = /^(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?$/i.exec(raw.trim());
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const meridiem = m[3]?.toLowerCase().replace(/\./g, '');
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  return hour <= 23 && minute <= 59 ? [hour, minute] : undefined;
}

/** The file line each record starts on: quoted notes may span lines, and blank lines are skipped. */
function startLines(source: Buffer, ends: number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let pos = 0;
  for (const end of ends) {
    for (; pos < end && (source[pos] === 0x0a || source[pos] === 0x0d); pos++) if (source[pos] === 0x0a) line++;
    lines.push(line);
    for (; pos < end; pos++) if (source[pos] === 0x0a) line++;
  }
  return lines;
}

export const daylioImporter: Importer = {
  name: 'daylio',
  description: 'Daylio CSV export',
  async parse(input, options) {
    const { parse } = await import('csv-parse/sync');
    const source = Buffer.from(fileText(input), 'utf8');
    let parsed: { record: string[]; info: { bytes: number } }[];
    try {
      parsed = parse(source, { relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof parsed;
    } catch (err) {
      fail('the file', `is not valid CSV (${(err as Error).message})`);
    }
    const rows = parsed.map((p) => p.record);
    const lines = startLines(source, parsed.map((p) => p.info.bytes));
    lines.shift();
    const header = (rows.shift() ?? []).map((h) => h.trim().toLowerCase());
    const col = (name: string) => header.indexOf(name);
    const [iDate, iTime, iMood, iActivities, iNote, iTitle] = ['full_date', 'time', 'mood', 'activities', 'note', 'note_title'].map(col) as [number, number, number, number, number, number];
    for (const [name, index] of [['full_date', iDate], ['time', iTime], ['mood', iMood]] as const) {
      if (index < 0) fail('the header', `has no "${name}" column; is this a Daylio CSV export?`);
    }
    const moods = new Map([...DAYLIO_DEFAULT_MOODS, ...options.moodMap]);
    const unknown = new Set<string>();
    for (const row of rows) {
      const label = (row[iMood] ?? '').trim().toLowerCase();
      if (label && !moods.has(label)) unknown.add(label);
    }
    if (unknown.size) {
      fail('the file', `uses mood labels integrate does not know: ${[...unknown].map((u) => `"${u}"`).join(', ')}. Map each to 0–10, e.g. ${[...unknown].map((u) => `--mood-map "${u}=6"`).join(' ')}`);
    }
    const batch: ImportBatch = { entries: [], sessions: [], intentions: [], warnings: [] };
    const ids = new ContentIds('daylio');
    const known = new Set<string>(KNOWN_PRACTICES);
    rows.forEach((row, i) => {
      const record = `line ${lines[i]}`;
      const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec((row[iDate] ?? '').trim());
      if (!date) fail(record, `field "full_date" must be YYYY-MM-DD; got "${row[iDate] ?? ''}"`);
      const time = parseTime(row[iTime] ?? '');
      if (!time) fail(record, `field "time" must look like "10:00 pm" or "18:52"; got "${row[iTime] ?? ''}"`);
      const at = localInstant(record, 'full_date', { year: Number(date[1]), month: Number(date[2]), day: Number(date[3]), hour: time[0], minute: time[1] });
      const label = (row[iMood] ?? '').trim().toLowerCase();
      const activities = iActivities >= 0 ? (row[iActivities] ?? '').split('|').map((a) => a.trim()).filter(Boolean) : [];
      const practices = importNames(activities.filter((a) => known.has(a.toLowerCase())), record, 'practice');
      const tags = importNames(activities.filter((a) => !known.has(a.toLowerCase())), record, 'tag');
      const decode = (index: number, field: string) => {
        try {
          return index >= 0 ? htmlToText(row[index] ?? '') : '';
        } catch (err) {
          return fail(record, `field "${field}" has ${(err as RangeError).message}`);
        }
      };
      const title = decode(iTitle, 'note_title');
      const note = decode(iNote, 'note');
      const text = [title, note].filter(Boolean).join('\n\n');
      batch.entries.push({
        entry: {
          id: ids.id(`${date[0]} ${time[0]}:${time[1]}`, label, text),
          ...timing(at), kind: 'checkin', pack: null, private: false, starred: false, text,
          metrics: label ? { mood: moods.get(label)! } : {}, practices, tags,
        },
      });
    });
    return batch;
  },
};
