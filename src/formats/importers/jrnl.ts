// jrnl's JSON export: {"tags": {...}, "entries": [{"title","body","date","time","tags","starred"}]}
// Dates and times are local wall-clock times without a zone.
import { defineImporter, fail, importNames, localInstant, readEntriesList, ContentIds, timing } from '../import.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2}):(\d{2})(?::\d{2})?$/;

export const jrnlImporter = defineImporter({
  name: 'jrnl',
  description: 'jrnl JSON export (jrnl --export json)',
  read(text, _options, sink) {
    const ids = new ContentIds('jrnl');
    readEntriesList(text, 'has no "entries" list; is it a jrnl JSON export (jrnl --export json)?', (raw, i) => {
      const record = `entry ${i + 1}`;
      const e = raw as Record<string, unknown>;
      if (typeof e !== 'object' || e === null) fail(record, 'is not an object');
      const title = typeof e.title === 'string' ? e.title : fail(record, 'field "title" must be text');
      const body = e.body === undefined || e.body === null ? '' : typeof e.body === 'string' ? e.body : fail(record, 'field "body" must be text');
      const date = typeof e.date === 'string' ? DATE.exec(e.date) : null;
      if (!date) fail(record, `field "date" must be YYYY-MM-DD; got ${JSON.stringify(e.date)}`);
      const time = e.time === undefined ? ['', '09', '00'] : typeof e.time === 'string' ? TIME.exec(e.time) : null;
      if (!time) fail(record, `field "time" must be HH:MM; got ${JSON.stringify(e.time)}`);
      const [y, mo, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
      const [h, mi] = [Number(time[1]), Number(time[2])];
      if (h > 23 || mi > 59) fail(record, `field "time" ${JSON.stringify(e.time)} is not a real time of day`);
      const at = localInstant(record, 'date', { year: y, month: mo, day: d, hour: h, minute: mi });
      const tags = e.tags === undefined ? [] : Array.isArray(e.tags) && e.tags.every((t) => typeof t === 'string') ? (e.tags as string[]) : fail(record, 'field "tags" must be a list of text');
      const text = body.trim() ? `${title.trim()}${body.startsWith('\n') ? '\n' : ' '}${body.trim()}`.trim() : title.trim();
      sink.entry({
        entry: {
          id: ids.id(`${date[0]} ${time[1]}:${time[2]}`, text),
          ...timing(at), kind: 'journal', pack: null, private: false, starred: e.starred === true, text,
          metrics: {}, practices: [], tags: importNames(tags, record, 'tag'),
        },
      });
    });
  },
});
