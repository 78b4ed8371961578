// Row streams for exports: one pass over the database, never the whole
// history in memory at once.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ExportAnswer, FullEntry } from '../domain/json-shapes.js';
import type { SafetyFlagKind } from '../domain/safety.js';
import type { NumberedSession } from '../domain/sessions.js';
import { filterWhere, type EntryFilter } from './entries.js';
import { SessionRepository } from './sessions.js';

/** An entry with everything attached that a full-fidelity export carries (the shape is domain/json-shapes.ts's). */
export type ExportEntryRow = FullEntry;

/** An answer as rows() reads it: question, position, type, prompt, value, insight, discuss, role. */
type AnswerColumns = [string, number, ExportAnswer['type'], string, ExportAnswer['value'], number, number, ExportAnswer['role']];

/** A row of rows()' statement, in its column order (read raw, as an array). */
type RawRow = [
  id: string, createdAt: string, utcOffset: number, localDate: string, kind: string, pack: string | null,
  packVersion: number | null, isPrivate: number, starred: number, text: string, updatedAt: string | null,
  metrics: string, tags: string, practices: string, answers: string, flags: string,
];

/** What an export holds: entries by the filter; sessions and intentions follow it (see sessions/intentions). */
export type ExportScope = EntryFilter & { excludePrivate?: boolean };

/**
 * SQLite's BINARY order for text: UTF-8 bytes, which is code-point order. JavaScript's `<` compares
 * UTF-16 units, which differs past U+FFFF (an emoji sorts before U+FF01 there, after it in SQLite).
 */
function byCodePoint(a: string, b: string): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

const ENTRY_ORDER = 'ORDER BY e.local_date, e.created_at, e.id';
/** The order matters to which entries a LIMIT keeps; without one, sorting is wasted work. */
const limitedOrder = (limit: number | undefined) => (limit ? `${ENTRY_ORDER} LIMIT ?` : '');

export class ExportRepository {
  constructor(private readonly db: Database) {}

  /**
   * Sessions in the filter's time range, without private ones when asked. A tag or kind filter
   * asks for entries of that tag or kind, which a session never is, so it leaves sessions out.
   */
  sessions(scope: ExportScope): NumberedSession[] {
    if (scope.tag || scope.kind) return [];
    // A person has dozens of sessions, not thousands: numbered as everywhere, then filtered.
    return this.allSessions.list().filter((s) => (!scope.since || s.occurredAt >= scope.since)
      && (!scope.until || s.occurredAt < scope.until) && !(scope.excludePrivate && s.private));
  }

  /**
   * Intentions that came from an exported entry (so one from a private or filtered-out entry
   * stays out), and those written on their own, in the time range, when no tag or kind is asked for.
   */
  intentions(scope: ExportScope): string[] {
    const { where, params } = filterWhere(scope);
    if (scope.limit) params.push(scope.limit);
    const own: string[] = [];
    if (scope.tag || scope.kind) own.push('0');
    if (scope.since) { own.push('i.created_at >= ?'); params.push(scope.since); }
    if (scope.until) { own.push('i.created_at < ?'); params.push(scope.until); }
    return this.db.prepare<unknown[], { id: string }>(
      `SELECT i.id FROM intentions i
       WHERE i.source_entry_id IN (SELECT id FROM (SELECT e.id FROM entries e ${where} ${limitedOrder(scope.limit)}))
          OR (i.source_entry_id IS NULL${own.length ? ` AND ${own.join(' AND ')}` : ''})
       ORDER BY i.created_at, i.rowid`,
    ).all(...params).map((r) => r.id);
  }

  private get allSessions(): SessionRepository {
    return new SessionRepository(this.db);
  }

  /** Entries oldest first (by the day they were written on, where they were written; then in time), with everything attached, as an iterator. */
  *entries(filter: ExportScope): Generator<ExportEntryRow> {
    const { where, params } = filterWhere(filter);
    // Not memory-mapped: that read a 100 MB journal a tenth faster, but every page read counted
    // towards the process's memory (an export's peak went from 83 to 161 MB).
    yield* this.rows(where, params, `${ENTRY_ORDER}${filter.limit ? ' LIMIT ?' : ''}`, filter.limit, true);
  }

  /**
   * Every entry's safety flags, read in one pass: a journal holds few next to its entries, and a
   * lookup per entry for them cost an eighth of the export's reading.
   */
  private entryFlags(): Map<string, SafetyFlagKind[]> {
    const flags = new Map<string, SafetyFlagKind[]>();
    for (const [id, kind] of this.db.prepare<[], [string, SafetyFlagKind]>('SELECT entry_id, kind FROM safety_flags WHERE entry_id IS NOT NULL ORDER BY entry_id, kind').raw(true).iterate()) {
      const list = flags.get(id);
      if (list) list.push(kind);
      else flags.set(id, [kind]);
    }
    return flags;
  }

  /** One entry with everything attached (an import compares it with the file's version). */
  entry(id: string): ExportEntryRow | undefined {
    const rows = this.rows('WHERE e.id = ?', [id], '');
    const first = rows.next();
    rows.return(undefined); // ends the statement's iteration, so the connection is free again
    return first.done ? undefined : first.value;
  }

  /**
   * One statement, a correlated subquery per table aggregated to JSON by SQLite. Reading a chunk of
   * entries with one ordered query per table and merging in JavaScript was tried: the index seeks are
   * the same, the row objects cost more, and the heap grew by tens of MB; this stays.
   */
  private *rows(where: string, params: unknown[], tail: string, limit?: number, preloadFlags = false): Generator<ExportEntryRow> {
    // Tags and practices come unordered (an ORDER BY inside the subquery cost a step per entry) and are sorted here.
    const sql = `
      SELECT e.id, e.created_at, e.utc_offset, e.local_date, e.kind, e.pack, e.pack_version, e.private, e.starred, e.text, e.updated_at,
        (SELECT json_group_object(name, value) FROM entry_metrics WHERE entry_id = e.id) AS metrics,
        (SELECT json_group_array(tag) FROM entry_tags WHERE entry_id = e.id) AS tags,
        (SELECT json_group_array(practice) FROM entry_practices WHERE entry_id = e.id) AS practices,
        (SELECT json_group_array(json_array(question_id, position, type, prompt, json(value), insight, discuss, role))
         FROM entry_answers WHERE entry_id = e.id) AS answers,
        ${preloadFlags ? "'[]'" : '(SELECT json_group_array(kind) FROM (SELECT kind FROM safety_flags WHERE entry_id = e.id ORDER BY kind))'} AS flags
      FROM entries e ${where}
      ${tail}`;
    if (limit) params.push(limit);
    // Rows as arrays (better-sqlite3's raw mode): no object with sixteen named fields built per entry
    // only to be taken apart; most lists are empty, and '[]' needs no parser.
    const list = <T>(text: string): T[] => (text === '[]' ? [] : (JSON.parse(text) as T[]));
    const sorted = (text: string): string[] => {
      const names = list<string>(text);
      return names.length > 1 ? names.sort(byCodePoint) : names;
    };
    let flagsById: Map<string, SafetyFlagKind[]> | undefined;
    for (const r of this.db.prepare<unknown[], RawRow>(sql).raw(true).iterate(...params)) {
      // Read once the first entry is: the statement still running keeps both reads in one snapshot of
      // the journal, so an entry another process adds meanwhile comes with its flags or not at all.
      if (preloadFlags) flagsById ??= this.entryFlags();
      const [id, createdAt, utcOffset, localDate, kind, pack, packVersion, isPrivate, starred, text, updatedAt, metrics, tags, practices, answers, flags] = r;
      yield {
        id, createdAt, utcOffset, localDate, kind, pack,
        packVersion, private: isPrivate === 1, starred: starred === 1, text, updatedAt,
        metrics: metrics === '{}' ? {} : (JSON.parse(metrics) as Record<string, number>),
        tags: sorted(tags),
        practices: sorted(practices),
        // As arrays, in the key order of the export, and put in order of position here (a sort per entry in SQLite cost more).
        answers: list<AnswerColumns>(answers).sort((a, b) => a[1] - b[1]).map(([question, position, type, prompt, value, insight, discuss, role]) => ({
          question, position, type, prompt, value, insight: insight === 1, discuss: discuss === 1, role,
        })),
        safetyFlags: flagsById ? flagsById.get(id) ?? [] : list<SafetyFlagKind>(flags),
      };
    }
  }
}
