// Exporters, a registry keyed by format name (as jrnl does): each writes its
// document in pieces to a sink, so exports stream instead of building the
// whole history in memory.
import { isoWithOffset, localDate, localDateTimeAt, utcOffsetMinutes } from '../domain/time.js';
import { formatDose, ROUTE_LABELS } from '../domain/sessions.js';
import { sortMetricNames, formatMetricValue } from '../domain/metrics.js';
import { formatAnswer } from '../domain/packs.js';
import { entryExportJson, intentionToJson, sessionExportJson, type FullEntry } from '../domain/json-shapes.js';
import { toJson } from '../render/json.js';
import { escapeInline, escapeQuote } from '../render/markdown.js';
import type { Store } from '../store/index.js';
import type { EntryFilter } from '../store/entries.js';

export const EXPORT_FORMAT_VERSION = 1;

export interface ExportFilter extends EntryFilter {
  excludePrivate?: boolean;
}

export interface Exporter {
  name: string;
  /** Other words --format accepts for it. */
  aliases?: readonly string[];
  extension: string;
  /**
   * A format made to be read by someone else (csv, md): private entries stay out unless asked
   * for by name. json is the complete copy for moving machines and includes them.
   */
  forSharing: boolean;
  /** Whether it carries sessions and intentions too, not only entries. */
  withSessions: boolean;
  /** Awaits the sink between entries, so long exports can be interrupted (the sink yields now and then). */
  write(store: Store, filter: ExportFilter, sink: (chunk: string) => void | Promise<void>, exportedAt: string): Promise<ExportCounts>;
}

/** What an export wrote: its entries, and how many of them are private (said once the file is written). */
export interface ExportCounts {
  entries: number;
  privateEntries: number;
}

/**
 * The entries of an export, counted as they pass: the count of private ones
 * comes from the same pass over the journal, not from a scan of its own
 * (which read every row of a 90 MB journal: 0.3 s).
 */
function* counted(rows: Iterable<FullEntry>, counts: ExportCounts): Generator<FullEntry> {
  for (const e of rows) {
    counts.entries++;
    if (e.private) counts.privateEntries++;
    yield e;
  }
}

const json: Exporter = {
  name: 'json',
  extension: 'json',
  forSharing: false,
  withSessions: true,
  async write(store, filter, sink, exportedAt) {
    const counts: ExportCounts = { entries: 0, privateEntries: 0 };
    sink(`{\n  "format": "integrate",\n  "version": ${EXPORT_FORMAT_VERSION},\n  "exportedAt": ${JSON.stringify(exportedAt)},\n  "entries": [`);
    for (const e of counted(store.exports.entries(filter), counts)) {
      await sink(`${counts.entries > 1 ? ',' : ''}\n    ${toJson(entryExportJson(e))}`);
    }
    sink(`${counts.entries ? '\n  ' : ''}],\n  "sessions": [`);
    const sessions = store.exports.sessions(filter);
    sessions.forEach((s, i) => {
      sink(`${i ? ',' : ''}\n    ${toJson(sessionExportJson(s))}`);
    });
    // Intentions follow the entry they came from: one from a private or filtered-out entry stays out.
    const intentions = store.exports.intentions(filter).map((id) => store.intentions.get(id)!);
    sink(`${sessions.length ? '\n  ' : ''}],\n  "intentions": [`);
    intentions.forEach((it, i) => sink(`${i ? ',' : ''}\n    ${toJson(intentionToJson(it))}`));
    sink(`${intentions.length ? '\n  ' : ''}]\n}\n`);
    return counts;
  },
};

/** RFC 4180 field, with a ' before anything a spreadsheet would run as a formula. */
export function csvField(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

const csv: Exporter = {
  name: 'csv',
  extension: 'csv',
  forSharing: true,
  withSessions: false,
  async write(store, filter, sink) {
    const metrics = store.metrics.names();
    const header = ['id', 'date', 'time', 'utc_offset', 'kind', 'pack', ...metrics, 'practices', 'tags', 'private', 'starred', 'text'];
    sink(`${header.map(csvField).join(',')}\r\n`);
    const counts: ExportCounts = { entries: 0, privateEntries: 0 };
    for (const e of counted(store.exports.entries(filter), counts)) {
      const [date, time] = localDateTimeAt(e.createdAt, e.utcOffset).split(' ');
      const row = [
        e.id, date!, time!, `UTC${isoWithOffset(e.createdAt, e.utcOffset).slice(19)}`, e.kind, e.pack ?? '',
        ...metrics.map((m) => (e.metrics[m] === undefined ? '' : String(e.metrics[m]))),
        e.practices.join(' | '), e.tags.join(' | '), e.private ? 'yes' : 'no', e.starred ? 'yes' : 'no', e.text,
      ];
      await sink(`${row.map(csvField).join(',')}\r\n`);
    }
    return counts;
  },
};

const md: Exporter = {
  name: 'md',
  aliases: ['markdown'],
  extension: 'md',
  forSharing: true,
  withSessions: false,
  async write(store, filter, sink, exportedAt) {
    sink(`# Journal\n\nExported from integrate on ${localDate(new Date(exportedAt))}.\n`);
    let day = '';
    const counts: ExportCounts = { entries: 0, privateEntries: 0 };
    for (const e of counted(store.exports.entries(filter), counts)) {
      const [date, time] = localDateTimeAt(e.createdAt, e.utcOffset).split(' ');
      if (date !== day) {
        sink(`\n## ${date}\n`);
        day = date!;
      }
      const marks = [e.pack ? `${e.kind}, ${e.pack}` : e.kind, e.private ? 'private' : '', e.starred ? 'starred' : ''].filter(Boolean).join(', ');
      sink(`\n### ${time} (${escapeInline(marks)})\n`);
      const facts = [
        ...sortMetricNames(Object.keys(e.metrics)).map((m) => `${escapeInline(m)} ${escapeInline(formatMetricValue(m, e.metrics[m]!))}`),
        ...(e.practices.length ? [`practices: ${e.practices.map(escapeInline).join(', ')}`] : []),
        ...(e.tags.length ? [`tags: ${e.tags.map(escapeInline).join(', ')}`] : []),
      ];
      if (facts.length) sink(`\n${facts.join('; ')}\n`);
      if (e.answers.length) {
        for (const a of e.answers) sink(`\n- ${escapeInline(a.prompt)}\n\n${escapeQuote(formatAnswer({ type: a.type }, a.value), '  ')}\n`);
      } else if (e.text.trim()) {
        sink(`\n${escapeQuote(e.text)}\n`);
      }
      await sink('');
    }
    writeMdSessionsAndIntentions(store, filter, sink);
    return counts;
  },
};

/** The Markdown export's closing sections: every dosing session, and the intentions (as the JSON export has them). */
function writeMdSessionsAndIntentions(store: Store, filter: ExportFilter, sink: (chunk: string) => void): void {
  const sessions = store.sessions.list();
  if (sessions.length) {
    sink('\n## Dosing sessions\n');
    for (const s of sessions) {
      const [date, time] = localDateTimeAt(s.occurredAt, s.utcOffset).split(' ');
      sink(`\n### Session ${s.number}: ${date} ${time}, ${escapeInline(ROUTE_LABELS[s.route])}${s.doseMg !== null ? `, ${formatDose(s)}` : ''}\n`);
      const facts = [['Setting', s.setting], ['Guide', s.guide], ['Intention', s.intention]].filter(([, v]) => v!.trim());
      if (facts.length) sink(`\n${facts.map(([k, v]) => `- ${k}: ${escapeInline(v!)}`).join('\n')}\n`);
      if (s.notes.trim()) sink(`\n${escapeQuote(s.notes)}\n`);
    }
  }
  // An intention written in a private reflection is as private as the reflection.
  const intentions = store.intentions.all().filter((it) => !filter.excludePrivate || !it.sourceEntryId || !store.entries.get(it.sourceEntryId)?.private);
  if (intentions.length) {
    const day = (iso: string) => localDateTimeAt(iso, utcOffsetMinutes(new Date(iso))).split(' ')[0];
    sink(`\n## Intentions\n\n${intentions.map((it) => {
      const state = it.status === 'open' ? `open since ${day(it.createdAt)}` : `${it.status === 'done' ? 'done' : 'set aside'} ${it.closedAt ? day(it.closedAt) : ''}`.trim();
      return `- ${escapeInline(it.text)} (${state})`;
    }).join('\n')}\n`);
  }
}

export const EXPORTERS: ReadonlyMap<string, Exporter> = new Map([json, csv, md].map((e) => [e.name, e]));
