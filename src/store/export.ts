// Row streams for exports: one pass over the database, never the whole
// history in memory at once.
import type { Database } from 'better-sqlite3';
import type { AnswerValue, QuestionType } from '../domain/packs.js';
import type { SafetyFlagKind } from '../domain/safety.js';
import type { EntryFilter } from './entries.js';

export interface ExportAnswer {
  question: string;
  position: number;
  type: QuestionType;
  prompt: string;
  value: AnswerValue;
  insight: boolean;
  discuss: boolean;
  role: string | null;
}

export interface ExportEntryRow {
  id: string;
  createdAt: string;
  utcOffset: number;
  localDate: string;
  kind: string;
  pack: string | null;
  packVersion: number | null;
  private: boolean;
  starred: boolean;
  text: string;
  updatedAt: string | null;
  metrics: Record<string, number>;
  tags: string[];
  practices: string[];
  answers: ExportAnswer[];
  safetyFlags: SafetyFlagKind[];
}

interface RawRow {
  id: string; created_at: string; utc_offset: number; local_date: string; kind: string; pack: string | null;
  pack_version: number | null; private: number; starred: number; text: string; updated_at: string | null;
  metrics: string; tags: string; practices: string; answers: string; flags: string;
}

export class ExportRepository {
  constructor(private readonly db: Database) {}

  /** Entries oldest first (by the day they were written on, where they were written; then in time), with everything attached, as an iterator. */
  *entries(filter: EntryFilter & { excludePrivate?: boolean }): Generator<ExportEntryRow> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.since) { where.push('e.created_at >= ?'); params.push(filter.since); }
    if (filter.until) { where.push('e.created_at < ?'); params.push(filter.until); }
    if (filter.kind) { where.push('e.kind = ?'); params.push(filter.kind); }
    if (filter.tag) { where.push('EXISTS (SELECT 1 FROM entry_tags t WHERE t.entry_id = e.id AND t.tag = ?)'); params.push(filter.tag); }
    if (filter.excludePrivate) where.push('e.private = 0');
    const sql = `
      SELECT e.id, e.created_at, e.utc_offset, e.local_date, e.kind, e.pack, e.pack_version, e.private, e.starred, e.text, e.updated_at,
        (SELECT json_group_object(name, value) FROM entry_metrics WHERE entry_id = e.id) AS metrics,
        (SELECT json_group_array(tag) FROM (SELECT tag FROM entry_tags WHERE entry_id = e.id ORDER BY tag)) AS tags,
        (SELECT json_group_array(practice) FROM (SELECT practice FROM entry_practices WHERE entry_id = e.id ORDER BY practice)) AS practices,
        (SELECT json_group_array(json_object('question', question_id, 'position', position, 'type', type, 'prompt', prompt,
            'value', json(value), 'insight', insight, 'discuss', discuss, 'role', role))
         FROM (SELECT * FROM entry_answers WHERE entry_id = e.id ORDER BY position)) AS answers,
        (SELECT json_group_array(kind) FROM (SELECT kind FROM safety_flags WHERE entry_id = e.id ORDER BY kind)) AS flags
      FROM entries e ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY e.local_date, e.created_at, e.id${filter.limit ? ' LIMIT ?' : ''}`;
    if (filter.limit) params.push(filter.limit);
    for (const r of this.db.prepare<unknown[], RawRow>(sql).iterate(...params)) {
      yield {
        id: r.id, createdAt: r.created_at, utcOffset: r.utc_offset, localDate: r.local_date, kind: r.kind, pack: r.pack,
        packVersion: r.pack_version, private: r.private === 1, starred: r.starred === 1, text: r.text, updatedAt: r.updated_at,
        metrics: JSON.parse(r.metrics) as Record<string, number>,
        tags: JSON.parse(r.tags) as string[],
        practices: JSON.parse(r.practices) as string[],
        answers: (JSON.parse(r.answers) as (Omit<ExportAnswer, 'insight' | 'discuss'> & { insight: number; discuss: number })[])
          .map((a) => ({ ...a, insight: a.insight === 1, discuss: a.discuss === 1 })),
        safetyFlags: JSON.parse(r.flags) as SafetyFlagKind[],
      };
    }
  }

  metricNames(): string[] {
    return this.db.prepare<[], { name: string }>('SELECT DISTINCT name FROM entry_metrics ORDER BY name').all().map((r) => r.name);
  }
}
