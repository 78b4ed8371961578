// Importing is all-or-nothing: an importer turns a file into a batch of
// records (or throws a UsageError naming the record and field), and the batch
// is written in one transaction, skipping what is already there.
import { createHash } from 'node:crypto';
import { normalisePractice, normaliseTag, uniqueSorted, type Entry } from '../domain/entries.js';
import type { Intention } from '../domain/intentions.js';
import type { AnswerRecord } from '../domain/packs.js';
import { textFlag, type SafetyFlagKind } from '../domain/safety.js';
import type { Session } from '../domain/sessions.js';
import { localDateAt, utcOffsetMinutes } from '../domain/time.js';
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
  duplicates: number;
  sessionsAdded: number;
  intentionsAdded: number;
  /** Imported records whose words read as risk or as a mention of self-harm or suicide (flagged, never printed per row). */
  safety: { risk: number; mention: number };
  warnings: string[];
}

/** A stable, UUID-shaped id from the source and the content, so a re-import finds its own records. */
export function stableId(source: string, ...parts: string[]): string {
  const hex = createHash('sha256').update([source, ...parts].join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A wall-clock time with no zone, read as this machine's local time. */
export function localInstant(year: number, month: number, day: number, hour: number, minute: number): Date {
  return new Date(year, month - 1, day, hour, minute);
}

/** Fills the time fields of an entry from an instant and the offset in force there. */
export function timing(at: Date, offset = utcOffsetMinutes(at)): Pick<Entry, 'createdAt' | 'utcOffset' | 'localDate'> {
  return { createdAt: at.toISOString(), utcOffset: offset, localDate: localDateAt(at, offset) };
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

/** Writes a batch in one transaction; records whose id exists are counted as duplicates. */
export function writeBatch(store: Store, batch: ImportBatch, dryRun: boolean, now: Date): ImportReport {
  const report: ImportReport = { added: 0, duplicates: 0, sessionsAdded: 0, intentionsAdded: 0, safety: { risk: 0, mention: 0 }, warnings: batch.warnings };
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
  const sessionExists = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM sessions WHERE id = ?');
  const intentionExists = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM intentions WHERE id = ?');
  const setExtra = db.prepare('UPDATE entries SET pack_version = ?, updated_at = ? WHERE id = ?');
  const insertAnswer = db.prepare(
    `INSERT INTO entry_answers (entry_id, position, question_id, type, prompt, value, insight, discuss, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const seen = new Set<string>();
  const run = db.transaction(() => {
    for (const item of batch.entries) {
      const { entry } = item;
      if (seen.has(entry.id) || entryExists.get(entry.id)!.n > 0) {
        report.duplicates++;
        continue;
      }
      seen.add(entry.id);
      store.entries.insert(entry);
      if (item.packVersion != null || item.updatedAt != null) setExtra.run(item.packVersion ?? null, item.updatedAt ?? null, entry.id);
      for (const a of item.answers ?? []) {
        insertAnswer.run(entry.id, a.position, a.questionId, a.type, a.prompt, JSON.stringify(a.value), a.insight ? 1 : 0, a.discuss ? 1 : 0, a.role);
      }
      const texts = [entry.text, ...(item.answers ?? []).flatMap((a) => (typeof a.value === 'string' ? [a.value] : Array.isArray(a.value) ? a.value.filter((v): v is string => typeof v === 'string') : []))];
      store.safety.add(entry.id, readWords(texts, item.safetyFlags), entry.createdAt, entry.localDate);
      report.added++;
    }
    for (const s of batch.sessions) {
      if (sessionExists.get(s.id)!.n > 0) continue;
      store.sessions.insert(s, now.toISOString());
      store.safety.addTo('session', s.id, readWords([s.setting, s.guide, s.intention, s.notes]), now.toISOString(), s.localDate);
      report.sessionsAdded++;
    }
    for (const i of batch.intentions) {
      if (intentionExists.get(i.id)!.n > 0) continue;
      const source = i.sourceEntryId && (seen.has(i.sourceEntryId) || entryExists.get(i.sourceEntryId)!.n > 0) ? i.sourceEntryId : null;
      store.intentions.insert({ ...i, sourceEntryId: source });
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
