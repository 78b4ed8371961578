// Importing is all-or-nothing: an importer turns a file into a batch of
// records (or throws a UsageError naming the record and field), and the batch
// is written in one transaction, skipping what is already there.
import { createHash } from 'node:crypto';
import { normalisePractice, normaliseTag, uniqueSorted, type Entry } from '../domain/entries.js';
import type { Intention } from '../domain/intentions.js';
import type { AnswerRecord } from '../domain/packs.js';
import { textFlag, type SafetyFlagKind } from '../domain/safety.js';
import type { Session } from '../domain/sessions.js';
import { calendarProblem, instantProblem, isoFieldsToInstant, localDateAt, parseIsoDateTime, utcOffsetMinutes, type CalendarFields, type IsoDateTime } from '../domain/time.js';
import { UsageError } from '../errors.js';
import type { Store } from '../store/index.js';

export interface ImportEntry {
  entry: Entry;
  packVersion?: number | null;
  updatedAt?: string | null;
  answers?: AnswerRecord[];
  safetyFlags?: SafetyFlagKind[];
}

export interface ImportBatch {
  entries: ImportEntry[];
  sessions: Session[];
  intentions: Intention[];
  warnings: string[];
}

export interface ImportOptions {
  moodMap: Map<string, number>;
}

export interface Importer {
  name: string;
  description: string;
  /** Parses the whole file; throws UsageError("record N: field …") on the first invalid record. */
  parse(input: Buffer, options: ImportOptions, now: Date): Promise<ImportBatch>;
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
    const key = parts.join('\u0000');
    const n = this.counts.get(key) ?? 0;
    this.counts.set(key, n + 1);
    return n === 0 ? stableId(this.source, ...parts) : stableId(this.source, ...parts, `#${n + 1}`);
  }
}

/** A stable, UUID-shaped id from the source and the content, so a re-import finds its own records. */
export function stableId(source: string, ...parts: string[]): string {
  const hex = createHash('sha256').update([source, ...parts].join('\u0000')).digest('hex');
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

/** The file as text: UTF-8, with a byte-order mark (which Windows tools write) dropped, for every importer alike. */
export function fileText(input: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    fail('the file', 'is not UTF-8 text; save or export it as UTF-8 and try again');
  }
  return text.replace(/^\uFEFF/, '');
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
 * Writes a batch in one transaction. A record whose id is stored already is a duplicate when
 * its content is the same, and a conflict when it differs: the stored version is kept, or with
 * `replace` the file's version takes its place (an entry keeps its id, so intentions that came
 * from it stay linked).
 */
export function writeBatch(store: Store, batch: ImportBatch, dryRun: boolean, now: Date, replace = false): ImportReport {
  const report: ImportReport = {
    added: 0, duplicates: 0, conflicts: 0, replaced: 0, sessionsAdded: 0, intentionsAdded: 0, safety: { risk: 0, mention: 0 }, warnings: batch.warnings,
  };
  // Imported words are read like typed ones; the reading replaces any word flag the file carried (an older
  // integrate export may hold flags from the old phrase list), and other kinds are kept as they were.
  const readWords = (texts: readonly string[], carried: readonly SafetyFlagKind[] = []): SafetyFlagKind[] => {
    const flag = textFlag(texts);
    if (flag === 'phrase') report.safety.risk++;
    else if (flag === 'mention') report.safety.mention++;
    return [...carried.filter((k) => k !== 'phrase' && k !== 'mention'), ...(flag ? [flag] : [])];
  };
  const db = store.db;
  const entryExists = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM entries WHERE id = ?');
  const setExtra = db.prepare('UPDATE entries SET pack_version = ?, updated_at = ? WHERE id = ?');
  const insertAnswer = db.prepare(
    `INSERT INTO entry_answers (entry_id, position, question_id, type, prompt, value, insight, discuss, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const clearAnswers = db.prepare('DELETE FROM entry_answers WHERE entry_id = ?');
  const clearFlags = db.prepare('DELETE FROM safety_flags WHERE entry_id = ?');
  const replaceIntention = db.prepare(
    `UPDATE intentions SET text = @text, created_at = @createdAt, utc_offset = @utcOffset, source_entry_id = @sourceEntryId,
       status = @status, due_date = @dueDate, closed_at = @closedAt WHERE id = @id`,
  );
  /** Counts a stored record: same content, or a conflict (replaced when asked). */
  const collide = (same: boolean, take: () => void) => {
    if (same) report.duplicates++;
    else if (!replace) report.conflicts++;
    else {
      take();
      report.replaced++;
    }
  };
  const writeChildren = (item: ImportEntry) => {
    const { entry } = item;
    if (item.packVersion != null || item.updatedAt != null) setExtra.run(item.packVersion ?? null, item.updatedAt ?? null, entry.id);
    for (const a of item.answers ?? []) {
      insertAnswer.run(entry.id, a.position, a.questionId, a.type, a.prompt, JSON.stringify(a.value), a.insight ? 1 : 0, a.discuss ? 1 : 0, a.role);
    }
    const texts = [entry.text, ...(item.answers ?? []).flatMap((a) => (typeof a.value === 'string' ? [a.value] : Array.isArray(a.value) ? a.value.filter((v): v is string => typeof v === 'string') : []))];
    const flags = readWords(texts, item.safetyFlags);
    store.safety.addTo('entry', entry.id, flags, entry.createdAt, entry.localDate);
  };
  const seen = new Set<string>();
  const run = db.transaction(() => {
    for (const item of batch.entries) {
      const { entry } = item;
      if (seen.has(entry.id)) {
        report.duplicates++;
        continue;
      }
      seen.add(entry.id);
      // The cheap check first: most records of a first import are new.
      const stored = entryExists.get(entry.id)!.n > 0 ? store.exports.entry(entry.id) : undefined;
      if (stored) {
        const storedAnswers = stored.answers.map(({ question, ...a }) => ({ ...a, questionId: question }));
        const same = entryContent(stored, stored.packVersion, storedAnswers, stored.safetyFlags)
          === entryContent(entry, item.packVersion ?? null, item.answers ?? [], item.safetyFlags ?? []);
        collide(same, () => {
          store.entries.update(entry, now.toISOString());
          clearAnswers.run(entry.id);
          clearFlags.run(entry.id);
          setExtra.run(item.packVersion ?? null, item.updatedAt ?? null, entry.id);
          writeChildren(item);
        });
        continue;
      }
      store.entries.insert(entry);
      writeChildren(item);
      report.added++;
    }
    for (const s of batch.sessions) {
      const stored = store.sessions.get(s.id);
      if (stored) {
        collide(sessionContent(stored) === sessionContent(s), () => store.sessions.update(s, now.toISOString()));
        continue;
      }
      store.sessions.insert(s, now.toISOString());
      store.safety.addTo('session', s.id, readWords([s.setting, s.guide, s.intention, s.notes]), now.toISOString(), s.localDate);
      report.sessionsAdded++;
    }
    for (const i of batch.intentions) {
      const source = i.sourceEntryId && (seen.has(i.sourceEntryId) || entryExists.get(i.sourceEntryId)!.n > 0) ? i.sourceEntryId : null;
      const linked = { ...i, sourceEntryId: source };
      const stored = store.intentions.get(i.id);
      if (stored) {
        collide(intentionContent(stored) === intentionContent(linked), () => replaceIntention.run(linked));
        continue;
      }
      store.intentions.insert(linked);
      store.safety.addTo('intention', i.id, readWords([i.text]), i.createdAt, localDateAt(new Date(i.createdAt), i.utcOffset));
      report.intentionsAdded++;
    }
    if (dryRun) throw new DryRunDone();
  });
  try {
    run.immediate();
  } catch (err) {
    if (!(err instanceof DryRunDone)) throw err;
  }
  return report;
}

/** Thrown to roll a dry run back after counting exactly what a real run would do. */
class DryRunDone extends Error {}
