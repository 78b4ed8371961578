// Importing is all-or-nothing and streamed: an importer reads the file record
// by record (or throws a UsageError naming the record and field) and each
// record is written as it comes, all in one transaction (store.imports), so a
// failure anywhere, or a killed process, leaves the journal as it was.
import crypto from 'node:crypto';
import { normalisePractice, normaliseTag, uniqueSorted, type Entry } from '../domain/entries.js';
import type { Intention } from '../domain/intentions.js';
import { checkEntryText } from '../domain/limits.js';
import type { AnswerRecord } from '../domain/packs.js';
import { textFlag, type SafetyFlagKind } from '../domain/safety.js';
import type { Session } from '../domain/sessions.js';
import { calendarProblem, instantProblem, isoFieldsToInstant, localDateAt, parseIsoDateTime, utcOffsetMinutes, type CalendarFields, type IsoDateTime } from '../domain/time.js';
import { UsageError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { FlagSource } from '../store/safety.js';
import { JsonSyntaxError, readJsonDocument, type JsonDocumentHandlers } from './read-json.js';

export interface ImportEntry {
  entry: Entry;
  packVersion?: number | null;
  updatedAt?: string | null;
  answers?: AnswerRecord[];
  safetyFlags?: SafetyFlagKind[];
}

/** Everything a file held, collected (tests, and callers that want the records rather than a write). */
export interface ImportBatch {
  entries: ImportEntry[];
  sessions: Session[];
  intentions: Intention[];
  warnings: string[];
}

/** Where an importer puts each record as soon as it is read and checked. */
export interface ImportSink {
  entry(item: ImportEntry): void;
  session(session: Session): void;
  intention(intention: Intention): void;
  /** Something the user should know that does not stop the import (one line, no trailing full stop). */
  warn(message: string): void;
}

export interface ImportOptions {
  moodMap: Map<string, number>;
}

/** Safety flags to write for one record. */
interface FlagWrite {
  source: FlagSource;
  id: string;
  kinds: SafetyFlagKind[];
  createdAt: string;
  localDate: string;
}

/** What the safety reader makes of a record's words (see textFlag). */
export type WordFlag = 'phrase' | 'mention';

/**
 * Reads records' words for safety. `done` is called with each reading, in the
 * order asked, either at once or later (a reader on another thread); settle()
 * returns once every reading asked for has been handed over. A reader that
 * fails throws from read() or settle(), inside the import's transaction.
 */
export interface FlagReader {
  read(texts: string[], done: (flag: WordFlag | undefined) => void): void;
  settle(): void;
  /**
   * Work the import can do instead of sleeping while the reader catches up (a reader on another
   * thread calls it before each wait; it returns whether it did something, and is called again
   * before sleeping); undefined to stop.
   */
  whileWaiting?(work: (() => boolean) | undefined): void;
  /** Ends the reader (again is harmless): the import closes it once every reading is in, its caller in any case. */
  close(): void;
}

/** Reads each record's words at once, on this thread. */
export const inThreadReader = (): FlagReader => ({
  read: (texts, done) => done(textFlag(texts)),
  settle: () => {},
  close: () => {},
});

export interface Importer {
  name: string;
  description: string;
  /**
   * Reads the file's text (chunks, already checked as UTF-8, byte-order mark
   * dropped) and hands each record to the sink; throws UsageError("record N:
   * field …") on the first invalid record.
   */
  read(text: Iterable<string>, options: ImportOptions, sink: ImportSink): void;
  /** The whole file as a batch: read() into memory. */
  parse(input: Buffer, options: ImportOptions, now?: Date): Promise<ImportBatch>;
}

/** An importer from its reader: parse() collects what read() hands over. */
export function defineImporter(spec: Pick<Importer, 'name' | 'description' | 'read'>): Importer {
  return {
    ...spec,
    async parse(input, options) {
      const batch: ImportBatch = { entries: [], sessions: [], intentions: [], warnings: [] };
      spec.read(fileText([input]), options, {
        entry: (e) => batch.entries.push(e),
        session: (s) => batch.sessions.push(s),
        intention: (i) => batch.intentions.push(i),
        warn: (w) => batch.warnings.push(w),
      });
      return batch;
    },
  };
}

export interface ImportReport {
  added: number;
  /** Records (entries, sessions, intentions) stored already with the same content. */
  duplicates: number;
  /** Records stored already with different content, kept as stored. */
  conflicts: number;
  /** Records stored already with different content, replaced by the file's (--replace). */
  replaced: number;
  sessionsAdded: number;
  intentionsAdded: number;
  /** Imported records whose words read as risk or as a mention of self-harm or suicide (flagged, never printed per row). */
  safety: { risk: number; mention: number };
  warnings: string[];
}

/**
 * Ids for formats that have none of their own (jrnl, Daylio, Day One without uuid): derived from the
 * record's content, and for the second and later records with the same content in one file, from
 * how many came before it. Two identical entries written in the same minute stay two entries,
 * while importing the same file again (or a later export with more entries) derives the same
 * ids: the count runs over identical records only, so entries added or removed elsewhere in the
 * file do not shift it, as a position in the file would. The first of its kind keeps the id
 * earlier versions derived, so files imported before stay recognised.
 */
export class ContentIds {
  private readonly counts = new Map<string, number>();

  constructor(private readonly source: string) {}

  id(...parts: string[]): string {
    // Counted by the first id (a hash of the content), not the content itself: 36,500 notes are not kept in memory.
    const first = stableId(this.source, ...parts);
    const n = this.counts.get(first) ?? 0;
    this.counts.set(first, n + 1);
    return n === 0 ? first : stableId(this.source, ...parts, `#${n + 1}`);
  }
}

// The one-shot digest (Node 20.12 and later) costs a fraction of a Hash object per record: 36,500 Daylio rows spent 0.15 s in them.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex = (text: string): string => (oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex'));

/** A stable, UUID-shaped id from the source and the content, so a re-import finds its own records. */
export function stableId(source: string, ...parts: string[]): string {
  const hex = sha256Hex([source, ...parts].join('\u0000'));
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A wall-clock time with no zone, read as this machine's local time; an impossible one stops the import naming the field. */
export function localInstant(record: string, field: string, f: CalendarFields & { hour: number; minute: number }): Date {
  const shown = `${String(f.year).padStart(4, '0')}-${String(f.month).padStart(2, '0')}-${String(f.day).padStart(2, '0')} ${String(f.hour).padStart(2, '0')}:${String(f.minute).padStart(2, '0')}`;
  const problem = calendarProblem(f);
  if (problem) fail(record, `field "${field}" ${shown} ${problem}`);
  return new Date(f.year, f.month - 1, f.day, f.hour, f.minute);
}

/** Whether text is an ISO 8601 date-time with a zone that zonedInstant accepts. */
export function isRealInstant(raw: string): boolean {
  try {
    const f = parseIsoDateTime(raw);
    return f !== undefined && f.hasTime && f.offset !== undefined && instantProblem(isoFieldsToInstant(f)) === undefined;
  } catch {
    return false;
  }
}

/**
 * An ISO 8601 date-time with a zone (Z or ±HH:MM), checked like every date integrate reads:
 * a real calendar date from 1900 to 9999, nothing rolled over.
 */
export function zonedInstant(record: string, field: string, raw: unknown): { at: Date; offset: number } {
  const example = 'e.g. 2026-11-21T10:15:00+01:00';
  if (typeof raw !== 'string') fail(record, `field "${field}" must be an ISO 8601 date-time with a zone, ${example}; got ${JSON.stringify(raw) ?? 'nothing'}`);
  let f: IsoDateTime | undefined;
  try {
    f = parseIsoDateTime(raw);
  } catch (err) {
    fail(record, `field "${field}" ${JSON.stringify(raw)} ${(err as RangeError).message}`);
  }
  if (!f || !f.hasTime || f.offset === undefined) fail(record, `field "${field}" must be an ISO 8601 date-time with a zone, ${example}; got ${JSON.stringify(raw)}`);
  const at = isoFieldsToInstant(f);
  const problem = instantProblem(at);
  if (problem) fail(record, `field "${field}" ${JSON.stringify(raw)} ${problem}`);
  return { at, offset: f.offset };
}

/** Fills the time fields of an entry from an instant and the offset in force there. */
export function timing(at: Date, offset = utcOffsetMinutes(at)): Pick<Entry, 'createdAt' | 'utcOffset' | 'localDate'> {
  return { createdAt: at.toISOString(), utcOffset: offset, localDate: localDateAt(at, offset) };
}

// The first columns of integrate's own CSV export (formats/export.ts), to name it when it is given to import.
const OWN_CSV = /^"?id"?,"?date"?,"?time"?,"?utc_offset"?,"?kind"?,/;

/**
 * The file as text, chunk by chunk: UTF-8 (checked as it is read), with a
 * byte-order mark (which Windows tools write) dropped, for every importer
 * alike. integrate's own CSV export is refused here, whatever --from says:
 * it is made for spreadsheets and leaves out what a move needs.
 */
export function* fileText(chunks: Iterable<Buffer>): Generator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (chunk?: Buffer) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      return fail('the file', 'is not UTF-8 text; save or export it as UTF-8 and try again');
    }
  };
  let first = true;
  for (const chunk of chunks) {
    let text = decode(chunk);
    if (first && text) {
      first = false;
      text = text.replace(/^\uFEFF/, '');
      if (OWN_CSV.test(text)) {
        fail('the file', "is integrate's CSV export, which is made for spreadsheets and cannot be imported; to move your journal, use integrate export --format json and import that file");
      }
    }
    if (text) yield text;
  }
  const rest = decode();
  if (rest) yield rest;
}

/**
 * Reads a JSON document, its lists named in `lists` element by element (see
 * read-json.ts); false when it is JSON but not an object. Invalid JSON stops
 * the import naming the line; `hint` follows the message (e.g. which file to give).
 */
export function readJsonRecords(text: Iterable<string>, lists: ReadonlySet<string>, on: JsonDocumentHandlers, hint = ''): boolean {
  try {
    return readJsonDocument(text, lists, on);
  } catch (err) {
    if (err instanceof JsonSyntaxError) fail('the file', `is not valid JSON (${err.message})${hint}`);
    throw err;
  }
}

const ENTRIES = new Set(['entries']);

/** The "entries" list of another tool's JSON export (jrnl, Day One), element by element; a file without one stops with `missing`. */
export function readEntriesList(text: Iterable<string>, missing: string, element: (raw: unknown, index: number) => void, hint = ''): void {
  let listed = false;
  const noList = () => fail('the file', missing);
  readJsonRecords(text, ENTRIES, {
    field: (key) => void (key === 'entries' && noList()),
    list: () => void (listed = true),
    element: (_key, raw, index) => element(raw, index),
  }, hint);
  if (!listed) noList();
}

export function fail(record: string, message: string): never {
  throw new UsageError(`${record}: ${message}. Nothing was imported.`);
}

/**
 * Tag or practice names from another tool, normalised as integrate's own (a bare "@" or "#"
 * is dropped); a name integrate cannot keep stops the import naming the record, not a flag.
 */
export function importNames(raw: readonly string[], record: string, what: 'tag' | 'practice'): string[] {
  const names: string[] = [];
  for (const r of raw) {
    if ((what === 'tag' ? r.replace(/^\s*[#@]+/, '') : r).trim() === '') continue;
    try {
      names.push(what === 'tag' ? normaliseTag(r, what) : normalisePractice(r, what));
    } catch (err) {
      fail(record, (err as Error).message.replace(/\.$/, ''));
    }
  }
  return uniqueSorted(names);
}

/** What an entry holds, in one comparable form, whether read from the database or from a file. */
function entryContent(e: Entry, packVersion: number | null, answers: readonly AnswerRecord[], flags: readonly string[]): string {
  return JSON.stringify([
    e.createdAt, e.utcOffset, e.kind, e.pack, packVersion, e.private, e.starred, e.text,
    Object.entries(e.metrics).sort(([a], [b]) => a.localeCompare(b)), [...e.practices].sort(), [...e.tags].sort(),
    [...answers].sort((a, b) => a.position - b.position)
      .map((a) => [a.questionId, a.position, a.type, a.prompt, a.value, a.insight, a.discuss, a.role ?? null]),
    [...flags].sort(),
  ]);
}

const sessionContent = (s: Session) =>
  JSON.stringify([s.occurredAt, s.utcOffset, s.route, s.doseMg, s.doseUnit ?? 'mg', s.setting, s.guide, s.intention, s.notes, Boolean(s.private)]);

const intentionContent = (i: Intention) =>
  JSON.stringify([i.text, i.createdAt, i.utcOffset, i.status, i.dueDate, i.closedAt, i.sourceEntryId]);

/**
 * Reads a file (openText) with an importer and writes each record as it is read, in one
 * transaction (nothing is written when any record is invalid; a dry run counts
 * and rolls back). A record whose id is stored already is a duplicate when
 * its content is the same, and a conflict when it differs: the stored version
 * is kept, or with `replace` the file's version takes its place (an entry
 * keeps its id, so intentions that came from it stay linked).
 */
/**
 * The file's text as importInto reads it, with its first chunk read now: a
 * file that is not UTF-8, or is integrate's own CSV export, is refused before
 * the journal is opened (or created).
 */
export function openText(chunks: Iterable<Buffer>): Iterable<string> {
  const text = fileText(chunks);
  const first = text.next();
  return (function* () {
    if (!first.done) yield first.value;
    yield* text;
  })();
}

export function importInto(
  store: Store, importer: Importer, text: Iterable<string>, options: ImportOptions,
  run: { dryRun: boolean; now: Date; replace?: boolean; reader?: FlagReader; beforeCommit?: () => void },
): ImportReport {
  const { now, replace = false, reader = inThreadReader() } = run;
  const report: ImportReport = {
    added: 0, duplicates: 0, conflicts: 0, replaced: 0, sessionsAdded: 0, intentionsAdded: 0, safety: { risk: 0, mention: 0 }, warnings: [],
  };
  // Imported words are read like typed ones; the reading replaces any word flag the file carried (an older
  // integrate export may hold flags from the old phrase list), and other kinds are kept as they were.
  const withFlag = (flag: WordFlag | undefined, carried: readonly SafetyFlagKind[] = []): SafetyFlagKind[] => {
    if (flag === 'phrase') report.safety.risk++;
    else if (flag === 'mention') report.safety.mention++;
    return [...carried.filter((k) => k !== 'phrase' && k !== 'mention'), ...(flag ? [flag] : [])];
  };
  const imports = store.imports;
  // Safety flags are written at the end, once every record is and the indexes are built, in the order
  // their records came: an entry's reading may come back from another thread long after the entry
  // was written, so the import never waits for it, and the reader finishes while the indexes are built.
  const flagWrites: (FlagWrite | undefined)[] = [];
  /**
   * Asks the reader for a record's reading; it goes, when it comes, to a slot kept in file order
   * (holding the record's id and times, not the record).
   */
  const readLater = (texts: string[], source: FlagSource, id: string, createdAt: string, localDate: string, carried?: readonly SafetyFlagKind[]) => {
    const slot = flagWrites.push(undefined) - 1;
    reader.read(texts, (flag) => {
      const kinds = withFlag(flag, carried);
      if (kinds.length) flagWrites[slot] = { source, id, kinds, createdAt, localDate };
    });
  };
  /** Counts a stored record: same content, or a conflict (replaced when asked). */
  const collide = (same: boolean, take: () => void) => {
    if (same) report.duplicates++;
    else if (!replace) report.conflicts++;
    else {
      take();
      report.replaced++;
    }
  };
  const wordsOf = (item: ImportEntry) => [
    item.entry.text,
    ...(item.answers ?? []).flatMap((a) => (typeof a.value === 'string' ? [a.value] : Array.isArray(a.value) ? a.value.filter((v): v is string => typeof v === 'string') : [])),
  ];
  const readEntryWords = (item: ImportEntry) =>
    readLater(wordsOf(item), 'entry', item.entry.id, item.entry.createdAt, item.entry.localDate, item.safetyFlags);
  const readSessionWords = (s: Session) => readLater([s.setting, s.guide, s.intention, s.notes], 'session', s.id, now.toISOString(), s.localDate);
  const readIntentionWords = (i: Intention) => readLater([i.text], 'intention', i.id, i.createdAt, localDateAt(new Date(i.createdAt), i.utcOffset));
  const seen = new Set<string>();
  // Intentions are written after every entry, so one can link to an entry later in the file.
  const intentions: Intention[] = [];
  const sink: ImportSink = {
    entry(item) {
      const { entry } = item;
      if (seen.has(entry.id)) {
        report.duplicates++;
        return;
      }
      seen.add(entry.id);
      // The cheap check first: most records of a first import are new.
      const stored = imports.hasEntry(entry.id) ? store.exports.entry(entry.id) : undefined;
      if (stored) {
        const storedAnswers = stored.answers.map(({ question, ...a }) => ({ ...a, questionId: question }));
        const same = entryContent(stored, stored.packVersion, storedAnswers, stored.safetyFlags)
          === entryContent(entry, item.packVersion ?? null, item.answers ?? [], item.safetyFlags ?? []);
        collide(same, () => {
          imports.replaceEntry(item, now.toISOString());
          readEntryWords(item);
        });
        return;
      }
      // Refused at the entry that is too long, as when each entry was written as it was read.
      checkEntryText(entry);
      imports.insertEntry(item);
      readEntryWords(item);
      report.added++;
    },
    session(s) {
      imports.flush(); // the entries read before it are written before it, as they came
      const stored = store.sessions.get(s.id);
      if (stored) {
        // Replaced, its new words are read like a new session's (its flags so far are kept, as an edit keeps them).
        collide(sessionContent(stored) === sessionContent(s), () => {
          store.sessions.update(s, now.toISOString());
          readSessionWords(s);
        });
        return;
      }
      store.sessions.insert(s, now.toISOString());
      readSessionWords(s);
      report.sessionsAdded++;
    },
    intention: (i) => void intentions.push(i),
    warn: (w) => void report.warnings.push(w),
  };
  imports.transaction(() => {
    // While the reader catches up, entries already written go into the search index.
    reader.whileWaiting?.(() => imports.indexWritten());
    importer.read(text, options, sink);
    imports.flush();
    for (const i of intentions) {
      const source = i.sourceEntryId && (seen.has(i.sourceEntryId) || imports.hasEntry(i.sourceEntryId)) ? i.sourceEntryId : null;
      const linked = { ...i, sourceEntryId: source };
      const stored = store.intentions.get(i.id);
      if (stored) {
        collide(intentionContent(stored) === intentionContent(linked), () => {
          imports.replaceIntention(linked);
          readIntentionWords(i);
        });
        continue;
      }
      store.intentions.insert(linked);
      readIntentionWords(i);
      report.intentionsAdded++;
    }
  }, {
    dryRun: run.dryRun,
    finish() {
      reader.settle();
      reader.whileWaiting?.(undefined);
      // Every reading is in: a worker's memory goes before the transaction commits.
      reader.close();
      for (const w of flagWrites) if (w) store.safety.addTo(w.source, w.id, w.kinds, w.createdAt, w.localDate);
    },
    beforeCommit: run.beforeCommit,
  });
  return report;
}
