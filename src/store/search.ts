// Full-text search (FTS5) over entries, sessions and intentions.
import type { Database } from 'better-sqlite3-multiple-ciphers';

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
  /** The whole searched text: the caller cuts the snippet (render/snippet), since FTS5's snippet() and highlight() are quadratic in the matches. */
  text: string;
  createdAt: string;
  utcOffset: number;
  localDate: string;
  entryKind: string | null;
  private: boolean;
  rank: number;
}

type HitRow = {
  kind: SearchHit['kind']; ref: string; body: string; rank: number; created_at: string; utc_offset: number;
  local_date: string; entry_kind: string | null; private: number;
};

export class SearchRepository {
  constructor(private readonly db: Database) {}

  search(query: string, filter: SearchFilter): SearchHit[] {
    const createdAt = 'COALESCE(e.created_at, s.occurred_at, i.created_at)';
    const where: string[] = ['search_fts MATCH ?', 'COALESCE(e.id, s.id, i.id) IS NOT NULL'];
    const params: unknown[] = [query];
    if (filter.since) { where.push(`${createdAt} >= ?`); params.push(filter.since); }
    if (filter.until) { where.push(`${createdAt} < ?`); params.push(filter.until); }
    if (filter.kind) {
      // Entry kinds (checkin, journal, …) and the other searchable things (session, intention).
      where.push(`(CASE WHEN f.kind = 'entry' THEN e.kind ELSE f.kind END) = ?`);
      params.push(filter.kind);
    }
    if (filter.tag) {
      where.push(`f.kind = 'entry' AND EXISTS (SELECT 1 FROM entry_tags g WHERE g.entry_id = f.ref AND g.tag = ?)`);
      params.push(filter.tag);
    }
    // Each hit is looked up in the one table its kind names (a UNION of all three
    // would be built in full for every search).
    const sql = (extra: string) => `
      SELECT f.kind, f.ref, f.body, bm25(search_fts) AS rank,
             ${createdAt} AS created_at,
             COALESCE(e.utc_offset, s.utc_offset, i.utc_offset) AS utc_offset,
             COALESCE(e.local_date, s.local_date, substr(i.created_at, 1, 10)) AS local_date,
             e.kind AS entry_kind, COALESCE(e.private, 0) AS private
      FROM search_fts f
      LEFT JOIN entries e ON f.kind = 'entry' AND e.id = f.ref
      LEFT JOIN sessions s ON f.kind = 'session' AND s.id = f.ref
      LEFT JOIN intentions i ON f.kind = 'intention' AND i.id = f.ref
      WHERE ${[...where, ...extra ? [extra] : []].join(' AND ')}
      ORDER BY rank, created_at DESC
      LIMIT ?`;
    const run = (rows: HitRow[]): SearchHit[] => rows.map((r) => ({
      kind: r.kind, ref: r.ref, text: r.body, rank: r.rank, createdAt: r.created_at, utcOffset: r.utc_offset,
      localDate: r.local_date, entryKind: r.entry_kind, private: r.private === 1,
    }));
    const filtered = Boolean(filter.since || filter.until || filter.kind || filter.tag);
    if (!filtered) {
      // Without filters, the best hits are found in the index alone: only hits ranked
      // at least as well as the limit-th one (ties included) are looked up and
      // ordered. A word in a third of ten years of entries then costs a few lookups.
      const cut = this.db
        .prepare<[string, number], { rank: number }>('SELECT bm25(search_fts) AS rank FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 1 OFFSET ?')
        .get(query, filter.limit - 1);
      if (cut) {
        const best = this.db.prepare<unknown[], HitRow>(sql('bm25(search_fts) <= ?')).all(...params, cut.rank, filter.limit);
        if (best.length === filter.limit) return run(best);
      }
    }
    return run(this.db.prepare<unknown[], HitRow>(sql('')).all(...params, filter.limit));
  }
}
