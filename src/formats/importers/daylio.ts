// Daylio's CSV export. Columns are found by their header names, so every
// layout works: the current one (full_date,date,weekday,time,mood,activities,
// note_title,note, sometimes scales), and the older one (year,date,weekday,
// time,mood,activities,note) whose date reads "28 September". Rows are newest
// first; times are "10:00 pm" or "18:52"; notes may hold HTML; scales
// ("Sleep Quality: 7/10 points") become metrics.
import { KNOWN_PRACTICES } from '../../domain/entries.js';
import { CORE_METRIC_RANGES, metricValueProblem } from '../../domain/metrics.js';
import { defineImporter, fail, importNames, localInstant, ContentIds, timing } from '../import.js';
import { CsvSyntaxError, readCsv } from '../read-csv.js';

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

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "28 September", "September 28" or "28 Sep" with the year from its own column: [month, day], or undefined. */
export function parseDayMonth(raw: string): [number, number] | undefined {
  const m = /^(?:(\d{1,2})\.?\s+([a-z]+)\.?|([a-z]+)\.?\s+(\d{1,2}))$/i.exec(raw.trim());
  if (!m) return undefined;
  const name = (m[2] ?? m[3]!).toLowerCase();
  const month = name.length >= 3 ? MONTHS.findIndex((full) => full.startsWith(name)) + 1 : 0;
  return month ? [month, Number(m[1] ?? m[4])] : undefined;
}

/** One Daylio scale, "Sleep Quality: 7/10 points": the metric it becomes and its value. */
export interface DaylioScale {
  label: string;
  value: number;
  max: number;
}

/** A "scales" cell: scales separated by "|"; undefined when an item is not a scale. */
export function parseScales(cell: string): DaylioScale[] | undefined {
  const scales: DaylioScale[] = [];
  for (const item of cell.split('|').map((i) => i.trim()).filter(Boolean)) {
    const m = /^(.+?):\s*(-?\d+(?:[.,]\d+)?)\s*\/\s*(\d+(?:[.,]\d+)?)(?:\s*points?)?$/i.exec(item);
    if (!m) return undefined;
    scales.push({ label: m[1]!.trim(), value: Number(m[2]!.replace(',', '.')), max: Number(m[3]!.replace(',', '.')) });
  }
  return scales;
}

/**
 * The metric name for a scale: its label as a slug ("Sleep Quality" -> sleep-quality).
 * A label that names a core metric becomes that metric only when the scale is the
 * metric's own (same top, e.g. "Anxiety: 7/10"); otherwise it is kept apart as
 * daylio-<name>, so a 1–5 "Energy" never lands in the 0–10 energy series.
 */
export function scaleMetric(scale: DaylioScale, taken: Record<string, number>): string | undefined {
  const slug = scale.label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (!slug) return undefined;
  const core = CORE_METRIC_RANGES.get(slug);
  if (!core) return slug in taken ? `daylio-${slug}` : slug;
  return core.max === scale.max && !(slug in taken) && !metricValueProblem(slug, scale.value) ? slug : `daylio-${slug}`;
}

/** The columns a layout is read from (-1: not there). */
interface Columns {
  fullDate: number; year: number; date: number; time: number; mood: number; activities: number; note: number; title: number; scales: number;
}

function columns(header: readonly string[]): Columns {
  const names = header.map((h) => h.trim().toLowerCase());
  const col = (name: string) => names.indexOf(name);
  const c: Columns = {
    fullDate: col('full_date'), year: col('year'), date: col('date'), time: col('time'), mood: col('mood'),
    activities: col('activities'), note: col('note'), title: col('note_title'), scales: col('scales'),
  };
  if (c.fullDate < 0 && (c.year < 0 || c.date < 0)) {
    fail('the header', 'has no "full_date" column (nor "year" and "date", as older exports have); is this a Daylio CSV export?');
  }
  for (const [name, index] of [['time', c.time], ['mood', c.mood]] as const) {
    if (index < 0) fail('the header', `has no "${name}" column; is this a Daylio CSV export?`);
  }
  return c;
}

const ROW_TIME = 'field "time" must look like "10:00 pm" or "18:52"';

export const daylioImporter = defineImporter({
  name: 'daylio',
  description: 'Daylio CSV export',
  read(text, options, sink) {
    const moods = new Map([...DAYLIO_DEFAULT_MOODS, ...options.moodMap]);
    // Unknown moods are all named at the end (one message for the whole file); the import then writes nothing.
    const unknown = new Set<string>();
    const unnamedScales = new Set<string>();
    const ids = new ContentIds('daylio');
    const known = new Set<string>(KNOWN_PRACTICES);
    let c: Columns | undefined;
    const rows = readCsv(text);
    try {
      for (const { fields: row, line } of rows) {
        if (!c) {
          c = columns(row);
          continue;
        }
        const entry = readRow(row, `line ${line}`, c);
        if (entry) sink.entry(entry);
      }
    } catch (err) {
      if (err instanceof CsvSyntaxError) fail('the file', `is not valid CSV (${err.message})`);
      throw err;
    }
    if (!c) fail('the header', 'is missing: the file is empty; is this a Daylio CSV export?');
    if (unknown.size) {
      fail('the file', `uses mood labels integrate does not know: ${[...unknown].map((u) => `"${u}"`).join(', ')}. Map each to 0–10, e.g. ${[...unknown].map((u) => `--mood-map "${u}=6"`).join(' ')}`);
    }
    if (unnamedScales.size) sink.warn(`scales without a letter or digit in their name were left out: ${[...unnamedScales].map((u) => `"${u}"`).join(', ')}`);

    function readRow(row: string[], record: string, c: Columns): Parameters<typeof sink.entry>[0] | undefined {
      const cell = (index: number) => (index >= 0 ? row[index] ?? '' : '');
      let day: string;
      if (c.fullDate >= 0) {
        const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cell(c.fullDate).trim());
        if (!date) fail(record, `field "full_date" must be YYYY-MM-DD; got "${cell(c.fullDate)}"`);
        day = date[0];
      } else {
        const year = /^\d{4}$/.exec(cell(c.year).trim());
        if (!year) fail(record, `field "year" must be a year such as 2018; got "${cell(c.year)}"`);
        const dm = parseDayMonth(cell(c.date));
        if (!dm) fail(record, `field "date" must be a day and an English month name such as "28 September"; got "${cell(c.date)}"`);
        day = `${year[0]}-${String(dm[0]).padStart(2, '0')}-${String(dm[1]).padStart(2, '0')}`;
      }
      const time = parseTime(cell(c.time));
      if (!time) fail(record, `${ROW_TIME}; got "${cell(c.time)}"`);
      const [year, month, dom] = day.split('-').map(Number) as [number, number, number];
      const at = localInstant(record, c.fullDate >= 0 ? 'full_date' : 'date', { year, month, day: dom, hour: time[0], minute: time[1] });
      const label = cell(c.mood).trim().toLowerCase();
      if (label && !moods.has(label)) {
        unknown.add(label);
        return undefined;
      }
      const activities = cell(c.activities).split('|').map((a) => a.trim()).filter(Boolean);
      const practices = importNames(activities.filter((a) => known.has(a.toLowerCase())), record, 'practice');
      const tags = importNames(activities.filter((a) => !known.has(a.toLowerCase())), record, 'tag');
      const decode = (index: number, field: string) => {
        try {
          return htmlToText(cell(index));
        } catch (err) {
          return fail(record, `field "${field}" has ${(err as RangeError).message}`);
        }
      };
      const title = decode(c.title, 'note_title');
      const note = decode(c.note, 'note');
      const text = [title, note].filter(Boolean).join('\n\n');
      const metrics: Record<string, number> = label ? { mood: moods.get(label)! } : {};
      const scales = parseScales(cell(c.scales));
      if (!scales) fail(record, `field "scales" must list scales like "Sleep Quality: 7/10 points", separated by "|"; got "${cell(c.scales)}"`);
      for (const scale of scales) {
        const name = scaleMetric(scale, metrics);
        if (!name) {
          unnamedScales.add(scale.label);
          continue;
        }
        const problem = metricValueProblem(name, scale.value);
        if (problem) fail(record, `field "scales": ${problem}`);
        metrics[name] = scale.value;
      }
      return {
        entry: {
          // The id leaves scales out, as integrate did before it read them: a file imported then is still recognised.
          id: ids.id(`${day} ${time[0]}:${time[1]}`, label, text),
          ...timing(at), kind: 'checkin', pack: null, private: false, starred: false, text,
          metrics, practices, tags,
        },
      };
    }
  },
});
