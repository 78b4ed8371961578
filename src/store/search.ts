// Full-text search (FTS5) over entries, sessions and intentions.
import type { Database } from 'better-sqlite3';

export interface SearchFilter {
  since?: string;
  until?: string;
  tag?: string;
  kind?: string;
  limit: number;
}

export interface SearchHit {
  kind: 'entry' | 'session' | 'intention';
  ref: string;
  /** Snippet with \u0001 … \u0002 around matches (the caller turns them into highlights). */
  snippet: string;
  createdAt: string;
  utcOffset: number;
  localDate: string;
  entryKind: string | null;
  private: boolean;
  rank: number;
}

export const MATCH_START = '\u0001';
export const MATCH_END = '\u0002';

export class SearchRepository {
  constructor(private readonly db: Database) {}

  search(query: string, filter: SearchFilter): SearchHit[] {
    const where: string[] = ['search_fts MATCH ?'];
    const params: unknown[] = [query];
    if (filter.since) { where.push('t.created_at >= ?'); params.push(filter.since); }
    if (filter.until) { where.push('t.created_at < ?'); params.push(filter.until); }
    if (filter.kind) {
      // Entry kinds (checkin, journal, …) and the other searchable things (session, intention).
      where.push(`(CASE WHEN f.kind = 'entry' THEN e.kind ELSE f.kind END) = ?`);
      params.push(filter.kind);
    }
    if (filter.tag) {
      where.push(`f.kind = 'entry' AND EXISTS (SELECT 1 FROM entry_tags g WHERE g.entry_id = f.ref AND g.tag = ?)`);
      params.push(filter.tag);
    }
    params.push(filter.limit);
    const sql = `
      SELECT f.kind, f.ref, snippet(search_fts, 0, char(1), char(2), '…', 16) AS snippet, bm25(search_fts) AS rank,
             t.created_at, t.utc_offset, t.local_date, e.kind AS entry_kind, COALESCE(e.private, 0) AS private
      FROM search_fts f
      LEFT JOIN entries e ON f.kind = 'entry' AND e.id = f.ref
      JOIN (
        SELECT 'entry' AS kind, id, created_at, utc_offset, local_date FROM entries
        UNION ALL SELECT 'session', id, occurred_at, utc_offset, local_date FROM sessions
        UNION ALL SELECT 'intention', id, created_at, utc_offset, substr(created_at, 1, 10) FROM intentions
      ) t ON t.kind = f.kind AND t.id = f.ref
      WHERE ${where.join(' AND ')}
      ORDER BY rank, t.created_at DESC
      LIMIT ?`;
    return this.db
      .prepare<unknown[], { kind: SearchHit['kind']; ref: string; snippet: string; rank: number; created_at: string; utc_offset: number; local_date: string; entry_kind: string | null; private: number }>(sql)
      .all(...params)
      .map((r) => ({
        kind: r.kind, ref: r.ref, snippet: r.snippet, rank: r.rank, createdAt: r.created_at, utcOffset: r.utc_offset,
        localDate: r.local_date, entryKind: r.entry_kind, private: r.private === 1,
      }));
  }
}
