// Row streams for exports: one pass over the database, never the whole
// history in memory at once.
import type { Database } from 'better-sqlite3';
import type { Entry } from '../domain/entries.js';
import type { AnswerRecord } from '../domain/packs.js';
import type { SafetyFlagKind } from '../domain/safety.js';
import { filterWhere, type EntryFilter } from './entries.js';

/** An answer as the export writes it: the question id under the key "question". */
export type ExportAnswer = Omit<AnswerRecord, 'questionId'> & { question: string };

/** An entry with everything attached that a full-fidelity export carries. */
export interface ExportEntryRow extends Entry {
  packVersion: number | null;
  updatedAt: string | null;
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
    const { where, params } = filterWhere(filter);
    const sql = `
      SELECT e.id, e.created_at, e.utc_offset, e.local_date, e.kind, e.pack, e.pack_version, e.private, e.starred, e.text, e.updated_at,
        (SELECT json_group_object(name, value) FROM entry_metrics WHERE entry_id = e.id) AS metrics,
        (SELECT json_group_array(tag) FROM (SELECT tag FROM entry_tags WHERE entry_id = e.id ORDER BY tag)) AS tags,
        (SELECT json_group_array(practice) FROM (SELECT practice FROM entry_practices WHERE entry_id = e.id ORDER BY practice)) AS practices,
        (SELECT json_group_array(json_object('question', question_id, 'position', position, 'type', type, 'prompt', prompt,
            'value', json(value), 'insight', insight, 'discuss', discuss, 'role', role))
         FROM (SELECT * FROM entry_answers WHERE entry_id = e.id ORDER BY position)) AS answers,
        (SELECT json_group_array(kind) FROM (SELECT kind FROM safety_flags WHERE entry_id = e.id ORDER BY kind)) AS flags
      FROM entries e ${where}
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
}
