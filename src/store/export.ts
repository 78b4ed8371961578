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

interface EntryRow {
  id: string; created_at: string; utc_offset: number; local_date: string; kind: string; pack: string | null;
  pack_version: number | null; private: number; starred: number; text: string; updated_at: string | null;
}

interface AnswerRow {
  entry_id: string; question_id: string; position: number; type: ExportAnswer['type']; prompt: string; value: string;
  insight: number; discuss: number; role: string | null;
}

// Entries are loaded this many at a time, never the whole history: larger chunks are no faster, and
// with several hundred entries alive at once the heap grew by tens of MB.
const CHUNK = 128;

/** What an export holds: entries by the filter; sessions and intentions follow it (see sessions/intentions). */
export type ExportScope = EntryFilter & { excludePrivate?: boolean };

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

  /** How many private entries and sessions an export of this scope would carry. */
  privateCounts(scope: ExportScope, withSessions = true): { entries: number; sessions: number } {
    const { where, params } = filterWhere(scope);
    const entries = this.db.prepare<unknown[], { n: number }>(
      `SELECT count(*) AS n FROM (SELECT e.private FROM entries e ${where} ${limitedOrder(scope.limit)}) WHERE private = 1`,
    ).get(...params, ...(scope.limit ? [scope.limit] : []))!.n;
    return { entries, sessions: withSessions ? this.sessions(scope).filter((s) => s.private).length : 0 };
  }

  private get allSessions(): SessionRepository {
    return new SessionRepository(this.db);
  }

  /**
   * Entries oldest first (by the day they were written on, where they were written; then in time), with
   * everything attached, as an iterator. The order is worked out once over row numbers; then each chunk of
   * entries is read with one query per table (metrics, tags, …), not a subquery per entry. All of it in one
   * read transaction, so a check-in saved meanwhile by another process is either wholly in or wholly out.
   */
  *entries(filter: EntryFilter & { excludePrivate?: boolean }): Generator<ExportEntryRow> {
    const { where, params } = filterWhere(filter);
    if (filter.limit) params.push(filter.limit);
    const own = !this.db.inTransaction;
    if (own) this.db.exec('BEGIN');
    try {
      const order = this.db.prepare<unknown[], number>(`SELECT e.rowid FROM entries e ${where} ${ENTRY_ORDER}${filter.limit ? ' LIMIT ?' : ''}`)
        .pluck().all(...params);
      for (let i = 0; i < order.length; i += CHUNK) yield* this.load(order.slice(i, i + CHUNK));
    } finally {
      if (own && this.db.inTransaction) this.db.exec('COMMIT');
    }
  }

  /** One entry with everything attached (an import compares it with the file's version). */
  entry(id: string): ExportEntryRow | undefined {
    const rowid = this.db.prepare<[string], number>('SELECT rowid FROM entries WHERE id = ?').pluck().get(id);
    return rowid === undefined ? undefined : this.load([rowid])[0];
  }

  /** These entries (by rowid), in this order, each with its metrics, tags, practices, answers and flags. */
  private load(rowids: readonly number[]): ExportEntryRow[] {
    const list = JSON.stringify(rowids);
    const ids = 'SELECT id FROM entries WHERE rowid IN (SELECT value FROM json_each(?))';
    const rows = this.db.prepare<[string], EntryRow & { rowid: number }>(
      `SELECT rowid, id, created_at, utc_offset, local_date, kind, pack, pack_version, private, starred, text, updated_at
       FROM entries WHERE rowid IN (SELECT value FROM json_each(?))`,
    ).all(list);
    const byRowid = new Map(rows.map((r) => [r.rowid, r]));
    const entries = new Map<string, ExportEntryRow>();
    const out: ExportEntryRow[] = [];
    for (const rowid of rowids) {
      const r = byRowid.get(rowid);
      if (!r) continue;
      const e: ExportEntryRow = {
        id: r.id, createdAt: r.created_at, utcOffset: r.utc_offset, localDate: r.local_date, kind: r.kind, pack: r.pack,
        packVersion: r.pack_version, private: r.private === 1, starred: r.starred === 1, text: r.text, updatedAt: r.updated_at,
        metrics: {}, tags: [], practices: [], answers: [], safetyFlags: [],
      };
      entries.set(e.id, e);
      out.push(e);
    }
    // Each list in the order the export has always had (metrics by name, as their key orders them).
    const each = <T extends { entry_id: string }>(sql: string, add: (e: ExportEntryRow, row: T) => void) => {
      for (const row of this.db.prepare<[string], T>(sql).all(list)) add(entries.get(row.entry_id)!, row);
    };
    // + 0 turns a stored -0 into 0, as reading it through JSON did.
    each<{ entry_id: string; name: string; value: number }>(
      `SELECT entry_id, name, value FROM entry_metrics WHERE entry_id IN (${ids}) ORDER BY entry_id, name`,
      (e, r) => void (e.metrics[r.name] = r.value + 0),
    );
    each<{ entry_id: string; tag: string }>(`SELECT entry_id, tag FROM entry_tags WHERE entry_id IN (${ids}) ORDER BY entry_id, tag`, (e, r) => void e.tags.push(r.tag));
    each<{ entry_id: string; practice: string }>(
      `SELECT entry_id, practice FROM entry_practices WHERE entry_id IN (${ids}) ORDER BY entry_id, practice`,
      (e, r) => void e.practices.push(r.practice),
    );
    each<AnswerRow>(
      `SELECT entry_id, question_id, position, type, prompt, value, insight, discuss, role FROM entry_answers
       WHERE entry_id IN (${ids}) ORDER BY entry_id, position, question_id`,
      (e, a) => void e.answers.push({
        question: a.question_id, position: a.position, type: a.type, prompt: a.prompt, value: JSON.parse(a.value) as ExportAnswer['value'],
        insight: a.insight === 1, discuss: a.discuss === 1, role: a.role,
      }),
    );
    each<{ entry_id: string; kind: SafetyFlagKind }>(
      `SELECT entry_id, kind FROM safety_flags WHERE entry_id IN (${ids}) ORDER BY entry_id, kind`,
      (e, r) => void e.safetyFlags.push(r.kind),
    );
    return out;
  }
}
